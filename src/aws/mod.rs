//! The AWS SDK side: the shared SDK clients, the mapping of SDK failures to `BedrockError`, and
//! the guards between the SDK and the caller: the frame-size check on response bodies, the
//! redaction of credential failures, and the public form of every message.

pub mod clients;
pub mod errors;
pub mod frame_guard;
pub mod http_client;
pub mod public_text;
pub mod redacted_credentials;
pub mod request_headers;
