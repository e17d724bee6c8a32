//! The events of a stream in the API's own shape (`type` + the payload's fields), ready to
//! serialise to JavaScript, and the shapes of their metadata. Raw values are kept: the stop
//! reason as Bedrock sent it, redacted reasoning bytes as base64, response documents as JSON.
//! `wire_events` reads them from ConverseStream's messages; `fallback` from a Converse answer.

use aws_sdk_bedrockruntime::types::{GuardrailTraceAssessment, PerformanceConfiguration, PromptRouterTrace, ServiceTier, TokenUsage};
use serde::Serialize;
use serde_json::{json, Value};

use crate::converse::routing::Substitution;
use crate::aws::errors::BedrockError;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    #[serde(rename_all = "camelCase")]
    Response {
        http_status: u16,
        request_id: Option<String>,
        attempts: u32,
        #[serde(flatten)]
        routing: Routing,
    },
    /// A new attempt after a failure before any content; its response replaces the first one's.
    #[serde(rename_all = "camelCase")]
    Retry {
        request_id: Option<String>,
        attempts: u32,
        #[serde(flatten)]
        routing: Routing,
    },
    MessageStart { role: String },
    #[serde(rename_all = "camelCase")]
    ContentBlockStart { content_block_index: i32, start: Value },
    #[serde(rename_all = "camelCase")]
    ContentBlockDelta { content_block_index: i32, delta: Delta },
    #[serde(rename_all = "camelCase")]
    ContentBlockStop { content_block_index: i32 },
    #[serde(rename_all = "camelCase")]
    MessageStop {
        stop_reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        additional_model_response_fields: Option<Value>,
    },
    Metadata(Metadata),
    Unknown,
    Error(BedrockError),
}

/// How the answer was obtained when not by a plain ConverseStream call to the requested id
/// (both fields absent otherwise).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Routing {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitution: Option<Substitution>,
    /// The model cannot stream: non-streaming Converse answered, replayed as these events.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub non_streaming: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Delta {
    Text(String),
    ToolUse { input: String },
    ReasoningContent(ReasoningDelta),
    Citation(Value),
    ToolResult(Vec<Value>),
    Image(Value),
    Unknown(Value),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ReasoningDelta {
    Text(String),
    Signature(String),
    /// base64, exactly as the bytes must be replayed.
    RedactedContent(String),
    Unknown(Value),
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance_config: Option<Value>,
}

