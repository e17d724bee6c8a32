//! Which credentials a request would use, found the way the AWS SDK finds them, and reported
//! without any secret. Order (the OpenClaw seed's): a Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`
//! or the `bearerToken` option), then the default chain — the access key pair in the environment,
//! the profile (`AWS_PROFILE` or the `profile` option, else `default`: static keys, SSO,
//! credential_process, assume-role), web identity, ECS/EKS container credentials, EC2 instance
//! metadata. Each step is really tried, so an EC2 instance role is found without the
//! `AWS_PROFILE=default` workaround; instance metadata is probed with short timeouts so that
//! detection off EC2 stays fast. Results are cached for a few minutes per environment.

use std::convert::Infallible;
use std::sync::LazyLock;
use std::time::Duration;

use aws_config::ecs::EcsCredentialsProvider;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
use aws_credential_types::credential_feature::AwsCredentialFeature;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_types::region::Region;
use serde::Serialize;

use crate::aws::errors::describe;
use crate::aws::redacted_credentials::credential_process_failure;
use crate::cache::{Cache, Outcome};
use crate::config::env::EnvSnapshot;
use crate::config::options::{is_placeholder, AuthMode, ClientOptions};
use crate::config::region::{configured_region, final_region, RegionSource};

const IMDS_CONNECT_TIMEOUT: Duration = Duration::from_millis(250);
const IMDS_READ_TIMEOUT: Duration = Duration::from_millis(500);
/// Web identity and SSO call STS / the SSO portal; a hung network must not hang detection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
const REPORT_TTL: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    BearerToken,
    SkipAuth,
    Environment,
    Profile,
    Sso,
    CredentialProcess,
    AssumeRole,
    WebIdentity,
    Container,
    Imds,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialReport {
    /// Whether usable credentials were found.
    pub detected: bool,
    pub source: Source,
    /// The environment variable OpenClaw's seed reports for this source, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env_var: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    pub region: String,
    pub region_source: RegionSource,
    /// Why the step that applied failed (an expired SSO session, a broken profile, ...).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "public_error")]
    pub error: Option<String>,
}

fn public_error<S: serde::Serializer>(error: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match error {
        Some(text) => crate::aws::public_text::serialize_public(text, serializer),
        None => serializer.serialize_none(),
    }
}

impl CredentialReport {
    /// The report when detection itself panicked: nothing detected, and a text saying so.
    pub fn failed_internally() -> Self {
        CredentialReport {
            detected: false,
            source: Source::None,
            env_var: None,
            profile: None,
            region: crate::config::region::DEFAULT_REGION.to_string(),
            region_source: RegionSource::Default,
            error: Some(crate::aws::errors::BedrockError::internal("credential detection").message),
        }
    }
}

/// What decides a report: the options that select credentials and the environment (held as the
/// snapshot, which never prints its values; the auth mode prints only its name).
#[derive(Clone, PartialEq, Eq, Hash)]
struct ReportKey {
    region: Option<String>,
    profile: Option<String>,
    auth: AuthMode,
    env: EnvSnapshot,
}

static REPORTS: LazyLock<Cache<ReportKey, CredentialReport, Infallible>> = LazyLock::new(Cache::default);

/// The report for these options in the current environment, from the cache when recent.
pub async fn detect(options: &ClientOptions, env: EnvSnapshot) -> CredentialReport {
    let key = ReportKey {
        region: options.region.clone(),
        profile: options.profile.clone(),
        auth: options.auth_mode(&env),
        env: env.clone(),
    };
    let served = REPORTS.get(key, REPORT_TTL, || async { Outcome::complete(detect_uncached(options, &env).await) });
    served.await.value
}

pub fn clear_cache() {
    REPORTS.clear();
}

async fn detect_uncached(options: &ClientOptions, env: &EnvSnapshot) -> CredentialReport {
    let profile = options.profile(env);
    let (region, region_source) = resolve_region(options, env, profile.as_deref()).await;
    let found = match options.auth_mode(env) {
        AuthMode::SkipAuth => Found::ok(Source::SkipAuth),
        AuthMode::Bearer(_) => Found::ok(Source::BearerToken),
        AuthMode::SigV4 => probe_chain(profile.as_deref(), &region, env).await,
    };
    let env_var = seed_env_var(found.source, options, env);
    CredentialReport {
        detected: found.error.is_none() && found.source != Source::None,
        source: found.source,
        env_var,
        profile,
        region,
        region_source,
        error: found.error,
    }
}

/// Region as pi-ai and OpenClaw resolve it: option, `AWS_REGION`, `AWS_DEFAULT_REGION`, the
/// profile's `region`, then us-east-1 (the one chain of `config::region`).
async fn resolve_region(options: &ClientOptions, env: &EnvSnapshot, profile: Option<&str>) -> (String, RegionSource) {
    final_region(configured_region(options.region.as_deref(), env), profile, env).await
}

