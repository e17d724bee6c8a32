//! The typed results that cross the napi edge (discovery, credential detection, the resolved
//! target): plain `#[napi(object)]` structs, so the generated `index.d.ts` states them and
//! TypeScript needs no restated interfaces or casts. Rust's own types stay free of napi; enum
//! names are their serde names, with the TypeScript unions spelled out by `ts_type`.

use napi_derive::napi;

use crate::aws::errors::BedrockError;
use crate::config::region::ResolvedTarget;
use crate::credentials::CredentialReport;
use crate::discovery::{DiscoveredModel, DiscoveryError, DiscoveryResult};
use crate::discovery::known_models::{Cost, CostTier};

/// An enum's serde name (the name the wire format has always used).
fn serde_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Where a request with these options goes: the region and where it came from, and the runtime
/// and control-plane endpoints, from the same chain the clients use.
#[napi(object, object_from_js = false)]
pub struct NativeTarget {
    pub region: String,
    /// `endpoint` / `baseUrl`: a standard Bedrock host named the region.
    #[napi(ts_type = "'option' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'endpoint' | 'baseUrl' | 'profile' | 'default'")]
    pub region_source: String,
    pub runtime_endpoint: String,
    pub control_endpoint: String,
}

impl From<ResolvedTarget> for NativeTarget {
    fn from(target: ResolvedTarget) -> Self {
        NativeTarget {
            region: target.region,
            region_source: serde_name(target.region_source),
            runtime_endpoint: target.runtime_endpoint,
            control_endpoint: target.control_endpoint,
        }
    }
}

/// Which credentials and region a call would use; never a secret.
#[napi(object, object_from_js = false)]
pub struct NativeCredentialReport {
    /// Usable credentials were found.
    pub detected: bool,
    #[napi(
        ts_type = "'bearer-token' | 'skip-auth' | 'environment' | 'profile' | 'sso' | 'credential-process' | 'assume-role' | 'web-identity' | 'container' | 'imds' | 'none'"
    )]
    pub source: String,
    /// The variable OpenClaw's seed names for this source (`AWS_BEARER_TOKEN_BEDROCK`, `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`).
    pub env_var: Option<String>,
    pub profile: Option<String>,
    pub region: String,
    #[napi(ts_type = "'option' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'endpoint' | 'baseUrl' | 'profile' | 'default'")]
    pub region_source: String,
    /// Why the source that applies failed (an expired SSO session, a broken profile, ...).
    pub error: Option<String>,
}

impl From<CredentialReport> for NativeCredentialReport {
    fn from(report: CredentialReport) -> Self {
        NativeCredentialReport {
            detected: report.detected,
            source: serde_name(report.source),
            env_var: report.env_var.map(str::to_string),
            profile: report.profile,
            region: report.region,
            region_source: serde_name(report.region_source),
            error: report.error,
        }
    }
}

/// Prices in USD per million tokens.
/// USD per million tokens; `tiers` hold the prices above a prompt size (long context), when any.
#[napi(object, object_from_js = false)]
pub struct NativeModelCost {
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
    pub tiers: Option<Vec<NativeCostTier>>,
}

/// Prices for prompts above `inputTokensAbove` tokens (pi-ai 1.6's cost tier shape).
#[napi(object, object_from_js = false)]
pub struct NativeCostTier {
    pub input_tokens_above: f64,
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
}

impl From<Cost> for NativeModelCost {
    fn from(cost: Cost) -> Self {
        let tiers = (!cost.tiers.is_empty()).then(|| cost.tiers.into_iter().map(NativeCostTier::from).collect());
        NativeModelCost { input: cost.input, output: cost.output, cache_read: cost.cache_read, cache_write: cost.cache_write, tiers }
    }
}

impl From<CostTier> for NativeCostTier {
    fn from(tier: CostTier) -> Self {
        NativeCostTier {
            input_tokens_above: tier.input_tokens_above as f64,
            input: tier.input,
            output: tier.output,
            cache_read: tier.cache_read,
            cache_write: tier.cache_write,
        }
    }
}

