//! Which region and endpoint a request goes to: the one chain, used by the clients, by
//! credential detection and by `resolveTarget`.
//!
//! By pi-ai 0.73.1's rules: an explicit region wins, then `AWS_REGION`, `AWS_DEFAULT_REGION`; a
//! model `baseUrl` on a non-standard host (VPC endpoint, proxy) is always the endpoint, while a
//! standard `bedrock-runtime.<region>.amazonaws.com` host is pinned only when neither a region nor
//! `AWS_PROFILE` says otherwise. Without any of these the profile's own region applies (read from
//! the shared config files, never from instance metadata), then us-east-1.

use aws_config::meta::region::ProvideRegion;
use aws_config::profile::ProfileFileRegionProvider;
use serde::Serialize;

use crate::config::env::EnvSnapshot;
use crate::config::options::non_blank;

pub const DEFAULT_REGION: &str = "us-east-1";

/// Where the region of a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RegionSource {
    #[serde(rename = "option")]
    Option,
    #[serde(rename = "AWS_REGION")]
    AwsRegion,
    #[serde(rename = "AWS_DEFAULT_REGION")]
    AwsDefaultRegion,
    /// The host of a standard Bedrock runtime URL given as `endpoint`.
    #[serde(rename = "endpoint")]
    Endpoint,
    /// The host of a standard Bedrock runtime URL given as the model's `baseUrl`.
    #[serde(rename = "baseUrl")]
    BaseUrl,
    #[serde(rename = "profile")]
    Profile,
    #[serde(rename = "default")]
    Default,
}

/// A region and where it came from.
pub type SourcedRegion = (String, RegionSource);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// `None` means "ask the shared config profile, then fall back to us-east-1" (see
    /// [`final_region`]).
    pub region: Option<SourcedRegion>,
    pub endpoint: Option<String>,
}

/// The region the caller configured: the option, then `AWS_REGION`, then `AWS_DEFAULT_REGION`.
pub fn configured_region(region: Option<&str>, env: &EnvSnapshot) -> Option<SourcedRegion> {
    [
        (non_blank(region), RegionSource::Option),
        (env.get("AWS_REGION"), RegionSource::AwsRegion),
        (env.get("AWS_DEFAULT_REGION"), RegionSource::AwsDefaultRegion),
    ]
    .into_iter()
    .find_map(|(region, source)| region.map(|r| (r.to_string(), source)))
}

pub fn resolve_target(
    region: Option<&str>,
    base_url: Option<&str>,
    endpoint: Option<&str>,
    env: &EnvSnapshot,
) -> Target {
    let configured = configured_region(region, env);
    let has_env_profile = env.get("AWS_PROFILE").is_some();
    let from_host = |url: &str, source| standard_host_region(url).map(|r| (r, source));

    if let Some(explicit) = non_blank(endpoint) {
        let region = configured.or_else(|| from_host(explicit, RegionSource::Endpoint));
        return Target { region, endpoint: Some(explicit.to_string()) };
    }

    let Some(base_url) = non_blank(base_url) else {
        return Target { region: configured, endpoint: None };
    };
    match from_host(base_url, RegionSource::BaseUrl) {
        None => Target { region: configured, endpoint: Some(base_url.to_string()) },
        Some(host_region) if configured.is_none() && !has_env_profile => {
            Target { region: Some(host_region), endpoint: Some(base_url.to_string()) }
        }
        Some(_) => Target { region: configured, endpoint: None },
    }
}

/// The region a target ends up with: its own, else the profile's, else us-east-1.
pub async fn final_region(target_region: Option<SourcedRegion>, profile: Option<&str>) -> SourcedRegion {
    if let Some(region) = target_region {
        return region;
    }
    match profile_region(profile).await {
        Some(region) => (region, RegionSource::Profile),
        None => (DEFAULT_REGION.to_string(), RegionSource::Default),
    }
}

/// The `region` of the shared-config profile, read from the files only (never IMDS: that probe
/// can take seconds off EC2).
async fn profile_region(profile: Option<&str>) -> Option<String> {
    let mut provider = ProfileFileRegionProvider::builder();
    if let Some(name) = profile {
        provider = provider.profile_name(name);
    }
    provider.build().region().await.map(|r| r.to_string())
}

/// The region of a standard Bedrock runtime URL
/// (`^bedrock-runtime(-fips)?.<region>.amazonaws.com(.cn)?$`), or `None` for any other host.
pub fn standard_host_region(url: &str) -> Option<String> {
    let host = host_of(url)?;
    let rest = host
        .strip_prefix("bedrock-runtime-fips.")
        .or_else(|| host.strip_prefix("bedrock-runtime."))?;
    let region = rest
        .strip_suffix(".amazonaws.com.cn")
        .or_else(|| rest.strip_suffix(".amazonaws.com"))?;
    let valid = !region.is_empty()
        && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| region.to_string())
}

