//! Model discovery: which Bedrock models this account can call in this region, under the ids that
//! Converse accepts for them.
//!
//! `listing` asks the control plane, `selection` decides what is offered (with `known_models`
//! for limits and prices), and this module ties them together through the shared cache. When
//! one listing fails the others still count: the result is partial and carries the error.

pub mod known_models;
pub mod listing;
pub mod selection;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;
use std::time::Duration;

use aws_credential_types::provider::ProvideCredentials;
use serde::Serialize;

use crate::aws::clients::{clients_for, Clients};
use crate::aws::errors::{describe, BedrockError};
use crate::cache::{Cache, Outcome};
use crate::config::env::EnvSnapshot;
use crate::config::options::{AuthMode, ClientOptions};
use crate::config::region::{runtime_base_url, DEFAULT_REGION};
pub use listing::DiscoveryError;
use listing::{bounded, fetch_catalog};
pub use selection::{DiscoveredModel, Selection};
use selection::{normalized_filter, select_models};

pub const DEFAULT_REFRESH_INTERVAL: Duration = Duration::from_secs(3600);
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// What decides a discovery's result: where it asks, as whom, and how it selects. The
/// credential identity is a hash (never the key id or token in clear); the environment is held
/// as the snapshot itself, which never prints its values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct DiscoveryKey {
    region: String,
    endpoint: Option<String>,
    profile: Option<String>,
    env: EnvSnapshot,
    identity: u64,
    provider_filter: Vec<String>,
    include_inference_profiles: bool,
    include_legacy: bool,
    default_context_window: u32,
    default_max_tokens: u32,
}

static CACHE: LazyLock<Cache<DiscoveryKey, Vec<DiscoveredModel>, DiscoveryError>> = LazyLock::new(Cache::default);

pub struct DiscoveryRequest {
    pub client: ClientOptions,
    pub selection: Selection,
    /// Zero disables the cache.
    pub refresh_interval: Duration,
    pub call_timeout: Duration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryResult {
    pub models: Vec<DiscoveredModel>,
    /// Some listing failed and no earlier complete result could stand in.
    pub partial: bool,
    /// The models are the last complete result, served because refreshing it failed.
    pub stale: bool,
    pub errors: Vec<DiscoveryError>,
    pub region: String,
    pub base_url: String,
    pub from_cache: bool,
}

/// Discovers the models for these options, through the shared cache.
pub async fn discover(request: DiscoveryRequest) -> DiscoveryResult {
    let env = EnvSnapshot::capture();
    let clients = match clients_for(&request.client, &env).await {
        Ok(clients) => clients,
        Err(error) => {
            let failure = DiscoveryError { operation: "CreateClient", error };
            return failed_before_listing(DEFAULT_REGION, failure);
        }
    };
    // Bounded too: off EC2 without credentials the SDK's chain can spend seconds on instance metadata.
    let identity = match bounded("ResolveCredentials", request.call_timeout, credential_identity(&clients)).await {
        Ok(identity) => identity,
        Err(failure) => return failed_before_listing(&clients.region, failure),
    };
    let key = cache_key(&request, &clients.region, &env, identity);
    let (selection, timeout, control) = (request.selection.clone(), request.call_timeout, clients.control.clone());
    let served = CACHE
        .get(key, request.refresh_interval, || async move {
            let (catalog, errors) = fetch_catalog(&control, selection.include_inference_profiles, timeout).await;
            Outcome { value: select_models(&catalog, &selection), errors }
        })
        .await;
    DiscoveryResult {
        models: served.value,
        partial: served.partial,
        stale: served.stale,
        errors: served.errors,
        base_url: runtime_base_url(&clients.region),
        region: clients.region.clone(),
        from_cache: served.from_cache,
    }
}

/// Forgets every cached discovery.
pub fn clear_cache() {
    CACHE.clear();
}

/// Pins the cache's clock to `now_ms` (milliseconds since the epoch), or back to real time.
pub fn set_cache_clock(now_ms: Option<u64>) {
    CACHE.clock.set(now_ms);
}

fn failed_before_listing(region: &str, failure: DiscoveryError) -> DiscoveryResult {
    DiscoveryResult {
        models: Vec::new(),
        partial: true,
        stale: false,
        errors: vec![failure],
        region: region.to_string(),
        base_url: runtime_base_url(region),
        from_cache: false,
    }
}

/// Who is asking, as a hash: the access key id of the resolved credentials (which tells accounts
/// and roles apart even when the environment is the same, e.g. on EC2), or the bearer token.
async fn credential_identity(clients: &Clients) -> Result<u64, BedrockError> {
    let mut hasher = DefaultHasher::new();
    clients.auth.hash(&mut hasher);
    if clients.auth == AuthMode::SigV4 {
        let provider = clients.credentials.as_ref().ok_or_else(no_credentials)?;
        let credentials = provider.provide_credentials().await.map_err(|e| {
            BedrockError::client(
                "CredentialsError",
                format!("could not load AWS credentials: {}", describe(&e)),
            )
        })?;
        credentials.access_key_id().hash(&mut hasher);
    }
    Ok(hasher.finish())
}

fn no_credentials() -> BedrockError {
    BedrockError::client("CredentialsError", "no AWS credentials provider is configured")
}

fn cache_key(request: &DiscoveryRequest, region: &str, env: &EnvSnapshot, identity: u64) -> DiscoveryKey {
    let Selection { provider_filter, include_inference_profiles, include_legacy, default_context_window, default_max_tokens } =
        &request.selection;
    DiscoveryKey {
        region: region.to_string(),
        endpoint: request.client.endpoint.clone(),
        profile: request.client.profile(env),
        env: env.clone(),
        identity,
        provider_filter: normalized_filter(provider_filter),
        include_inference_profiles: *include_inference_profiles,
        include_legacy: *include_legacy,
        default_context_window: *default_context_window,
        default_max_tokens: *default_max_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_key_ignores_filter_order_and_case_but_not_other_options() {
        let env = EnvSnapshot::from_pairs(&[]);
        let request = |filter: &[&str], profiles: bool| DiscoveryRequest {
            client: ClientOptions::default(),
            selection: Selection {
                provider_filter: filter.iter().map(|t| t.to_string()).collect(),
                include_inference_profiles: profiles,
                ..Selection::default()
            },
            refresh_interval: DEFAULT_REFRESH_INTERVAL,
            call_timeout: DEFAULT_CALL_TIMEOUT,
        };
        let key = |r: &DiscoveryRequest| cache_key(r, "us-east-1", &env, 1);
        assert_eq!(key(&request(&["amazon", "Anthropic"], true)), key(&request(&["anthropic", "amazon"], true)));
        assert_ne!(key(&request(&["amazon"], true)), key(&request(&["amazon"], false)));
        assert_ne!(
            cache_key(&request(&[], true), "us-east-1", &env, 1),
            cache_key(&request(&[], true), "us-east-1", &env, 2)
        );
        assert_ne!(
            cache_key(&request(&[], true), "us-east-1", &env, 1),
            cache_key(&request(&[], true), "eu-west-1", &env, 1)
        );
    }
}
