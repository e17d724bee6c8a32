//! Which model id and which operation a request goes out with, when Bedrock refuses the obvious
//! one. Two cases are handled before any content, invisibly to the caller:
//!   - a bare foundation-model id that Bedrock serves only through inference profiles ("… with
//!     on-demand throughput isn't supported. Retry your request with the ID or ARN of an
//!     inference profile that contains this model."): the request is sent once more with the
//!     profile for the caller's region — the one discovery listed (the region's geography first,
//!     then `global.`), else the geography's profile named after the region;
//!   - a model that cannot stream: the request goes through non-streaming Converse instead.
//! What worked is remembered for the process, so later calls go straight to it.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, RwLock};

use serde::Serialize;

use crate::aws::errors::BedrockError;
use crate::discovery::known_models::geo_prefix;
use crate::discovery::learned;

/// A model id replaced by an inference profile, reported with the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Substitution {
    /// The id the request named.
    pub requested: String,
    /// The profile id actually called.
    pub used: String,
    pub source: SubstitutionSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SubstitutionSource {
    /// Listed by discovery in this process.
    Discovery,
    /// Named after the region's geography (nothing was listed).
    Region,
    /// Worked before in this process.
    Remembered,
}

type Key = (String, String);

#[derive(Default)]
struct Memory {
    profiles: HashMap<Key, String>,
    non_streaming: HashSet<Key>,
}

static MEMORY: LazyLock<RwLock<Memory>> = LazyLock::new(Default::default);

fn key(region: &str, model_id: &str) -> Key {
    (region.to_string(), model_id.to_string())
}

/// Whether a failure is Bedrock refusing a bare id that only inference profiles serve.
pub fn is_on_demand_rejection(error: &BedrockError) -> bool {
    error.code == "ValidationException" && error.message.contains("with on-demand throughput isn")
}

/// A foundation-model id (not a profile id, not an ARN): the only kind a profile can stand in for.
fn is_bare_model_id(model_id: &str) -> bool {
    geo_prefix(model_id).is_none() && !model_id.starts_with("arn:")
}

/// The profile prefix Bedrock uses for a region's geography, by the region's name.
pub fn region_geography(region: &str) -> Option<&'static str> {
    let region = region.to_ascii_lowercase();
    let prefix = |p: &str| region.starts_with(p);
    Some(match () {
        _ if prefix("us-gov-") => "us-gov",
        _ if prefix("us-") => "us",
        _ if prefix("ca-") => "ca",
        _ if prefix("eu-") => "eu",
        _ if prefix("ap-") => "apac",
        _ if prefix("cn-") || prefix("us-iso") => return None,
        _ => "global",
    })
}

/// The profile to retry a refused bare id with, if there is one to try.
pub fn profile_for(region: &str, model_id: &str) -> Option<Substitution> {
    if !is_bare_model_id(model_id) {
        return None;
    }
    let geography = region_geography(region);
    let listed = learned::profiles_for(region, model_id);
    let with_prefix = |wanted: &str| listed.iter().find(|id| geo_prefix(id) == Some(wanted)).cloned();
    let from_listing = geography.and_then(with_prefix).or_else(|| with_prefix("global")).or_else(|| listed.first().cloned());
    let (used, source) = match from_listing {
        Some(profile) => (profile, SubstitutionSource::Discovery),
        None => (format!("{}.{model_id}", geography?), SubstitutionSource::Region),
    };
    Some(Substitution { requested: model_id.to_string(), used, source })
}

/// A substitution that worked before for this region and id.
pub fn remembered_profile(region: &str, model_id: &str) -> Option<Substitution> {
    let memory = MEMORY.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    let used = memory.profiles.get(&key(region, model_id))?.clone();
    Some(Substitution { requested: model_id.to_string(), used, source: SubstitutionSource::Remembered })
}

pub fn remember_profile(region: &str, substitution: &Substitution) {
    let mut memory = MEMORY.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    memory.profiles.insert(key(region, &substitution.requested), substitution.used.clone());
}

