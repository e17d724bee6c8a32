//! One ConverseStream call as a producer task feeding a bounded channel, read by JavaScript in
//! batches. The task owns the HTTP response: cancelling it (abort, `return()`, drop) drops the
//! response body and so closes the connection. It also owns the watchdogs (the SDK has no
//! stalled-stream guard for ConverseStream) and the retries of failures that happen before any
//! content reached the caller.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_bedrockruntime::operation::RequestId;
use tokio::sync::{mpsc, Mutex};
use tokio::time::{timeout_at, Instant};
use tokio_util::sync::CancellationToken;

use crate::aws::clients::clients_for;
use crate::aws::errors::{self, BedrockError};
use crate::aws::raw_body::{RawBody, TakeRawBody};
use crate::aws::request_headers::RequestHeaders;
use crate::converse::batch;
use crate::converse::events::{Event, Routing};
use crate::converse::frames::{FrameDecoder, FrameError};
use crate::converse::fallback;
use crate::converse::routing::{self, SubstitutionSource};
use crate::converse::request::ConverseRequest;
use crate::converse::wire_events;
use crate::config::env::EnvSnapshot;
use crate::config::options::{ClientOptions, StreamSettings};

/// Enough to absorb a burst (end-of-message metadata, tool JSON) without letting a slow reader
/// buffer a whole response: past this, the task waits and TCP flow control pushes back.
const CHANNEL_CAPACITY: usize = 256;
/// Events handed to JavaScript per `next()`: one promise round trip costs tens of µs, so a burst
/// is delivered in one crossing.
const MAX_BATCH: usize = 128;
const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// `metadata` is the last event of a ConverseStream and the body ends right after it. A server
/// (or proxy) that keeps the body open gets this long before the answer counts as complete and
/// the connection is dropped, instead of the whole answer failing on the idle timeout.
const END_OF_STREAM_GRACE: Duration = Duration::from_millis(500);

pub struct EventStream {
    receiver: Mutex<mpsc::Receiver<Event>>,
    cancel: CancellationToken,
}

