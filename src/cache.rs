//! The discovery cache. An entry keeps the last complete result for one key (region, endpoint,
//! credential identity, options) and the discovery currently running for it, which concurrent
//! callers join instead of starting their own. A partial or failed discovery is never stored:
//! the caller gets the last complete result marked stale (with the new errors) if there is one,
//! else the partial result, and the next call tries again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::OnceCell;

use crate::discovery::DiscoveryError;

/// What one discovery produced; complete when nothing failed.
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    pub value: T,
    pub errors: Vec<DiscoveryError>,
}

/// What a caller is given, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Served<T> {
    pub value: T,
    pub errors: Vec<DiscoveryError>,
    pub partial: bool,
    pub stale: bool,
    pub from_cache: bool,
}

/// Wall-clock milliseconds, unless a test has pinned the time.
#[derive(Default)]
pub struct Clock {
    pinned_ms: Mutex<Option<u64>>,
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        if let Some(pinned) = *self.pinned_ms.lock().unwrap_or_else(|e| e.into_inner()) {
            return pinned;
        }
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }

    pub fn set(&self, now_ms: Option<u64>) {
        *self.pinned_ms.lock().unwrap_or_else(|e| e.into_inner()) = now_ms;
    }
}

type InFlight<T> = Arc<OnceCell<Outcome<T>>>;

struct Entry<T> {
    last_good: Option<(T, u64)>,
    in_flight: Option<InFlight<T>>,
}

impl<T> Default for Entry<T> {
    fn default() -> Self {
        Entry { last_good: None, in_flight: None }
    }
}

pub struct DiscoveryCache<T> {
    entries: Mutex<HashMap<u64, Entry<T>>>,
    pub clock: Clock,
}

impl<T> Default for DiscoveryCache<T> {
    fn default() -> Self {
        DiscoveryCache { entries: Mutex::new(HashMap::new()), clock: Clock::default() }
    }
}

