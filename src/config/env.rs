//! What the environment says, captured once per call so a request sees one consistent view, and
//! so the caches can tell when it changed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_types::os_shim_internal::Env;

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
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "HOME",
    "USERPROFILE",
];

/// The environment variables that matter to us, blank ones treated as unset. Both parts take
/// part in equality and hashing, so caches keyed on a snapshot see every change.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct EnvSnapshot {
    values: BTreeMap<&'static str, String>,
    /// The caller's whole environment when JavaScript passed one (Bun, `.env` loaders, a host's
    /// provider-scoped variables), for the AWS SDK's own lookups; `None`: the process environment.
    custom: Option<Arc<BTreeMap<String, String>>>,
}

impl EnvSnapshot {
    /// The process environment.
    pub fn capture() -> Self {
        EnvSnapshot { values: relevant(|name| std::env::var(name).ok()), custom: None }
    }

    /// The environment a caller passed, or the process environment without one. Only the
    /// variables AWS tooling reads are kept (`AWS_*` and the relevant ones above), so that an
    /// unrelated variable changing does not change the caches' keys.
    pub fn from_caller(env: Option<HashMap<String, String>>) -> Self {
        let Some(env) = env else { return Self::capture() };
        let env: BTreeMap<String, String> =
            env.into_iter().filter(|(name, _)| is_kept(name)).collect();
        EnvSnapshot { values: relevant(|name| env.get(name).cloned()), custom: Some(Arc::new(env)) }
    }

    /// Whether the caller passed the environment (rather than the process's being used).
    #[cfg(test)]
    pub fn is_custom(&self) -> bool {
        self.custom.is_some()
    }

    /// The shared config and credentials files named by a passed environment (`AWS_CONFIG_FILE`,
    /// `AWS_SHARED_CREDENTIALS_FILE`, else under its `HOME`); `None` for the process environment,
    /// where the SDK finds them itself.
    #[allow(deprecated)] // the SDK's profile-file types are re-exported under their old names
    pub fn profile_files(&self) -> Option<aws_config::profile::profile_file::ProfileFiles> {
        use aws_config::profile::profile_file::{ProfileFileKind, ProfileFiles};
        let env = self.custom.as_ref()?;
        let home = env.get("HOME").or(env.get("USERPROFILE"));
        // Only files that exist: the SDK takes an explicitly named file that is missing as an
        // error, where its own default lookup takes it as "no profiles".
        let path = |variable: &str, file: &str| {
            env.get(variable)
                .cloned()
                .or_else(|| home.map(|home| format!("{home}/.aws/{file}")))
                .filter(|path| std::path::Path::new(path).exists())
        };
        let mut files =
            ProfileFiles::builder().include_default_config_file(false).include_default_credentials_file(false);
        let (config, credentials) = (path("AWS_CONFIG_FILE", "config"), path("AWS_SHARED_CREDENTIALS_FILE", "credentials"));
        if config.is_none() && credentials.is_none() {
            // The SDK needs at least one source: no files means no profiles.
            files = files.with_contents(ProfileFileKind::Config, "");
        }
        if let Some(config) = config {
            files = files.with_file(ProfileFileKind::Config, config);
        }
        if let Some(credentials) = credentials {
            files = files.with_file(ProfileFileKind::Credentials, credentials);
        }
        Some(files.build())
    }

    /// The environment the AWS SDK's loaders should read: the caller's, else the process's.
    pub fn sdk_env(&self) -> Env {
        match &self.custom {
            Some(env) => Env::from(env.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<HashMap<_, _>>()),
            None => Env::real(),
        }
    }

    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&'static str, &str)]) -> Self {
        let values = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        EnvSnapshot { values, custom: None }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(|v| v.trim())
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}

/// Every variable AWS tooling reads is named `AWS_*`; these prefixes and `RELEVANT_ENV` are what
/// a passed environment is reduced to (JavaScript copies only these across the edge).
pub const KEPT_PREFIXES: &[&str] = &["AWS_"];

/// The variables besides `KEPT_PREFIXES` that matter to us.
pub fn kept_names() -> &'static [&'static str] {
    RELEVANT_ENV
}

fn is_kept(name: &str) -> bool {
    KEPT_PREFIXES.iter().any(|prefix| name.starts_with(prefix)) || RELEVANT_ENV.contains(&name)
}

/// The relevant variables that `lookup` has, blank ones left out.
fn relevant(lookup: impl Fn(&str) -> Option<String>) -> BTreeMap<&'static str, String> {
    RELEVANT_ENV
        .iter()
        .filter_map(|name| lookup(name).map(|v| (*name, v)))
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
}

/// Names only: values include secrets.
impl std::fmt::Debug for EnvSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = if self.custom.is_some() { "caller" } else { "process" };
        f.debug_struct("EnvSnapshot").field("from", &source).field("set", &self.values.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller_env(pairs: &[(&str, &str)]) -> EnvSnapshot {
        EnvSnapshot::from_caller(Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
    }

    #[test]
    fn debug_output_never_shows_values() {
        let env = EnvSnapshot::from_pairs(&[("AWS_SECRET_ACCESS_KEY", "very-secret")]);
        let passed = caller_env(&[("AWS_SECRET_ACCESS_KEY", "very-secret"), ("OTHER_SECRET", "also-secret")]);
        let shown = format!("{env:?} {passed:?}");
        assert!(!shown.contains("very-secret") && !shown.contains("also-secret"), "{shown}");
    }

    #[test]
    fn a_passed_environment_replaces_the_process_one() {
        let env = caller_env(&[("AWS_REGION", "eu-north-1"), ("AWS_PROFILE", " "), ("CUSTOM_CA", "x")]);
        assert_eq!((env.get("AWS_REGION"), env.is_set("AWS_PROFILE"), env.is_custom()), (Some("eu-north-1"), false, true));
        assert_eq!(env.sdk_env().get("AWS_PROFILE").ok().as_deref(), Some(" "), "the SDK sees the passed AWS variables as they are");
        assert_eq!(env.sdk_env().get("CUSTOM_CA").ok(), None, "unrelated variables are not kept");
        assert_eq!(env, caller_env(&[("AWS_REGION", "eu-north-1"), ("AWS_PROFILE", " "), ("CUSTOM_CA", "y")]));
        assert_ne!(env, caller_env(&[("AWS_REGION", "eu-north-1"), ("AWS_PROFILE", " "), ("AWS_CA_BUNDLE", "y")]));
        assert!(!EnvSnapshot::from_caller(None).is_custom());
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
