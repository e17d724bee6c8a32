//! What a caller asks for (options) and what the environment says, captured once per call so a
//! request sees one consistent view, and so the client cache can tell when either changed.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::time::Duration;

/// Strings that callers put where a bearer token goes to mean "authenticated some other way".
const TOKEN_PLACEHOLDERS: &[&str] = &["<authenticated>", "__aws_sdk_auth__"];

/// Variables that change where a request goes or how it is signed. Secrets are among them: they
/// are only ever hashed into the client-cache key, never printed.
const RELEVANT_ENV: &[&str] = &[
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_BEDROCK_SKIP_AUTH",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "HOME",
];

/// The environment variables that matter to us, blank ones treated as unset.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct EnvSnapshot {
    values: BTreeMap<&'static str, String>,
}

impl EnvSnapshot {
    pub fn capture() -> Self {
        let values = RELEVANT_ENV
            .iter()
            .filter_map(|name| std::env::var(name).ok().map(|v| (*name, v)))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        EnvSnapshot { values }
    }

    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&'static str, &str)]) -> Self {
        let values = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        EnvSnapshot { values }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|v| v.trim())
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

impl std::fmt::Debug for EnvSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.keys()).finish()
    }
}

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

fn non_blank(value: Option<&str>) -> Option<&str> {
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
    fn debug_output_never_shows_values() {
        let env = EnvSnapshot::from_pairs(&[("AWS_SECRET_ACCESS_KEY", "very-secret")]);
        let shown = format!("{env:?} {:?}", AuthMode::Bearer("very-secret".into()));
        assert!(!shown.contains("very-secret"), "{shown}");
    }

    #[test]
    fn fingerprint_changes_with_credentials() {
        let a = EnvSnapshot::from_pairs(&[("AWS_ACCESS_KEY_ID", "A")]);
        let b = EnvSnapshot::from_pairs(&[("AWS_ACCESS_KEY_ID", "B")]);
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
    }
}
