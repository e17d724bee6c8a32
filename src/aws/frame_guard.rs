//! A size check on the event-stream frames of a ConverseStream response, made from each frame's
//! prelude before its body is read. The SDK's decoder buffers a whole frame before checking
//! anything, so a frame announcing 4 GB would be buffered in full; this guard sits between the
//! HTTP body and the decoder and fails the body as soon as such a prelude arrives.

use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;
use http_body::{Body, Frame};

/// The largest frame accepted: the event-stream format's own limits (16 MiB of payload plus
/// 128 KiB of headers). Bedrock's frames are a few KB.
pub const MAX_FRAME_BYTES: u32 = 16 * 1024 * 1024 + 128 * 1024;
const PRELUDE_BYTES: usize = 8;

/// The error the body fails with; `errors` recognises it in the SDK's error chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameTooLarge {
    pub announced: u32,
}

impl std::fmt::Display for FrameTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "an event-stream frame announced {} bytes, over the limit of {} bytes (16 MiB payload + 128 KiB headers)",
            self.announced, MAX_FRAME_BYTES
        )
    }
}

impl std::error::Error for FrameTooLarge {}

/// Where the reader is in the frame sequence.
#[derive(Debug, Default)]
pub struct FrameSizeCheck {
    /// Bytes of the current prelude's length fields seen so far.
    prelude: [u8; PRELUDE_BYTES],
    prelude_len: usize,
    /// Bytes of the current frame still to come after its length fields.
    rest_of_frame: u64,
}

impl FrameSizeCheck {
    /// Feeds the next bytes of the body; fails at the first prelude announcing too much.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Result<(), FrameTooLarge> {
        while !bytes.is_empty() {
            if self.rest_of_frame > 0 {
                let skipped = self.rest_of_frame.min(bytes.len() as u64);
                self.rest_of_frame -= skipped;
                bytes = &bytes[skipped as usize..];
                continue;
            }
            let taken = (PRELUDE_BYTES - self.prelude_len).min(bytes.len());
            self.prelude[self.prelude_len..self.prelude_len + taken].copy_from_slice(&bytes[..taken]);
            self.prelude_len += taken;
            bytes = &bytes[taken..];
            if self.prelude_len == PRELUDE_BYTES {
                let total = u32::from_be_bytes([self.prelude[0], self.prelude[1], self.prelude[2], self.prelude[3]]);
                if total > MAX_FRAME_BYTES {
                    return Err(FrameTooLarge { announced: total });
                }
                // A length below the prelude's own is the decoder's to report.
                self.rest_of_frame = u64::from(total).saturating_sub(PRELUDE_BYTES as u64);
                self.prelude_len = 0;
                if self.rest_of_frame == 0 {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}

/// The response body with every frame's size checked on the way through.
struct GuardedBody {
    inner: SdkBody,
    check: FrameSizeCheck,
    failed: bool,
}

impl Body for GuardedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.failed {
            return Poll::Ready(None);
        }
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    if let Err(too_large) = self.check.feed(data) {
                        self.failed = true;
                        return Poll::Ready(Some(Err(Box::new(too_large))));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err.into()))),
            other => other.map(|_| None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.failed || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::default()
    }
}

/// Installs the guard on every event-stream response body of the client it is added to.
#[derive(Debug, Default)]
pub struct FrameSizeGuard;

impl Intercept for FrameSizeGuard {
    fn name(&self) -> &'static str {
        "FrameSizeGuard"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        // Only event streams are framed; error answers and other bodies are plain JSON or text.
        let is_event_stream =
            response.headers().get("content-type").is_some_and(|value| value.contains("vnd.amazon.eventstream"));
        if !response.status().is_success() || !is_event_stream {
            return Ok(());
        }
        let body = response.body_mut();
        let inner = std::mem::replace(body, SdkBody::taken());
        *body = SdkBody::from_body_1_x(GuardedBody { inner, check: FrameSizeCheck::default(), failed: false });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prelude(total: u32) -> Vec<u8> {
        let mut bytes = total.to_be_bytes().to_vec();
        bytes.extend_from_slice(&0u32.to_be_bytes());
        bytes
    }

    #[test]
    fn frames_within_the_limit_pass_in_any_split() {
        let mut stream = Vec::new();
        for size in [16u32, 100, MAX_FRAME_BYTES] {
            stream.extend(prelude(size));
            stream.resize(stream.len() + size as usize - PRELUDE_BYTES, 0x61);
        }
        for chunk in [1usize, 3, 7, 4096, stream.len()] {
            let mut check = FrameSizeCheck::default();
            for piece in stream.chunks(chunk) {
                assert_eq!(check.feed(piece), Ok(()), "chunk size {chunk}");
            }
        }
    }

    #[test]
    fn a_prelude_over_the_limit_fails_before_its_body() {
        let mut check = FrameSizeCheck::default();
        let mut stream = prelude(20);
        stream.resize(20, 0);
        stream.extend(prelude(0xFFFF_FFF0));
        let (first, second) = stream.split_at(22);
        assert_eq!(check.feed(first), Ok(()));
        assert_eq!(check.feed(second), Err(FrameTooLarge { announced: 0xFFFF_FFF0 }));
    }

    #[test]
    fn the_message_names_the_limit() {
        let text = FrameTooLarge { announced: u32::MAX }.to_string();
        assert!(text.contains("4294967295") && text.contains(&MAX_FRAME_BYTES.to_string()), "{text}");
    }
}
