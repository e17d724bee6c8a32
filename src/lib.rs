//! The napi edge: JavaScript-facing types and functions only. Everything they call is plain Rust
//! in the modules below, tested with `cargo test` without Node.
#![deny(clippy::all)]

mod aws;
mod cache;
mod config;
mod converse;
mod credentials;
mod discovery;
mod js_environments;
mod panic_guard;
mod results;
mod runtime;

use std::collections::HashMap;
use std::sync::Arc;

use napi::bindgen_prelude::{block_on, create_custom_tokio_runtime, spawn, AsyncGenerator};
use napi::Env;
use napi_derive::napi;

use aws::request_headers::RequestHeaders;
use config::env::EnvSnapshot;
use config::options::{ClientOptions, RawStreamSettings, StreamSettings};
use converse::stream;
use results::{NativeCredentialReport, NativeDiscovery, NativeEnvironmentSelection, NativeTarget};

/// Installs our runtime (src/runtime.rs) before napi would create its default one. Should it fail
/// to build, napi's default runtime is used.
#[napi_derive::module_init]
fn install_runtime() {
    if let Ok(runtime) = runtime::build() {
        create_custom_tokio_runtime(runtime);
    }
}

/// Where a request goes and how it authenticates, and the stream's watchdogs. Every field is
/// optional; src/README.md has the rules.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeClientOptions {
    /// The environment to read instead of the process's (the caller's `process.env` view, merged
    /// with a host's provider-scoped variables), for our rules and the SDK's credential chain.
    /// @default the process environment
    pub env: Option<HashMap<String, String>>,
    /// The highest-priority region.
    /// @default `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's region, else `us-east-1`
    pub region: Option<String>,
    /// The AWS shared-config profile.
    /// @default `AWS_PROFILE`, else `default`
    pub profile: Option<String>,
    /// The model's `baseUrl`, pinned as the endpoint by pi-ai 0.73.1's rule (a non-standard host
    /// always; a standard host only without a region and without `AWS_PROFILE`).
    /// @default none
    pub base_url: Option<String>,
    /// An endpoint that is always used (tests, VPC endpoints).
    /// @default none (the SDK's endpoint for the region, or `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`)
    pub endpoint: Option<String>,
    /// A Bedrock API key, sent as `Authorization: Bearer`; `<authenticated>` and
    /// `__aws_sdk_auth__` are never tokens.
    /// @default `AWS_BEARER_TOKEN_BEDROCK`, else SigV4 with the default credential chain
    pub bearer_token: Option<String>,
    /// Dummy credentials, for unauthenticated proxies in front of Bedrock.
    /// @default `true` when `AWS_BEDROCK_SKIP_AUTH=1`, else `false`
    pub skip_auth: Option<bool>,
    /// Milliseconds to wait for the first event of a response, 1 ms to 24 h (clamped).
    /// @default 120000
    pub first_event_timeout_ms: Option<u32>,
    /// Milliseconds a flowing stream may stay silent, 1 ms to 24 h (clamped).
    /// @default 180000
    pub idle_timeout_ms: Option<u32>,
    /// Attempts for retryable failures before the first content event, 1 to 10 (clamped).
    /// @default 3
    pub max_attempts: Option<u32>,
    /// The first retry's backoff in milliseconds (doubling, jittered, at least `Retry-After`),
    /// at most 20 s (clamped).
    /// @default 500
    pub retry_base_delay_ms: Option<u32>,
    /// Also retry failures inside an open stream before any content; the pi provider turns it
    /// off unless the host gave `maxAttempts` or `maxRetries` (the host retries turns itself).
    /// @default true
    pub retry_stream_failures: Option<bool>,
    /// Extra request headers, set before signing; `null` removes a header. `host`,
    /// `authorization` and `x-amz-*` are never changed (as in pi-ai 1.6).
    /// @default none
    #[napi(ts_type = "Record<string, string | null>")]
    pub headers: Option<HashMap<String, Option<String>>>,
    /// Appended to the SDK's `User-Agent` (pi-ai 1.6's `identity`, e.g. `pi/1.6.0`).
    /// @default none
    pub user_agent_suffix: Option<String>,
}

impl From<&NativeClientOptions> for StreamSettings {
    /// Every number clamped into its documented range (config::options).
    fn from(options: &NativeClientOptions) -> Self {
        StreamSettings::from(RawStreamSettings {
            first_event_timeout_ms: options.first_event_timeout_ms,
            idle_timeout_ms: options.idle_timeout_ms,
            max_attempts: options.max_attempts,
            retry_base_delay_ms: options.retry_base_delay_ms,
            retry_stream_failures: options.retry_stream_failures,
        })
    }
}

impl From<NativeClientOptions> for ClientOptions {
    fn from(options: NativeClientOptions) -> Self {
        ClientOptions {
            region: options.region,
            profile: options.profile,
            base_url: options.base_url,
            endpoint: options.endpoint,
            bearer_token: options.bearer_token,
            skip_auth: options.skip_auth,
        }
    }
}

