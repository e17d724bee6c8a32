//! A successful ConverseStream response's body, taken from the SDK before its deserializer wraps
//! it in the typed event receiver: we decode the frames ourselves (`converse/frames.rs`). The
//! SDK still sends the request (endpoint, signing, headers) and parses every error response.

use std::pin::Pin;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;
use http_body::Body;

/// A 2xx response's body and content type, as the server sent them.
#[derive(Debug)]
pub struct RawBody {
    pub body: SdkBody,
    pub content_type: Option<String>,
}

impl RawBody {
    /// The next chunk of data; `None` at the end of the body. Trailers are skipped (event
    /// streams have none).
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, BoxError>> {
        loop {
            let frame = std::future::poll_fn(|cx| Pin::new(&mut self.body).poll_frame(cx)).await?;
            match frame.map(http_body::Frame::into_data) {
                Ok(Ok(data)) => return Some(Ok(data)),
                Ok(Err(_trailers)) => continue,
                Err(err) => return Some(Err(err)),
            }
        }
    }

    /// Whether the server labelled the body an event stream (or left the type out).
    pub fn is_event_stream(&self) -> bool {
        self.content_type.as_deref().is_none_or(|value| value.contains("vnd.amazon.eventstream"))
    }
}

/// Where the interceptor leaves the body for the caller of one request.
pub type BodySlot = Arc<Mutex<Option<RawBody>>>;

/// A per-call interceptor: for a 2xx response, moves the body into its slot and leaves the SDK
/// an empty one. Error responses are left to the SDK's error parsing.
#[derive(Debug, Default)]
pub struct TakeRawBody {
    slot: BodySlot,
}

impl TakeRawBody {
    pub fn new() -> (Self, BodySlot) {
        let slot = BodySlot::default();
        (TakeRawBody { slot: Arc::clone(&slot) }, slot)
    }
}

impl Intercept for TakeRawBody {
    fn name(&self) -> &'static str {
        "TakeRawBody"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        if !response.status().is_success() {
            return Ok(());
        }
        let content_type = response.headers().get("content-type").map(str::to_string);
        let body = std::mem::replace(response.body_mut(), SdkBody::empty());
        let mut slot = self.slot.lock().map_err(|_| "the response body slot was poisoned")?;
        *slot = Some(RawBody { body, content_type });
        Ok(())
    }
}
