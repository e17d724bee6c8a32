//! Every failure the addon reports, as one typed value that crosses into JavaScript as data.
//! Messages come from AWS or from our own code, never from credentials: nothing here formats a
//! secret.

use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError;
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
    let mut error = transport_error(err).unwrap_or_else(|| {
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

/// Converts an error read from an already-open ConverseStream: an exception frame, a broken
/// frame, or a dropped connection.
pub fn from_stream_error(
    err: &SdkError<ConverseStreamOutputError, aws_smithy_types::event_stream::RawMessage>,
) -> BedrockError {
    if let Some(mut error) = transport_error(err) {
        error.phase = Phase::Stream;
        return error;
    }
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            // The SDK reads the code only from the payload's `__type`, which Bedrock does not
            // send in exception frames, so the variant is the reliable source.
            let (code, http_status) = stream_exception_identity(inner);
            let message = inner.message().unwrap_or("no message").to_string();
            BedrockError {
                retryable: is_retryable_code(&code),
                code,
                message,
                http_status: Some(http_status),
                request_id: None,
                phase: Phase::Stream,
                retry_after_ms: None,
            }
        }
        other => BedrockError {
            code: "StreamDecodeError".into(),
            message: format!("invalid event stream from Bedrock: {}", describe(other)),
            http_status: None,
            request_id: None,
            retryable: false,
            phase: Phase::Stream,
            retry_after_ms: None,
        },
    }
}

fn stream_exception_identity(err: &ConverseStreamOutputError) -> (String, u16) {
    let (name, status) = match err {
        ConverseStreamOutputError::InternalServerException(_) => ("InternalServerException", 500),
        ConverseStreamOutputError::ModelStreamErrorException(_) => ("ModelStreamErrorException", 424),
        ConverseStreamOutputError::ValidationException(_) => ("ValidationException", 400),
        ConverseStreamOutputError::ThrottlingException(_) => ("ThrottlingException", 429),
        ConverseStreamOutputError::ServiceUnavailableException(_) => ("ServiceUnavailableException", 503),
        other => return (other.code().unwrap_or("UnknownStreamException").to_string(), 500),
    };
    (name.to_string(), status)
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