impl<T: Clone> DiscoveryCache<T> {
    /// The value for `key`: cached if younger than `ttl`, else fetched (joining a fetch already
    /// running for the key). A zero `ttl` bypasses the cache entirely.
    pub async fn get<F, Fut>(&self, key: u64, ttl: Duration, fetch: F) -> Served<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Outcome<T>>,
    {
        if ttl.is_zero() {
            return served_fresh(fetch().await);
        }
        let in_flight = {
            let mut entries = self.lock();
            let entry = entries.entry(key).or_default();
            if let Some((value, fetched_at)) = &entry.last_good {
                if self.clock.now_ms().saturating_sub(*fetched_at) < ttl.as_millis() as u64 {
                    return Served {
                        value: value.clone(),
                        errors: Vec::new(),
                        partial: false,
                        stale: false,
                        from_cache: true,
                    };
                }
            }
            entry.in_flight.get_or_insert_with(Default::default).clone()
        };
        let outcome = in_flight.get_or_init(fetch).await.clone();
        self.settle(key, &in_flight, outcome)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Records a finished fetch (once, by whichever joined caller gets here first) and decides
    /// what this caller is given.
    fn settle(&self, key: u64, in_flight: &InFlight<T>, outcome: Outcome<T>) -> Served<T> {
        let complete = outcome.errors.is_empty();
        let mut entries = self.lock();
        let entry = entries.entry(key).or_default();
        if entry.in_flight.as_ref().is_some_and(|current| Arc::ptr_eq(current, in_flight)) {
            entry.in_flight = None;
            if complete {
                entry.last_good = Some((outcome.value.clone(), self.clock.now_ms()));
            }
        }
        match &entry.last_good {
            Some((good, _)) if !complete => {
                Served { value: good.clone(), errors: outcome.errors, partial: false, stale: true, from_cache: true }
            }
            _ => served_fresh(outcome),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry<T>>> {
        // Entries stay consistent across a panic (each update is a single assignment).
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn served_fresh<T>(outcome: Outcome<T>) -> Served<T> {
    let partial = !outcome.errors.is_empty();
    Served { value: outcome.value, errors: outcome.errors, partial, stale: false, from_cache: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::BedrockError;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const HOUR: Duration = Duration::from_secs(3600);

    fn complete(value: &str) -> Outcome<String> {
        Outcome { value: value.to_string(), errors: Vec::new() }
    }

    fn partial(value: &str) -> Outcome<String> {
        let error = BedrockError::client("AccessDeniedException", "not authorized");
        Outcome { value: value.to_string(), errors: vec![DiscoveryError { operation: "ListInferenceProfiles", error }] }
    }

    fn cache_at(now_ms: u64) -> DiscoveryCache<String> {
        let cache = DiscoveryCache::default();
        cache.clock.set(Some(now_ms));
        cache
    }

    #[tokio::test]
    async fn serves_from_cache_until_the_interval_has_passed() {
        let cache = cache_at(1_000);
        let first = cache.get(1, HOUR, || async { complete("a") }).await;
        assert_eq!((first.value.as_str(), first.from_cache), ("a", false));
        cache.clock.set(Some(1_000 + HOUR.as_millis() as u64 - 1));
        let second = cache.get(1, HOUR, || async { complete("b") }).await;
        assert_eq!((second.value.as_str(), second.from_cache), ("a", true));
        cache.clock.set(Some(1_000 + HOUR.as_millis() as u64));
        let third = cache.get(1, HOUR, || async { complete("c") }).await;
        assert_eq!((third.value.as_str(), third.from_cache), ("c", false));
    }

    #[tokio::test]
    async fn keys_do_not_share_results() {
        let cache = cache_at(0);
        cache.get(1, HOUR, || async { complete("account-1") }).await;
        let other = cache.get(2, HOUR, || async { complete("account-2") }).await;
        assert_eq!(other.value, "account-2");
    }

    #[tokio::test]
    async fn a_partial_result_is_returned_but_not_cached() {
        let cache = cache_at(0);
        let first = cache.get(1, HOUR, || async { partial("some") }).await;
        assert_eq!((first.value.as_str(), first.partial, first.stale, first.errors.len()), ("some", true, false, 1));
        let second = cache.get(1, HOUR, || async { complete("all") }).await;
        assert_eq!((second.value.as_str(), second.from_cache, second.partial), ("all", false, false));
    }

    #[tokio::test]
    async fn a_failed_refresh_serves_the_last_good_result_as_stale() {
        let cache = cache_at(0);
        cache.get(1, HOUR, || async { complete("good") }).await;
        cache.clock.set(Some(2 * HOUR.as_millis() as u64));
        let stale = cache.get(1, HOUR, || async { partial("") }).await;
        assert_eq!((stale.value.as_str(), stale.stale, stale.partial, stale.errors.len()), ("good", true, false, 1));
        let retried = cache.get(1, HOUR, || async { complete("new") }).await;
        assert_eq!((retried.value.as_str(), retried.stale, retried.from_cache), ("new", false, false));
    }

    #[tokio::test]
    async fn zero_interval_disables_caching() {
        let cache = cache_at(0);
        cache.get(1, Duration::ZERO, || async { complete("a") }).await;
        let second = cache.get(1, Duration::ZERO, || async { complete("b") }).await;
        assert_eq!((second.value.as_str(), second.from_cache), ("b", false));
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(cache_at(0));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let call = |cache: Arc<DiscoveryCache<String>>| {
            let fetches = fetches.clone();
            let mut released = released.clone();
            async move {
                cache
                    .get(1, HOUR, || async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        released.wait_for(|go| *go).await.ok();
                        complete("shared")
                    })
                    .await
            }
        };
        let first = tokio::spawn(call(cache.clone()));
        let second = tokio::spawn(call(cache.clone()));
        for _ in 0..3 {
            tokio::task::yield_now().await;
        }
        release.send(true).unwrap();
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert_eq!((first.value.as_str(), second.value.as_str()), ("shared", "shared"));
        assert!(!first.from_cache && !second.from_cache, "the second caller joined the running fetch");
    }

    #[tokio::test]
    async fn clear_forgets_everything() {
        let cache = cache_at(0);
        cache.get(1, HOUR, || async { complete("a") }).await;
        cache.clear();
        assert_eq!(cache.get(1, HOUR, || async { complete("b") }).await.value, "b");
    }
}