fn seed_env_var(source: Source, options: &ClientOptions, env: &EnvSnapshot) -> Option<&'static str> {
    match source {
        Source::BearerToken if options.bearer_token.as_deref().is_none_or(is_placeholder) => {
            Some("AWS_BEARER_TOKEN_BEDROCK")
        }
        Source::Environment => Some("AWS_ACCESS_KEY_ID"),
        Source::Profile | Source::Sso | Source::CredentialProcess | Source::AssumeRole if env.is_set("AWS_PROFILE") => {
            Some("AWS_PROFILE")
        }
        _ => None,
    }
}

struct Found {
    source: Source,
    error: Option<String>,
}

impl Found {
    fn ok(source: Source) -> Self {
        Found { source, error: None }
    }
}

/// Tries each provider of the default chain in order, as the SDK does: a provider that does not
/// apply passes to the next; one that applies but fails ends the search with its error. A
/// profile asked for by name that gave nothing is explained when no later provider finds
/// credentials either.
async fn probe_chain(profile: Option<&str>, region: &str, env: &EnvSnapshot) -> Found {
    let config = ProviderConfig::without_region()
        .with_region(Some(Region::new(region.to_string())))
        .with_http_client(crate::aws::http_client::for_new_clients());
    let mut unusable_profile = None;
    for (source, provider) in chain(&config, profile, env) {
        match tokio::time::timeout(PROBE_TIMEOUT, provider.provide_credentials()).await {
            Ok(Ok(credentials)) => return Found::ok(refine(source, &credentials)),
            Ok(Err(not_loaded @ CredentialsError::CredentialsNotLoaded(_))) => {
                if let (Source::Profile, Some(name)) = (source, profile) {
                    unusable_profile = Some(explain_unusable_profile(name, &describe(&not_loaded)));
                }
            }
            Ok(Err(error)) => return failed(source, profile.unwrap_or("default"), &error),
            Err(_) => return Found { source, error: Some(format!("no answer within {} s", PROBE_TIMEOUT.as_secs())) },
        }
    }
    match unusable_profile {
        Some(error) => Found { source: Source::Profile, error: Some(error) },
        None => Found::ok(Source::None),
    }
}

/// A provider that applied and failed. A credential_process failure is a fixed text: the
/// process's output can hold tokens.
fn failed(source: Source, profile: &str, error: &CredentialsError) -> Found {
    let text = describe(error);
    match credential_process_failure(&text, profile) {
        Some(fixed) => Found { source: Source::CredentialProcess, error: Some(fixed) },
        None => Found { source, error: Some(text) },
    }
}

/// The SDK's reason says which profile is missing (the named one, or a `source_profile` it
/// points to); ours says which one was asked for.
fn explain_unusable_profile(profile: &str, reason: &str) -> String {
    format!("profile {profile} gave no credentials: {reason}")
}

/// The default chain's steps. The environment and web-identity steps read the snapshot (the
/// caller's environment when passed); so do the profile files. The container and instance
/// metadata steps read the process environment (the SDK offers no public way to pass one).
fn chain(config: &ProviderConfig, profile: Option<&str>, env: &EnvSnapshot) -> Vec<(Source, SharedCredentialsProvider)> {
    // Named explicitly so that a blank AWS_PROFILE, which the SDK would take as a profile name,
    // means `default` as it does everywhere else here.
    let mut profile_provider =
        ProfileFileCredentialsProvider::builder().configure(config).profile_name(profile.unwrap_or("default"));
    if let Some(files) = env.profile_files() {
        profile_provider = profile_provider.profile_files(files);
    }
    let imds_client = aws_config::imds::Client::builder()
        .configure(config)
        .connect_timeout(IMDS_CONNECT_TIMEOUT)
        .read_timeout(IMDS_READ_TIMEOUT)
        .max_attempts(1)
        .build();
    vec![
        (Source::Environment, SharedCredentialsProvider::new(Prefetched(environment_keys(env)))),
        (Source::Profile, SharedCredentialsProvider::new(profile_provider.build())),
        (Source::WebIdentity, web_identity(config, env)),
        (
            Source::Container,
            SharedCredentialsProvider::new(EcsCredentialsProvider::builder().configure(config).build()),
        ),
        (
            Source::Imds,
            SharedCredentialsProvider::new(
                ImdsCredentialsProvider::builder().configure(config).imds_client(imds_client).build(),
            ),
        ),
    ]
}

/// The access key pair of the environment, as the SDK's environment provider reads it (blank
/// values are unset); `None` when the pair is incomplete.
fn environment_keys(env: &EnvSnapshot) -> Option<Credentials> {
    let (key_id, secret) = (env.get("AWS_ACCESS_KEY_ID")?, env.get("AWS_SECRET_ACCESS_KEY")?);
    let token = env.get("AWS_SESSION_TOKEN").map(str::to_string);
    Some(Credentials::new(key_id, secret, token, None, "Environment"))
}

