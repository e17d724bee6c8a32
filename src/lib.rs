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

use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::{spawn, AsyncGenerator};
use napi::Env;
use napi_derive::napi;

use config::options::{ClientOptions, StreamSettings};
use converse::stream;

/// Where a request goes and how it authenticates. Everything is optional; see
/// src/README.md for the rules.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeClientOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    /// The model's baseUrl, pinned as the endpoint by pi-ai's rules.
    pub base_url: Option<String>,
    /// An endpoint that is always used (tests, VPC endpoints).
    pub endpoint: Option<String>,
    pub bearer_token: Option<String>,
    pub skip_auth: Option<bool>,
    pub first_event_timeout_ms: Option<u32>,
    pub idle_timeout_ms: Option<u32>,
    pub max_attempts: Option<u32>,
    pub retry_base_delay_ms: Option<u32>,
}

impl NativeClientOptions {
    fn split(self) -> (ClientOptions, StreamSettings) {
        let defaults = StreamSettings::default();
        let millis = |v: Option<u32>, default: Duration| v.map_or(default, |ms| Duration::from_millis(ms.into()));
        let settings = StreamSettings {
            first_event_timeout: millis(self.first_event_timeout_ms, defaults.first_event_timeout),
            idle_timeout: millis(self.idle_timeout_ms, defaults.idle_timeout),
            max_attempts: self.max_attempts.unwrap_or(defaults.max_attempts),
            retry_base_delay: millis(self.retry_base_delay_ms, defaults.retry_base_delay),
        };
        let options = ClientOptions {
            region: self.region,
            profile: self.profile,
            base_url: self.base_url,
            endpoint: self.endpoint,
            bearer_token: self.bearer_token,
            skip_auth: self.skip_auth,
        };
        (options, settings)
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
    env: Env,
    request_json: String,
    options: Option<NativeClientOptions>,
) -> napi::Result<NativeConverseStream> {
    let (client_options, settings) = options.unwrap_or_default().split();
    let cancel = environment_stream_token(&env)?;
    let (event_stream, task) = stream::open(request_json, client_options, settings, cancel);
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

/// Drops every cached SDK client, so the next request reads credentials and config afresh.
#[napi]
pub fn clear_client_cache() {
    aws::clients::clear();
}

/// Options of `discoverModels`: OpenClaw's `models.bedrockDiscovery` keys (all but `enabled`)
/// plus where to send the listing calls and how to authenticate them.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeDiscoveryOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    /// The Bedrock control-plane endpoint (tests, VPC endpoints); else `AWS_ENDPOINT_URL_BEDROCK`.
    pub endpoint: Option<String>,
    pub bearer_token: Option<String>,
    pub skip_auth: Option<bool>,
    pub provider_filter: Option<Vec<String>>,
    pub include_inference_profiles: Option<bool>,
    pub include_legacy: Option<bool>,
    pub default_context_window: Option<u32>,
    pub default_max_tokens: Option<u32>,
    /// Seconds a result is reused; 0 disables the cache.
    pub refresh_interval: Option<f64>,
    /// Per listing call, in milliseconds.
    pub timeout_ms: Option<u32>,
}

impl NativeDiscoveryOptions {
    fn into_request(self) -> discovery::DiscoveryRequest {
        let defaults = discovery::Selection::default();
        discovery::DiscoveryRequest {
            client: ClientOptions {
                region: self.region,
                profile: self.profile,
                base_url: None,
                endpoint: self.endpoint,
                bearer_token: self.bearer_token,
                skip_auth: self.skip_auth,
            },
            selection: discovery::Selection {
                provider_filter: self.provider_filter.unwrap_or_default(),
                include_inference_profiles: self.include_inference_profiles.unwrap_or(defaults.include_inference_profiles),
                include_legacy: self.include_legacy.unwrap_or(defaults.include_legacy),
                default_context_window: self.default_context_window.unwrap_or(defaults.default_context_window),
                default_max_tokens: self.default_max_tokens.unwrap_or(defaults.default_max_tokens),
            },
            refresh_interval: self
                .refresh_interval
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map_or(discovery::DEFAULT_REFRESH_INTERVAL, Duration::from_secs_f64),
            call_timeout: self
                .timeout_ms
                .map_or(discovery::DEFAULT_CALL_TIMEOUT, |ms| Duration::from_millis(ms.into())),
        }
    }
}

/// Lists the models this account can call, as JSON:
/// `{models, partial, stale, errors, region, baseUrl, fromCache}`. Never rejects: failures are in
/// `errors`.
#[napi]
pub async fn discover_models(options: Option<NativeDiscoveryOptions>) -> napi::Result<String> {
    let result = discovery::discover(options.unwrap_or_default().into_request()).await;
    to_json(&result)
}

/// What `detectCredentials` looks at.
#[napi(object, object_to_js = false)]
#[derive(Default)]
pub struct NativeCredentialOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub bearer_token: Option<String>,
    pub skip_auth: Option<bool>,
}

/// Which credentials and region a request would use, as JSON
/// `{detected, source, envVar?, profile?, region, regionSource, error?}`; never a secret.
#[napi]
pub async fn detect_credentials(options: Option<NativeCredentialOptions>) -> napi::Result<String> {
    let options = options.unwrap_or_default();
    let client_options = ClientOptions {
        region: options.region,
        profile: options.profile,
        bearer_token: options.bearer_token,
        skip_auth: options.skip_auth,
        ..ClientOptions::default()
    };
    to_json(&credentials::detect(&client_options).await)
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
