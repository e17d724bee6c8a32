//! Every failure the addon reports, as one typed value that crosses into JavaScript as data.
//! Messages come from AWS or from our own code, never from credentials: nothing here formats a
//! secret.

use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use serde::Serialize;

/// Where the failure happened: before the request was sent (our validation or client setup),
/// on the HTTP request itself, or inside an already-flowing event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    Client,
    Request,
    Stream,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BedrockError {
    pub code: String,
    /// Free of URL userinfo and bounded in length when it crosses into JavaScript.
    #[serde(serialize_with = "crate::aws::public_text::serialize_public")]
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    pub retryable: bool,
    pub phase: Phase,
    /// The service's `Retry-After`, when it sent one: retries wait at least this long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl BedrockError {
    pub fn client(code: &str, message: impl Into<String>) -> Self {
        BedrockError {
            code: code.to_string(),
            message: message.into(),
            http_status: None,
            request_id: None,
            retryable: false,
            phase: Phase::Client,
            retry_after_ms: None,
        }
    }

    /// A failure inside an open event stream.
    pub fn stream(code: &str, message: impl Into<String>) -> Self {
        BedrockError { phase: Phase::Stream, ..BedrockError::client(code, message) }
    }

    /// A panic in our code or the SDK's, caught: `what` names the part that failed. Never the
    /// panic's own text, which can quote configuration.
    pub fn internal(what: &str) -> Self {
        BedrockError::client(
            "InternalError",
            format!("internal error in {what} (a bug in bedrock-native or the AWS SDK; please report it)"),
        )
    }

    pub fn timeout(message: impl Into<String>) -> Self {
        BedrockError {
            code: "TimeoutError".to_string(),
            message: message.into(),
            http_status: None,
            request_id: None,
            retryable: true,
            phase: Phase::Stream,
            retry_after_ms: None,
        }
    }

    pub fn with_request_id(mut self, request_id: Option<&str>) -> Self {
        if self.request_id.is_none() {
            self.request_id = request_id.map(str::to_string);
        }
        self
    }
}

impl std::fmt::Display for BedrockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// AWS exception names whose cause is transient: retrying the same request can succeed.
const RETRYABLE_CODES: &[&str] = &[
    "ThrottlingException",
    "ServiceUnavailableException",
    "InternalServerException",
    "ModelNotReadyException",
    "ModelTimeoutException",
    "ModelStreamErrorException",
    "TooManyRequestsException",
    "RequestTimeout",
    "RequestTimeoutException",
];

pub fn is_retryable_code(code: &str) -> bool {
    RETRYABLE_CODES.contains(&code)
}

fn is_retryable_status(status: u16) -> bool {
    status == 429 || status == 408 || status >= 500
}

/// Converts any SDK error from an HTTP operation (runtime or control plane).
pub fn from_sdk_error<E>(err: &SdkError<E, aws_smithy_runtime_api::http::Response>) -> BedrockError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let raw = err.raw_response();
    let http_status = raw.map(|r| r.status().as_u16());
    let request_id = raw
        .and_then(|r| r.headers().get("x-amzn-requestid"))
        .map(str::to_string);
    let mut error = credentials_failure(err).or_else(|| transport_error(err)).unwrap_or_else(|| {
        let code = err.code().map(str::to_string).unwrap_or_else(|| status_code_name(http_status));
        let message = err
            .message()
            .map(str::to_string)
            .unwrap_or_else(|| format!("HTTP {}", http_status.map_or("error".into(), |s| s.to_string())));
        let retryable = is_retryable_code(&code) || http_status.is_some_and(is_retryable_status);
        BedrockError { code, message, http_status, request_id: None, retryable, phase: Phase::Request, retry_after_ms: None }
    });
    error.http_status = error.http_status.or(http_status);
    error.request_id = request_id;
    error.retry_after_ms = raw.and_then(|r| r.headers().get("retry-after")).and_then(retry_after_ms);
    error
}

/// The in-stream exceptions ConverseStream declares, by `:exception-type`: the code and the
/// HTTP status each stands for.
const STREAM_EXCEPTIONS: &[(&str, &str, u16)] = &[
    ("internalServerException", "InternalServerException", 500),
    ("modelStreamErrorException", "ModelStreamErrorException", 424),
    ("validationException", "ValidationException", 400),
    ("throttlingException", "ThrottlingException", 429),
    ("serviceUnavailableException", "ServiceUnavailableException", 503),
];

