//! Model discovery: which Bedrock models this account can call in this region, under the ids that
//! Converse accepts for them.
//!
//! `ListFoundationModels` (one page) and `ListInferenceProfiles` (paginated; system-defined and
//! application profiles listed separately, since an unfiltered listing returns only the former)
//! run in parallel, each bounded by a timeout. A model with an active system inference profile is
//! offered only under the profile id(s): its bare id is either a duplicate or not invocable at all
//! ("on-demand throughput isn't supported"). Profiles take their base model's capabilities.
//! When one listing fails the others still count: the result is partial and carries the error.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;
use std::time::Duration;

use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_bedrock::types::{
    FoundationModelLifecycleStatus, FoundationModelSummary, InferenceProfileStatus, InferenceProfileSummary,
    InferenceProfileType, InferenceType, ModelModality,
};
use serde::Serialize;
use tokio::try_join;

use crate::clients::{clients_for, Clients};
use crate::discovery_cache::{DiscoveryCache, Outcome};
use crate::errors::{from_sdk_error, BedrockError};
use crate::known_models::{self, Cost};
use crate::region::runtime_base_url;
use crate::settings::{AuthMode, ClientOptions, EnvSnapshot};

/// A guard against a server that keeps handing out page tokens.
const MAX_PROFILE_PAGES: usize = 100;

pub const DEFAULT_CONTEXT_WINDOW: u32 = 32_000;
pub const DEFAULT_MAX_TOKENS: u32 = 4_096;
pub const DEFAULT_REFRESH_INTERVAL: Duration = Duration::from_secs(3600);
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(10);

static CACHE: LazyLock<DiscoveryCache<Vec<DiscoveredModel>>> = LazyLock::new(DiscoveryCache::default);

/// A foundation model as listed by `ListFoundationModels`, reduced to what selection needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundationModel {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub image_input: bool,
    pub text_output: bool,
    pub streaming: bool,
    /// Invocable by its bare id; otherwise only through an inference profile.
    pub on_demand: bool,
    pub lifecycle: Lifecycle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Active,
    Legacy,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    SystemDefined,
    Application,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InferenceProfile {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub active: bool,
    pub kind: ProfileKind,
    /// The foundation-model ids behind the profile, in the order listed.
    pub model_ids: Vec<String>,
}

impl InferenceProfile {
    /// Converse accepts a system profile by id, an application profile only by its ARN.
    fn invocation_id(&self) -> &str {
        match self.kind {
            ProfileKind::SystemDefined => &self.id,
            ProfileKind::Application => &self.arn,
        }
    }

    fn base_model_id(&self) -> Option<&str> {
        self.model_ids.first().map(String::as_str)
    }
}

/// Everything the listings returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub foundation_models: Vec<FoundationModel>,
    pub profiles: Vec<InferenceProfile>,
}

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

/// A failed listing, named by the API operation (so `doctor` can name the missing permission).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryError {
    pub operation: &'static str,
    #[serde(flatten)]
    pub error: BedrockError,
}