impl EventStream {
    /// The next batch of events, or `None` once the stream has ended or was cancelled.
    pub async fn next_batch(&self) -> Option<Vec<Event>> {
        let mut receiver = self.receiver.lock().await;
        let first = tokio::select! {
            biased;
            _ = self.cancel.cancelled() => None,
            event = receiver.recv() => event,
        }?;
        let mut batch = Vec::with_capacity(8);
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(event) => batch.push(event),
                Err(_) => break,
            }
        }
        Some(batch::deliverable(batch))
    }

    pub fn cancel(&self) {
        self.cancel.cancel();
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Creates the stream and the task that feeds it; the caller spawns the task on its runtime.
/// Invalid `headers` fail the stream with their error before anything is sent.
/// Cancelling `cancel` (the stream's own abort, or its JavaScript environment going away, see
/// js_environments.rs) ends both.
pub fn open(
    request_json: String,
    options: ClientOptions,
    settings: StreamSettings,
    env: EnvSnapshot,
    headers: Result<RequestHeaders, BedrockError>,
    cancel: CancellationToken,
) -> (EventStream, impl Future<Output = ()> + Send + 'static) {
    let (sender, receiver) = mpsc::channel(CHANNEL_CAPACITY);
    let task_cancel = cancel.clone();
    let task = async move {
        let backstop = sender.clone();
        let producer = Producer { sender, settings };
        let run = crate::panic_guard::caught(producer.run(request_json, options, env, headers));
        tokio::select! {
            _ = task_cancel.cancelled() => {}
            ending = run => {
                if ending.is_err() {
                    let _ = backstop.send(Event::Error(BedrockError::internal("the stream task"))).await;
                }
            }
        }
    };
    (EventStream { receiver: Mutex::new(receiver), cancel }, task)
}

struct Producer {
    sender: mpsc::Sender<Event>,
    settings: StreamSettings,
}

/// How one attempt ended.
enum Outcome {
    Finished,
    /// Failed before anything but the response and the message start was passed on, so trying
    /// again is invisible to the caller.
    FailedClean(BedrockError),
    Failed(BedrockError),
    ReaderGone,
}

impl Producer {
    async fn run(
        self,
        request_json: String,
        options: ClientOptions,
        env: EnvSnapshot,
        headers: Result<RequestHeaders, BedrockError>,
    ) {
        let mut request = match ConverseRequest::from_json(&request_json) {
            Ok(request) => request,
            Err(err) => return self.fail(BedrockError::client("InvalidRequest", err.to_string())).await,
        };
        let headers = match headers {
            Ok(headers) => Arc::new(headers),
            Err(err) => return self.fail(err).await,
        };
        let clients = match clients_for(&options, &env).await {
            Ok(clients) => clients,
            Err(err) => return self.fail(err).await,
        };
        let region = clients.region.as_str();
        let mut shown = Shown::default();
        if let Some(remembered) = routing::remembered_profile(region, request.model_id()) {
            request.set_model_id(remembered.used.clone());
            shown.routing.substitution = Some(remembered);
        }
        if routing::known_non_streaming(region, request.model_id()) {
            return self.converse_instead(&clients.runtime, request, &headers, 1, &mut shown, region).await;
        }
        let max_attempts = self.settings.max_attempts.clamp(1, crate::config::options::MAX_ATTEMPTS);
        let (mut attempt, mut retries) = (0, 0);
        // The on-demand refusal an inference profile is now standing in for.
        let mut refused: Option<BedrockError> = None;
        loop {
            attempt += 1;
            let call = request.clone().apply_stream(clients.runtime.converse_stream());
            let outcome = self.attempt(call, &headers, attempt, &mut shown).await;
            remember_what_worked(region, &shown);
            match outcome {
                Outcome::FailedClean(err) if shown.routing.substitution.is_none() && routing::is_on_demand_rejection(&err) => {
                    let Some(substitution) = routing::profile_for(region, request.model_id()) else {
                        return self.fail(err).await;
                    };
                    request.set_model_id(substitution.used.clone());
                    shown.routing.substitution = Some(substitution);
                    refused = Some(err);
                }
                Outcome::FailedClean(err) if fallback::is_streaming_unsupported(&err) => {
                    routing::remember_non_streaming(region, request.model_id());
                    return self.converse_instead(&clients.runtime, request, &headers, attempt + 1, &mut shown, region).await;
                }
                Outcome::FailedClean(err) if fallback::is_streaming_tools_rejection(&err) => {
                    return self.converse_instead(&clients.runtime, request, &headers, attempt + 1, &mut shown, region).await;
                }
                Outcome::FailedClean(err) if self.may_retry(&err) && retries + 1 < max_attempts => {
                    retries += 1;
                    let hinted = Duration::from_millis(err.retry_after_ms.unwrap_or(0)).min(MAX_BACKOFF);
                    tokio::time::sleep(backoff(self.settings.retry_base_delay, retries).max(hinted)).await;
                }
                Outcome::FailedClean(err) | Outcome::Failed(err) => {
                    return self.fail(with_refusal(refused, err, &shown)).await;
                }
                Outcome::Finished | Outcome::ReaderGone => return,
            }
        }
    }

    async fn attempt(
        &self,
        call: aws_sdk_bedrockruntime::operation::converse_stream::builders::ConverseStreamFluentBuilder,
        headers: &Arc<RequestHeaders>,
        attempt: u32,
        shown: &mut Shown,
    ) -> Outcome {
        let first_event_deadline = Instant::now() + self.settings.first_event_timeout;
        let headers = Arc::clone(headers);
        let (take_body, slot) = TakeRawBody::new();
        let call = call.customize().mutate_request(move |request| headers.apply(request)).interceptor(take_body);
        let output = match timeout_at(first_event_deadline, call.send()).await {
            Err(_) => return Outcome::FailedClean(self.first_event_timeout()),
            Ok(Err(err)) => return Outcome::FailedClean(errors::from_sdk_error(&err)),
            Ok(Ok(output)) => output,
        };
        let request_id = output.request_id().map(str::to_string);
        let body = slot.lock().ok().and_then(|mut slot| slot.take());
        let Some(body) = body else {
            return Outcome::FailedClean(BedrockError::internal("the hand-over of the response body"));
        };
        self.relay(body, request_id, attempt, first_event_deadline, shown).await
    }

    /// Passes events on as they come. A later attempt announces itself with a `retry` event
    /// instead of a second `response`, and its message start is dropped, so a failure before any
    /// content can be retried without the caller seeing two starts.
    async fn relay(
        &self,
        mut body: RawBody,
        request_id: Option<String>,
        attempt: u32,
        first_event_deadline: Instant,
        shown: &mut Shown,
    ) -> Outcome {
        if self.sender.send(shown.announce(request_id.clone(), attempt)).await.is_err() {
            return Outcome::ReaderGone;
        }
        let mut progress = Progress::default();
        let mut decoder = FrameDecoder::default();
        let mut messages = Vec::new();
        // One timer for the whole body, moved forward only when it fires before the deadline
        // that the latest event set (or brought forward when that deadline is earlier).
        let watchdog = tokio::time::sleep_until(first_event_deadline);
        tokio::pin!(watchdog);
        let ended = loop {
            let chunk = tokio::select! {
                biased;
                chunk = body.next_chunk() => chunk,
                () = &mut watchdog => {
                    let due = self.deadline(&progress, first_event_deadline);
                    if due > Instant::now() {
                        watchdog.as_mut().reset(due);
                        continue;
                    }
                    break self.timed_out(&progress);
                }
            };
            let chunk = match chunk {
                None => break decoder.finish().map_err(|err| frame_failure(&body, &err)),
                Some(Err(err)) => break Err(errors::body_read_error(err.as_ref())),
                Some(Ok(chunk)) => chunk,
            };
            let decoded = decoder.decode(chunk, &mut messages);
            let events_before = progress.events;
            for message in messages.drain(..) {
                let event = match wire_events::event_from_message(&message) {
                    Ok(event) => event,
                    Err(err) => return progress.failed(err.with_request_id(request_id.as_deref())),
                };
                if !self.pass_on(event, &mut progress, shown).await {
                    return Outcome::ReaderGone;
                }
            }
            if let Err(err) = decoded {
                break Err(frame_failure(&body, &err));
            }
            if progress.events > events_before {
                progress.last_event_at = Instant::now();
                let due = self.deadline(&progress, first_event_deadline);
                if due < watchdog.deadline() {
                    watchdog.as_mut().reset(due);
                }
            }
        };
        match ended {
            Ok(()) if progress.message_stopped => Outcome::Finished,
            Ok(()) => progress.failed(incomplete_stream().with_request_id(request_id.as_deref())),
            Err(err) => progress.failed(err.with_request_id(request_id.as_deref())),
        }
    }

    /// Hands one event to the reader (a repeated message start is dropped); false once the
    /// reader is gone.
    async fn pass_on(&self, event: Event, progress: &mut Progress, shown: &mut Shown) -> bool {
        progress.events += 1;
        progress.answer_complete = matches!(event, Event::Metadata(_));
        progress.message_stopped |= matches!(event, Event::MessageStop { .. });
        if !shown.first_pass(&event) {
            return true;
        }
        progress.committed |= !matches!(event, Event::MessageStart { .. });
        self.sender.send(event).await.is_ok()
    }

    /// When the body must have sent more: the first event by the first-event deadline, each
    /// next one within the idle timeout, and the end within the grace after `metadata`.
    fn deadline(&self, progress: &Progress, first_event_deadline: Instant) -> Instant {
        match (progress.answer_complete, progress.events > 0) {
            (true, _) => progress.last_event_at + END_OF_STREAM_GRACE.min(self.settings.idle_timeout),
            (false, true) => progress.last_event_at + self.settings.idle_timeout,
            (false, false) => first_event_deadline,
        }
    }

    /// The body sent nothing in time: after `metadata` the answer is complete and the body is
    /// dropped; otherwise a timeout.
    fn timed_out(&self, progress: &Progress) -> Result<(), BedrockError> {
        match (progress.answer_complete, progress.events > 0) {
            (true, _) => Ok(()),
            (false, true) => Err(self.idle_timeout()),
            (false, false) => Err(self.first_event_timeout()),
        }
    }

    /// The non-streaming call for models that cannot stream, or take tools only without streaming.
    async fn converse_instead(
        &self,
        client: &aws_sdk_bedrockruntime::Client,
        request: ConverseRequest,
        headers: &Arc<RequestHeaders>,
        attempt: u32,
        shown: &mut Shown,
        region: &str,
    ) {
        shown.routing.non_streaming = true;
        let headers = Arc::clone(headers);
        let call = request.apply_converse(client.converse()).customize().mutate_request(move |request| headers.apply(request));
        let deadline = Instant::now() + self.settings.first_event_timeout;
        let output = match timeout_at(deadline, call.send()).await {
            Err(_) => return self.fail(self.first_event_timeout()).await,
            Ok(Err(err)) => return self.fail(errors::from_sdk_error(&err)).await,
            Ok(Ok(output)) => output,
        };
        let request_id = output.request_id().map(str::to_string);
        let announce = shown.announce(request_id, attempt);
        remember_what_worked(region, shown);
        for event in std::iter::once(announce).chain(fallback::replay(output)) {
            if shown.first_pass(&event) && self.sender.send(event).await.is_err() {
                return;
            }
        }
    }

    /// Transient failures are retried; those inside an already-open stream only when the caller
    /// allows it (a host that retries turns itself would otherwise multiply the attempts).
    fn may_retry(&self, err: &BedrockError) -> bool {
        err.retryable && (err.phase != crate::aws::errors::Phase::Stream || self.settings.retry_stream_failures)
    }

    async fn fail(&self, err: BedrockError) {
        let _ = self.sender.send(Event::Error(err)).await;
    }

    fn first_event_timeout(&self) -> BedrockError {
        BedrockError::timeout(format!(
            "no response from Bedrock within {} ms (first-event timeout)",
            self.settings.first_event_timeout.as_millis()
        ))
    }

    fn idle_timeout(&self) -> BedrockError {
        BedrockError::timeout(format!(
            "Bedrock sent nothing for {} ms mid-stream (idle timeout)",
            self.settings.idle_timeout.as_millis()
        ))
    }
}

/// A body that ended before `messageStop`: the answer is incomplete (a dropped proxy
/// connection, a server cut off mid-answer). Retried like any transient failure.
fn incomplete_stream() -> BedrockError {
    BedrockError {
        retryable: true,
        ..BedrockError::stream(
            "IncompleteStreamError",
            "the response ended before messageStop: the answer is incomplete (truncated stream)",
        )
    }
}

/// Where one attempt's body is.
struct Progress {
    /// Events decoded so far.
    events: u64,
    last_event_at: Instant,
    /// Content was passed on: a failure now cannot be retried invisibly.
    committed: bool,
    /// The last event was `metadata`.
    answer_complete: bool,
    message_stopped: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { events: 0, last_event_at: Instant::now(), committed: false, answer_complete: false, message_stopped: false }
    }
}