/// An exception frame of an open ConverseStream: its type names the error; its JSON payload
/// carries the message. An undeclared type takes its code from the payload (`code` / `__type`),
/// as the SDK does; a payload that is no JSON leaves the exception unidentified.
pub fn stream_exception(exception_type: &str, payload: &[u8]) -> BedrockError {
    let (body_code, message) = match error_body(payload) {
        Some(fields) => fields,
        None => return stream_exception_error("UnknownStreamException".into(), 500, None),
    };
    let (code, http_status) = match STREAM_EXCEPTIONS.iter().find(|(wire, _, _)| *wire == exception_type) {
        Some((_, code, status)) => (code.to_string(), *status),
        None => (body_code.map_or_else(|| "UnknownStreamException".to_string(), |c| sanitize_error_code(&c).to_string()), 500),
    };
    stream_exception_error(code, http_status, message)
}

fn stream_exception_error(code: String, http_status: u16, message: Option<String>) -> BedrockError {
    BedrockError {
        retryable: is_retryable_code(&code),
        code,
        message: message.unwrap_or_else(|| "no message".to_string()),
        http_status: Some(http_status),
        request_id: None,
        phase: Phase::Stream,
        retry_after_ms: None,
    }
}

/// The code (`code`, else `__type`) and message of a JSON error body; `None` when it is no JSON.
/// A body that is no object carries neither.
fn error_body(payload: &[u8]) -> Option<(Option<String>, Option<String>)> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Some((None, None));
    }
    let serde_json::Value::Object(fields) = serde_json::from_slice::<serde_json::Value>(payload).ok()? else {
        return Some((None, None));
    };
    let text = |key: &str| fields.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let message = text("message").or_else(|| text("Message")).or_else(|| text("errorMessage"));
    Some((text("code").or_else(|| text("__type")), message))
}

/// `aws.protocoltests#ThrottlingException:http://…` → `ThrottlingException`.
fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.split_once('#').map_or(code, |(_, name)| name)
}

/// An `error` message of an open event stream (`:error-code`, `:error-message` headers).
pub fn stream_error_message(code: Option<&str>, message: Option<&str>) -> BedrockError {
    let code = code.unwrap_or("UnknownStreamError");
    BedrockError {
        retryable: is_retryable_code(code),
        ..BedrockError::stream(code, message.unwrap_or("no message"))
    }
}

/// A response body that is no valid ConverseStream event stream (a proxy's page, corrupt or
/// truncated frames, a payload that is no event): it comes back the same on a second try.
pub fn invalid_event_stream(detail: &str) -> BedrockError {
    BedrockError::stream("ResponseError", format!("invalid event stream from Bedrock: {detail}"))
}

/// The connection failed while the body was being read.
pub fn body_read_error(err: &(dyn std::error::Error + 'static)) -> BedrockError {
    BedrockError {
        retryable: true,
        ..BedrockError::stream("ConnectionError", format!("the connection failed mid-stream: {}", describe(err)))
    }
}

/// Failures that never reached a service answer: connection, timeout, malformed response.
fn transport_error<E, R>(err: &SdkError<E, R>) -> Option<BedrockError>
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let (code, retryable) = match err {
        SdkError::DispatchFailure(failure) if failure.is_timeout() => ("TimeoutError", true),
        SdkError::DispatchFailure(failure) if failure.is_io() => ("ConnectionError", true),
        SdkError::DispatchFailure(_) => ("ConnectionError", false),
        SdkError::TimeoutError(_) => ("TimeoutError", true),
        SdkError::ConstructionFailure(_) => ("ClientError", false),
        // A body that is no valid event stream (a proxy's login page, corrupt frames) comes back
        // the same on a second try.
        SdkError::ResponseError(_) => ("ResponseError", false),
        _ => return None,
    };
    Some(BedrockError {
        code: code.to_string(),
        message: describe(err),
        http_status: None,
        request_id: None,
        retryable,
        phase: Phase::Request,
        retry_after_ms: None,
    })
}

