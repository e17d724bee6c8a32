//! What this process's listings taught about calling models, kept for the runtime: which system
//! inference profiles route to a foundation model, and which models cannot stream. Per region
//! (profiles are regional), merged from every listing, so a partial listing adds what it saw and
//! takes nothing away.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, RwLock};

use crate::discovery::listing::{Catalog, ProfileKind};

#[derive(Debug, Default)]
struct RegionKnowledge {
    /// Foundation-model id → the system profile ids over it, in listing order.
    profiles_by_model: HashMap<String, Vec<String>>,
    /// Ids (foundation models and the profiles over them) listed with responseStreamingSupported false.
    non_streaming: HashSet<String>,
}

static KNOWLEDGE: LazyLock<RwLock<HashMap<String, RegionKnowledge>>> = LazyLock::new(Default::default);

/// Adds what a listing in `region` shows.
pub fn record(region: &str, catalog: &Catalog) {
    let non_streaming: HashSet<&str> = catalog
        .foundation_models
        .iter()
        .filter(|model| model.text_output && !model.streaming)
        .map(|model| model.id.as_str())
        .collect();
    let mut knowledge = KNOWLEDGE.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    let region_knowledge = knowledge.entry(region.to_string()).or_default();
    region_knowledge.non_streaming.extend(non_streaming.iter().map(|id| id.to_string()));
    for profile in catalog.profiles.iter().filter(|profile| profile.active && profile.kind == ProfileKind::SystemDefined) {
        let Some(base) = profile.base_model_id() else { continue };
        if non_streaming.contains(base) {
            region_knowledge.non_streaming.insert(profile.id.clone());
        }
        let listed = region_knowledge.profiles_by_model.entry(base.to_string()).or_default();
        if !listed.contains(&profile.id) {
            listed.push(profile.id.clone());
        }
    }
}

/// The system profiles listed over `model_id` in `region` (empty when none was listed).
pub fn profiles_for(region: &str, model_id: &str) -> Vec<String> {
    let knowledge = KNOWLEDGE.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    knowledge.get(region).and_then(|k| k.profiles_by_model.get(model_id)).cloned().unwrap_or_default()
}

/// Whether a listing in `region` said `model_id` cannot stream.
pub fn is_listed_as_non_streaming(region: &str, model_id: &str) -> bool {
    let knowledge = KNOWLEDGE.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    knowledge.get(region).is_some_and(|k| k.non_streaming.contains(model_id))
}

/// Forgets everything (with the discovery cache).
pub fn clear() {
    KNOWLEDGE.write().unwrap_or_else(|poisoned| poisoned.into_inner()).clear();
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::discovery::listing::{FoundationModel, InferenceProfile, Lifecycle};

    pub(crate) fn listed(models: &[(&str, bool)], profiles: &[(&str, &str)]) -> Catalog {
        Catalog {
            foundation_models: models
                .iter()
                .map(|&(id, streaming)| FoundationModel {
                    id: id.into(),
                    name: id.into(),
                    provider: "Vendor".into(),
                    image_input: false,
                    text_output: true,
                    streaming,
                    on_demand: false,
                    lifecycle: Lifecycle::Active,
                })
                .collect(),
            profiles: profiles
                .iter()
                .map(|&(id, base)| InferenceProfile {
                    id: id.into(),
                    arn: format!("arn:aws:bedrock:us-east-1:1:inference-profile/{id}"),
                    name: id.into(),
                    active: true,
                    kind: ProfileKind::SystemDefined,
                    model_ids: vec![base.into()],
                })
                .collect(),
        }
    }

    #[test]
    fn records_profiles_per_model_and_non_streaming_models_per_region() {
        let catalog = listed(&[("vendor.a-v1:0", true), ("vendor.old-v1", false)], &[("us.vendor.a-v1:0", "vendor.a-v1:0"), ("global.vendor.a-v1:0", "vendor.a-v1:0")]);
        record("il-central-1", &catalog);
        record("il-central-1", &catalog);
        assert_eq!(profiles_for("il-central-1", "vendor.a-v1:0"), ["us.vendor.a-v1:0", "global.vendor.a-v1:0"]);
        assert!(is_listed_as_non_streaming("il-central-1", "vendor.old-v1"));
        assert!(!is_listed_as_non_streaming("il-central-1", "vendor.a-v1:0"));
        assert!(profiles_for("mx-central-1", "vendor.a-v1:0").is_empty(), "per region");
    }

    #[test]
    fn a_partial_listing_adds_and_takes_nothing_away() {
        record("af-south-1", &listed(&[("vendor.b-v1:0", true)], &[("us.vendor.b-v1:0", "vendor.b-v1:0")]));
        record("af-south-1", &listed(&[("vendor.b-v1:0", true)], &[]));
        assert_eq!(profiles_for("af-south-1", "vendor.b-v1:0"), ["us.vendor.b-v1:0"]);
    }
}