impl Progress {
    fn failed(&self, err: BedrockError) -> Outcome {
        if self.committed {
            Outcome::Failed(err)
        } else {
            Outcome::FailedClean(err)
        }
    }
}

/// A body that is no valid event stream. One labelled as something else (a proxy's HTML page,
/// a JSON document) is reported as such, whatever its first bytes happened to announce.
fn frame_failure(body: &RawBody, err: &FrameError) -> BedrockError {
    match (&body.content_type, body.is_event_stream()) {
        (Some(content_type), false) => errors::invalid_event_stream(&format!(
            "a successful response of content-type {content_type}, not an event stream ({err})"
        )),
        _ => wire_events::frame_error(err),
    }
}

/// What the caller has been shown across attempts, so that a retry shows nothing twice, and
/// how the answer is being obtained (reported with the response).
#[derive(Default)]
struct Shown {
    response: bool,
    message_start: bool,
    routing: Routing,
}

impl Shown {
    /// The first attempt to get an answer announces the response; later ones, a retry.
    fn announce(&mut self, request_id: Option<String>, attempts: u32) -> Event {
        let routing = self.routing.clone();
        if std::mem::replace(&mut self.response, true) {
            Event::Retry { request_id, attempts, routing }
        } else {
            Event::Response { http_status: 200, request_id, attempts, routing }
        }
    }

