//! One pair of SDK clients (runtime + control plane) per distinct target and credential setup,
//! kept for the life of the process: the second request reuses the first one's connection pool
//! and cached credentials. pi-ai builds a fresh client, TLS session and credential lookup for
//! every request.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

use aws_config::BehaviorVersion;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID;
use aws_smithy_runtime_api::client::auth::AuthSchemeId;
use aws_smithy_types::retry::RetryConfig;
use aws_types::region::Region;
use tokio::sync::OnceCell;

use crate::aws::errors::BedrockError;
use crate::aws::redacted_credentials::RedactedCredentials;
use crate::config::env::EnvSnapshot;
use crate::config::options::{non_blank, AuthMode, ClientOptions};
use crate::config::region::{endpoint_problem, final_region, resolve_target};

const SIGV4_SCHEME_ID: AuthSchemeId = AuthSchemeId::new("sigv4");

pub struct Clients {
    pub runtime: aws_sdk_bedrockruntime::Client,
    pub control: aws_sdk_bedrock::Client,
    pub region: String,
    pub auth: AuthMode,
    /// The SigV4 credentials provider both clients use (discovery hashes who it resolves to).
    pub credentials: Option<SharedCredentialsProvider>,
}

type Slot = Arc<OnceCell<Arc<Clients>>>;

static CACHE: LazyLock<Mutex<HashMap<u64, Slot>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The clients for these options and this environment, built once and shared; concurrent first
/// callers wait for the same build.
pub async fn clients_for(options: &ClientOptions, env: &EnvSnapshot) -> Result<Arc<Clients>, BedrockError> {
    let slot = {
        let mut cache = CACHE.lock().map_err(|_| poisoned())?;
        cache.entry(cache_key(options, env)).or_default().clone()
    };
    check_endpoints(options, env)?;
    let (options, env) = (options.clone(), env.clone());
    // A failed build is not cached: the next call tries again (the settings may have been fixed).
    let clients = slot
        .get_or_try_init(|| async move {
            crate::panic_guard::caught(build_clients(options, env)).await.map_err(|_| construction_panicked())
        })
        .await?;
    Ok(clients.clone())
}

/// Endpoints are checked before the SDK sees them: it takes any string and fails only inside the
/// request, with a message quoting the whole request (conversation included).
fn check_endpoints(options: &ClientOptions, env: &EnvSnapshot) -> Result<(), BedrockError> {
    let given = [("endpoint", options.endpoint.as_deref()), ("baseUrl", options.base_url.as_deref())];
    for (name, url) in given {
        if let Some(problem) = non_blank(url).and_then(endpoint_problem) {
            return Err(BedrockError::client("InvalidOption", format!("{name} {}: {problem}", shown_url(url.unwrap_or("")))));
        }
    }
    for name in ENDPOINT_VARIABLES {
        if let Some(problem) = env.get(name).and_then(endpoint_problem) {
            return Err(BedrockError::client("ConfigError", format!("{name} {}: {problem}", shown_url(env.get(name).unwrap_or("")))));
        }
    }
    Ok(())
}

const ENDPOINT_VARIABLES: [&str; 3] = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL_BEDROCK"];

/// A URL as it may be shown: no userinfo, control characters escaped, at most 200 characters.
fn shown_url(url: &str) -> String {
    let escaped: String = crate::aws::public_text::without_userinfo(url).escape_debug().collect();
    escaped.chars().take(200).collect()
}

/// The SDK panics on some settings while building a client; we know of none left that reach it
/// (retry settings are ours), so this names where to look.
fn construction_panicked() -> BedrockError {
    BedrockError::client(
        "ConfigError",
        "could not build the AWS client from the AWS settings (AWS_* environment variables, ~/.aws/config): \
         the AWS SDK rejected one of them",
    )
}

/// Forgets every cached client (their connections close when the last request using them ends).
pub fn clear() {
    if let Ok(mut cache) = CACHE.lock() {
        cache.clear();
    }
}

fn poisoned() -> BedrockError {
    BedrockError::client("ClientError", "the client cache is unusable after an earlier panic")
}