/// A step whose answer is known up front: its credentials, or "not this step".
#[derive(Debug)]
struct Prefetched(Option<Credentials>);

impl ProvideCredentials for Prefetched {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        aws_credential_types::provider::future::ProvideCredentials::ready(
            self.0.clone().ok_or_else(|| CredentialsError::not_loaded("this step does not apply")),
        )
    }
}

/// Web identity from the snapshot's `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`.
fn web_identity(config: &ProviderConfig, env: &EnvSnapshot) -> SharedCredentialsProvider {
    let (Some(token_file), Some(role_arn)) = (env.get("AWS_WEB_IDENTITY_TOKEN_FILE"), env.get("AWS_ROLE_ARN")) else {
        return SharedCredentialsProvider::new(Prefetched(None));
    };
    let static_config = aws_config::web_identity_token::StaticConfiguration {
        web_identity_token_file: token_file.into(),
        role_arn: role_arn.to_string(),
        session_name: env.get("AWS_ROLE_SESSION_NAME").unwrap_or("bedrock-native").to_string(),
    };
    SharedCredentialsProvider::new(
        WebIdentityTokenCredentialsProvider::builder().configure(config).static_configuration(static_config).build(),
    )
}

/// A profile can hold static keys or point at SSO, a process or a role; the credentials say which.
fn refine(source: Source, credentials: &Credentials) -> Source {
    if source != Source::Profile {
        return source;
    }
    let features = credentials.get_property::<Vec<AwsCredentialFeature>>().map_or(&[][..], Vec::as_slice);
    let has = |wanted: &[AwsCredentialFeature]| features.iter().any(|f| wanted.contains(f));
    if has(&[AwsCredentialFeature::CredentialsSso, AwsCredentialFeature::CredentialsProfileSso]) {
        Source::Sso
    } else if has(&[AwsCredentialFeature::CredentialsProcess, AwsCredentialFeature::CredentialsProfileProcess]) {
        Source::CredentialProcess
    } else if has(&[AwsCredentialFeature::CredentialsStsAssumeRole]) {
        Source::AssumeRole
    } else {
        Source::Profile
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ClientOptions {
        ClientOptions::default()
    }

    #[tokio::test]
    async fn a_bearer_token_comes_first_and_is_never_echoed() {
        let env = EnvSnapshot::from_pairs(&[
            ("AWS_BEARER_TOKEN_BEDROCK", "secret-token"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_REGION", "eu-west-1"),
        ]);
        let report = detect_uncached(&options(), &env).await;
        assert_eq!(
            (report.source, report.env_var, report.detected),
            (Source::BearerToken, Some("AWS_BEARER_TOKEN_BEDROCK"), true)
        );
        assert_eq!((report.region.as_str(), report.region_source), ("eu-west-1", RegionSource::AwsRegion));
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("secret"), "{json}");
    }

    #[tokio::test]
    async fn a_bearer_option_is_not_attributed_to_the_env_var() {
        let with_token = ClientOptions { bearer_token: Some("opt".into()), ..options() };
        let report = detect_uncached(&with_token, &EnvSnapshot::from_pairs(&[("AWS_REGION", "us-west-2")])).await;
        assert_eq!((report.source, report.env_var), (Source::BearerToken, None));
    }

    #[tokio::test]
    async fn skip_auth_needs_no_credentials() {
        let report = detect_uncached(
            &options(),
            &EnvSnapshot::from_pairs(&[("AWS_BEDROCK_SKIP_AUTH", "1"), ("AWS_REGION", "us-east-1")]),
        )
        .await;
        assert_eq!((report.source, report.detected), (Source::SkipAuth, true));
    }

    #[test]
    fn profile_credentials_are_refined_by_their_features() {
        let mut credentials = Credentials::for_tests();
        assert_eq!(refine(Source::Profile, &credentials), Source::Profile);
        credentials
            .get_property_mut_or_default::<Vec<AwsCredentialFeature>>()
            .push(AwsCredentialFeature::CredentialsSso);
        assert_eq!(refine(Source::Profile, &credentials), Source::Sso);
        assert_eq!(refine(Source::Imds, &credentials), Source::Imds);
    }

    #[test]
    fn seed_env_var_names_the_variable_that_selected_the_source() {
        let env = EnvSnapshot::from_pairs(&[("AWS_PROFILE", "work")]);
        assert_eq!(seed_env_var(Source::Sso, &options(), &env), Some("AWS_PROFILE"));
        assert_eq!(seed_env_var(Source::Profile, &options(), &EnvSnapshot::from_pairs(&[])), None);
        assert_eq!(seed_env_var(Source::Imds, &options(), &env), None);
    }
}
