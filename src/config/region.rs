//! Which region and endpoint a request goes to, by pi-ai 0.73.1's rules: an explicit region wins,
//! then `AWS_REGION`, `AWS_DEFAULT_REGION`; a model `baseUrl` on a non-standard host (VPC endpoint,
//! proxy) is always the endpoint, while a standard `bedrock-runtime.<region>.amazonaws.com` host is
//! pinned only when neither a region nor `AWS_PROFILE` says otherwise. Without any of these the
//! profile's own region applies, then us-east-1.

use crate::settings::EnvSnapshot;

pub const DEFAULT_REGION: &str = "us-east-1";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// `None` means "ask the shared config profile, then fall back to us-east-1".
    pub region: Option<String>,
    pub endpoint: Option<String>,
}

pub fn resolve_target(
    region: Option<&str>,
    base_url: Option<&str>,
    endpoint: Option<&str>,
    env: &EnvSnapshot,
) -> Target {
    let configured_region = non_blank(region)
        .or(env.get("AWS_REGION"))
        .or(env.get("AWS_DEFAULT_REGION"))
        .map(str::to_string);
    let has_env_profile = env.get("AWS_PROFILE").is_some();

    if let Some(explicit) = non_blank(endpoint) {
        let region = configured_region.or_else(|| standard_host_region(explicit));
        return Target { region, endpoint: Some(explicit.to_string()) };
    }

    let Some(base_url) = non_blank(base_url) else {
        return Target { region: configured_region, endpoint: None };
    };
    match standard_host_region(base_url) {
        None => Target { region: configured_region, endpoint: Some(base_url.to_string()) },
        Some(host_region) if configured_region.is_none() && !has_env_profile => {
            Target { region: Some(host_region), endpoint: Some(base_url.to_string()) }
        }
        Some(_) => Target { region: configured_region, endpoint: None },
    }
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

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&'static str, &str)]) -> EnvSnapshot {
        EnvSnapshot::from_pairs(pairs)
    }

    const STANDARD: &str = "https://bedrock-runtime.us-east-1.amazonaws.com";

    #[test]
    fn option_region_beats_environment() {
        let t = resolve_target(Some("eu-west-1"), None, None, &env(&[("AWS_REGION", "us-west-2")]));
        assert_eq!(t.region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn aws_region_beats_default_region_and_blank_is_unset() {
        let e = env(&[("AWS_REGION", "  "), ("AWS_DEFAULT_REGION", "ap-south-1")]);
        assert_eq!(resolve_target(None, None, None, &e).region.as_deref(), Some("ap-south-1"));
    }

    #[test]
    fn standard_base_url_is_pinned_without_region_or_profile() {
        let t = resolve_target(None, Some(STANDARD), None, &env(&[]));
        assert_eq!(t, Target { region: Some("us-east-1".into()), endpoint: Some(STANDARD.into()) });
    }

    #[test]
    fn standard_base_url_yields_to_configured_region() {
        let t = resolve_target(None, Some(STANDARD), None, &env(&[("AWS_REGION", "eu-central-1")]));
        assert_eq!(t, Target { region: Some("eu-central-1".into()), endpoint: None });
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
        assert_eq!(t, Target { region: Some("eu-west-3".into()), endpoint: Some(url.into()) });
    }

    #[test]
    fn explicit_endpoint_wins_over_base_url() {
        let t = resolve_target(None, Some(STANDARD), Some("http://127.0.0.1:9"), &env(&[]));
        assert_eq!(t.endpoint.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(t.region, None);
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