/// Whether the model is known not to stream: listed so, or refused streaming before.
pub fn known_non_streaming(region: &str, model_id: &str) -> bool {
    learned::is_listed_as_non_streaming(region, model_id)
        || MEMORY.read().unwrap_or_else(|poisoned| poisoned.into_inner()).non_streaming.contains(&key(region, model_id))
}

pub fn remember_non_streaming(region: &str, model_id: &str) {
    MEMORY.write().unwrap_or_else(|poisoned| poisoned.into_inner()).non_streaming.insert(key(region, model_id));
}

/// Forgets what worked (with the client cache: a new configuration may route differently).
pub fn clear() {
    let mut memory = MEMORY.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    memory.profiles.clear();
    memory.non_streaming.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_on_demand_rejection_only() {
        let mut error = BedrockError::client(
            "ValidationException",
            "Invocation of model ID amazon.nova-2-lite-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
        );
        assert!(is_on_demand_rejection(&error));
        error.message = "The provided model identifier is invalid.".into();
        assert!(!is_on_demand_rejection(&error));
    }

    #[test]
    fn geographies_by_region_name() {
        let cases = [
            ("us-east-1", Some("us")),
            ("us-west-2", Some("us")),
            ("us-gov-west-1", Some("us-gov")),
            ("eu-central-1", Some("eu")),
            ("ap-northeast-1", Some("apac")),
            ("ca-central-1", Some("ca")),
            ("sa-east-1", Some("global")),
            ("cn-north-1", None),
        ];
        for (region, geography) in cases {
            assert_eq!(region_geography(region), geography, "{region}");
        }
    }

    #[test]
    fn without_a_listing_the_profile_is_named_after_the_region() {
        let substitution = profile_for("eu-west-3", "anthropic.claude-sonnet-4-5-20250929-v1:0").unwrap();
        assert_eq!(substitution.used, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
        assert_eq!(substitution.source, SubstitutionSource::Region);
    }

    #[test]
    fn a_listed_profile_wins_over_the_regions_guess_geography_first_then_global() {
        let model = "vendor.listed-v1:0";
        let only_us_and_global = [("us.vendor.listed-v1:0", model), ("global.vendor.listed-v1:0", model)];
        learned::record("eu-south-2", &learned::tests::listed(&[(model, true)], &only_us_and_global));
        let substitution = profile_for("eu-south-2", model).unwrap();
        assert_eq!((substitution.used.as_str(), substitution.source), ("global.vendor.listed-v1:0", SubstitutionSource::Discovery));
        learned::record("eu-south-2", &learned::tests::listed(&[(model, true)], &[("eu.vendor.listed-v1:0", model)]));
        assert_eq!(profile_for("eu-south-2", model).unwrap().used, "eu.vendor.listed-v1:0");
    }

    #[test]
    fn profile_ids_and_arns_are_never_substituted() {
        assert_eq!(profile_for("us-east-1", "us.amazon.nova-2-lite-v1:0"), None);
        assert_eq!(profile_for("us-east-1", "arn:aws:bedrock:us-east-1:1:application-inference-profile/x"), None);
        assert_eq!(profile_for("cn-north-1", "amazon.nova-2-lite-v1:0"), None);
    }

    #[test]
    fn a_substitution_is_remembered_per_region_and_id() {
        let substitution = profile_for("us-west-1", "vendor.remembered-v1:0").unwrap();
        assert_eq!(remembered_profile("us-west-1", "vendor.remembered-v1:0"), None);
        remember_profile("us-west-1", &substitution);
        let remembered = remembered_profile("us-west-1", "vendor.remembered-v1:0").unwrap();
        assert_eq!((remembered.used.as_str(), remembered.source), ("us.vendor.remembered-v1:0", SubstitutionSource::Remembered));
        assert_eq!(remembered_profile("us-east-2", "vendor.remembered-v1:0"), None);
    }

    #[test]
    fn non_streaming_models_are_remembered_per_region() {
        assert!(!known_non_streaming("eu-north-1", "ai21.j2-mid-v1"));
        remember_non_streaming("eu-north-1", "ai21.j2-mid-v1");
        assert!(known_non_streaming("eu-north-1", "ai21.j2-mid-v1"));
        assert!(!known_non_streaming("eu-south-1", "ai21.j2-mid-v1"));
    }
}
