//! `serde_json::Value` ⇄ `aws_smithy_types::Document`, keeping the integer/float distinction
//! (non-negative integers → `PosInt`, negative integers → `NegInt`, everything else → `Float`).
//!
//! Both directions recurse; the depth is bounded by serde_json's parser recursion limit (128),
//! so the recursion cannot overflow the stack on input that parsed.

use aws_smithy_types::{Document, Number};
use serde_json::Value;

use crate::converse::json_reader::Result;

/// The request reader for a free-form JSON field (tool input, additional model fields): any
/// JSON value is a document.
pub(crate) fn read_document(value: &Value, _path: &str) -> Result<Document> {
    Ok(json_to_document(value))
}

pub fn json_to_document(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(b) => Document::Bool(*b),
        Value::Number(n) => json_number(n),
        Value::String(s) => Document::String(s.clone()),
        Value::Array(items) => Document::Array(items.iter().map(json_to_document).collect()),
        Value::Object(map) => Document::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_document(v)))
                .collect(),
        ),
    }
}

fn json_number(n: &serde_json::Number) -> Document {
    let number = if let Some(u) = n.as_u64() {
        Number::PosInt(u)
    } else if let Some(i) = n.as_i64() {
        Number::NegInt(i)
    } else {
        // Without serde_json's arbitrary_precision every number is a u64, an i64 or an f64,
        // so the fallback is never taken; it only avoids an unwrap.
        Number::Float(n.as_f64().unwrap_or(f64::NAN))
    };
    Document::Number(number)
}

pub fn document_to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(u)) => Value::from(*u),
        Document::Number(Number::NegInt(i)) => Value::from(*i),
        // JSON has no NaN/Infinity; `Value::from(f64)` maps them to null like JSON.stringify does.
        Document::Number(Number::Float(f)) => Value::from(*f),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(document_to_json).collect()),
        Document::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), document_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_keep_their_kind() {
        let doc = json_to_document(&json!([0, 7, -3, 1.5, -0.25, u64::MAX, i64::MIN]));
        let Document::Array(items) = doc else {
            panic!("not an array")
        };
        let numbers: Vec<Number> = items
            .into_iter()
            .map(|d| match d {
                Document::Number(n) => n,
                other => panic!("not a number: {other:?}"),
            })
            .collect();
        assert_eq!(
            numbers,
            vec![
                Number::PosInt(0),
                Number::PosInt(7),
                Number::NegInt(-3),
                Number::Float(1.5),
                Number::Float(-0.25),
                Number::PosInt(u64::MAX),
                Number::NegInt(i64::MIN),
            ]
        );
    }

    #[test]
    fn round_trip_nested() {
        let value = json!({
            "s": "text",
            "t": true,
            "f": false,
            "n": null,
            "nested": {"list": [1, -2, 3.25, {"deep": [[-9007199254740993i64]]}], "empty": {}},
            "emptyList": [],
        });
        assert_eq!(document_to_json(&json_to_document(&value)), value);
    }

    #[test]
    fn non_finite_float_becomes_null() {
        assert_eq!(
            document_to_json(&Document::Number(Number::Float(f64::NAN))),
            Value::Null
        );
    }
}

/// Arbitrary JSON for the property tests of this crate's parsers.
#[cfg(test)]
pub(crate) mod strategies {
    use proptest::prelude::*;
    use serde_json::Value;

    /// Keys and values of the Converse request shape, so that generated objects often reach the
    /// deeper readers instead of failing on the first unknown key.
    const WORDS: &[&str] = &[
        "modelId",
        "messages",
        "role",
        "content",
        "text",
        "image",
        "format",
        "source",
        "bytes",
        "document",
        "name",
        "toolUse",
        "toolUseId",
        "input",
        "toolResult",
        "status",
        "json",
        "reasoningContent",
        "reasoningText",
        "signature",
        "redactedContent",
        "cachePoint",
        "type",
        "ttl",
        "system",
        "inferenceConfig",
        "maxTokens",
        "temperature",
        "topP",
        "stopSequences",
        "toolConfig",
        "tools",
        "toolSpec",
        "inputSchema",
        "toolChoice",
        "auto",
        "any",
        "tool",
        "guardrailConfig",
        "guardrailIdentifier",
        "guardrailVersion",
        "s3Location",
        "uri",
        "video",
        "audio",
        "citations",
        "enabled",
        "user",
        "assistant",
        "png",
        "jpeg",
        "txt",
        "pdf",
        "mp4",
        "default",
        "1h",
        "5m",
        "success",
        "error",
        "enabled_full",
    ];

    fn key() -> impl Strategy<Value = String> {
        // Plain keys only: the path checks split paths on `.` and `[`.
        prop_oneof![
            3 => prop::sample::select(WORDS).prop_map(str::to_owned),
            1 => "[a-zA-Z0-9_]{1,10}",
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            prop::sample::select(WORDS).prop_map(Value::from),
            "[A-Za-z0-9+/]{0,12}={0,2}".prop_map(Value::String),
        ]
    }

    /// Any JSON value, nested up to 6 levels.
    pub(crate) fn json() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(6, 96, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }
}

/// Property tests; `PROPTEST_CASES=100000 cargo test --release --lib properties` for a longer run.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn json_survives_the_round_trip_through_document(value in strategies::json()) {
            prop_assert_eq!(document_to_json(&json_to_document(&value)), value);
        }
    }
}