fn cache_key(options: &ClientOptions, env: &EnvSnapshot) -> u64 {
    let mut hasher = DefaultHasher::new();
    options.region.hash(&mut hasher);
    options.profile.hash(&mut hasher);
    options.base_url.hash(&mut hasher);
    options.endpoint.hash(&mut hasher);
    options.auth_mode(env).hash(&mut hasher);
    env.hash(&mut hasher);
    hasher.finish()
}

/// The config builder of one SDK crate's client, for an endpoint and an auth mode. A macro because
/// the two crates' builders are distinct types with the same methods.
macro_rules! sdk_client {
    ($sdk:ident, $sdk_config:expr, $endpoint:expr, $auth:expr) => {{
        let mut builder = $sdk::config::Builder::from($sdk_config);
        if let Some(endpoint) = $endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        match $auth {
            AuthMode::Bearer(token) => builder
                .bearer_token($sdk::config::Token::new(token.clone(), None))
                .auth_scheme_preference([HTTP_BEARER_AUTH_SCHEME_ID]),
            // Pinning SigV4 stops the SDK from picking up a bearer token variable on its own,
            // which may hold a placeholder rather than a key.
            AuthMode::SigV4 | AuthMode::SkipAuth => builder.auth_scheme_preference([SIGV4_SCHEME_ID]),
        }
    }};
}

async fn build_clients(options: ClientOptions, env: EnvSnapshot) -> Arc<Clients> {
    let (options, env) = (&options, &env);
    let target = resolve_target(
        options.region.as_deref(),
        options.base_url.as_deref(),
        options.endpoint.as_deref(),
        env,
    );
    let profile = options.profile(env);
    let (region, _) = final_region(target.region, profile.as_deref(), env).await;
    let auth = options.auth_mode(env);

    // An explicit retry config keeps the SDK from reading AWS_RETRY_MODE / AWS_MAX_ATTEMPTS /
    // retry_mode / max_attempts, on which it panics when they hold values it does not support
    // (`legacy`, 0, `abc`). They do not matter to us: each client's retries are set below.
    // The SDK's own lookups (credential chain, config files, endpoint variables) read the same
    // environment as we do: the caller's when JavaScript passed one.
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(crate::aws::http_client::for_new_clients())
        .region(Region::new(region.clone()))
        .retry_config(RetryConfig::disabled())
        .env(env.sdk_env());
    if let Some(name) = non_blank(options.profile.as_deref()) {
        loader = loader.profile_name(name);
    }
    if auth == AuthMode::SkipAuth {
        loader = loader.credentials_provider(Credentials::new("skip-auth", "skip-auth", None, None, "skip-auth"));
    }
    let loaded = loader.load().await;
    // Every failure of the credential chain passes through the redaction (no process output).
    let credentials = loaded.credentials_provider().map(|provider| {
        let profile = profile.clone().unwrap_or_else(|| "default".to_string());
        SharedCredentialsProvider::new(RedactedCredentials::new(provider, profile))
    });
    let mut sdk_config = loaded.into_builder();
    sdk_config.set_credentials_provider(credentials.clone());
    let sdk_config = sdk_config.build();

    // Our stream layer retries (including in-stream failures before any content), so the SDK's
    // own retries would multiply the attempts. The control plane (ListFoundationModels,
    // ListInferenceProfiles) authenticates like the runtime: it accepts Bedrock API keys too; its
    // plain requests get the SDK's standard three attempts, whatever the AWS settings say.
    let runtime = sdk_client!(aws_sdk_bedrockruntime, &sdk_config, target.endpoint.as_deref(), &auth)
        .retry_config(RetryConfig::disabled());
    let control = sdk_client!(aws_sdk_bedrock, &sdk_config, options.endpoint.as_deref(), &auth)
        .retry_config(RetryConfig::standard());
    Arc::new(Clients {
        runtime: aws_sdk_bedrockruntime::Client::from_conf(runtime.build()),
        control: aws_sdk_bedrock::Client::from_conf(control.build()),
        region,
        credentials,
        auth,
    })
}
