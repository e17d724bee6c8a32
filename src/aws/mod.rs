//! The AWS SDK side: the shared SDK clients and their HTTP stack, the mapping of SDK failures to `BedrockError`, the
//! hand-over of a streaming response's raw body, and the guards between the SDK and the caller:
//! the redaction of credential failures and the public form of every message.

pub mod clients;
pub mod errors;
pub mod http_client;
pub mod public_text;
pub mod raw_body;
pub mod redacted_credentials;
pub mod request_headers;
