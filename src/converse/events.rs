//! SDK stream output → plain events in the API's own shape (`type` + the payload's fields), ready
//! to serialise to JavaScript. Raw values are kept: the stop reason as Bedrock sent it, redacted
//! reasoning bytes as base64, response documents as JSON.

use aws_sdk_bedrockruntime::types::{
    CitationLocation, CitationsDelta, ContentBlockDelta, ContentBlockStart, ConverseStreamMetadataEvent,
    ConverseStreamOutput, GuardrailTraceAssessment, PerformanceConfiguration, PromptRouterTrace,
    ReasoningContentBlockDelta, ServiceTier, TokenUsage, ToolResultBlockDelta,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::converse::document::document_to_json;
use crate::aws::errors::BedrockError;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    #[serde(rename_all = "camelCase")]
    Response { http_status: u16, request_id: Option<String>, attempts: u32 },
    /// A new attempt after a failure before any content; its response replaces the first one's.
    #[serde(rename_all = "camelCase")]
    Retry { request_id: Option<String>, attempts: u32 },
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

pub fn from_sdk(output: ConverseStreamOutput) -> Event {
    match output {
        ConverseStreamOutput::MessageStart(e) => Event::MessageStart { role: e.role.as_str().to_string() },
        ConverseStreamOutput::ContentBlockStart(e) => Event::ContentBlockStart {
            content_block_index: e.content_block_index,
            start: e.start.map_or(Value::Null, block_start),
        },
        ConverseStreamOutput::ContentBlockDelta(e) => Event::ContentBlockDelta {
            content_block_index: e.content_block_index,
            delta: e.delta.map_or(Delta::Unknown(Value::Null), delta),
        },
        ConverseStreamOutput::ContentBlockStop(e) => Event::ContentBlockStop {
            content_block_index: e.content_block_index,
        },
        ConverseStreamOutput::MessageStop(e) => Event::MessageStop {
            stop_reason: e.stop_reason.as_str().to_string(),
            additional_model_response_fields: e.additional_model_response_fields.as_ref().map(document_to_json),
        },
        ConverseStreamOutput::Metadata(e) => Event::Metadata(metadata(e)),
        _ => Event::Unknown,
    }
}

fn block_start(start: ContentBlockStart) -> Value {
    match start {
        ContentBlockStart::ToolUse(t) => json!({"toolUse": {"toolUseId": t.tool_use_id, "name": t.name}}),
        ContentBlockStart::ToolResult(t) => json!({"toolResult": {
            "toolUseId": t.tool_use_id,
            "status": t.status.as_ref().map(|s| s.as_str()),
        }}),
        ContentBlockStart::Image(i) => json!({"image": {"format": i.format.as_str()}}),
        _ => json!({"unknown": {}}),
    }
}

fn delta(delta: ContentBlockDelta) -> Delta {
    match delta {
        ContentBlockDelta::Text(text) => Delta::Text(text),
        ContentBlockDelta::ToolUse(t) => Delta::ToolUse { input: t.input },
        ContentBlockDelta::ReasoningContent(r) => Delta::ReasoningContent(reasoning(r)),
        ContentBlockDelta::Citation(c) => Delta::Citation(citation(c)),
        ContentBlockDelta::ToolResult(parts) => Delta::ToolResult(parts.into_iter().map(tool_result_part).collect()),
        ContentBlockDelta::Image(_) => Delta::Image(json!({})),
        _ => Delta::Unknown(json!({})),
    }
}

fn reasoning(delta: ReasoningContentBlockDelta) -> ReasoningDelta {
    match delta {
        ReasoningContentBlockDelta::Text(text) => ReasoningDelta::Text(text),
        ReasoningContentBlockDelta::Signature(signature) => ReasoningDelta::Signature(signature),
        ReasoningContentBlockDelta::RedactedContent(blob) => {
            ReasoningDelta::RedactedContent(aws_smithy_types::base64::encode(blob.as_ref()))
        }
        _ => ReasoningDelta::Unknown(json!({})),
    }
}

fn tool_result_part(part: ToolResultBlockDelta) -> Value {
    match part {
        ToolResultBlockDelta::Text(text) => json!({"text": text}),
        ToolResultBlockDelta::Json(doc) => json!({"json": document_to_json(&doc)}),
        _ => json!({"unknown": {}}),
    }
}

fn citation(c: CitationsDelta) -> Value {
    let source_content: Option<Vec<Value>> = c
        .source_content
        .map(|parts| parts.into_iter().map(|p| json!({"text": p.text})).collect());
    json!({
        "title": c.title,
        "source": c.source,
        "sourceContent": source_content,
        "location": c.location.map(citation_location),
    })
}

fn citation_location(location: CitationLocation) -> Value {
    match location {
        CitationLocation::Web(w) => json!({"web": {"url": w.url, "domain": w.domain}}),
        CitationLocation::DocumentChar(d) => {
            json!({"documentChar": {"documentIndex": d.document_index, "start": d.start, "end": d.end}})
        }
        CitationLocation::DocumentPage(d) => {
            json!({"documentPage": {"documentIndex": d.document_index, "start": d.start, "end": d.end}})
        }
        CitationLocation::DocumentChunk(d) => {
            json!({"documentChunk": {"documentIndex": d.document_index, "start": d.start, "end": d.end}})
        }
        CitationLocation::SearchResultLocation(s) => json!({"searchResultLocation": {
            "searchResultIndex": s.search_result_index, "start": s.start, "end": s.end,
        }}),
        _ => json!({"unknown": {}}),
    }
}

fn metadata(e: ConverseStreamMetadataEvent) -> Metadata {
    Metadata::new(
        e.usage,
        e.metrics.map(|m| m.latency_ms),
        e.trace.map(|t| trace(t.guardrail, t.prompt_router)),
        e.service_tier,
        e.performance_config,
    )
}

impl Metadata {
    pub fn new(
        usage_tokens: Option<TokenUsage>,
        latency_ms: Option<i64>,
        trace: Option<Value>,
        service_tier: Option<ServiceTier>,
        performance_config: Option<PerformanceConfiguration>,
    ) -> Self {
        Metadata {
            usage: usage_tokens.map(usage),
            metrics: latency_ms.map(|ms| json!({"latencyMs": ms})),
            trace,
            service_tier: service_tier.map(|t| json!({"type": t.r#type.as_str()})),
            performance_config: performance_config.map(|p| json!({"latency": p.latency.as_str()})),
        }
    }
}

fn usage(u: TokenUsage) -> Value {
    let mut value = json!({
        "inputTokens": u.input_tokens,
        "outputTokens": u.output_tokens,
        "totalTokens": u.total_tokens,
    });
    if let Some(read) = u.cache_read_input_tokens {
        value["cacheReadInputTokens"] = json!(read);
    }
    if let Some(write) = u.cache_write_input_tokens {
        value["cacheWriteInputTokens"] = json!(write);
    }
    if let Some(details) = u.cache_details {
        let details: Vec<Value> = details
            .iter()
            .map(|d| json!({"inputTokens": d.input_tokens, "ttl": d.ttl.as_str()}))
            .collect();
        value["cacheDetails"] = json!(details);
    }
    value
}

/// The prompt-router trace in full; the guardrail trace as its verdict and the policies it
/// assessed (the full per-policy findings are deep SDK structures with no JSON form).
pub fn trace(guardrail: Option<GuardrailTraceAssessment>, prompt_router: Option<PromptRouterTrace>) -> Value {
    let guardrail = guardrail.map(|g| {
        json!({
            "actionReason": g.action_reason,
            "modelOutput": g.model_output,
            "inputAssessment": g.input_assessment.map(|m| m.keys().cloned().collect::<Vec<_>>()),
            "outputAssessments": g.output_assessments.map(|m| m.keys().cloned().collect::<Vec<_>>()),
        })
    });
    json!({
        "guardrail": guardrail,
        "promptRouter": prompt_router.map(|p| json!({"invokedModelId": p.invoked_model_id})),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrockruntime::types::{
        CacheDetail, CacheTtl, ContentBlockDeltaEvent, ConverseStreamMetrics, MessageStopEvent, StopReason,
    };

    #[test]
    fn text_delta_serialises_in_the_api_shape() {
        let event = from_sdk(ConverseStreamOutput::ContentBlockDelta(
            ContentBlockDeltaEvent::builder()
                .content_block_index(2)
                .delta(ContentBlockDelta::Text("Hi".into()))
                .build()
                .unwrap(),
        ));
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({"type":"contentBlockDelta","contentBlockIndex":2,"delta":{"text":"Hi"}})
        );
    }

    #[test]
    fn redacted_reasoning_keeps_exact_bytes_as_base64() {
        let bytes = vec![0u8, 255, 1, 2, 3];
        let d = reasoning(ReasoningContentBlockDelta::RedactedContent(aws_smithy_types::Blob::new(bytes.clone())));
        let ReasoningDelta::RedactedContent(b64) = d else { panic!("not redacted") };
        assert_eq!(aws_smithy_types::base64::decode(&b64).unwrap(), bytes);
    }

    #[test]
    fn unknown_stop_reasons_are_kept_raw() {
        let event = from_sdk(ConverseStreamOutput::MessageStop(
            MessageStopEvent::builder().stop_reason(StopReason::from("brand_new_reason")).build().unwrap(),
        ));
        assert_eq!(serde_json::to_value(&event).unwrap(), json!({"type":"messageStop","stopReason":"brand_new_reason"}));
    }

    #[test]
    fn usage_carries_cache_tokens_and_ttl_split() {
        let meta = ConverseStreamMetadataEvent::builder()
            .usage(
                TokenUsage::builder()
                    .input_tokens(10)
                    .output_tokens(5)
                    .total_tokens(45)
                    .cache_read_input_tokens(20)
                    .cache_write_input_tokens(10)
                    .cache_details(CacheDetail::builder().ttl(CacheTtl::OneHour).input_tokens(10).build().unwrap())
                    .build()
                    .unwrap(),
            )
            .metrics(ConverseStreamMetrics::builder().latency_ms(42).build().unwrap())
            .build();
        let value = serde_json::to_value(from_sdk(ConverseStreamOutput::Metadata(meta))).unwrap();
        assert_eq!(value["usage"]["cacheReadInputTokens"], 20);
        assert_eq!(value["usage"]["cacheDetails"][0], json!({"inputTokens":10,"ttl":"1h"}));
        assert_eq!(value["metrics"], json!({"latencyMs":42}));
        assert_eq!(value["type"], "metadata");
    }

    #[test]
    fn error_event_flattens_the_error() {
        let value = serde_json::to_value(Event::Error(BedrockError::client("InvalidRequest", "x"))).unwrap();
        assert_eq!(value["type"], "error");
        assert_eq!(value["code"], "InvalidRequest");
    }
}

/// Property tests: every event the SDK can hand over converts and serialises, without panics.
/// `PROPTEST_CASES=100000 cargo test --release --lib properties` runs longer than CI's 256.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::converse::document::json_to_document;
    use crate::converse::document::strategies::json;
    use aws_sdk_bedrockruntime::types::{
        CacheDetail, CacheTtl, CitationSourceContentDelta, ContentBlockDeltaEvent, ContentBlockStartEvent,
        ContentBlockStopEvent, ConversationRole, ConverseStreamMetrics, DocumentCharLocation, MessageStartEvent,
        MessageStopEvent, StopReason, ToolUseBlockDelta, ToolUseBlockStart, WebLocation,
    };
    use aws_smithy_types::Blob;
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), Just(String::new())]
    }

    fn location() -> impl Strategy<Value = CitationLocation> {
        prop_oneof![
            (prop::option::of(any_text()), prop::option::of(any_text()))
                .prop_map(|(url, domain)| CitationLocation::Web(WebLocation::builder().set_url(url).set_domain(domain).build())),
            (any::<Option<i32>>(), any::<Option<i32>>(), any::<Option<i32>>()).prop_map(|(index, start, end)| {
                CitationLocation::DocumentChar(
                    DocumentCharLocation::builder().set_document_index(index).set_start(start).set_end(end).build(),
                )
            }),
        ]
    }

    fn citation() -> impl Strategy<Value = CitationsDelta> {
        (
            prop::option::of(any_text()),
            prop::option::of(any_text()),
            prop::option::of(prop::collection::vec(any_text(), 0..3)),
            prop::option::of(location()),
        )
            .prop_map(|(title, source, parts, location)| {
                let parts = parts.map(|p| p.into_iter().map(|t| CitationSourceContentDelta::builder().text(t).build()).collect());
                CitationsDelta::builder()
                    .set_title(title)
                    .set_source(source)
                    .set_source_content(parts)
                    .set_location(location)
                    .build()
            })
    }

    fn content_delta() -> impl Strategy<Value = ContentBlockDelta> {
        prop_oneof![
            any_text().prop_map(ContentBlockDelta::Text),
            any_text().prop_map(|input| ContentBlockDelta::ToolUse(ToolUseBlockDelta::builder().input(input).build().expect("input set"))),
            any_text().prop_map(|t| ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::Text(t))),
            any_text().prop_map(|s| ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::Signature(s))),
            prop::collection::vec(any::<u8>(), 0..64)
                .prop_map(|b| ContentBlockDelta::ReasoningContent(ReasoningContentBlockDelta::RedactedContent(Blob::new(b)))),
            citation().prop_map(ContentBlockDelta::Citation),
            prop::collection::vec(prop_oneof![any_text().prop_map(ToolResultBlockDelta::Text), json().prop_map(|j| ToolResultBlockDelta::Json(json_to_document(&j)))], 0..3)
                .prop_map(ContentBlockDelta::ToolResult),
        ]
    }

    fn token_usage() -> impl Strategy<Value = TokenUsage> {
        (any::<[i32; 3]>(), any::<Option<i32>>(), any::<Option<i32>>(), prop::option::of((any::<i32>(), any_text())))
            .prop_map(|([input, output, total], read, write, detail)| {
                let details = detail.map(|(tokens, ttl)| {
                    vec![CacheDetail::builder().input_tokens(tokens).ttl(CacheTtl::from(ttl.as_str())).build().expect("fields set")]
                });
                TokenUsage::builder()
                    .input_tokens(input)
                    .output_tokens(output)
                    .total_tokens(total)
                    .set_cache_read_input_tokens(read)
                    .set_cache_write_input_tokens(write)
                    .set_cache_details(details)
                    .build()
                    .expect("token counts set")
            })
    }

    fn sdk_event() -> impl Strategy<Value = ConverseStreamOutput> {
        prop_oneof![
            any_text().prop_map(|role| ConverseStreamOutput::MessageStart(
                MessageStartEvent::builder().role(ConversationRole::from(role.as_str())).build().expect("role set")
            )),
            (any::<i32>(), any_text(), any_text()).prop_map(|(index, id, name)| {
                let start = ToolUseBlockStart::builder().tool_use_id(id).name(name).build().expect("fields set");
                ConverseStreamOutput::ContentBlockStart(
                    ContentBlockStartEvent::builder()
                        .content_block_index(index)
                        .start(ContentBlockStart::ToolUse(start))
                        .build()
                        .expect("fields set"),
                )
            }),
            (any::<i32>(), content_delta()).prop_map(|(index, delta)| ConverseStreamOutput::ContentBlockDelta(
                ContentBlockDeltaEvent::builder().content_block_index(index).delta(delta).build().expect("fields set")
            )),
            any::<i32>().prop_map(|index| ConverseStreamOutput::ContentBlockStop(
                ContentBlockStopEvent::builder().content_block_index(index).build().expect("index set")
            )),
            (any_text(), prop::option::of(json())).prop_map(|(reason, fields)| ConverseStreamOutput::MessageStop(
                MessageStopEvent::builder()
                    .stop_reason(StopReason::from(reason.as_str()))
                    .set_additional_model_response_fields(fields.as_ref().map(json_to_document))
                    .build()
                    .expect("stop reason set")
            )),
            (prop::option::of(token_usage()), any::<Option<i64>>()).prop_map(|(usage, latency)| {
                let metrics = latency.map(|ms| ConverseStreamMetrics::builder().latency_ms(ms).build().expect("latency set"));
                ConverseStreamOutput::Metadata(
                    ConverseStreamMetadataEvent::builder().set_usage(usage).set_metrics(metrics).build(),
                )
            }),
        ]
    }

    proptest! {
        #[test]
        fn every_sdk_event_converts_and_serialises(output in sdk_event()) {
            let event = from_sdk(output);
            let value = serde_json::to_value(&event).expect("an event always serialises");
            prop_assert!(value["type"].is_string(), "{value}");
        }
    }
}