/// A discovered model.
#[napi(object, object_from_js = false)]
pub struct NativeDiscoveredModel {
    /// The id Converse accepts: a foundation-model id, a profile id, or an application profile's ARN.
    pub id: String,
    pub name: String,
    /// The provider's display name, e.g. "Mistral AI".
    pub provider: String,
    pub base_model_id: String,
    #[napi(ts_type = "'foundation-model' | 'inference-profile' | 'application-inference-profile'")]
    pub source: String,
    pub reasoning: bool,
    #[napi(ts_type = "('text' | 'image')[]")]
    pub input: Vec<String>,
    pub cost: NativeModelCost,
    pub context_window: u32,
    pub max_tokens: u32,
    /// Lifecycle LEGACY: still callable, scheduled for retirement.
    pub legacy: bool,
    /// Limits and prices come from the known-models table rather than the defaults.
    pub known: bool,
    /// False for models that cannot stream: the stream serves them through non-streaming Converse.
    pub streaming: bool,
}

impl From<DiscoveredModel> for NativeDiscoveredModel {
    fn from(model: DiscoveredModel) -> Self {
        NativeDiscoveredModel {
            id: model.id,
            name: model.name,
            provider: model.provider,
            base_model_id: model.base_model_id,
            source: serde_name(model.source),
            reasoning: model.reasoning,
            input: model.input.into_iter().map(str::to_string).collect(),
            cost: model.cost.into(),
            context_window: model.context_window,
            max_tokens: model.max_tokens,
            legacy: model.legacy,
            known: model.known,
            streaming: model.streaming,
        }
    }
}

/// A failed listing or setup step.
#[napi(object, object_from_js = false)]
pub struct NativeDiscoveryError {
    /// `ListFoundationModels`, `ListInferenceProfiles`, or a setup step before them (`ResolveCredentials`, `CreateClient`).
    pub operation: String,
    pub code: String,
    pub message: String,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
    pub retryable: bool,
    #[napi(ts_type = "'client' | 'request' | 'stream'")]
    pub phase: String,
    /// The service's `Retry-After` in milliseconds, when it sent one.
    pub retry_after_ms: Option<f64>,
}

impl From<DiscoveryError> for NativeDiscoveryError {
    fn from(failure: DiscoveryError) -> Self {
        let BedrockError { code, message, http_status, request_id, retryable, phase, retry_after_ms } = failure.error;
        NativeDiscoveryError {
            operation: failure.operation.to_string(),
            code,
            message,
            http_status,
            request_id,
            retryable,
            phase: serde_name(phase),
            retry_after_ms: retry_after_ms.map(|ms| ms as f64),
        }
    }
}

/// Discovery with its diagnostics.
#[napi(object, object_from_js = false)]
pub struct NativeDiscovery {
    pub models: Vec<NativeDiscoveredModel>,
    /// A listing failed and no earlier complete result could stand in: some models may be missing.
    pub partial: bool,
    /// The models are the last complete result, served because refreshing failed (see `errors`).
    pub stale: bool,
    pub errors: Vec<NativeDiscoveryError>,
    pub region: String,
    pub base_url: String,
    pub from_cache: bool,
}

impl From<DiscoveryResult> for NativeDiscovery {
    fn from(result: DiscoveryResult) -> Self {
        NativeDiscovery {
            models: result.models.into_iter().map(Into::into).collect(),
            partial: result.partial,
            stale: result.stale,
            errors: result.errors.into_iter().map(Into::into).collect(),
            region: result.region,
            base_url: result.base_url,
            from_cache: result.from_cache,
        }
    }
}

/// Which variables of an environment the native side keeps (`config::env`): every name with one
/// of `prefixes`, and `names`.
#[napi(object)]
pub struct NativeEnvironmentSelection {
    pub prefixes: Vec<String>,
    pub names: Vec<String>,
}

impl NativeEnvironmentSelection {
    pub fn current() -> Self {
        let owned = |names: &[&str]| names.iter().map(|name| (*name).to_string()).collect();
        Self { prefixes: owned(crate::config::env::KEPT_PREFIXES), names: owned(crate::config::env::kept_names()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::region::RegionSource;

    #[test]
    fn enum_names_are_the_wire_names() {
        assert_eq!(serde_name(RegionSource::AwsDefaultRegion), "AWS_DEFAULT_REGION");
        assert_eq!(serde_name(crate::credentials::Source::CredentialProcess), "credential-process");
        assert_eq!(serde_name(crate::aws::errors::Phase::Request), "request");
    }
}
