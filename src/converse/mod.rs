//! One Converse / ConverseStream call: reading the request JSON (`json_reader` ← `content`,
//! `tools`, `limits` ← `request`), running the stream (`stream`, with the non-streaming
//! `fallback`), and the events it yields (`events`, with `document` for free-form JSON), handed
//! over in batches (`batch`).

pub mod batch;
pub mod content;
pub mod count_tokens;
pub mod document;
pub mod events;
pub mod fallback;
pub mod frames;
pub mod json_reader;
pub mod limits;
pub mod request;
pub mod routing;
pub mod s3_location;
pub mod stream;
pub mod tools;
pub mod wire_events;

#[cfg(test)]
mod wire_contract;
