//! A caller's extra request headers and User-Agent suffix (pi-ai 1.6's `headers` and
//! `identity`), applied to each outgoing request before it is signed, so the signature covers
//! them. Headers that signing or authentication own (`host`, `authorization`, `x-amz-*`) are
//! never touched, as in pi-ai.

use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::http::Headers;

use crate::aws::errors::BedrockError;

/// What to change on every request of one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestHeaders {
    /// Header names (lower case) with the value to set, or `None` to remove the header.
    changes: Vec<(String, Option<String>)>,
    /// Appended to the SDK's `User-Agent`, after a space.
    user_agent_suffix: Option<String>,
}

fn is_reserved(name: &str) -> bool {
    name == "host" || name == "authorization" || name.starts_with("x-amz-")
}

impl RequestHeaders {
    /// Checks every name and value up front, so a bad one is a typed error before anything is
    /// sent; the error names the header, never its value (which may be a secret).
    pub fn new(
        headers: impl IntoIterator<Item = (String, Option<String>)>,
        user_agent_suffix: Option<String>,
    ) -> Result<Self, BedrockError> {
        let mut changes: Vec<(String, Option<String>)> = Vec::new();
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            if is_reserved(&name) {
                continue;
            }
            let mut probe = Headers::new();
            if probe.try_insert(name.clone(), value.clone().unwrap_or_default()).is_err() {
                return Err(BedrockError::client("InvalidRequest", format!("request header `{name}` has an invalid name or value")));
            }
            changes.retain(|(earlier, _)| *earlier != name);
            changes.push((name, value));
        }
        let user_agent_suffix = user_agent_suffix.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(suffix) = &user_agent_suffix {
            if suffix.chars().any(|c| !(' '..='~').contains(&c)) {
                return Err(BedrockError::client("InvalidRequest", "the User-Agent suffix must be printable ASCII"));
            }
        }
        Ok(RequestHeaders { changes, user_agent_suffix })
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.user_agent_suffix.is_none()
    }

    /// Applies the changes (checked in `new`, so inserting cannot fail).
    pub fn apply(&self, request: &mut HttpRequest) {
        let headers = request.headers_mut();
        if let Some(suffix) = &self.user_agent_suffix {
            let user_agent = match headers.get("user-agent") {
                Some(current) => format!("{current} {suffix}"),
                None => suffix.clone(),
            };
            headers.insert("user-agent", user_agent);
        }
        for (name, value) in &self.changes {
            match value {
                Some(value) => {
                    headers.insert(name.clone(), value.clone());
                }
                None => {
                    headers.remove(name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(headers: &[(&'static str, &'static str)]) -> HttpRequest {
        let mut request = HttpRequest::empty();
        for (name, value) in headers {
            request.headers_mut().insert(*name, *value);
        }
        request
    }

    fn header(name: &str, value: Option<&str>) -> (String, Option<String>) {
        (name.to_string(), value.map(str::to_string))
    }

    #[test]
    fn sets_and_removes_headers_but_never_signing_ones() {
        let changes = RequestHeaders::new(
            [
                header("X-Team", Some("search")),
                header("Amz-Sdk-Request", None),
                header("Authorization", Some("Bearer stolen")),
                header("X-Amz-Date", Some("19700101T000000Z")),
                header("Host", Some("evil.example")),
            ],
            None,
        )
        .unwrap();
        let mut request = request_with(&[("amz-sdk-request", "attempt=1"), ("authorization", "AWS4"), ("x-amz-date", "now"), ("host", "h")]);
        changes.apply(&mut request);
        let headers = request.headers();
        assert_eq!(headers.get("x-team"), Some("search"));
        assert_eq!(headers.get("amz-sdk-request"), None);
        assert_eq!((headers.get("authorization"), headers.get("x-amz-date"), headers.get("host")), (Some("AWS4"), Some("now"), Some("h")));
    }

    #[test]
    fn a_later_spelling_of_a_header_wins() {
        let changes = RequestHeaders::new([header("X-Team", Some("a")), header("x-team", None)], None).unwrap();
        let mut request = request_with(&[("x-team", "sdk")]);
        changes.apply(&mut request);
        assert_eq!(request.headers().get("x-team"), None);
    }

    #[test]
    fn the_user_agent_suffix_follows_the_sdk_one() {
        let changes = RequestHeaders::new([], Some("pi/1.6.0".into())).unwrap();
        let mut request = request_with(&[("user-agent", "aws-sdk-rust/1")]);
        changes.apply(&mut request);
        assert_eq!(request.headers().get("user-agent"), Some("aws-sdk-rust/1 pi/1.6.0"));
        assert!(RequestHeaders::new([], Some("  ".into())).unwrap().is_empty());
    }

    #[test]
    fn invalid_headers_fail_by_name_without_the_value() {
        let error = RequestHeaders::new([header("x-token", Some("secret\nvalue"))], None).unwrap_err();
        assert_eq!(error.code, "InvalidRequest");
        assert!(error.message.contains("x-token") && !error.message.contains("secret"), "{}", error.message);
        assert!(RequestHeaders::new([header("bad name", Some("v"))], None).is_err());
        assert!(RequestHeaders::new([], Some("pi\u{e9}".into())).is_err());
    }
}