/// A running ConverseStream call. Iterate it with `for await`: each step yields a JSON array of
/// events (a batch). `abort()`, `return()` (a `break`) or garbage collection cancel the call and
/// close its connection.
#[napi(async_iterator)]
pub struct NativeConverseStream {
    inner: Arc<stream::EventStream>,
}

#[napi]
impl AsyncGenerator for NativeConverseStream {
    type Yield = String;
    type Next = ();
    type Return = ();

    fn next(
        &mut self,
        _value: Option<Self::Next>,
    ) -> impl std::future::Future<Output = napi::Result<Option<Self::Yield>>> + Send + 'static {
        let inner = self.inner.clone();
        async move {
            let Some(batch) = inner.next_batch().await else { return Ok(None) };
            serde_json::to_string(&batch)
                .map(Some)
                .map_err(|e| napi::Error::from_reason(format!("could not encode events: {e}")))
        }
    }

    fn complete(
        &mut self,
        _value: Option<Self::Return>,
    ) -> impl std::future::Future<Output = napi::Result<Option<Self::Yield>>> + Send + 'static {
        self.inner.cancel();
        async { Ok(None) }
    }
}

#[napi]
impl NativeConverseStream {
    #[napi]
    pub fn abort(&self) {
        self.inner.cancel();
    }
}

/// Starts a ConverseStream call for a Converse request given as JSON (the AWS API's shape, byte
/// fields as base64). Failures, including an invalid request, arrive as a final `error` event.
/// The call is cancelled, and its connection closed, when the JavaScript environment (the main
/// thread or a worker) that started it is torn down.
#[napi(catch_unwind)]
pub fn converse_stream(
    js_env: Env,
    request_json: String,
    options: Option<NativeClientOptions>,
) -> napi::Result<NativeConverseStream> {
    let mut options = options.unwrap_or_default();
    let env = EnvSnapshot::from_caller(options.env.take());
    let headers = RequestHeaders::new(options.headers.take().unwrap_or_default(), options.user_agent_suffix.take());
    let settings = StreamSettings::from(&options);
    let cancel = environment_stream_token(&js_env)?;
    let (event_stream, task) = stream::open(request_json, options.into(), settings, env, headers, cancel);
    spawn(task);
    Ok(NativeConverseStream { inner: Arc::new(event_stream) })
}

/// A cancellation token for a new stream of `env`; the environment's first stream registers the
/// cleanup hook that cancels them all (Node runs it on `worker.terminate()`, when a worker ends,
/// and when the main thread's event loop empties; on `process.exit()` the OS closes the sockets).
fn environment_stream_token(env: &Env) -> napi::Result<tokio_util::sync::CancellationToken> {
    let key = env.raw() as usize;
    js_environments::stream_token(key, || {
        env.add_env_cleanup_hook(key, js_environments::cancel_environment).map(drop)
    })
}

/// Counts the input tokens of a Converse request given as JSON (the same request `converseStream`
/// takes) with Bedrock's CountTokens. Resolves to JSON: `{type: "tokenCount", inputTokens,
/// modelId}` or an `error` event's fields; never rejects.
#[napi]
pub async fn count_tokens(request_json: String, options: Option<NativeClientOptions>) -> napi::Result<String> {
    let mut options = options.unwrap_or_default();
    let env = EnvSnapshot::from_caller(options.env.take());
    let settings = StreamSettings::from(&options);
    to_json(&converse::count_tokens::count_tokens(&request_json, options.into(), settings, env).await)
}

/// Drops every cached SDK client, so the next request reads credentials and config afresh, and
/// forgets which inference profiles and non-streaming calls worked for which models.
#[napi]
pub fn clear_client_cache() {
    aws::clients::clear();
    converse::routing::clear();
}

/// Options of `discoverModels`: OpenClaw's `models.bedrockDiscovery` keys (all but `enabled`)
/// plus where to send the listing calls and how to authenticate them.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeDiscoveryOptions {
    /// The environment to read instead of the process's (the caller's `process.env` view, merged
    /// with a host's provider-scoped variables), for our rules and the SDK's credential chain.
    /// @default the process environment
    pub env: Option<HashMap<String, String>>,
    /// @default `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's region, else `us-east-1`
    pub region: Option<String>,
    /// @default `AWS_PROFILE`, else `default`
    pub profile: Option<String>,
    /// The Bedrock control-plane endpoint (tests, VPC endpoints).
    /// @default `AWS_ENDPOINT_URL_BEDROCK`, else the SDK's endpoint for the region
    pub endpoint: Option<String>,
    /// A Bedrock API key (the control plane accepts them too).
    /// @default `AWS_BEARER_TOKEN_BEDROCK`, else SigV4 with the default credential chain
    pub bearer_token: Option<String>,
    /// @default `true` when `AWS_BEDROCK_SKIP_AUTH=1`, else `false`
    pub skip_auth: Option<bool>,
    /// Provider names (`anthropic`, `Mistral AI`) or id vendors (`mistral`), case-insensitive.
    /// @default every provider
    pub provider_filter: Option<Vec<String>>,
    /// Offer models under their system and application inference profiles.
    /// @default true
    pub include_inference_profiles: Option<bool>,
    /// Also offer models in the LEGACY lifecycle state (flagged `legacy`).
    /// @default false
    pub include_legacy: Option<bool>,
    /// Context window of a model missing from the known-models table.
    /// @default 32000
    pub default_context_window: Option<u32>,
    /// Output limit of a model missing from the known-models table.
    /// @default 4096
    pub default_max_tokens: Option<u32>,
    /// Seconds a result is reused; 0 disables the cache; at most a year (clamped).
    /// @default 3600
    pub refresh_interval: Option<f64>,
    /// Milliseconds per listing call (and for resolving credentials), 1 ms to 10 min (clamped).
    /// @default 10000
    pub timeout_ms: Option<u32>,
}

