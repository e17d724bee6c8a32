//! What the environment says, captured once per call so a request sees one consistent view, and
//! so the caches can tell when it changed.

use std::collections::BTreeMap;

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
}

impl std::fmt::Debug for EnvSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_values() {
        let env = EnvSnapshot::from_pairs(&[("AWS_SECRET_ACCESS_KEY", "very-secret")]);
        let shown = format!("{env:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
    }

    #[test]
    fn snapshots_differ_with_credentials() {
        // Cache keys hold the snapshot itself, so a changed credential must make it unequal.
        let a = EnvSnapshot::from_pairs(&[("AWS_ACCESS_KEY_ID", "A")]);
        let b = EnvSnapshot::from_pairs(&[("AWS_ACCESS_KEY_ID", "B")]);
        assert_ne!(a, b);
        assert_eq!(a, a.clone());
    }
}
