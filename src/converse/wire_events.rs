//! One decoded ConverseStream message → our `Event`, or the `BedrockError` an exception frame
//! stands for. The JSON payloads are read with serde into structs shaped like the wire, with the
//! SDK's rules: a field that is missing or `null` takes its default, unknown fields are skipped,
//! a union (a delta, a block start, a citation location) holds exactly one non-null member and
//! an unknown member is `unknown`, and an unknown event type is `Event::Unknown`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::aws::errors::{self, BedrockError};
use crate::converse::events::{self, CacheDetail, Delta, Event, Metadata, ReasoningDelta, TraceSummary, Usage};
use crate::converse::frames::{FrameError, Message};

/// What a required member Bedrock left out becomes, as the SDK does it for enum-like strings.
const NO_VALUE: &str = "no value was set";

/// The event a message carries, or the error it reports.
pub fn event_from_message(message: &Message) -> Result<Event, BedrockError> {
    match message.string_header(":message-type") {
        Some("event") => match message.string_header(":event-type") {
            Some(event_type) => event(event_type, message.payload())
                .map_err(|err| invalid_event(&format!("failed to read {event_type}: {err}"))),
            None => Err(invalid_event("an event without an :event-type string header")),
        },
        Some("exception") => match message.string_header(":exception-type") {
            Some(exception_type) => Err(errors::stream_exception(exception_type, message.payload())),
            None => Err(invalid_event("an exception without an :exception-type string header")),
        },
        Some("error") => Err(errors::stream_error_message(
            message.string_header(":error-code"),
            message.string_header(":error-message"),
        )),
        Some(other) => Err(invalid_event(&format!("unrecognized :message-type {other}"))),
        None => Err(invalid_event("a message without a :message-type string header")),
    }
}

/// A body whose frames cannot be read. A frame too large to buffer is its own error.
pub fn frame_error(err: &FrameError) -> BedrockError {
    match err {
        FrameError::TooLarge { .. } => BedrockError::stream("FrameTooLargeError", err.to_string()),
        other => invalid_event(&other.to_string()),
    }
}

/// A message that is no ConverseStream event: the same on a second try.
fn invalid_event(detail: &str) -> BedrockError {
    errors::invalid_event_stream(detail)
}