impl From<NativeDiscoveryOptions> for discovery::DiscoveryRequest {
    fn from(options: NativeDiscoveryOptions) -> Self {
        let defaults = discovery::Selection::default();
        discovery::DiscoveryRequest {
            client: ClientOptions {
                region: options.region,
                profile: options.profile,
                base_url: None,
                endpoint: options.endpoint,
                bearer_token: options.bearer_token,
                skip_auth: options.skip_auth,
            },
            selection: discovery::Selection {
                provider_filter: options.provider_filter.unwrap_or_default(),
                include_inference_profiles: options
                    .include_inference_profiles
                    .unwrap_or(defaults.include_inference_profiles),
                include_legacy: options.include_legacy.unwrap_or(defaults.include_legacy),
                default_context_window: options.default_context_window.unwrap_or(defaults.default_context_window),
                default_max_tokens: options.default_max_tokens.unwrap_or(defaults.default_max_tokens),
            },
            refresh_interval: discovery::refresh_interval(options.refresh_interval),
            call_timeout: discovery::call_timeout(options.timeout_ms),
        }
    }
}

/// Lists the models this account can call. Never rejects: failures are in `errors`.
#[napi]
pub async fn discover_models(options: Option<NativeDiscoveryOptions>) -> NativeDiscovery {
    let mut options = options.unwrap_or_default();
    let env = EnvSnapshot::from_caller(options.env.take());
    let discovery = panic_guard::caught(discovery::discover(options.into(), env));
    discovery.await.unwrap_or_else(|_| discovery::failed_internally()).into()
}

/// What `detectCredentials` looks at.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeCredentialOptions {
    /// The environment to read instead of the process's (the caller's `process.env` view, merged
    /// with a host's provider-scoped variables), for our rules and the SDK's credential chain.
    /// @default the process environment
    pub env: Option<HashMap<String, String>>,
    /// @default `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's region, else `us-east-1`
    pub region: Option<String>,
    /// @default `AWS_PROFILE`, else `default`
    pub profile: Option<String>,
    /// @default `AWS_BEARER_TOKEN_BEDROCK`
    pub bearer_token: Option<String>,
    /// @default `true` when `AWS_BEDROCK_SKIP_AUTH=1`, else `false`
    pub skip_auth: Option<bool>,
}

impl From<NativeCredentialOptions> for ClientOptions {
    fn from(options: NativeCredentialOptions) -> Self {
        ClientOptions {
            region: options.region,
            profile: options.profile,
            bearer_token: options.bearer_token,
            skip_auth: options.skip_auth,
            ..ClientOptions::default()
        }
    }
}

/// Which credentials and region a request would use; never a secret.
#[napi]
pub async fn detect_credentials(options: Option<NativeCredentialOptions>) -> NativeCredentialReport {
    let mut options = options.unwrap_or_default();
    let env = EnvSnapshot::from_caller(options.env.take());
    let client_options = ClientOptions::from(options);
    let detection = panic_guard::caught(async move { credentials::detect(&client_options, env).await });
    detection.await.unwrap_or_else(|_| credentials::CredentialReport::failed_internally()).into()
}

/// Which variables of an environment the native side keeps, so that JavaScript copies only those
/// across the edge.
#[napi]
pub fn environment_selection() -> NativeEnvironmentSelection {
    NativeEnvironmentSelection::current()
}

/// Resolves the target synchronously (the profile's region is read from the shared config
/// files, never from instance metadata).
#[napi]
pub fn resolve_target(options: Option<NativeClientOptions>) -> NativeTarget {
    let mut options = options.unwrap_or_default();
    let env = EnvSnapshot::from_caller(options.env.take());
    block_on(config::region::resolved_target(&ClientOptions::from(options), &env)).into()
}

/// Test hook: pins the discovery cache's clock to `nowMs` (epoch milliseconds), or back to real
/// time with `null`.
#[napi]
pub fn set_discovery_clock(now_ms: Option<f64>) {
    discovery::set_cache_clock(now_ms.filter(|ms| ms.is_finite() && *ms >= 0.0).map(|ms| ms as u64));
}

/// Forgets cached discoveries and credential detections.
#[napi]
pub fn clear_discovery_cache() {
    discovery::clear_cache();
    credentials::clear_cache();
}

fn to_json(value: &impl serde::Serialize) -> napi::Result<String> {
    serde_json::to_string(value).map_err(|e| napi::Error::from_reason(format!("could not encode the result: {e}")))
}
