//! What a caller asks for, free of napi types: where a request goes, how it authenticates, and
//! how long a stream may stay silent.

use std::time::Duration;

use crate::config::env::EnvSnapshot;

/// Strings that callers put where a bearer token goes to mean "authenticated some other way".
const TOKEN_PLACEHOLDERS: &[&str] = &["<authenticated>", "__aws_sdk_auth__"];

#[derive(Clone, PartialEq, Eq, Hash)]
pub enum AuthMode {
    /// The AWS default credential chain (or the named profile), signed with SigV4.
    SigV4,
    /// A Bedrock API key sent as `Authorization: Bearer`.
    Bearer(String),
    /// Dummy credentials, for unauthenticated proxies in front of Bedrock.
    SkipAuth,
}

impl AuthMode {
    pub fn name(&self) -> &'static str {
        match self {
            AuthMode::SigV4 => "sigv4",
            AuthMode::Bearer(_) => "bearer",
            AuthMode::SkipAuth => "skip-auth",
        }
    }
}

impl std::fmt::Debug for AuthMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The caller's options, free of napi types.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub base_url: Option<String>,
    pub endpoint: Option<String>,
    pub bearer_token: Option<String>,
    pub skip_auth: Option<bool>,
}

impl ClientOptions {
    pub fn profile(&self, env: &EnvSnapshot) -> Option<String> {
        non_blank(self.profile.as_deref()).or(env.get("AWS_PROFILE")).map(str::to_string)
    }

    pub fn auth_mode(&self, env: &EnvSnapshot) -> AuthMode {
        if self.skip_auth.unwrap_or(false) || env.get("AWS_BEDROCK_SKIP_AUTH") == Some("1") {
            return AuthMode::SkipAuth;
        }
        let token = non_blank(self.bearer_token.as_deref())
            .filter(|t| !is_placeholder(t))
            .or_else(|| env.get("AWS_BEARER_TOKEN_BEDROCK").filter(|t| !is_placeholder(t)));
        token.map_or(AuthMode::SigV4, |t| AuthMode::Bearer(t.to_string()))
    }
}

pub fn is_placeholder(token: &str) -> bool {
    TOKEN_PLACEHOLDERS.contains(&token.trim())
}

/// A trimmed value, `None` when absent or blank (a blank option or variable means "unset").
pub fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// How long a stream may stay silent, and how often a failed request is tried, before the
/// caller is told.
#[derive(Debug, Clone, Copy)]
pub struct StreamSettings {
    pub first_event_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_attempts: u32,
    pub retry_base_delay: Duration,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            first_event_timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(180),
            max_attempts: 3,
            retry_base_delay: Duration::from_millis(500),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_token_beats_env_and_placeholders_are_never_tokens() {
        let env = EnvSnapshot::from_pairs(&[("AWS_BEARER_TOKEN_BEDROCK", "env-token")]);
        let mut options = ClientOptions { bearer_token: Some("opt-token".into()), ..Default::default() };
        assert_eq!(options.auth_mode(&env), AuthMode::Bearer("opt-token".into()));
        options.bearer_token = Some("<authenticated>".into());
        assert_eq!(options.auth_mode(&env), AuthMode::Bearer("env-token".into()));
        let placeholder_env = EnvSnapshot::from_pairs(&[("AWS_BEARER_TOKEN_BEDROCK", "__aws_sdk_auth__")]);
        assert_eq!(options.auth_mode(&placeholder_env), AuthMode::SigV4);
    }

    #[test]
    fn skip_auth_wins() {
        let env = EnvSnapshot::from_pairs(&[("AWS_BEDROCK_SKIP_AUTH", "1"), ("AWS_BEARER_TOKEN_BEDROCK", "t")]);
        assert_eq!(ClientOptions::default().auth_mode(&env), AuthMode::SkipAuth);
    }

    #[test]
    fn debug_output_never_shows_a_token() {
        let shown = format!("{:?}", AuthMode::Bearer("very-secret".into()));
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
