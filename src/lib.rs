//! The napi edge: JavaScript-facing types and functions only. Everything they call is plain Rust
//! in the modules below, tested with `cargo test` without Node.
#![deny(clippy::all)]

mod clients;
mod content;
mod document;
mod errors;
mod events;
mod region;
mod request;
mod settings;
mod stream;

use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::{spawn, AsyncGenerator};
use napi_derive::napi;

use settings::{ClientOptions, StreamSettings};

/// Where a request goes and how it authenticates. Everything is optional; see
/// docs/native-interface.md for the rules.
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
#[napi(catch_unwind)]
pub fn converse_stream(request_json: String, options: Option<NativeClientOptions>) -> NativeConverseStream {
    let (client_options, settings) = options.unwrap_or_default().split();
    let (event_stream, task) = stream::open(request_json, client_options, settings);
    spawn(task);
    NativeConverseStream { inner: Arc::new(event_stream) }
}

/// Drops every cached SDK client, so the next request reads credentials and config afresh.
#[napi]
pub fn clear_client_cache() {
    clients::clear();
}
