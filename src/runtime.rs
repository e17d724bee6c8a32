//! The tokio runtime every call runs on: one worker thread.
//!
//! Decoding a stream costs a few µs per event, against tens of µs for the JavaScript side that
//! reads it, so one worker is never what limits throughput. A second worker made the cost per
//! event bimodal on 2 cores: when both workers ran at once, the task reading the batch woke on
//! the other worker as soon as the producer had sent one event, so JavaScript got batches of one
//! or two events and paid a promise round trip for each; when they happened to share a core, it
//! got full batches. With one worker the producer decodes everything the socket has delivered
//! before the reading task runs, so a batch holds what has arrived, run after run.

use tokio::runtime::{Builder, Runtime};

/// Worker threads of the runtime (blocking work, such as reading config files, has its own pool).
const WORKER_THREADS: usize = 1;

pub fn build() -> std::io::Result<Runtime> {
    Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .thread_name("bedrock-native")
        .enable_all()
        .build()
}