    /// Whether `event` is new to the caller: a message start is shown once.
    fn first_pass(&mut self, event: &Event) -> bool {
        !matches!(event, Event::MessageStart { .. }) || !std::mem::replace(&mut self.message_start, true)
    }
}

/// A profile that got an answer for a refused bare id is used straight away from now on.
fn remember_what_worked(region: &str, shown: &Shown) {
    match &shown.routing.substitution {
        Some(substitution) if shown.response && substitution.source != SubstitutionSource::Remembered => {
            routing::remember_profile(region, substitution);
        }
        _ => {}
    }
}

/// When the inference profile tried for a refused bare id fails before answering, the caller
/// gets Bedrock's refusal of the id they asked for, with what the profile said.
fn with_refusal(refused: Option<BedrockError>, err: BedrockError, shown: &Shown) -> BedrockError {
    match (refused, &shown.routing.substitution) {
        (Some(mut refusal), Some(substitution)) if !shown.response => {
            refusal.message = format!("{} (tried inference profile {}: {})", refusal.message, substitution.used, err.message);
            refusal
        }
        _ => err,
    }
}

/// Exponential backoff with jitter in [50%, 100%] of the step, capped.
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let step = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(MAX_BACKOFF);
    step.mul_f64(0.5 + jitter() / 2.0)
}

