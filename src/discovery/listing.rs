//! The control-plane listings behind discovery: `ListFoundationModels` (one page) and
//! `ListInferenceProfiles` (paginated; system-defined and application profiles listed
//! separately, since an unfiltered listing returns only the former), run in parallel, each
//! bounded by a timeout, and reduced to what selection needs.

use std::future::Future;
use std::time::Duration;

use aws_sdk_bedrock::types::{
    FoundationModelLifecycleStatus, FoundationModelSummary, InferenceProfileStatus, InferenceProfileSummary,
    InferenceProfileType, InferenceType, ModelModality,
};
use serde::Serialize;
use tokio::try_join;

use crate::aws::errors::{from_sdk_error, BedrockError, Phase};

/// A guard against a server that keeps handing out page tokens.
const MAX_PROFILE_PAGES: usize = 100;

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
    pub(crate) fn invocation_id(&self) -> &str {
        match self.kind {
            ProfileKind::SystemDefined => &self.id,
            ProfileKind::Application => &self.arn,
        }
    }

    pub(crate) fn base_model_id(&self) -> Option<&str> {
        self.model_ids.first().map(String::as_str)
    }
}

/// Everything the listings returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub foundation_models: Vec<FoundationModel>,
    pub profiles: Vec<InferenceProfile>,
}

/// A failed listing, named by the API operation (so `doctor` can name the missing permission).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryError {
    pub operation: &'static str,
    #[serde(flatten)]
    pub error: BedrockError,
}

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

/// A call bounded by `timeout`; its failure (or the timeout) names `operation`.
pub async fn bounded<T>(
    operation: &'static str,
    timeout: Duration,
    call: impl Future<Output = Result<T, BedrockError>>,
) -> Result<T, DiscoveryError> {
    let result = match tokio::time::timeout(timeout, call).await {
        Ok(result) => result,
        Err(_) => Err(BedrockError {
            phase: Phase::Request,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