pub struct DiscoveryRequest {
    pub client: ClientOptions,
    pub selection: Selection,
    /// Zero disables the cache.
    pub refresh_interval: Duration,
    pub call_timeout: Duration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryResult {
    pub models: Vec<DiscoveredModel>,
    /// Some listing failed and no earlier complete result could stand in.
    pub partial: bool,
    /// The models are the last complete result, served because refreshing it failed.
    pub stale: bool,
    pub errors: Vec<DiscoveryError>,
    pub region: String,
    pub base_url: String,
    pub from_cache: bool,
}

/// Discovers the models for these options, through the shared cache.
pub async fn discover(request: DiscoveryRequest) -> DiscoveryResult {
    let env = EnvSnapshot::capture();
    let clients = match clients_for(&request.client, &env).await {
        Ok(clients) => clients,
        Err(error) => {
            let failure = DiscoveryError { operation: "CreateClient", error };
            return failed_before_listing(crate::region::DEFAULT_REGION, failure);
        }
    };
    // Bounded too: off EC2 without credentials the SDK's chain can spend seconds on instance metadata.
    let identity = match bounded("ResolveCredentials", request.call_timeout, credential_identity(&clients)).await {
        Ok(identity) => identity,
        Err(failure) => return failed_before_listing(&clients.region, failure),
    };
    let key = cache_key(&request, &clients.region, &env, identity);
    let (selection, timeout, control) = (request.selection.clone(), request.call_timeout, clients.control.clone());
    let served = CACHE
        .get(key, request.refresh_interval, || async move {
            let (catalog, errors) = fetch_catalog(&control, selection.include_inference_profiles, timeout).await;
            Outcome { value: select_models(&catalog, &selection), errors }
        })
        .await;
    DiscoveryResult {
        models: served.value,
        partial: served.partial,
        stale: served.stale,
        errors: served.errors,
        base_url: runtime_base_url(&clients.region),
        region: clients.region.clone(),
        from_cache: served.from_cache,
    }
}

/// Forgets every cached discovery.
pub fn clear_cache() {
    CACHE.clear();
}

/// Pins the cache's clock to `now_ms` (milliseconds since the epoch), or back to real time.
pub fn set_cache_clock(now_ms: Option<u64>) {
    CACHE.clock.set(now_ms);
}

fn failed_before_listing(region: &str, failure: DiscoveryError) -> DiscoveryResult {
    DiscoveryResult {
        models: Vec::new(),
        partial: true,
        stale: false,
        errors: vec![failure],
        region: region.to_string(),
        base_url: runtime_base_url(region),
        from_cache: false,
    }
}

/// Who is asking, as a hash: the access key id of the resolved credentials (which tells accounts
/// and roles apart even when the environment is the same, e.g. on EC2), or the bearer token.
async fn credential_identity(clients: &Clients) -> Result<u64, BedrockError> {
    let mut hasher = DefaultHasher::new();
    clients.auth.hash(&mut hasher);
    if clients.auth == AuthMode::SigV4 {
        let provider = clients.credentials.as_ref().ok_or_else(no_credentials)?;
        let credentials = provider.provide_credentials().await.map_err(|e| {
            BedrockError::client(
                "CredentialsError",
                format!("could not load AWS credentials: {}", crate::errors::describe(&e)),
            )
        })?;
        credentials.access_key_id().hash(&mut hasher);
    }
    Ok(hasher.finish())
}

fn no_credentials() -> BedrockError {
    BedrockError::client("CredentialsError", "no AWS credentials provider is configured")
}

fn cache_key(request: &DiscoveryRequest, region: &str, env: &EnvSnapshot, identity: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    region.hash(&mut hasher);
    request.client.endpoint.hash(&mut hasher);
    request.client.profile(env).hash(&mut hasher);
    env.fingerprint().hash(&mut hasher);
    identity.hash(&mut hasher);
    normalized_filter(&request.selection.provider_filter).hash(&mut hasher);
    let Selection { include_inference_profiles, include_legacy, default_context_window, default_max_tokens, .. } =
        &request.selection;
    (include_inference_profiles, include_legacy, default_context_window, default_max_tokens).hash(&mut hasher);
    hasher.finish()
}

fn normalized_filter(filter: &[String]) -> Vec<String> {
    let mut terms: Vec<String> =
        filter.iter().map(|term| term.trim().to_lowercase()).filter(|term| !term.is_empty()).collect();
    terms.sort();
    terms.dedup();
    terms
}

// ---- Listing ---------------------------------------------------------------------------------

/// Runs the listings in parallel. A failed listing leaves its part of the catalogue empty and
/// adds its error; profiles are not listed at all when they are not wanted.
pub async fn fetch_catalog(
    client: &aws_sdk_bedrock::Client,
    include_profiles: bool,
    timeout: Duration,
) -> (Catalog, Vec<DiscoveryError>) {
    let foundation = bounded("ListFoundationModels", timeout, list_foundation_models(client));
    let profiles = async {
        if !include_profiles {
            return Ok(Vec::new());
        }
        let system = list_profiles(client, InferenceProfileType::SystemDefined);
        let application = list_profiles(client, InferenceProfileType::Application);
        let (mut system, application) = try_join!(
            bounded("ListInferenceProfiles", timeout, system),
            bounded("ListInferenceProfiles", timeout, application)
        )?;
        system.extend(application);
        Ok(system)
    };
    let (foundation, profiles) = tokio::join!(foundation, profiles);
    let mut errors = Vec::new();
    let catalog = Catalog {
        foundation_models: foundation.unwrap_or_else(|e| keep_error(&mut errors, e)),
        profiles: profiles.unwrap_or_else(|e| keep_error(&mut errors, e)),
    };
    (catalog, errors)
}

fn keep_error<T: Default>(errors: &mut Vec<DiscoveryError>, error: DiscoveryError) -> T {
    errors.push(error);
    T::default()
}

async fn bounded<T>(
    operation: &'static str,
    timeout: Duration,
    call: impl Future<Output = Result<T, BedrockError>>,
) -> Result<T, DiscoveryError> {
    let result = match tokio::time::timeout(timeout, call).await {
        Ok(result) => result,
        Err(_) => Err(BedrockError {
            phase: crate::errors::Phase::Request,
            ..BedrockError::timeout(format!("{operation} did not answer within {} ms", timeout.as_millis()))
        }),
    };
    result.map_err(|error| DiscoveryError { operation, error })
}

async fn list_foundation_models(client: &aws_sdk_bedrock::Client) -> Result<Vec<FoundationModel>, BedrockError> {
    let output = client.list_foundation_models().send().await.map_err(|e| from_sdk_error(&e))?;
    Ok(output.model_summaries().iter().map(foundation_model).collect())
}

async fn list_profiles(
    client: &aws_sdk_bedrock::Client,
    kind: InferenceProfileType,
) -> Result<Vec<InferenceProfile>, BedrockError> {
    let mut profiles = Vec::new();
    let mut next_token: Option<String> = None;
    for _ in 0..MAX_PROFILE_PAGES {
        let page = client
            .list_inference_profiles()
            .type_equals(kind.clone())
            .set_next_token(next_token.take())
            .send()
            .await
            .map_err(|e| from_sdk_error(&e))?;
        profiles.extend(page.inference_profile_summaries().iter().map(inference_profile));
        match page.next_token() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_string()),
            _ => return Ok(profiles),
        }
    }
    Ok(profiles)
}