fn event(event_type: &str, payload: &[u8]) -> serde_json::Result<Event> {
    // An empty payload is an empty object, as in the SDK.
    let payload = if payload.is_empty() { b"{}".as_slice() } else { payload };
    Ok(match event_type {
        "contentBlockDelta" => {
            let e: ContentBlockDeltaEvent = serde_json::from_slice(payload)?;
            Event::ContentBlockDelta {
                content_block_index: e.content_block_index.unwrap_or_default(),
                delta: e.delta.map_or_else(|| Delta::Unknown(json!({})), |delta| delta.0),
            }
        }
        "messageStart" => {
            let e: MessageStartEvent = serde_json::from_slice(payload)?;
            Event::MessageStart { role: e.role.unwrap_or_else(|| NO_VALUE.into()) }
        }
        "contentBlockStart" => {
            let e: ContentBlockStartEvent = serde_json::from_slice(payload)?;
            Event::ContentBlockStart {
                content_block_index: e.content_block_index.unwrap_or_default(),
                start: e.start.map_or_else(|| json!({"unknown": {}}), |start| start.0),
            }
        }
        "contentBlockStop" => {
            let e: ContentBlockStopEvent = serde_json::from_slice(payload)?;
            Event::ContentBlockStop { content_block_index: e.content_block_index.unwrap_or_default() }
        }
        "messageStop" => {
            let e: MessageStopEvent = serde_json::from_slice(payload)?;
            Event::MessageStop {
                stop_reason: e.stop_reason.unwrap_or_else(|| NO_VALUE.into()),
                additional_model_response_fields: e.additional_model_response_fields,
            }
        }
        "metadata" => Event::Metadata(serde_json::from_slice::<MetadataEvent>(payload)?.into_metadata()),
        _ => Event::Unknown,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageStartEvent {
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContentBlockStartEvent {
    content_block_index: Option<i32>,
    #[serde(default, deserialize_with = "union")]
    start: Option<BlockStart>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContentBlockDeltaEvent {
    content_block_index: Option<i32>,
    #[serde(default, deserialize_with = "union")]
    delta: Option<BlockDelta>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContentBlockStopEvent {
    content_block_index: Option<i32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageStopEvent {
    stop_reason: Option<String>,
    /// A document: `null` is kept as a value, as the SDK keeps it.
    #[serde(default, deserialize_with = "present")]
    additional_model_response_fields: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MetadataEvent {
    usage: Option<TokenUsage>,
    metrics: Option<Metrics>,
    trace: Option<Trace>,
    service_tier: Option<ServiceTier>,
    performance_config: Option<PerformanceConfig>,
}

impl MetadataEvent {
    /// Usage and metrics are always reported (zero when Bedrock left them out).
    fn into_metadata(self) -> Metadata {
        let usage = self.usage.unwrap_or_default();
        Metadata {
            usage: Some(events::usage_value(Usage {
                input_tokens: usage.input_tokens.unwrap_or_default(),
                output_tokens: usage.output_tokens.unwrap_or_default(),
                total_tokens: usage.total_tokens.unwrap_or_default(),
                cache_read_input_tokens: usage.cache_read_input_tokens,
                cache_write_input_tokens: usage.cache_write_input_tokens,
                cache_details: usage.cache_details.map(|details| {
                    details
                        .into_iter()
                        .map(|d| CacheDetail {
                            input_tokens: d.input_tokens.unwrap_or_default(),
                            ttl: d.ttl.unwrap_or_else(|| NO_VALUE.into()),
                        })
                        .collect()
                }),
            })),
            metrics: Some(events::metrics_value(self.metrics.and_then(|m| m.latency_ms).unwrap_or_default())),
            trace: self.trace.map(|t| {
                events::trace_value(TraceSummary {
                    guardrail: t.guardrail.map(|g| events::GuardrailSummary {
                        action_reason: g.action_reason,
                        model_output: g.model_output,
                        input_assessment: g.input_assessment.map(|m| m.into_keys().collect()),
                        output_assessments: g.output_assessments.map(|m| m.into_keys().collect()),
                    }),
                    prompt_router: t.prompt_router.map(|p| events::PromptRouterSummary { invoked_model_id: p.invoked_model_id }),
                })
            }),
            service_tier: self
                .service_tier
                .map(|t| events::service_tier_value(t.r#type.as_deref().unwrap_or(NO_VALUE))),
            performance_config: self
                .performance_config
                .map(|p| events::performance_config_value(p.latency.as_deref().unwrap_or("standard"))),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct TokenUsage {
    input_tokens: Option<i32>,
    output_tokens: Option<i32>,
    total_tokens: Option<i32>,
    cache_read_input_tokens: Option<i32>,
    cache_write_input_tokens: Option<i32>,
    cache_details: Option<Vec<WireCacheDetail>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCacheDetail {
    input_tokens: Option<i32>,
    ttl: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metrics {
    latency_ms: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Trace {
    guardrail: Option<GuardrailTrace>,
    prompt_router: Option<PromptRouterTrace>,
}

/// The guardrail verdict and which policies were assessed (the per-policy findings are
/// summarised as their keys, as for the non-streaming answer).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GuardrailTrace {
    action_reason: Option<String>,
    model_output: Option<Vec<String>>,
    input_assessment: Option<std::collections::BTreeMap<String, IgnoredAny>>,
    output_assessments: Option<std::collections::BTreeMap<String, IgnoredAny>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PromptRouterTrace {
    invoked_model_id: Option<String>,
}

#[derive(Deserialize)]
struct ServiceTier {
    r#type: Option<String>,
}

#[derive(Deserialize)]
struct PerformanceConfig {
    latency: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToolUseStart {
    tool_use_id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToolResultStart {
    tool_use_id: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct ImageStart {
    format: Option<String>,
}

#[derive(Deserialize)]
struct ToolUseDelta {
    input: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CitationsDelta {
    title: Option<String>,
    source: Option<String>,
    source_content: Option<Vec<CitationSourceContent>>,
    #[serde(default, deserialize_with = "union")]
    location: Option<CitationLocation>,
}

#[derive(Deserialize)]
struct CitationSourceContent {
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocumentRange {
    document_index: Option<i32>,
    start: Option<i32>,
    end: Option<i32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchResultRange {
    search_result_index: Option<i32>,
    start: Option<i32>,
    end: Option<i32>,
}

#[derive(Deserialize)]
struct WebLocation {
    url: Option<String>,
    domain: Option<String>,
}

/// A union of the wire: an object whose one non-null member (besides `__type`) names the variant.
trait Union: Sized {
    /// Reads the value of member `key`: `None` when it is `null` (the member does not count).
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Reads an unknown member: `unknown` unless its value is `null`.
fn unknown_member<'de, A: MapAccess<'de>, T>(map: &mut A, unknown: impl FnOnce() -> T) -> Result<Option<T>, A::Error> {
    Ok(map.next_value::<Option<IgnoredAny>>()?.map(|_| unknown()))
}

/// `deserialize_with` for a union-typed field: `null` is absent.
fn union<'de, D: Deserializer<'de>, T: Union>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(OptionalUnion(PhantomData))
}

struct OptionalUnion<T>(PhantomData<T>);

impl<'de, T: Union> Visitor<'de> for OptionalUnion<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a union object or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(UnionObject(PhantomData)).map(Some)
    }
}

struct UnionObject<T>(PhantomData<T>);

impl<'de, T: Union> Visitor<'de> for UnionObject<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a union object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut variant = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            if key == "__type" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let Some(found) = T::member(key, &mut map)? else { continue };
            if variant.replace(found).is_some() {
                return Err(de::Error::custom("encountered mixed variants in union"));
            }
        }
        variant.ok_or_else(|| de::Error::custom("union did not contain a valid variant"))
    }
}

/// A member name, borrowed from the payload unless it had escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// `deserialize_with` for a document field: present means `Some`, even when it is `null`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// A content block delta, already in our shape.
struct BlockDelta(Delta);

impl Union for BlockDelta {
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        let delta = match key {
            "text" => map.next_value::<Option<String>>()?.map(Delta::Text),
            "toolUse" => map
                .next_value::<Option<ToolUseDelta>>()?
                .map(|t| Delta::ToolUse { input: t.input.unwrap_or_default() }),
            "reasoningContent" => map.next_value::<Option<Wrapped<Reasoning>>>()?.map(|r| Delta::ReasoningContent(r.0 .0)),
            "citation" => map.next_value::<Option<CitationsDelta>>()?.map(|c| Delta::Citation(citation(c))),
            "toolResult" => map.next_value::<Option<Vec<Option<Wrapped<ToolResultPart>>>>>()?.map(|parts| {
                Delta::ToolResult(parts.into_iter().flatten().map(|part| part.0 .0).collect())
            }),
            "image" => map.next_value::<Option<IgnoredAny>>()?.map(|_| Delta::Image(json!({}))),
            _ => return unknown_member(map, || BlockDelta(Delta::Unknown(json!({})))),
        };
        Ok(delta.map(BlockDelta))
    }
}

/// A union as a list element or a plain member value (not `null`).
struct Wrapped<T>(T);

impl<'de, T: Union> Deserialize<'de> for Wrapped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(UnionObject(PhantomData)).map(Wrapped)
    }
}

struct Reasoning(ReasoningDelta);

impl Union for Reasoning {
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        let delta = match key {
            "text" => map.next_value::<Option<String>>()?.map(ReasoningDelta::Text),
            "signature" => map.next_value::<Option<String>>()?.map(ReasoningDelta::Signature),
            "redactedContent" => match map.next_value::<Option<String>>()? {
                // Decoded and encoded again, so the bytes replay exactly as the SDK's blob would.
                Some(b64) => Some(ReasoningDelta::RedactedContent(aws_smithy_types::base64::encode(
                    aws_smithy_types::base64::decode(&b64).map_err(de::Error::custom)?,
                ))),
                None => None,
            },
            _ => return unknown_member(map, || Reasoning(ReasoningDelta::Unknown(json!({})))),
        };
        Ok(delta.map(Reasoning))
    }
}

struct ToolResultPart(Value);

impl Union for ToolResultPart {
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        let part = match key {
            "text" => map.next_value::<Option<String>>()?.map(|text| json!({"text": text})),
            "json" => map.next_value::<Option<Value>>()?.map(|doc| json!({"json": doc})),
            _ => return unknown_member(map, || ToolResultPart(json!({"unknown": {}}))),
        };
        Ok(part.map(ToolResultPart))
    }
}

/// A content block start, already in our shape.
struct BlockStart(Value);

impl Union for BlockStart {
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        let start = match key {
            "toolUse" => map.next_value::<Option<ToolUseStart>>()?.map(|t| {
                json!({"toolUse": {"toolUseId": t.tool_use_id.unwrap_or_default(), "name": t.name.unwrap_or_default()}})
            }),
            "toolResult" => map.next_value::<Option<ToolResultStart>>()?.map(|t| {
                json!({"toolResult": {"toolUseId": t.tool_use_id.unwrap_or_default(), "status": t.status}})
            }),
            "image" => map
                .next_value::<Option<ImageStart>>()?
                .map(|i| json!({"image": {"format": i.format.unwrap_or_else(|| NO_VALUE.into())}})),
            _ => return unknown_member(map, || BlockStart(json!({"unknown": {}}))),
        };
        Ok(start.map(BlockStart))
    }
}

struct CitationLocation(Value);

impl Union for CitationLocation {
    fn member<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
        let document = |name: &str, d: DocumentRange| {
            let range = json!({"documentIndex": d.document_index, "start": d.start, "end": d.end});
            Value::Object(std::iter::once((name.to_string(), range)).collect())
        };
        let location = match key {
            "web" => map.next_value::<Option<WebLocation>>()?.map(|w| json!({"web": {"url": w.url, "domain": w.domain}})),
            "documentChar" | "documentPage" | "documentChunk" => {
                map.next_value::<Option<DocumentRange>>()?.map(|d| document(key, d))
            }
            "searchResultLocation" => map.next_value::<Option<SearchResultRange>>()?.map(|s| {
                json!({"searchResultLocation": {"searchResultIndex": s.search_result_index, "start": s.start, "end": s.end}})
            }),
            _ => return unknown_member(map, || CitationLocation(json!({"unknown": {}}))),
        };
        Ok(location.map(CitationLocation))
    }
}

fn citation(c: CitationsDelta) -> Value {
    let source_content: Option<Vec<Value>> =
        c.source_content.map(|parts| parts.into_iter().map(|p| json!({"text": p.text})).collect());
    json!({
        "title": c.title,
        "source": c.source,
        "sourceContent": source_content,
        "location": c.location.map(|l| l.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::errors::Phase;
    use crate::converse::frames::{encode, FrameDecoder};

    fn message(bytes: Vec<u8>) -> Message {
        let mut out = Vec::new();
        FrameDecoder::default().decode(bytes::Bytes::from(bytes), &mut out).expect("a valid frame");
        out.pop().expect("one message")
    }

    fn event_json(event_type: &str, payload: &str) -> Value {
        let event = event_from_message(&message(encode::event(event_type, payload))).expect("an event");
        serde_json::to_value(event).unwrap()
    }

    fn event_error(event_type: &str, payload: &str) -> BedrockError {
        event_from_message(&message(encode::event(event_type, payload))).expect_err("an error")
    }

    #[test]
    fn text_delta_in_the_api_shape_padding_ignored() {
        assert_eq!(
            event_json("contentBlockDelta", r#"{"contentBlockIndex":2,"delta":{"text":"Hi \u00e9\n"},"p":"abcdef"}"#),
            json!({"type":"contentBlockDelta","contentBlockIndex":2,"delta":{"text":"Hi é\n"}})
        );
    }

    #[test]
    fn every_delta_kind() {
        let delta = |d: &str| event_json("contentBlockDelta", &format!(r#"{{"contentBlockIndex":1,"delta":{d}}}"#))["delta"].clone();
        assert_eq!(delta(r#"{"toolUse":{"input":"{\"a\":"}}"#), json!({"toolUse":{"input":"{\"a\":"}}));
        assert_eq!(delta(r#"{"toolUse":{}}"#), json!({"toolUse":{"input":""}}));
        assert_eq!(delta(r#"{"reasoningContent":{"text":"hm"}}"#), json!({"reasoningContent":{"text":"hm"}}));
        assert_eq!(delta(r#"{"reasoningContent":{"signature":"sig"}}"#), json!({"reasoningContent":{"signature":"sig"}}));
        assert_eq!(delta(r#"{"reasoningContent":{"redactedContent":"AP8BAgM="}}"#), json!({"reasoningContent":{"redactedContent":"AP8BAgM="}}));
        assert_eq!(delta(r#"{"reasoningContent":{"future":1}}"#), json!({"reasoningContent":{"unknown":{}}}));
        assert_eq!(
            delta(r#"{"toolResult":[{"text":"t"},{"json":{"k":[1,-2,1.5]}},{"other":true}]}"#),
            json!({"toolResult":[{"text":"t"},{"json":{"k":[1,-2,1.5]}},{"unknown":{}}]})
        );
        assert_eq!(delta(r#"{"image":{"source":{"bytes":"AA=="}}}"#), json!({"image":{}}));
        assert_eq!(delta(r#"{"hologram":{"x":1}}"#), json!({"unknown":{}}));
        assert_eq!(delta(r#"null"#), json!({"unknown":{}}));
        assert_eq!(delta(r#"{"__type":"x","text":null,"text":"late"}"#), json!({"text":"late"}));
    }

    #[test]
    fn citations_keep_every_field_and_location_kind() {
        let payload = r#"{"contentBlockIndex":0,"delta":{"citation":{"title":"T","sourceContent":[{"text":"s"},{}],
            "location":{"documentPage":{"documentIndex":0,"start":1,"end":2}}}}}"#;
        assert_eq!(
            event_json("contentBlockDelta", payload)["delta"],
            json!({"citation":{"title":"T","source":null,"sourceContent":[{"text":"s"},{"text":null}],
                "location":{"documentPage":{"documentIndex":0,"start":1,"end":2}}}})
        );
        let location = |l: &str| {
            event_json("contentBlockDelta", &format!(r#"{{"delta":{{"citation":{{"location":{l}}}}}}}"#))["delta"]["citation"]["location"].clone()
        };
        assert_eq!(location(r#"{"web":{"url":"u"}}"#), json!({"web":{"url":"u","domain":null}}));
        assert_eq!(location(r#"{"documentChar":{"start":3}}"#), json!({"documentChar":{"documentIndex":null,"start":3,"end":null}}));
        assert_eq!(location(r#"{"documentChunk":{"end":3}}"#), json!({"documentChunk":{"documentIndex":null,"start":null,"end":3}}));
        assert_eq!(
            location(r#"{"searchResultLocation":{"searchResultIndex":1}}"#),
            json!({"searchResultLocation":{"searchResultIndex":1,"start":null,"end":null}})
        );
        assert_eq!(location(r#"{"map":{}}"#), json!({"unknown":{}}));
        assert_eq!(location("null"), Value::Null);
    }

    #[test]
    fn block_starts_stops_and_message_start() {
        assert_eq!(
            event_json("contentBlockStart", r#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"calc"}}}"#),
            json!({"type":"contentBlockStart","contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"calc"}}})
        );
        let start = |s: &str| event_json("contentBlockStart", &format!(r#"{{"start":{s}}}"#))["start"].clone();
        assert_eq!(start(r#"{"toolResult":{"toolUseId":"t","status":"error"}}"#), json!({"toolResult":{"toolUseId":"t","status":"error"}}));
        assert_eq!(start(r#"{"toolResult":{"toolUseId":"t"}}"#), json!({"toolResult":{"toolUseId":"t","status":null}}));
        assert_eq!(start(r#"{"image":{"format":"png"}}"#), json!({"image":{"format":"png"}}));
        assert_eq!(start(r#"{"video":{}}"#), json!({"unknown":{}}));
        assert_eq!(event_json("contentBlockStart", "{}")["start"], json!({"unknown":{}}));
        assert_eq!(event_json("contentBlockStop", r#"{"contentBlockIndex":3}"#), json!({"type":"contentBlockStop","contentBlockIndex":3}));
        assert_eq!(event_json("messageStart", r#"{"role":"assistant"}"#), json!({"type":"messageStart","role":"assistant"}));
        assert_eq!(event_json("messageStart", "")["role"], NO_VALUE);
    }

    #[test]
    fn stop_reasons_are_raw_and_response_fields_kept() {
        assert_eq!(event_json("messageStop", r#"{"stopReason":"brand_new_reason"}"#), json!({"type":"messageStop","stopReason":"brand_new_reason"}));
        assert_eq!(
            event_json("messageStop", r#"{"stopReason":"end_turn","additionalModelResponseFields":{"a":[1]}}"#)["additionalModelResponseFields"],
            json!({"a":[1]})
        );
        let kept_null = event_json("messageStop", r#"{"stopReason":"end_turn","additionalModelResponseFields":null}"#);
        assert_eq!(kept_null.get("additionalModelResponseFields"), Some(&Value::Null));
    }

    #[test]
    fn metadata_carries_usage_cache_tokens_metrics_trace_tier_and_latency() {
        let value = event_json(
            "metadata",
            r#"{"usage":{"inputTokens":10,"outputTokens":5,"totalTokens":45,"cacheReadInputTokens":20,"cacheWriteInputTokens":10,
                "cacheDetails":[{"ttl":"1h","inputTokens":10}]},"metrics":{"latencyMs":42},
                "trace":{"guardrail":{"actionReason":"r","inputAssessment":{"g1":{"topicPolicy":{}}}},"promptRouter":{"invokedModelId":"m"}},
                "serviceTier":{"type":"priority"},"performanceConfig":{"latency":"optimized"},"p":"x"}"#,
        );
        assert_eq!(
            value,
            json!({"type":"metadata",
                "usage":{"inputTokens":10,"outputTokens":5,"totalTokens":45,"cacheReadInputTokens":20,"cacheWriteInputTokens":10,
                    "cacheDetails":[{"inputTokens":10,"ttl":"1h"}]},
                "metrics":{"latencyMs":42},
                "trace":{"guardrail":{"actionReason":"r","modelOutput":null,"inputAssessment":["g1"],"outputAssessments":null},
                    "promptRouter":{"invokedModelId":"m"}},
                "serviceTier":{"type":"priority"},"performanceConfig":{"latency":"optimized"}})
        );
        assert_eq!(
            event_json("metadata", "{}"),
            json!({"type":"metadata","usage":{"inputTokens":0,"outputTokens":0,"totalTokens":0},"metrics":{"latencyMs":0}})
        );
    }

    #[test]
    fn unknown_event_types_pass_as_unknown() {
        assert_eq!(event_json("brandNewEvent", "{\"x\":1}"), json!({"type":"unknown"}));
    }

    #[test]
    fn malformed_payloads_are_invalid_streams() {
        for (event_type, payload) in [
            ("contentBlockDelta", r#"{"contentBlockIndex":0,"delta":"#),
            ("contentBlockDelta", r#"{"contentBlockIndex":0.5}"#),
            ("contentBlockDelta", r#"{"contentBlockIndex":4294967296}"#),
            ("contentBlockDelta", r#"{"delta":{"text":"a","toolUse":{"input":"b"}}}"#),
            ("contentBlockDelta", r#"{"delta":{}}"#),
            ("contentBlockDelta", r#"{"delta":{"reasoningContent":{"redactedContent":"!!"}}}"#),
            ("messageStart", "null"),
            ("messageStop", r#"{"stopReason":1}"#),
            ("metadata", r#"{"usage":[]}"#),
            ("contentBlockStop", "{} {}"),
        ] {
            let err = event_error(event_type, payload);
            assert_eq!((err.code.as_str(), err.phase, err.retryable), ("ResponseError", Phase::Stream, false), "{payload}: {err}");
            assert!(err.message.contains(event_type), "{err}");
        }
        let invalid_utf8 = encode::frame(
            &[
                (":event-type", encode::Value::String("contentBlockDelta".into())),
                (":message-type", encode::Value::String("event".into())),
            ],
            b"{\"delta\":{\"text\":\"\xff\xfe\"}}",
        );
        assert_eq!(event_from_message(&message(invalid_utf8)).unwrap_err().code, "ResponseError");
    }

    #[test]
    fn exceptions_are_typed_errors_with_code_status_and_retryability() {
        for (exception, code, status, retryable) in [
            ("throttlingException", "ThrottlingException", 429, true),
            ("modelStreamErrorException", "ModelStreamErrorException", 424, true),
            ("validationException", "ValidationException", 400, false),
            ("internalServerException", "InternalServerException", 500, true),
            ("serviceUnavailableException", "ServiceUnavailableException", 503, true),
        ] {
            let err = event_from_message(&message(encode::exception(exception, r#"{"message":"Slow down."}"#))).unwrap_err();
            assert_eq!(
                (err.code.as_str(), err.http_status, err.retryable, err.phase, err.message.as_str()),
                (code, Some(status), retryable, Phase::Stream, "Slow down."),
            );
        }
        let err = event_from_message(&message(encode::exception("newException", r#"{"__type":"ns#NewException:x"}"#))).unwrap_err();
        assert_eq!((err.code.as_str(), err.http_status, err.message.as_str()), ("NewException", Some(500), "no message"));
        let err = event_from_message(&message(encode::exception("newException", "{}"))).unwrap_err();
        assert_eq!(err.code, "UnknownStreamException");
    }

    #[test]
    fn error_messages_and_bad_headers_are_typed_errors() {
        let error = encode::frame(
            &[
                (":message-type", encode::Value::String("error".into())),
                (":error-code", encode::Value::String("InternalFailure".into())),
                (":error-message", encode::Value::String("it broke".into())),
            ],
            b"",
        );
        let err = event_from_message(&message(error)).unwrap_err();
        assert_eq!((err.code.as_str(), err.message.as_str(), err.phase), ("InternalFailure", "it broke", Phase::Stream));
        let no_type = encode::frame(&[(":event-type", encode::Value::String("messageStart".into()))], b"{}");
        assert_eq!(event_from_message(&message(no_type)).unwrap_err().code, "ResponseError");
        let odd_type = encode::frame(&[(":message-type", encode::Value::String("chunk".into()))], b"{}");
        assert_eq!(event_from_message(&message(odd_type)).unwrap_err().code, "ResponseError");
        let no_event_type = encode::frame(&[(":message-type", encode::Value::String("event".into()))], b"{}");
        assert_eq!(event_from_message(&message(no_event_type)).unwrap_err().code, "ResponseError");
    }
}

/// Property tests: any payload under any event type reads as an event or a typed error, never
/// a panic. `PROPTEST_CASES=100000 cargo test --release --lib properties` runs longer than CI's 256.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::converse::document::strategies::json;
    use proptest::prelude::*;

    const EVENT_TYPES: &[&str] =
        &["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata", "other"];
    const MEMBERS: &[&str] = &["delta", "start", "usage", "trace", "metrics", "location", "citation", "reasoningContent"];

    /// Objects of the event shapes, with random values where the unions and structs are.
    fn payload() -> impl Strategy<Value = Value> {
        prop_oneof![
            json(),
            (prop::sample::select(MEMBERS), json(), any::<Option<i32>>()).prop_map(|(member, value, index)| {
                let mut object = serde_json::Map::new();
                object.insert("contentBlockIndex".into(), json!(index));
                object.insert(member.into(), value);
                Value::Object(object)
            }),
            (json(), json()).prop_map(|(delta, inner)| json!({"delta": {"citation": {"location": delta}, "x": inner}})),
        ]
    }

    proptest! {
        #[test]
        fn any_payload_reads_as_an_event_or_a_typed_error(event_type in prop::sample::select(EVENT_TYPES), value in payload()) {
            match event(event_type, value.to_string().as_bytes()) {
                Ok(read) => {
                    let serialised = serde_json::to_value(&read).expect("an event always serialises");
                    prop_assert!(serialised["type"].is_string(), "{serialised}");
                }
                Err(err) => prop_assert!(!err.to_string().is_empty()),
            }
        }

        #[test]
        fn any_bytes_read_as_an_event_or_a_typed_error(event_type in prop::sample::select(EVENT_TYPES), bytes in prop::collection::vec(any::<u8>(), 0..128)) {
            let _ = event(event_type, &bytes);
        }
    }
}
