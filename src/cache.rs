//! One cache for slow lookups (model discovery, credential reports). An entry keeps the last
//! complete value for one key and the fetch currently running for it, which concurrent callers
//! join instead of starting their own. A fetch that reports errors is never stored: the caller
//! gets the last complete value marked stale (with the new errors) if there is one, else the
//! partial value, and the next call tries again. Keys are the values that decide the result
//! (compared, not hashed into a number, so two keys never collide).

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::OnceCell;

/// What one discovery produced; complete when nothing failed.
#[derive(Debug, Clone)]
pub struct Outcome<T, E> {
    pub value: T,
    pub errors: Vec<E>,
}

impl<T, E> Outcome<T, E> {
    /// A fetch that cannot partly fail.
    pub fn complete(value: T) -> Self {
        Outcome { value, errors: Vec::new() }
    }
}

/// What a caller is given, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Served<T, E> {
    pub value: T,
    pub errors: Vec<E>,
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

type InFlight<T, E> = Arc<OnceCell<Outcome<T, E>>>;

struct Entry<T, E> {
    last_good: Option<(T, u64)>,
    in_flight: Option<InFlight<T, E>>,
}

impl<T, E> Default for Entry<T, E> {
    fn default() -> Self {
        Entry { last_good: None, in_flight: None }
    }
}

pub struct Cache<K, T, E> {
    entries: Mutex<HashMap<K, Entry<T, E>>>,
    pub clock: Clock,
}

impl<K, T, E> Default for Cache<K, T, E> {
    fn default() -> Self {
        Cache { entries: Mutex::new(HashMap::new()), clock: Clock::default() }
    }
}

impl<K: Hash + Eq + Clone, T: Clone, E: Clone> Cache<K, T, E> {
    /// The value for `key`: cached if younger than `ttl`, else fetched (joining a fetch already
    /// running for the key). A zero `ttl` bypasses the cache entirely.
    pub async fn get<F, Fut>(&self, key: K, ttl: Duration, fetch: F) -> Served<T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Outcome<T, E>>,
    {
        if ttl.is_zero() {
            return served_fresh(fetch().await);
        }
        let in_flight = {
            let mut entries = self.lock();
            let entry = entries.entry(key.clone()).or_default();
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
    fn settle(&self, key: K, in_flight: &InFlight<T, E>, outcome: Outcome<T, E>) -> Served<T, E> {
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Entry<T, E>>> {
        // Entries stay consistent across a panic (each update is a single assignment).
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn served_fresh<T, E>(outcome: Outcome<T, E>) -> Served<T, E> {
    let partial = !outcome.errors.is_empty();
    Served { value: outcome.value, errors: outcome.errors, partial, stale: false, from_cache: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const HOUR: Duration = Duration::from_secs(3600);

    type TestCache = Cache<u64, String, &'static str>;

    fn complete(value: &str) -> Outcome<String, &'static str> {
        Outcome::complete(value.to_string())
    }

    fn partial(value: &str) -> Outcome<String, &'static str> {
        Outcome { value: value.to_string(), errors: vec!["ListInferenceProfiles: AccessDeniedException"] }
    }

    fn cache_at(now_ms: u64) -> TestCache {
        let cache = TestCache::default();
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
        let call = |cache: Arc<TestCache>| {
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
