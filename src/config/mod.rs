//! What a call is configured with: the environment snapshot, the caller's options, and the one
//! region / endpoint chain derived from both.

pub mod env;
pub mod options;
pub mod region;
