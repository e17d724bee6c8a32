//! Streams belong to the JavaScript environment that started them: the main thread or one worker
//! thread. Their tasks run on the process-wide Tokio runtime, which outlives a worker as long as
//! another thread has the addon loaded, and a pending `next()` holds a stream past its JavaScript
//! object; so without this a terminated worker's streams would run on with their connections
//! open. Each environment gets one parent cancellation token, cancelled when the environment is
//! torn down (the napi edge registers a cleanup hook that calls [`cancel_environment`]); every
//! stream it starts is cancelled through a child of that token.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use tokio_util::sync::CancellationToken;

/// The parent token of each live environment, keyed by its `napi_env` address. An entry is
/// removed when its environment goes, so a later environment at the same address starts afresh.
static ENVIRONMENTS: LazyLock<Mutex<HashMap<usize, CancellationToken>>> =
    LazyLock::new(Mutex::default);

/// A token for a new stream of environment `key`, cancelled with the environment. The first
/// stream of an environment runs `on_first_stream` (where the edge registers the cleanup hook);
/// when that fails no token is handed out, so no stream runs unowned. Child tokens leave their
/// parent when dropped, so a long-lived environment does not accumulate finished streams.
pub fn stream_token<E>(
    key: usize,
    on_first_stream: impl FnOnce() -> Result<(), E>,
) -> Result<CancellationToken, E> {
    let mut environments = ENVIRONMENTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(parent) = environments.get(&key) {
        return Ok(parent.child_token());
    }
    on_first_stream()?;
    let parent = CancellationToken::new();
    let token = parent.child_token();
    environments.insert(key, parent);
    Ok(token)
}

/// Cancels every stream environment `key` started, and forgets the environment.
pub fn cancel_environment(key: usize) {
    let parent = ENVIRONMENTS.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
    if let Some(parent) = parent {
        parent.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;

    /// Keys no other test uses: the registry is process-wide and tests run in parallel.
    const MAIN: usize = 0x1000;
    const WORKER: usize = 0x2000;
    const FAILING: usize = 0x3000;
    const REUSED: usize = 0x4000;

    fn token(key: usize, hooks: &mut u32) -> CancellationToken {
        stream_token(key, || {
            *hooks += 1;
            Ok::<_, Infallible>(())
        })
        .unwrap()
    }

    #[test]
    fn tearing_down_an_environment_cancels_its_streams_only() {
        let mut hooks = 0;
        let (first, second) = (token(MAIN, &mut hooks), token(MAIN, &mut hooks));
        let other = token(WORKER, &mut hooks);
        assert_eq!(hooks, 2, "one cleanup hook per environment");
        cancel_environment(MAIN);
        assert!(first.is_cancelled() && second.is_cancelled());
        assert!(!other.is_cancelled());
        cancel_environment(WORKER);
        assert!(other.is_cancelled());
    }

    #[test]
    fn a_failed_hook_registration_hands_out_no_token() {
        assert_eq!(stream_token(FAILING, || Err("no hook")).unwrap_err(), "no hook");
        let mut hooks = 0;
        let retried = token(FAILING, &mut hooks);
        assert_eq!(hooks, 1, "the next stream registers again");
        cancel_environment(FAILING);
        assert!(retried.is_cancelled());
    }

    #[test]
    fn an_environment_at_a_reused_address_starts_afresh() {
        let mut hooks = 0;
        let old = token(REUSED, &mut hooks);
        cancel_environment(REUSED);
        let new = token(REUSED, &mut hooks);
        assert!(old.is_cancelled());
        assert!(!new.is_cancelled(), "a new environment's streams are not born cancelled");
        assert_eq!(hooks, 2);
        cancel_environment(REUSED);
    }
}
