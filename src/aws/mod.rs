//! The AWS SDK side: the shared SDK clients and the mapping of SDK failures to `BedrockError`.

pub mod clients;
pub mod errors;
