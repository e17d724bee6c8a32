//! The keys of every event and error that crosses the napi edge as JSON, checked against
//! `wire-contract.json`. The TS side (`__test__/wire-contract.test.mjs`) checks the same file
//! against its declarations, so a field added here but not there fails a test.
//!
//! `UPDATE_WIRE_CONTRACT=1 cargo test --lib wire_contract` rewrites the file after a deliberate
//! change; commit it with the TS declarations that mirror it.

use std::collections::BTreeMap;

use aws_sdk_bedrockruntime::types::{
    CacheDetail, CacheTtl, PerformanceConfigLatency, PerformanceConfiguration, ServiceTier, ServiceTierType,
    TokenUsage,
};
use serde_json::{json, Value};

use crate::aws::errors::{BedrockError, Phase};
use crate::converse::events::{Delta, Event, Metadata, ReasoningDelta, Routing};
use crate::converse::routing::{Substitution, SubstitutionSource};

const CONTRACT_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/converse/wire-contract.json");

/// One of each event variant with every optional field set. The exhaustive match in
/// `variant_index` makes a new variant a compile error until it is listed here too.
fn sample_events() -> Vec<Event> {
    let usage = TokenUsage::builder()
        .input_tokens(1)
        .output_tokens(2)
        .total_tokens(3)
        .cache_read_input_tokens(4)
        .cache_write_input_tokens(5)
        .cache_details(CacheDetail::builder().ttl(CacheTtl::FiveMinutes).input_tokens(5).build().unwrap())
        .build()
        .unwrap();
    vec![
        Event::Response { http_status: 200, request_id: Some("r".into()), attempts: 1, routing: full_routing() },
        Event::Retry { request_id: Some("r".into()), attempts: 2, routing: full_routing() },
        Event::MessageStart { role: "assistant".into() },
        Event::ContentBlockStart { content_block_index: 0, start: json!({"toolUse": {"toolUseId": "t", "name": "n"}}) },
        Event::ContentBlockDelta { content_block_index: 0, delta: Delta::Text("x".into()) },
        Event::ContentBlockStop { content_block_index: 0 },
        Event::MessageStop { stop_reason: "end_turn".into(), additional_model_response_fields: Some(json!({})) },
        Event::Metadata(Metadata::new(
            Some(usage),
            Some(1),
            Some(json!({})),
            Some(ServiceTier::builder().r#type(ServiceTierType::Default).build().unwrap()),
            Some(PerformanceConfiguration::builder().latency(PerformanceConfigLatency::Standard).build()),
        )),
        Event::Unknown,
        Event::Error(full_error()),
    ]
}

fn full_routing() -> Routing {
    let substitution = Substitution { requested: "m".into(), used: "us.m".into(), source: SubstitutionSource::Region };
    Routing { substitution: Some(substitution), non_streaming: true }
}

const EVENT_VARIANTS: usize = 10;

fn variant_index(event: &Event) -> usize {
    match event {
        Event::Response { .. } => 0,
        Event::Retry { .. } => 1,
        Event::MessageStart { .. } => 2,
        Event::ContentBlockStart { .. } => 3,
        Event::ContentBlockDelta { .. } => 4,
        Event::ContentBlockStop { .. } => 5,
        Event::MessageStop { .. } => 6,
        Event::Metadata(_) => 7,
        Event::Unknown => 8,
        Event::Error(_) => 9,
    }
}

fn full_error() -> BedrockError {
    BedrockError {
        http_status: Some(429),
        request_id: Some("r".into()),
        retry_after_ms: Some(1000),
        phase: Phase::Request,
        ..BedrockError::client("ThrottlingException", "slow down")
    }
}

fn sample_deltas() -> Vec<Delta> {
    vec![
        Delta::Text("x".into()),
        Delta::ToolUse { input: "{}".into() },
        Delta::ReasoningContent(ReasoningDelta::Text("x".into())),
        Delta::Citation(json!({})),
        Delta::ToolResult(vec![]),
        Delta::Image(json!({})),
        Delta::Unknown(json!({})),
    ]
}

fn sample_reasoning_deltas() -> Vec<ReasoningDelta> {
    vec![
        ReasoningDelta::Text("x".into()),
        ReasoningDelta::Signature("s".into()),
        ReasoningDelta::RedactedContent("AA==".into()),
        ReasoningDelta::Unknown(json!({})),
    ]
}

fn keys(value: &Value) -> Vec<String> {
    value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// The single member name of each serialised union value.
fn members<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    let mut names: Vec<String> = values.iter().flat_map(|v| keys(&serde_json::to_value(v).unwrap())).collect();
    names.sort();
    names
}

fn contract() -> Value {
    let mut events = BTreeMap::new();
    let mut metadata = Value::Null;
    for event in sample_events() {
        let value = serde_json::to_value(&event).unwrap();
        if matches!(event, Event::Metadata(_)) {
            metadata = value.clone();
        }
        let mut names = keys(&value);
        names.sort();
        events.insert(value["type"].as_str().unwrap().to_string(), names);
    }
    let mut error = keys(&serde_json::to_value(full_error()).unwrap());
    error.sort();
    let mut usage = keys(&metadata["usage"]);
    usage.sort();
    json!({
        "events": events,
        "bedrockError": error,
        "usage": usage,
        "delta": members(&sample_deltas()),
        "reasoningDelta": members(&sample_reasoning_deltas()),
    })
}

#[test]
fn every_event_variant_is_sampled() {
    let mut seen: Vec<usize> = sample_events().iter().map(variant_index).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, (0..EVENT_VARIANTS).collect::<Vec<_>>());
}

#[test]
fn event_keys_match_the_checked_in_contract() {
    let actual = serde_json::to_string_pretty(&contract()).unwrap() + "\n";
    if std::env::var_os("UPDATE_WIRE_CONTRACT").is_some() {
        std::fs::write(CONTRACT_PATH, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(CONTRACT_PATH).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "the events' JSON keys changed: update {CONTRACT_PATH} (UPDATE_WIRE_CONTRACT=1) and the TS declarations"
    );
}
