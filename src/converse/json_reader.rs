//! Reading JSON into typed values, every failure naming its JSON path: the building blocks of the
//! Converse request readers (objects with a fixed key set, unions, lists, maps, SDK enums,
//! base64 blobs). Depends on nothing else in the crate.
//!
//! Every key is either converted or rejected with its JSON path: silently dropping a field
//! would send a different request from the one the caller wrote. The only leniency is that a key
//! whose value is `null` counts as absent (JSON serializers emit `undefined` fields that way).

use std::collections::HashMap;
use std::fmt;

use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::Blob;
use serde_json::{Map, Value};

/// A request that does not fit the Converse shape; `path` is the JSON path of the culprit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid request: {}", self.message)
        } else {
            write!(f, "invalid request at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for RequestError {}

pub(crate) type Result<T> = std::result::Result<T, RequestError>;

pub(crate) fn fail<T>(path: &str, message: impl Into<String>) -> Result<T> {
    Err(RequestError {
        path: path.to_owned(),
        message: message.into(),
    })
}

/// The path of `key` inside the object at `path` (the root has the empty path).
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected<T>(what: &str, value: &Value, path: &str) -> Result<T> {
    fail(path, format!("expected {what}, found {}", kind(value)))
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => expected("an object", other, path),
    }
}

/// The non-null members of an object, so that `null` reads as absent everywhere.
fn present(map: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.iter().filter(|(_, v)| !v.is_null())
}

/// Converts one JSON value found at a path.
pub(crate) type Reader<T> = fn(&Value, &str) -> Result<T>;

/// A JSON object with a fixed set of allowed keys. The key check happens up front, so a typo is
/// reported as the unknown key it is rather than as the required key it hides.
pub(crate) struct Obj<'a> {
    path: &'a str,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(value: &'a Value, path: &'a str, fields: &[&str]) -> Result<Self> {
        let map = object(value, path)?;
        if let Some((key, _)) = present(map).find(|(k, _)| !fields.contains(&k.as_str())) {
            return fail(
                &child(path, key),
                format!("unknown field (expected one of: {})", fields.join(", ")),
            );
        }
        Ok(Obj { path, map })
    }

    pub(crate) fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Value, &str) -> Result<T>,
    ) -> Result<Option<T>> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read(value, &child(self.path, key)).map(Some),
        }
    }

    pub(crate) fn req<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Value, &str) -> Result<T>,
    ) -> Result<T> {
        self.opt(key, read)?.map_or_else(
            || fail(&child(self.path, key), "missing required field"),
            Ok,
        )
    }

    /// The result of an SDK builder's `build()`, its error (a missing required member) at this path.
    pub(crate) fn built<T>(&self, built: std::result::Result<T, BuildError>) -> Result<T> {
        built.or_else(|e| fail(self.path, e.to_string()))
    }
}

/// A union (an object with exactly one member set): dispatches to the reader of that member.
pub(crate) fn union<T>(value: &Value, path: &str, members: &[(&str, Reader<T>)]) -> Result<T> {
    let names = || {
        members
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut set = present(object(value, path)?);
    let (Some((key, inner)), None) = (set.next(), set.next()) else {
        return fail(path, format!("expected exactly one of: {}", names()));
    };
    match members.iter().find(|(name, _)| name == key) {
        Some((_, read)) => read(inner, &child(path, key)),
        None => fail(
            &child(path, key),
            format!("unknown member (expected one of: {})", names()),
        ),
    }
}

pub(crate) fn string(value: &Value, path: &str) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => expected("a string", other, path),
    }
}

/// A string that must be non-empty (identifiers such as `modelId`).
pub(crate) fn identifier(value: &Value, path: &str) -> Result<String> {
    let s = string(value, path)?;
    if s.is_empty() {
        return fail(path, "must not be empty");
    }
    Ok(s)
}

pub(crate) fn boolean(value: &Value, path: &str) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => expected("a boolean", other, path),
    }
}

/// A count or offset: the SDK types these as `i32`, the API as non-negative.
pub(crate) fn count(value: &Value, path: &str) -> Result<i32> {
    match value.as_u64().map(i32::try_from) {
        Some(Ok(n)) => Ok(n),
        _ => fail(
            path,
            format!("expected an integer from 0 to {}, found {value}", i32::MAX),
        ),
    }
}

pub(crate) fn float32(value: &Value, path: &str) -> Result<f32> {
    // Narrowing to the SDK's f32 may overflow to infinity, which no service accepts.
    match value.as_f64().map(|f| f as f32) {
        Some(f) if f.is_finite() => Ok(f),
        Some(_) => fail(path, format!("number out of range: {value}")),
        None => expected("a number", value, path),
    }
}

/// Bytes arrive as base64 strings (the TS layer encodes `Uint8Array`s that way).
pub(crate) fn blob(value: &Value, path: &str) -> Result<Blob> {
    let text = string(value, path)?;
    match aws_smithy_types::base64::decode(&text) {
        Ok(bytes) if bytes.is_empty() => fail(path, "empty (Bedrock needs at least one byte)"),
        Ok(bytes) => Ok(Blob::new(bytes)),
        Err(_) => fail(path, "not valid base64"),
    }
}

pub(crate) fn list<T>(value: &Value, path: &str, read: Reader<T>) -> Result<Vec<T>> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| read(item, &format!("{path}[{i}]")))
            .collect(),
        other => expected("an array", other, path),
    }
}

pub(crate) fn map<T>(value: &Value, path: &str, read: Reader<T>) -> Result<HashMap<String, T>> {
    present(object(value, path)?)
        .map(|(k, v)| Ok((k.clone(), read(v, &child(path, k))?)))
        .collect()
}

/// An SDK enum, checked against the values this SDK version knows (the `From<&str>` conversion
/// alone would accept anything as `Unknown`, which fails only later and less clearly).
pub(crate) fn enum_value<T: for<'s> From<&'s str>>(
    value: &Value,
    path: &str,
    allowed: &[&str],
) -> Result<T> {
    let s = string(value, path)?;
    if !allowed.contains(&s.as_str()) {
        return fail(
            path,
            format!(
                "unknown value {s:?} (expected one of: {})",
                allowed.join(", ")
            ),
        );
    }
    Ok(T::from(s.as_str()))
}
