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
use aws_config::environment::EnvironmentVariableCredentialsProvider;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
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
pub async fn detect(options: &ClientOptions) -> CredentialReport {
    let env = EnvSnapshot::capture();
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
        AuthMode::SigV4 => probe_chain(profile.as_deref(), &region).await,
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
    final_region(configured_region(options.region.as_deref(), env), profile).await
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
/// apply passes to the next; one that applies but fails ends the search with its error.
async fn probe_chain(profile: Option<&str>, region: &str) -> Found {
    let config = ProviderConfig::without_region().with_region(Some(Region::new(region.to_string())));
    for (source, provider) in chain(&config, profile) {
        match tokio::time::timeout(PROBE_TIMEOUT, provider.provide_credentials()).await {
            Ok(Ok(credentials)) => return Found::ok(refine(source, &credentials)),
            Ok(Err(CredentialsError::CredentialsNotLoaded(_))) => continue,
            Ok(Err(error)) => return Found { source, error: Some(describe(&error)) },
            Err(_) => return Found { source, error: Some(format!("no answer within {} s", PROBE_TIMEOUT.as_secs())) },
        }
    }
    Found::ok(Source::None)
}

fn chain(config: &ProviderConfig, profile: Option<&str>) -> Vec<(Source, SharedCredentialsProvider)> {
    // Named explicitly so that a blank AWS_PROFILE, which the SDK would take as a profile name,
    // means `default` as it does everywhere else here.
    let profile_provider =
        ProfileFileCredentialsProvider::builder().configure(config).profile_name(profile.unwrap_or("default"));
    let imds_client = aws_config::imds::Client::builder()
        .configure(config)
        .connect_timeout(IMDS_CONNECT_TIMEOUT)
        .read_timeout(IMDS_READ_TIMEOUT)
        .max_attempts(1)
        .build();
    vec![
        (Source::Environment, SharedCredentialsProvider::new(EnvironmentVariableCredentialsProvider::new())),
        (Source::Profile, SharedCredentialsProvider::new(profile_provider.build())),
        (
            Source::WebIdentity,
            SharedCredentialsProvider::new(WebIdentityTokenCredentialsProvider::builder().configure(config).build()),
        ),
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
