//! The backstop for panics, ours or the SDK's: a future run as its own task, so that a panic
//! inside it comes back as a value the caller turns into a typed error, instead of ending a
//! stream without any event or rejecting a promise documented never to reject.

use std::future::Future;

/// The future panicked (its message is dropped: it can quote configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panicked;

/// Runs `future` as a task on the current runtime and waits for it. Dropping the returned
/// future cancels the task, so cancellation reaches the work as before.
pub async fn caught<T: Send + 'static>(future: impl Future<Output = T> + Send + 'static) -> Result<T, Panicked> {
    let mut task = AbortOnDrop(tokio::spawn(future));
    let handle = &mut task.0;
    match handle.await {
        Ok(value) => Ok(value),
        Err(_) => Err(Panicked),
    }
}

struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_value_passes_and_a_panic_becomes_an_error() {
        assert_eq!(caught(async { 42 }).await, Ok(42));
        let panicking = async {
            if std::hint::black_box(true) {
                panic!("secret configuration value");
            }
        };
        assert_eq!(caught(panicking).await, Err(Panicked));
    }

    #[tokio::test]
    async fn dropping_the_wait_cancels_the_task() {
        let finished = Arc::new(AtomicBool::new(false));
        let flag = finished.clone();
        let wait = caught(async move {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            flag.store(true, Ordering::SeqCst);
        });
        drop(tokio::time::timeout(std::time::Duration::from_millis(5), wait).await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!finished.load(Ordering::SeqCst));
    }
}