fn foundation_model(summary: &FoundationModelSummary) -> FoundationModel {
    let lifecycle = match summary.model_lifecycle().map(|l| l.status()) {
        // An absent lifecycle is how older listings described current models.
        None | Some(FoundationModelLifecycleStatus::Active) => Lifecycle::Active,
        Some(FoundationModelLifecycleStatus::Legacy) => Lifecycle::Legacy,
        Some(_) => Lifecycle::Other,
    };
    FoundationModel {
        id: summary.model_id().to_string(),
        name: summary.model_name().unwrap_or(summary.model_id()).to_string(),
        provider: summary.provider_name().unwrap_or_default().to_string(),
        image_input: summary.input_modalities().contains(&ModelModality::Image),
        text_output: summary.output_modalities().contains(&ModelModality::Text),
        streaming: summary.response_streaming_supported().unwrap_or(false),
        on_demand: summary.inference_types_supported().contains(&InferenceType::OnDemand),
        lifecycle,
    }
}

fn inference_profile(summary: &InferenceProfileSummary) -> InferenceProfile {
    InferenceProfile {
        id: summary.inference_profile_id().to_string(),
        arn: summary.inference_profile_arn().to_string(),
        name: summary.inference_profile_name().to_string(),
        active: *summary.status() == InferenceProfileStatus::Active,
        kind: match summary.r#type() {
            InferenceProfileType::Application => ProfileKind::Application,
            _ => ProfileKind::SystemDefined,
        },
        model_ids: summary.models().iter().filter_map(|m| m.model_arn()).filter_map(model_id_of_arn).collect(),
    }
}

/// `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-…` → `anthropic.claude-…`.
fn model_id_of_arn(arn: &str) -> Option<String> {
    arn.split_once(":foundation-model/").map(|(_, id)| id.to_string()).filter(|id| !id.is_empty())
}

// ---- Selection -------------------------------------------------------------------------------

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

    #[tokio::test]
    async fn a_listing_that_does_not_answer_times_out_naming_its_operation() {
        let never = std::future::pending::<Result<(), BedrockError>>();
        let failure = bounded("ListFoundationModels", Duration::from_millis(5), never).await.unwrap_err();
        assert_eq!(failure.operation, "ListFoundationModels");
        assert_eq!((failure.error.code.as_str(), failure.error.retryable), ("TimeoutError", true));
    }

    #[test]
    fn arn_model_ids() {
        assert_eq!(
            model_id_of_arn("arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-8b-instruct-v1:0").as_deref(),
            Some("meta.llama3-8b-instruct-v1:0")
        );
        assert_eq!(model_id_of_arn("arn:aws:bedrock:us-west-2:1:custom-model/x"), None);
    }

    #[test]
    fn cache_key_ignores_filter_order_and_case_but_not_other_options() {
        let env = EnvSnapshot::from_pairs(&[]);
        let request = |filter: &[&str], profiles: bool| DiscoveryRequest {
            client: ClientOptions::default(),
            selection: Selection {
                provider_filter: filter.iter().map(|t| t.to_string()).collect(),
                include_inference_profiles: profiles,
                ..Selection::default()
            },
            refresh_interval: DEFAULT_REFRESH_INTERVAL,
            call_timeout: DEFAULT_CALL_TIMEOUT,
        };
        let key = |r: &DiscoveryRequest| cache_key(r, "us-east-1", &env, 1);
        assert_eq!(key(&request(&["amazon", "Anthropic"], true)), key(&request(&["anthropic", "amazon"], true)));
        assert_ne!(key(&request(&["amazon"], true)), key(&request(&["amazon"], false)));
        assert_ne!(
            cache_key(&request(&[], true), "us-east-1", &env, 1),
            cache_key(&request(&[], true), "us-east-1", &env, 2)
        );
        assert_ne!(
            cache_key(&request(&[], true), "us-east-1", &env, 1),
            cache_key(&request(&[], true), "eu-west-1", &env, 1)
        );
    }
}