impl Metadata {
    /// The metadata of a non-streaming answer, from the SDK's types.
    pub fn new(
        usage_tokens: Option<TokenUsage>,
        latency_ms: Option<i64>,
        trace: Option<Value>,
        service_tier: Option<ServiceTier>,
        performance_config: Option<PerformanceConfiguration>,
    ) -> Self {
        Metadata {
            usage: usage_tokens.map(|u| {
                usage_value(Usage {
                    input_tokens: u.input_tokens,
                    output_tokens: u.output_tokens,
                    total_tokens: u.total_tokens,
                    cache_read_input_tokens: u.cache_read_input_tokens,
                    cache_write_input_tokens: u.cache_write_input_tokens,
                    cache_details: u.cache_details.map(|details| {
                        details
                            .iter()
                            .map(|d| CacheDetail { input_tokens: d.input_tokens, ttl: d.ttl.as_str().to_string() })
                            .collect()
                    }),
                })
            }),
            metrics: latency_ms.map(metrics_value),
            trace,
            service_tier: service_tier.map(|t| service_tier_value(t.r#type.as_str())),
            performance_config: performance_config.map(|p| performance_config_value(p.latency.as_str())),
        }
    }
}

/// Token usage as reported: the cache fields only when Bedrock sent them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: i32,
    pub output_tokens: i32,
    pub total_tokens: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_write_input_tokens: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_details: Option<Vec<CacheDetail>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheDetail {
    pub input_tokens: i32,
    pub ttl: String,
}

/// The prompt-router trace in full; the guardrail trace as its verdict and the policies it
/// assessed (the full per-policy findings are deep structures we do not pass on).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceSummary {
    pub guardrail: Option<GuardrailSummary>,
    pub prompt_router: Option<PromptRouterSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardrailSummary {
    pub action_reason: Option<String>,
    pub model_output: Option<Vec<String>>,
    /// The assessed policies' keys, sorted.
    pub input_assessment: Option<Vec<String>>,
    pub output_assessments: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptRouterSummary {
    pub invoked_model_id: Option<String>,
}

/// The JSON forms of the metadata's parts (`Value`s: the event keeps free-form JSON).
pub fn usage_value(usage: Usage) -> Value {
    serde_json::to_value(usage).unwrap_or(Value::Null)
}

pub fn trace_value(trace: TraceSummary) -> Value {
    serde_json::to_value(trace).unwrap_or(Value::Null)
}

pub fn metrics_value(latency_ms: i64) -> Value {
    json!({"latencyMs": latency_ms})
}

pub fn service_tier_value(tier: &str) -> Value {
    json!({"type": tier})
}

pub fn performance_config_value(latency: &str) -> Value {
    json!({"latency": latency})
}

/// The trace of a non-streaming answer, from the SDK's types.
pub fn trace(guardrail: Option<GuardrailTraceAssessment>, prompt_router: Option<PromptRouterTrace>) -> Value {
    fn sorted_keys<V>(map: std::collections::HashMap<String, V>) -> Vec<String> {
        let mut keys: Vec<String> = map.into_keys().collect();
        keys.sort();
        keys
    }
    trace_value(TraceSummary {
        guardrail: guardrail.map(|g| GuardrailSummary {
            action_reason: g.action_reason,
            model_output: g.model_output,
            input_assessment: g.input_assessment.map(sorted_keys),
            output_assessments: g.output_assessments.map(sorted_keys),
        }),
        prompt_router: prompt_router.map(|p| PromptRouterSummary { invoked_model_id: p.invoked_model_id }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrockruntime::types::{CacheDetail as SdkCacheDetail, CacheTtl, GuardrailAssessment};

    #[test]
    fn text_delta_serialises_in_the_api_shape() {
        let event = Event::ContentBlockDelta { content_block_index: 2, delta: Delta::Text("Hi".into()) };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({"type":"contentBlockDelta","contentBlockIndex":2,"delta":{"text":"Hi"}})
        );
    }

    #[test]
    fn sdk_usage_carries_cache_tokens_and_ttl_split() {
        let usage = TokenUsage::builder()
            .input_tokens(10)
            .output_tokens(5)
            .total_tokens(45)
            .cache_read_input_tokens(20)
            .cache_write_input_tokens(10)
            .cache_details(SdkCacheDetail::builder().ttl(CacheTtl::OneHour).input_tokens(10).build().unwrap())
            .build()
            .unwrap();
        let value = serde_json::to_value(Event::Metadata(Metadata::new(Some(usage), Some(42), None, None, None))).unwrap();
        assert_eq!(value["usage"]["cacheReadInputTokens"], 20);
        assert_eq!(value["usage"]["cacheDetails"][0], json!({"inputTokens":10,"ttl":"1h"}));
        assert_eq!(value["metrics"], json!({"latencyMs":42}));
        assert_eq!(value["type"], "metadata");
        let plain = TokenUsage::builder().input_tokens(1).output_tokens(2).total_tokens(3).build().unwrap();
        let value = serde_json::to_value(Metadata::new(Some(plain), None, None, None, None)).unwrap();
        assert_eq!(value, json!({"usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3}}));
    }

    #[test]
    fn sdk_trace_lists_assessed_policies_sorted() {
        let guardrail = GuardrailTraceAssessment::builder()
            .input_assessment("b", GuardrailAssessment::builder().build())
            .input_assessment("a", GuardrailAssessment::builder().build())
            .action_reason("blocked")
            .build();
        let value = trace(Some(guardrail), None);
        assert_eq!(
            value,
            json!({"guardrail":{"actionReason":"blocked","modelOutput":null,"inputAssessment":["a","b"],"outputAssessments":null},"promptRouter":null})
        );
    }

    #[test]
    fn error_event_flattens_the_error() {
        let value = serde_json::to_value(Event::Error(BedrockError::client("InvalidRequest", "x"))).unwrap();
        assert_eq!(value["type"], "error");
        assert_eq!(value["code"], "InvalidRequest");
    }
}