/// A cheap source of jitter: the sub-second clock is random enough to spread retries apart.
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    f64::from(nanos % 1000) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_and_capped() {
        let base = Duration::from_millis(100);
        let first = backoff(base, 1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
        let third = backoff(base, 3);
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400), "{third:?}");
        assert!(backoff(base, 40) <= MAX_BACKOFF);
    }

    #[tokio::test]
    async fn invalid_request_yields_one_typed_error_then_ends() {
        let (stream, task) = open("[1,2]".into(), ClientOptions::default(), StreamSettings::default(), EnvSnapshot::capture(), Ok(RequestHeaders::default()), CancellationToken::new());
        tokio::spawn(task);
        let batch = stream.next_batch().await.expect("an error batch");
        assert!(matches!(&batch[..], [Event::Error(e)] if e.code == "InvalidRequest"), "{batch:?}");
        assert!(stream.next_batch().await.is_none());
    }

    /// What a worker's teardown does to its streams: the environment's token is the parent of
    /// the stream's, and cancelling it ends a stream the server stalls, closing its connection.
    #[tokio::test]
    async fn cancelling_the_environment_ends_a_stalled_stream_and_closes_its_connection() {
        use tokio::io::AsyncReadExt;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let options = ClientOptions {
            endpoint: Some(format!("http://{}", listener.local_addr().unwrap())),
            region: Some("us-east-1".into()),
            skip_auth: Some(true),
            ..ClientOptions::default()
        };
        let request = r#"{"modelId":"m","messages":[{"role":"user","content":[{"text":"hi"}]}]}"#;
        let environment = CancellationToken::new();
        let (stream, task) = open(request.into(), options, StreamSettings::default(), EnvSnapshot::capture(), Ok(RequestHeaders::default()), environment.child_token());
        let task = tokio::spawn(task);
        // The server takes the connection and never answers.
        let (mut connection, _) = listener.accept().await.unwrap();
        environment.cancel();
        tokio::time::timeout(Duration::from_secs(1), task).await.expect("the task ends").unwrap();
        assert!(stream.next_batch().await.is_none());
        let mut request_bytes = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(1), connection.read_to_end(&mut request_bytes));
        read.await.expect("the client closes the connection").unwrap();
    }

    /// Serves one HTTP/1.1 response: a 200 event stream whose bytes arrive in `pieces`, as
    /// chunks of a chunked body (so frames are split across reads), then the body ends.
    async fn serve_event_stream(pieces: Vec<Vec<u8>>) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut connection, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // The request's headers and its (small) body.
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = connection.read(&mut buffer).await.unwrap();
                request.extend_from_slice(&buffer[..read]);
            }
            let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\nx-amzn-requestid: r-1\r\ntransfer-encoding: chunked\r\n\r\n";
            connection.write_all(head).await.unwrap();
            for piece in pieces {
                connection.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await.unwrap();
                connection.write_all(&piece).await.unwrap();
                connection.write_all(b"\r\n").await.unwrap();
                connection.flush().await.unwrap();
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            connection.write_all(b"0\r\n\r\n").await.unwrap();
            let _ = connection.read(&mut buffer).await;
        });
        url
    }

    async fn run_against(url: String) -> Vec<Event> {
        let options = ClientOptions { endpoint: Some(url), region: Some("us-east-1".into()), skip_auth: Some(true), ..ClientOptions::default() };
        let settings = StreamSettings { max_attempts: 1, ..StreamSettings::default() };
        let request = r#"{"modelId":"m","messages":[{"role":"user","content":[{"text":"hi"}]}]}"#;
        let (stream, task) = open(request.into(), options, settings, EnvSnapshot::capture(), Ok(RequestHeaders::default()), CancellationToken::new());
        tokio::spawn(task);
        let mut events = Vec::new();
        while let Some(batch) = tokio::time::timeout(Duration::from_secs(10), stream.next_batch()).await.expect("no stall") {
            events.extend(batch);
        }
        events
    }

    /// Frames split at odd places across the body's chunks, several frames in one chunk.
    fn split_oddly(frames: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        let bytes: Vec<u8> = frames.concat();
        let mut pieces = Vec::new();
        let mut rest = &bytes[..];
        for size in [5usize, 1, 40, 7, 300, 13].iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (piece, tail) = rest.split_at((*size).min(rest.len()));
            pieces.push(piece.to_vec());
            rest = tail;
        }
        pieces
    }

    #[tokio::test]
    async fn a_raw_event_stream_body_becomes_the_events_in_order() {
        use crate::converse::frames::encode;
        use crate::converse::events::Delta;

        let frames = vec![
            encode::event("messageStart", r#"{"role":"assistant","p":"abc"}"#),
            encode::event("contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":"Hel"}}"#),
            encode::event("contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":"lo"}}"#),
            encode::event("contentBlockStop", r#"{"contentBlockIndex":0}"#),
            encode::event("messageStop", r#"{"stopReason":"end_turn"}"#),
            encode::event("metadata", r#"{"usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":5}}"#),
        ];
        let events = run_against(serve_event_stream(split_oddly(frames)).await).await;
        assert!(matches!(&events[0], Event::Response { request_id: Some(id), .. } if id == "r-1"), "{events:?}");
        let texts: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::ContentBlockDelta { delta: Delta::Text(t), .. } => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Hel", "lo"]);
        assert!(matches!(events.last(), Some(Event::Metadata(_))), "{events:?}");
        assert_eq!(events.len(), 7, "{events:?}");
    }

    #[tokio::test]
    async fn an_exception_frame_after_content_is_the_last_event() {
        use crate::converse::frames::encode;

        let frames = vec![
            encode::event("messageStart", r#"{"role":"assistant"}"#),
            encode::event("contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":"Hel"}}"#),
            encode::exception("throttlingException", r#"{"message":"Too many tokens."}"#),
        ];
        let events = run_against(serve_event_stream(split_oddly(frames)).await).await;
        let Some(Event::Error(err)) = events.last() else { panic!("{events:?}") };
        assert_eq!(
            (err.code.as_str(), err.http_status, err.phase, err.request_id.as_deref(), err.message.as_str()),
            ("ThrottlingException", Some(429), crate::aws::errors::Phase::Stream, Some("r-1"), "Too many tokens.")
        );
    }

    #[tokio::test]
    async fn cancel_ends_a_pending_read() {
        let (stream, _task) = open("{}".into(), ClientOptions::default(), StreamSettings::default(), EnvSnapshot::capture(), Ok(RequestHeaders::default()), CancellationToken::new());
        stream.cancel();
        assert!(stream.next_batch().await.is_none());
    }
}
