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
use crate::config::env::EnvSnapshot;
use crate::config::options::{non_blank, AuthMode, ClientOptions};
use crate::config::region::{final_region, resolve_target};

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
    let clients = slot.get_or_init(|| build_clients(options, env)).await;
    Ok(clients.clone())
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

async fn build_clients(options: &ClientOptions, env: &EnvSnapshot) -> Arc<Clients> {
    let target = resolve_target(
        options.region.as_deref(),
        options.base_url.as_deref(),
        options.endpoint.as_deref(),
        env,
    );
    let profile = options.profile(env);
    let (region, _) = final_region(target.region, profile.as_deref()).await;
    let auth = options.auth_mode(env);

    let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.clone()));
    if let Some(name) = non_blank(options.profile.as_deref()) {
        loader = loader.profile_name(name);
    }
    if auth == AuthMode::SkipAuth {
        loader = loader.credentials_provider(Credentials::new("skip-auth", "skip-auth", None, None, "skip-auth"));
    }
    let sdk_config = loader.load().await;

    // Our stream layer retries (including in-stream failures before any content), so the SDK's
    // own retries would multiply the attempts. The control plane (ListFoundationModels,
    // ListInferenceProfiles) authenticates like the runtime: it accepts Bedrock API keys too.
    let runtime = sdk_client!(aws_sdk_bedrockruntime, &sdk_config, target.endpoint.as_deref(), &auth)
        .retry_config(RetryConfig::disabled());
    let control = sdk_client!(aws_sdk_bedrock, &sdk_config, options.endpoint.as_deref(), &auth);
    Arc::new(Clients {
        runtime: aws_sdk_bedrockruntime::Client::from_conf(runtime.build()),
        control: aws_sdk_bedrock::Client::from_conf(control.build()),
        region,
        credentials: sdk_config.credentials_provider(),
        auth,
    })
}
