//! The credential chain with its failures made safe to show. A failing `credential_process` puts
//! its stderr (tools often print tokens or their arguments there) into the SDK's error; here that
//! becomes a fixed text naming the profile and the exit code. Everything else passes unchanged.

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{future, ProvideCredentials, SharedCredentialsProvider};

#[derive(Debug)]
pub struct RedactedCredentials {
    inner: SharedCredentialsProvider,
    profile: String,
}

impl RedactedCredentials {
    pub fn new(inner: SharedCredentialsProvider, profile: String) -> Self {
        RedactedCredentials { inner, profile }
    }
}

impl ProvideCredentials for RedactedCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            self.inner.provide_credentials().await.map_err(|error| redact(error, &self.profile))
        })
    }
}

/// `error` with any credential_process output replaced by a fixed text; "not loaded" stays
/// "not loaded" so that a chain still moves on to its next provider.
pub fn redact(error: CredentialsError, profile: &str) -> CredentialsError {
    if matches!(error, CredentialsError::CredentialsNotLoaded(_)) {
        return error;
    }
    match credential_process_failure(&crate::aws::errors::describe(&error), profile) {
        Some(text) => CredentialsError::provider_error(text),
        None => error,
    }
}

/// The fixed text for a credential_process failure described by `text`, if it is one.
pub fn credential_process_failure(text: &str, profile: &str) -> Option<String> {
    const EXITED: &str = "external process exited with code";
    if let Some(at) = text.find(EXITED) {
        let status = &text[at + EXITED.len()..];
        return Some(match exit_code(status) {
            Some(code) => format!("credential_process for profile {profile} failed (exit {code})"),
            None => format!("credential_process for profile {profile} failed (killed by a signal)"),
        });
    }
    if text.contains("could not parse response") || text.contains("could not decode output") {
        return Some(format!("credential_process for profile {profile} printed no valid credentials"));
    }
    if text.contains("from external process") {
        return Some(format!("credential_process for profile {profile} could not be run"));
    }
    None
}

/// `exit status: 2` (how Rust prints an exit status) → 2.
fn exit_code(status: &str) -> Option<i32> {
    let digits = status.trim_start().strip_prefix("exit status:")?.trim_start();
    let end = digits.find(|c: char| !c.is_ascii_digit() && c != '-').unwrap_or(digits.len());
    digits[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_output_never_survives() {
        let sdk_text = "Error retrieving credentials: external process exited with code exit status: 2. Stderr: token SECRET-1 rejected";
        let redacted = redact(CredentialsError::provider_error(sdk_text), "work");
        let shown = crate::aws::errors::describe(&redacted);
        assert!(shown.ends_with("credential_process for profile work failed (exit 2)"), "{shown}");
        assert!(!shown.contains("SECRET"), "{shown}");
        let parse = "Error retrieving credentials from external process, could not parse response: SECRET-2";
        assert_eq!(
            credential_process_failure(parse, "p").as_deref(),
            Some("credential_process for profile p printed no valid credentials")
        );
    }

    #[test]
    fn other_failures_and_not_loaded_pass_unchanged() {
        let not_loaded = redact(CredentialsError::not_loaded("no profile"), "p");
        assert!(matches!(not_loaded, CredentialsError::CredentialsNotLoaded(_)));
        assert_eq!(credential_process_failure("the SSO session has expired", "p"), None);
    }
}