fn host_of(url: &str) -> Option<&str> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = host_port.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The public runtime endpoint of a region, in its partition (GovCloud and China differ).
pub fn runtime_base_url(region: &str) -> String {
    let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
    format!("https://bedrock-runtime.{region}.{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&'static str, &str)]) -> EnvSnapshot {
        EnvSnapshot::from_pairs(pairs)
    }

    fn region_name(target: &Target) -> Option<&str> {
        target.region.as_ref().map(|(region, _)| region.as_str())
    }

    const STANDARD: &str = "https://bedrock-runtime.us-east-1.amazonaws.com";

    #[test]
    fn option_region_beats_environment() {
        let t = resolve_target(Some("eu-west-1"), None, None, &env(&[("AWS_REGION", "us-west-2")]));
        assert_eq!(region_name(&t), Some("eu-west-1"));
    }

    #[test]
    fn aws_region_beats_default_region_and_blank_is_unset() {
        let e = env(&[("AWS_REGION", "  "), ("AWS_DEFAULT_REGION", "ap-south-1")]);
        assert_eq!(region_name(&resolve_target(None, None, None, &e)), Some("ap-south-1"));
    }

    #[test]
    fn standard_base_url_is_pinned_without_region_or_profile() {
        let t = resolve_target(None, Some(STANDARD), None, &env(&[]));
        assert_eq!(t, Target { region: Some(("us-east-1".into(), RegionSource::BaseUrl)), endpoint: Some(STANDARD.into()) });
    }

    #[test]
    fn standard_base_url_yields_to_configured_region() {
        let t = resolve_target(None, Some(STANDARD), None, &env(&[("AWS_REGION", "eu-central-1")]));
        assert_eq!(t, Target { region: Some(("eu-central-1".into(), RegionSource::AwsRegion)), endpoint: None });
    }

    #[test]
    fn standard_base_url_yields_to_env_profile_region() {
        let t = resolve_target(None, Some(STANDARD), None, &env(&[("AWS_PROFILE", "work")]));
        assert_eq!(t, Target { region: None, endpoint: None });
    }

    #[test]
    fn non_standard_base_url_is_always_the_endpoint() {
        let url = "http://127.0.0.1:4000";
        let t = resolve_target(Some("eu-west-3"), Some(url), None, &env(&[("AWS_PROFILE", "p")]));
        assert_eq!(t, Target { region: Some(("eu-west-3".into(), RegionSource::Option)), endpoint: Some(url.into()) });
    }

    #[test]
    fn explicit_endpoint_wins_over_base_url() {
        let t = resolve_target(None, Some(STANDARD), Some("http://127.0.0.1:9"), &env(&[]));
        assert_eq!(t.endpoint.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(t.region, None);
    }

    #[test]
    fn a_standard_endpoint_host_names_the_region_when_nothing_else_does() {
        let url = "https://bedrock-runtime.eu-west-2.amazonaws.com";
        let t = resolve_target(None, None, Some(url), &env(&[]));
        assert_eq!(t.region, Some(("eu-west-2".into(), RegionSource::Endpoint)));
    }

    #[tokio::test]
    async fn region_order_is_option_then_env_then_default() {
        let e = env(&[("AWS_REGION", " "), ("AWS_DEFAULT_REGION", "ap-south-1")]);
        assert_eq!(
            configured_region(None, &e),
            Some(("ap-south-1".to_string(), RegionSource::AwsDefaultRegion))
        );
        assert_eq!(configured_region(Some("ca-central-1"), &e).map(|r| r.1), Some(RegionSource::Option));
        let explicit = final_region(Some(("ca-central-1".into(), RegionSource::Option)), None).await;
        assert_eq!(explicit.1, RegionSource::Option);
    }

    #[test]
    fn recognises_fips_china_and_rejects_lookalikes() {
        assert_eq!(standard_host_region("https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com").as_deref(), Some("us-gov-west-1"));
        assert_eq!(standard_host_region("https://bedrock-runtime.cn-north-1.amazonaws.com.cn/").as_deref(), Some("cn-north-1"));
        assert_eq!(standard_host_region("https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com"), None);
        assert_eq!(standard_host_region("https://bedrock-runtime.us-east-1.amazonaws.com.evil.com"), None);
        assert_eq!(standard_host_region("not a url"), None);
    }

    #[test]
    fn base_urls_follow_the_partition() {
        assert_eq!(runtime_base_url("us-gov-west-1"), "https://bedrock-runtime.us-gov-west-1.amazonaws.com");
        assert_eq!(runtime_base_url("cn-northwest-1"), "https://bedrock-runtime.cn-northwest-1.amazonaws.com.cn");
    }
}
