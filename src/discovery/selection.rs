//! Which listed models are offered, under which ids, and how they are described.
//!
//! A model with an active system inference profile is offered only under the profile id(s): its
//! bare id is either a duplicate or not invocable at all ("on-demand throughput isn't
//! supported"). Profiles take their base model's capabilities. Limits, reasoning and prices come
//! from `known_models`, else the configured defaults.

use std::collections::HashSet;

use serde::Serialize;

use crate::discovery::known_models::{self, Cost};
use crate::discovery::listing::{Catalog, FoundationModel, InferenceProfile, Lifecycle, ProfileKind};

pub const DEFAULT_CONTEXT_WINDOW: u32 = 32_000;
pub const DEFAULT_MAX_TOKENS: u32 = 4_096;

/// The options that decide which models are offered and how they are described.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selection {
    pub provider_filter: Vec<String>,
    pub include_inference_profiles: bool,
    pub include_legacy: bool,
    pub default_context_window: u32,
    pub default_max_tokens: u32,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            provider_filter: Vec::new(),
            include_inference_profiles: true,
            include_legacy: false,
            default_context_window: DEFAULT_CONTEXT_WINDOW,
            default_max_tokens: DEFAULT_MAX_TOKENS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelSource {
    FoundationModel,
    InferenceProfile,
    ApplicationInferenceProfile,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredModel {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub base_model_id: String,
    pub source: ModelSource,
    pub reasoning: bool,
    pub input: Vec<&'static str>,
    pub cost: Cost,
    pub context_window: u32,
    pub max_tokens: u32,
    /// Lifecycle LEGACY: still callable, scheduled for retirement.
    pub legacy: bool,
    /// Whether limits and prices come from the known-models table rather than the defaults.
    pub known: bool,
}

/// The offered models, by the rules in the module comment, global profiles first, then by name.
pub fn select_models(catalog: &Catalog, selection: &Selection) -> Vec<DiscoveredModel> {
    let filter = normalized_filter(&selection.provider_filter);
    let eligible = |model: &&FoundationModel| is_eligible(model, selection.include_legacy, &filter);
    let find_eligible =
        |id: &str| catalog.foundation_models.iter().find(|model| model.id == id).filter(|m| eligible(m));

    let mut models = Vec::new();
    let mut covered: HashSet<&str> = HashSet::new();
    if selection.include_inference_profiles {
        for profile in catalog.profiles.iter().filter(|p| p.active) {
            let Some(base) = profile.base_model_id().and_then(find_eligible) else { continue };
            if profile.kind == ProfileKind::SystemDefined {
                covered.insert(&base.id);
            }
            models.push(describe_profile(profile, base, selection));
        }
    }
    for model in catalog.foundation_models.iter().filter(eligible) {
        if model.on_demand && !covered.contains(model.id.as_str()) {
            models.push(describe(&model.id, &model.name, ModelSource::FoundationModel, model, selection));
        }
    }
    models.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    models
}

fn sort_key(model: &DiscoveredModel) -> (bool, String, &str) {
    (!model.id.starts_with("global."), model.name.to_lowercase(), &model.id)
}

fn is_eligible(model: &FoundationModel, include_legacy: bool, filter: &[String]) -> bool {
    let lifecycle_ok = match model.lifecycle {
        Lifecycle::Active => true,
        Lifecycle::Legacy => include_legacy,
        Lifecycle::Other => false,
    };
    model.text_output && model.streaming && lifecycle_ok && matches_provider(model, filter)
}

/// A filter term matches the model id's vendor prefix (`mistral` in `mistral.…`), the provider's
/// display name ("Mistral AI"), or that name's first word. No filter matches everything.
fn matches_provider(model: &FoundationModel, filter: &[String]) -> bool {
    if filter.is_empty() {
        return true;
    }
    let vendor = model.id.split('.').next().unwrap_or_default().to_lowercase();
    let display = model.provider.trim().to_lowercase();
    let first_word = display.split_whitespace().next().unwrap_or_default();
    filter.iter().any(|term| *term == vendor || *term == display || term == first_word)
}

fn describe_profile(profile: &InferenceProfile, base: &FoundationModel, selection: &Selection) -> DiscoveredModel {
    let source = match profile.kind {
        ProfileKind::SystemDefined => ModelSource::InferenceProfile,
        ProfileKind::Application => ModelSource::ApplicationInferenceProfile,
    };
    describe(profile.invocation_id(), &profile.name, source, base, selection)
}

fn describe(
    id: &str,
    name: &str,
    source: ModelSource,
    base: &FoundationModel,
    selection: &Selection,
) -> DiscoveredModel {
    let known = known_models::lookup(&base.id);
    DiscoveredModel {
        id: id.to_string(),
        name: name.to_string(),
        provider: base.provider.clone(),
        base_model_id: base.id.clone(),
        source,
        reasoning: known.is_some_and(|k| k.reasoning),
        input: if base.image_input { vec!["text", "image"] } else { vec!["text"] },
        cost: known.map_or(Cost::ZERO, |k| k.cost),
        context_window: known.map_or(selection.default_context_window, |k| k.context_window),
        max_tokens: known.map_or(selection.default_max_tokens, |k| k.max_tokens),
        legacy: base.lifecycle == Lifecycle::Legacy,
        known: known.is_some(),
    }
}

/// Provider filter terms compared case-insensitively, in no particular order.
pub fn normalized_filter(filter: &[String]) -> Vec<String> {
    let mut terms: Vec<String> =
        filter.iter().map(|term| term.trim().to_lowercase()).filter(|term| !term.is_empty()).collect();
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(id: &str, provider: &str) -> FoundationModel {
        FoundationModel {
            id: id.into(),
            name: id.split('.').nth(1).unwrap_or(id).into(),
            provider: provider.into(),
            image_input: false,
            text_output: true,
            streaming: true,
            on_demand: true,
            lifecycle: Lifecycle::Active,
        }
    }

    fn profile(id: &str, name: &str, base: &str) -> InferenceProfile {
        InferenceProfile {
            id: id.into(),
            arn: format!("arn:aws:bedrock:us-east-1:123456789012:inference-profile/{id}"),
            name: name.into(),
            active: true,
            kind: ProfileKind::SystemDefined,
            model_ids: vec![base.into()],
        }
    }

    fn ids(models: &[DiscoveredModel]) -> Vec<&str> {
        models.iter().map(|m| m.id.as_str()).collect()
    }

    const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
    const SONNET4: &str = "anthropic.claude-sonnet-4-20250514-v1:0";

    fn catalog() -> Catalog {
        let profile_only = FoundationModel { on_demand: false, image_input: true, ..fm(SONNET4, "Anthropic") };
        Catalog {
            foundation_models: vec![
                fm(HAIKU, "Anthropic"),
                profile_only,
                fm("cohere.command-r-v1:0", "Cohere"),
                fm("mistral.mistral-large-2407-v1:0", "Mistral AI"),
                FoundationModel { on_demand: false, ..fm("amazon.nova-2-lite-v1:0", "Amazon") },
                FoundationModel { text_output: false, ..fm("amazon.titan-embed-text-v2:0", "Amazon") },
                FoundationModel { streaming: false, ..fm("amazon.titan-text-lite-v1", "Amazon") },
                FoundationModel { lifecycle: Lifecycle::Legacy, ..fm("anthropic.claude-v2:1", "Anthropic") },
            ],
            profiles: vec![
                profile("us.anthropic.claude-3-haiku-20240307-v1:0", "US Claude 3 Haiku", HAIKU),
                profile("global.anthropic.claude-sonnet-4-20250514-v1:0", "Global Claude Sonnet 4", SONNET4),
                profile("us.anthropic.claude-sonnet-4-20250514-v1:0", "US Claude Sonnet 4", SONNET4),
                profile("us.amazon.titan-embed-text-v2:0", "US Titan Embed", "amazon.titan-embed-text-v2:0"),
                profile("us.acme.unknown-v1:0", "US Unknown", "acme.unknown-v1:0"),
                InferenceProfile {
                    active: false,
                    ..profile("eu.anthropic.claude-3-haiku-20240307-v1:0", "EU Claude 3 Haiku", HAIKU)
                },
                InferenceProfile {
                    kind: ProfileKind::Application,
                    arn: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc".into(),
                    ..profile("abc", "team-chat", "cohere.command-r-v1:0")
                },
            ],
        }
    }

    #[test]
    fn profiles_replace_bare_ids_and_profile_only_models_need_a_profile() {
        let models = select_models(&catalog(), &Selection::default());
        assert_eq!(
            ids(&models),
            [
                "global.anthropic.claude-sonnet-4-20250514-v1:0",
                "cohere.command-r-v1:0",
                "mistral.mistral-large-2407-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
                "us.anthropic.claude-3-haiku-20240307-v1:0",
                "us.anthropic.claude-sonnet-4-20250514-v1:0",
            ]
        );
    }

    #[test]
    fn without_profiles_only_on_demand_models_remain() {
        let selection = Selection { include_inference_profiles: false, ..Selection::default() };
        let models = select_models(&catalog(), &selection);
        assert_eq!(ids(&models), [HAIKU, "cohere.command-r-v1:0", "mistral.mistral-large-2407-v1:0"]);
    }

    #[test]
    fn legacy_models_only_when_asked_and_flagged() {
        let selection = Selection { include_legacy: true, ..Selection::default() };
        let models = select_models(&catalog(), &selection);
        let legacy = models.iter().find(|m| m.id == "anthropic.claude-v2:1").expect("listed");
        assert!(legacy.legacy);
        assert!(models.iter().filter(|m| m.id != "anthropic.claude-v2:1").all(|m| !m.legacy));
    }

    #[test]
    fn provider_filter_matches_vendor_prefix_and_display_name() {
        let pick = |terms: &[&str]| {
            let selection =
                Selection { provider_filter: terms.iter().map(|t| t.to_string()).collect(), ..Selection::default() };
            ids(&select_models(&catalog(), &selection)).into_iter().map(str::to_string).collect::<Vec<_>>()
        };
        assert_eq!(pick(&["mistral"]), ["mistral.mistral-large-2407-v1:0"]);
        assert_eq!(pick(&["  Mistral AI "]), ["mistral.mistral-large-2407-v1:0"]);
        assert_eq!(
            pick(&["COHERE"]),
            ["cohere.command-r-v1:0", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"]
        );
        assert!(pick(&["ai"]).is_empty(), "a word inside a name is not a provider");
        assert_eq!(pick(&["anthropic"]).len(), 3);
    }

    #[test]
    fn profiles_inherit_base_model_capabilities_and_known_limits() {
        let models = select_models(&catalog(), &Selection::default());
        let sonnet = models.iter().find(|m| m.id == "us.anthropic.claude-sonnet-4-20250514-v1:0").unwrap();
        assert_eq!(sonnet.input, ["text", "image"]);
        assert_eq!((sonnet.context_window, sonnet.max_tokens, sonnet.reasoning), (200_000, 64_000, true));
        assert_eq!(sonnet.source, ModelSource::InferenceProfile);
        assert_eq!(sonnet.base_model_id, SONNET4);
        let app = models.iter().find(|m| m.source == ModelSource::ApplicationInferenceProfile).unwrap();
        assert_eq!((app.name.as_str(), app.provider.as_str()), ("team-chat", "Cohere"));
    }

    #[test]
    fn unknown_models_get_the_configured_defaults() {
        let catalog = Catalog { foundation_models: vec![fm("acme.new-v1:0", "Acme")], profiles: vec![] };
        let selection = Selection { default_context_window: 8000, default_max_tokens: 1000, ..Selection::default() };
        let model = &select_models(&catalog, &selection)[0];
        assert_eq!((model.context_window, model.max_tokens, model.cost, model.known), (8000, 1000, Cost::ZERO, false));
    }

    #[test]
    fn application_profiles_do_not_hide_the_bare_model() {
        let models = select_models(&catalog(), &Selection::default());
        assert!(ids(&models).contains(&"cohere.command-r-v1:0"));
    }

    #[test]
    fn a_multi_model_profile_uses_its_first_model() {
        let mut p = profile("us.x", "X", "cohere.command-r-v1:0");
        p.model_ids.push(HAIKU.into());
        let catalog = Catalog {
            foundation_models: vec![fm(HAIKU, "Anthropic"), fm("cohere.command-r-v1:0", "Cohere")],
            profiles: vec![p],
        };
        let models = select_models(&catalog, &Selection::default());
        assert_eq!(ids(&models), [HAIKU, "us.x"]);
        assert_eq!(models[1].base_model_id, "cohere.command-r-v1:0");
    }
}
