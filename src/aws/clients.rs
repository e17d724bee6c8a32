//! One pair of SDK clients (runtime + control plane) per distinct target and credential setup,
//! kept for the life of the process: the second request reuses the first one's connection pool
//! and cached credentials. pi-ai builds a fresh client, TLS session and credential lookup for
//! every request.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

use aws_config::meta::region::ProvideRegion;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::BehaviorVersion;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID;
use aws_smithy_runtime_api::client::auth::AuthSchemeId;
use aws_smithy_types::retry::RetryConfig;
use aws_types::region::Region;
use tokio::sync::OnceCell;

use crate::errors::BedrockError;
use crate::region::{resolve_target, DEFAULT_REGION};
use crate::settings::{AuthMode, ClientOptions, EnvSnapshot};

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

async fn build_clients(options: &ClientOptions, env: &EnvSnapshot) -> Arc<Clients> {
    let target = resolve_target(
        options.region.as_deref(),
        options.base_url.as_deref(),
        options.endpoint.as_deref(),
        env,
    );
    let profile = options.profile(env);
    let region = match target.region {
        Some(region) => region,
        None => profile_region(profile.as_deref()).await.unwrap_or_else(|| DEFAULT_REGION.to_string()),
    };
    let auth = options.auth_mode(env);

    let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.clone()));
    if let Some(name) = options.profile.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        loader = loader.profile_name(name);
    }
    if auth == AuthMode::SkipAuth {
        loader = loader.credentials_provider(Credentials::new("skip-auth", "skip-auth", None, None, "skip-auth"));
    }
    let sdk_config = loader.load().await;

    Arc::new(Clients {
        runtime: runtime_client(&sdk_config, target.endpoint.as_deref(), &auth),
        control: control_client(&sdk_config, options.endpoint.as_deref(), &auth),
        region,
        credentials: sdk_config.credentials_provider(),
        auth,
    })
}

fn runtime_client(
    sdk_config: &aws_types::SdkConfig,
    endpoint: Option<&str>,
    auth: &AuthMode,
) -> aws_sdk_bedrockruntime::Client {
    // Our stream layer retries (including in-stream failures before any content), so the SDK's
    // own retries would multiply the attempts.
    let mut builder = aws_sdk_bedrockruntime::config::Builder::from(sdk_config).retry_config(RetryConfig::disabled());
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    builder = match auth {
        AuthMode::Bearer(token) => builder
            .bearer_token(aws_sdk_bedrockruntime::config::Token::new(token.clone(), None))
            .auth_scheme_preference([HTTP_BEARER_AUTH_SCHEME_ID]),
        // Pinning SigV4 stops the SDK from picking up a bearer token variable on its own, which
        // may hold a placeholder rather than a key.
        AuthMode::SigV4 | AuthMode::SkipAuth => builder.auth_scheme_preference([SIGV4_SCHEME_ID]),
    };
    aws_sdk_bedrockruntime::Client::from_conf(builder.build())
}

/// Authenticates like the runtime client: the control plane (ListFoundationModels,
/// ListInferenceProfiles) accepts Bedrock API keys too.
fn control_client(sdk_config: &aws_types::SdkConfig, endpoint: Option<&str>, auth: &AuthMode) -> aws_sdk_bedrock::Client {
    let mut builder = aws_sdk_bedrock::config::Builder::from(sdk_config);
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    builder = match auth {
        AuthMode::Bearer(token) => builder
            .bearer_token(aws_sdk_bedrock::config::Token::new(token.clone(), None))
            .auth_scheme_preference([HTTP_BEARER_AUTH_SCHEME_ID]),
        AuthMode::SigV4 | AuthMode::SkipAuth => builder.auth_scheme_preference([SIGV4_SCHEME_ID]),
    };
    aws_sdk_bedrock::Client::from_conf(builder.build())
}

/// The `region` of the shared-config profile, read from the files only (never IMDS: that probe
/// can take seconds off EC2).
pub async fn profile_region(profile: Option<&str>) -> Option<String> {
    let mut provider = ProfileFileRegionProvider::builder();
    if let Some(name) = profile {
        provider = provider.profile_name(name);
    }
    provider.build().region().await.map(|r| r.to_string())
}
