//! Bedrock's CountTokens for a Converse request in the same JSON as a stream's: the input tokens
//! the model would be charged for, counted by its tokenizer without running it. CountTokens
//! takes foundation-model ids only, so a system profile id is counted by the model it routes to.
//! Throttling and other retryable failures are retried like a stream's, within the same budget.

use std::time::Duration;

use serde::Serialize;
use tokio::time::timeout;

use crate::aws::clients::clients_for;
use crate::aws::errors::{self, BedrockError};
use crate::config::env::EnvSnapshot;
use crate::config::options::{ClientOptions, StreamSettings};
use crate::converse::request::ConverseRequest;
use crate::converse::stream::backoff;
use crate::discovery::known_models::strip_geo_prefix;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum CountResult {
    #[serde(rename_all = "camelCase")]
    TokenCount { input_tokens: i32, model_id: String },
    Error(BedrockError),
}

pub async fn count_tokens(request_json: &str, options: ClientOptions, settings: StreamSettings, env: EnvSnapshot) -> CountResult {
    match count(request_json, options, settings, &env).await {
        Ok((input_tokens, model_id)) => CountResult::TokenCount { input_tokens, model_id },
        Err(error) => CountResult::Error(error),
    }
}

async fn count(request_json: &str, options: ClientOptions, settings: StreamSettings, env: &EnvSnapshot) -> Result<(i32, String), BedrockError> {
    let request = ConverseRequest::from_json(request_json).map_err(|e| BedrockError::client("InvalidRequest", e.to_string()))?;
    let clients = clients_for(&options, env).await?;
    let model_id = strip_geo_prefix(request.model_id()).to_string();
    let max_attempts = settings.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        let call = request.clone().apply_count_tokens(clients.runtime.count_tokens(), &model_id);
        let error = match timeout(settings.first_event_timeout, call.send()).await {
            Ok(Ok(output)) => return Ok((output.input_tokens(), model_id)),
            Ok(Err(error)) => errors::from_sdk_error(&error),
            Err(_) => BedrockError::timeout(format!(
                "no answer from Bedrock within {} ms (first-event timeout)",
                settings.first_event_timeout.as_millis()
            )),
        };
        if !error.retryable || attempt >= max_attempts {
            return Err(error);
        }
        let hinted = Duration::from_millis(error.retry_after_ms.unwrap_or(0));
        tokio::time::sleep(backoff(settings.retry_base_delay, attempt).max(hinted)).await;
        attempt += 1;
    }
}