/// A request that failed because no credentials could be loaded (the SDK reports it as a
/// dispatch failure); the text is the credential chain's, already redacted.
fn credentials_failure(err: &(dyn std::error::Error + 'static)) -> Option<BedrockError> {
    let failure = find_cause::<aws_credential_types::provider::error::CredentialsError>(err)?;
    Some(BedrockError::client("CredentialsError", format!("could not load AWS credentials: {}", describe(failure))))
}

/// The first error of type `T` in `err`'s chain of causes.
fn find_cause<'a, T: std::error::Error + 'static>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// `Retry-After` in its delta-seconds form (the HTTP-date form is not used by AWS services).
fn retry_after_ms(value: &str) -> Option<u64> {
    value.trim().parse::<u64>().ok().map(|seconds| seconds.saturating_mul(1000))
}

/// An error and its causes as one readable line. The SDK's own `DisplayErrorContext` also appends
/// the whole `Debug` tree, which is noise to a user; a cause already quoted by its parent is left out.
pub fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !cause_text.is_empty() && !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    // The SDK's "failed to apply endpoint … to request `Request { body: … }`" quotes the whole
    // request, conversation included; the part before it says what failed.
    if let Some(at) = text.find(" to request `Request {") {
        text.truncate(at);
    }
    text
}

fn status_code_name(status: Option<u16>) -> String {
    match status {
        Some(400) => "ValidationException",
        Some(403) => "AccessDeniedException",
        Some(404) => "ResourceNotFoundException",
        Some(408) => "ModelTimeoutException",
        Some(424) => "ModelErrorException",
        Some(429) => "ThrottlingException",
        Some(503) => "ServiceUnavailableException",
        Some(s) if s >= 500 => "InternalServerException",
        _ => "UnknownError",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_codes_are_the_transient_ones() {
        assert!(is_retryable_code("ThrottlingException"));
        assert!(is_retryable_code("ModelStreamErrorException"));
        assert!(!is_retryable_code("ValidationException"));
        assert!(!is_retryable_code("AccessDeniedException"));
    }

    #[test]
    fn error_codes_lose_their_namespace_and_suffix() {
        assert_eq!(sanitize_error_code("aws.protocoltests#ThrottlingException:http://x"), "ThrottlingException");
        assert_eq!(sanitize_error_code("ValidationException"), "ValidationException");
    }

    #[test]
    fn stream_exceptions_from_unparsable_or_bare_payloads() {
        let err = stream_exception("throttlingException", b"not json");
        assert_eq!((err.code.as_str(), err.http_status, err.message.as_str()), ("UnknownStreamException", Some(500), "no message"));
        let err = stream_exception("throttlingException", b"");
        assert_eq!((err.code.as_str(), err.retryable, err.message.as_str()), ("ThrottlingException", true, "no message"));
        let err = stream_exception("serviceUnavailableException", br#"{"Message":"later"}"#);
        assert_eq!((err.code.as_str(), err.http_status, err.message.as_str()), ("ServiceUnavailableException", Some(503), "later"));
    }

    #[test]
    fn status_names_cover_the_converse_errors() {
        assert_eq!(status_code_name(Some(429)), "ThrottlingException");
        assert_eq!(status_code_name(Some(502)), "InternalServerException");
        assert_eq!(status_code_name(None), "UnknownError");
    }

    #[test]
    fn describe_joins_causes_once_and_without_debug_output() {
        #[derive(Debug)]
        struct Layer(&'static str, Option<Box<Layer>>);
        impl std::fmt::Display for Layer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for Layer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.1.as_deref().map(|l| l as &(dyn std::error::Error + 'static))
            }
        }
        let err = Layer("dispatch failure", Some(Box::new(Layer("io error: refused", Some(Box::new(Layer("refused", None)))))));
        assert_eq!(describe(&err), "dispatch failure: io error: refused");
    }

    #[test]
    fn serializes_as_camel_case_without_empty_fields() {
        let error = BedrockError::client("InvalidRequest", "bad").with_request_id(Some("r-1"));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code":"InvalidRequest","message":"bad","requestId":"r-1","retryable":false,"phase":"client"})
        );
    }
}
