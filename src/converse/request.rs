//! The Converse request JSON (the AWS API's own shape) → the SDK's typed input, applied to a
//! ConverseStream or Converse call builder.

use std::collections::HashMap;

use aws_sdk_bedrockruntime::operation::converse::builders::ConverseFluentBuilder;
use aws_sdk_bedrockruntime::operation::converse_stream::builders::ConverseStreamFluentBuilder;
use aws_sdk_bedrockruntime::types::{
    GuardrailConfiguration, GuardrailStreamConfiguration, GuardrailStreamProcessingMode,
    GuardrailTrace, InferenceConfiguration, JsonSchemaDefinition, Message, OutputConfig,
    OutputFormat, OutputFormatStructure, OutputFormatType, PerformanceConfigLatency,
    PerformanceConfiguration, PromptVariableValues, ServiceTier, ServiceTierType,
    SystemContentBlock, ToolConfiguration,
};
use aws_smithy_types::Document;
use serde_json::Value;

use crate::converse::content::{message, system_block};
use crate::converse::document::read_document;
pub use crate::converse::json_reader::RequestError;
use crate::converse::json_reader::{
    enum_value, fail, float32, identifier, count, list, map, string, union, Obj, Result,
};
use crate::converse::limits::check_media_counts;
use crate::converse::tools::tool_configuration;

/// Sets every field but the guardrail (whose type differs) on a call builder: the ConverseStream
/// and Converse builders are distinct SDK types with the same setters. Adding a Converse field
/// means adding it here once.
macro_rules! apply_fields {
    ($request:ident, $builder:expr) => {
        $builder
            .model_id($request.model_id)
            .set_messages($request.messages)
            .set_system($request.system)
            .set_inference_config($request.inference_config)
            .set_tool_config($request.tool_config)
            .set_additional_model_request_fields($request.additional_model_request_fields)
            .set_additional_model_response_field_paths($request.additional_model_response_field_paths)
            .set_performance_config($request.performance_config)
            .set_service_tier($request.service_tier)
            .set_request_metadata($request.request_metadata)
            .set_prompt_variables($request.prompt_variables)
            .set_output_config($request.output_config)
    };
}

/// A Converse request converted to the SDK's types, ready to be applied to a call builder as
/// many times as needed (retries rebuild the call).
#[derive(Debug, Clone)]
pub struct ConverseRequest {
    model_id: String,
    messages: Option<Vec<Message>>,
    system: Option<Vec<SystemContentBlock>>,
    inference_config: Option<InferenceConfiguration>,
    tool_config: Option<ToolConfiguration>,
    additional_model_request_fields: Option<Document>,
    additional_model_response_field_paths: Option<Vec<String>>,
    guardrail_config: Option<GuardrailStreamConfiguration>,
    performance_config: Option<PerformanceConfiguration>,
    service_tier: Option<ServiceTier>,
    request_metadata: Option<HashMap<String, String>>,
    prompt_variables: Option<HashMap<String, PromptVariableValues>>,
    output_config: Option<OutputConfig>,
}

/// Every field of a Converse request, as the AWS API spells it.
const TOP_LEVEL_FIELDS: &[&str] = &[
    "modelId",
    "messages",
    "system",
    "inferenceConfig",
    "toolConfig",
    "additionalModelRequestFields",
    "additionalModelResponseFieldPaths",
    "guardrailConfig",
    "performanceConfig",
    "serviceTier",
    "requestMetadata",
    "promptVariables",
    "outputConfig",
];

impl ConverseRequest {
    pub fn from_json(text: &str) -> std::result::Result<ConverseRequest, RequestError> {
        let root: Value =
            serde_json::from_str(text).or_else(|e| fail("", format!("not valid JSON: {e}")))?;
        let o = Obj::new(&root, "", TOP_LEVEL_FIELDS)?;
        Ok(ConverseRequest {
            model_id: o.req("modelId", identifier)?,
            messages: o.opt("messages", messages)?,
            system: o.opt("system", |v, p| list(v, p, system_block))?,
            inference_config: o.opt("inferenceConfig", inference_config)?,
            tool_config: o.opt("toolConfig", tool_configuration)?,
            additional_model_request_fields: o.opt("additionalModelRequestFields", read_document)?,
            additional_model_response_field_paths: o
                .opt("additionalModelResponseFieldPaths", |v, p| {
                    list(v, p, string)
                })?,
            guardrail_config: o.opt("guardrailConfig", guardrail_config)?,
            performance_config: o.opt("performanceConfig", performance_config)?,
            service_tier: o.opt("serviceTier", service_tier)?,
            request_metadata: o.opt("requestMetadata", |v, p| map(v, p, string))?,
            prompt_variables: o.opt("promptVariables", |v, p| map(v, p, prompt_variable))?,
            output_config: o.opt("outputConfig", output_config)?,
        })
    }

    pub fn apply_stream(mut self, b: ConverseStreamFluentBuilder) -> ConverseStreamFluentBuilder {
        let guardrail = self.guardrail_config.take();
        apply_fields!(self, b).set_guardrail_config(guardrail)
    }

    /// The same request for non-streaming Converse, whose guardrail configuration has no
    /// `streamProcessingMode` (that mode only exists for streamed output, so it is dropped).
    pub fn apply_converse(mut self, b: ConverseFluentBuilder) -> ConverseFluentBuilder {
        let guardrail = self.guardrail_config.take().map(|g| {
            GuardrailConfiguration::builder()
                .guardrail_identifier(g.guardrail_identifier)
                .guardrail_version(g.guardrail_version)
                .trace(g.trace)
                .build()
        });
        apply_fields!(self, b).set_guardrail_config(guardrail)
    }
}

/// An empty list is never a valid conversation; leaving `messages` out is (a prompt resource's
/// own messages are used then).
fn messages(value: &Value, path: &str) -> Result<Vec<Message>> {
    let messages = list(value, path, message)?;
    if messages.is_empty() {
        return fail(
            path,
            "must not be empty (leave it out to use only a prompt resource's messages)",
        );
    }
    check_media_counts(&messages, path)?;
    Ok(messages)
}

fn inference_config(value: &Value, path: &str) -> Result<InferenceConfiguration> {
    let o = Obj::new(
        value,
        path,
        &["maxTokens", "temperature", "topP", "stopSequences"],
    )?;
    Ok(InferenceConfiguration::builder()
        .set_max_tokens(o.opt("maxTokens", count)?)
        .set_temperature(o.opt("temperature", float32)?)
        .set_top_p(o.opt("topP", float32)?)
        .set_stop_sequences(o.opt("stopSequences", |v, p| list(v, p, string))?)
        .build())
}

fn guardrail_config(value: &Value, path: &str) -> Result<GuardrailStreamConfiguration> {
    let o = Obj::new(
        value,
        path,
        &[
            "guardrailIdentifier",
            "guardrailVersion",
            "trace",
            "streamProcessingMode",
        ],
    )?;
    // The builder defaults missing identifiers to "", so their presence is checked here.
    Ok(GuardrailStreamConfiguration::builder()
        .guardrail_identifier(o.req("guardrailIdentifier", identifier)?)
        .guardrail_version(o.req("guardrailVersion", identifier)?)
        .set_trace(o.opt("trace", |v, p| enum_value(v, p, GuardrailTrace::values()))?)
        .set_stream_processing_mode(o.opt("streamProcessingMode", |v, p| {
            enum_value(v, p, GuardrailStreamProcessingMode::values())
        })?)
        .build())
}

fn performance_config(value: &Value, path: &str) -> Result<PerformanceConfiguration> {
    let o = Obj::new(value, path, &["latency"])?;
    Ok(PerformanceConfiguration::builder()
        .set_latency(o.opt("latency", |v, p| {
            enum_value(v, p, PerformanceConfigLatency::values())
        })?)
        .build())
}

fn service_tier(value: &Value, path: &str) -> Result<ServiceTier> {
    let o = Obj::new(value, path, &["type"])?;
    let tier = ServiceTier::builder()
        .r#type(o.req("type", |v, p| enum_value(v, p, ServiceTierType::values()))?)
        .build();
    o.built(tier)
}

fn prompt_variable(value: &Value, path: &str) -> Result<PromptVariableValues> {
    union(
        value,
        path,
        &[("text", |v, p| string(v, p).map(PromptVariableValues::Text))],
    )
}

fn output_config(value: &Value, path: &str) -> Result<OutputConfig> {
    let o = Obj::new(value, path, &["textFormat", "effort"])?;
    Ok(OutputConfig::builder()
        .set_text_format(o.opt("textFormat", output_format)?)
        .set_effort(o.opt("effort", string)?)
        .build())
}

fn output_format(value: &Value, path: &str) -> Result<OutputFormat> {
    let o = Obj::new(value, path, &["type", "structure"])?;
    let format = OutputFormat::builder()
        .r#type(o.req("type", |v, p| enum_value(v, p, OutputFormatType::values()))?)
        .set_structure(o.opt("structure", output_structure)?)
        .build();
    o.built(format)
}

fn output_structure(value: &Value, path: &str) -> Result<OutputFormatStructure> {
    union(
        value,
        path,
        &[("jsonSchema", |v, p| {
            json_schema(v, p).map(OutputFormatStructure::JsonSchema)
        })],
    )
}

fn json_schema(value: &Value, path: &str) -> Result<JsonSchemaDefinition> {
    let o = Obj::new(value, path, &["schema", "name", "description"])?;
    let schema = JsonSchemaDefinition::builder()
        .schema(o.req("schema", string)?)
        .set_name(o.opt("name", string)?)
        .set_description(o.opt("description", string)?)
        .build();
    o.built(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrockruntime::config::{BehaviorVersion, Region};
    use aws_sdk_bedrockruntime::types::{ContentBlock, ConversationRole, ToolChoice};
    use aws_sdk_bedrockruntime::{Client, Config};
    use aws_smithy_types::Number;
    use serde_json::json;

    fn client() -> Client {
        let config = Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .build();
        Client::from_conf(config)
    }

    fn parse(value: Value) -> ConverseRequest {
        ConverseRequest::from_json(&value.to_string()).expect("valid request")
    }

    fn error(value: Value) -> RequestError {
        ConverseRequest::from_json(&value.to_string()).expect_err("invalid request")
    }

    pub(super) fn full_request() -> Value {
        json!({
            "modelId": "anthropic.claude",
            "messages": [
                {"role": "user", "content": [{"text": "hi"}, {"cachePoint": {"type": "default", "ttl": "1h"}}]},
                {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t1", "name": "calc", "input": {"a": -1}}}]},
            ],
            "system": [{"text": "be brief"}, {"cachePoint": {"type": "default"}}],
            "inferenceConfig": {"maxTokens": 1024, "temperature": 0.5, "topP": 0.9, "stopSequences": ["END"]},
            "toolConfig": {
                "tools": [{"toolSpec": {"name": "calc", "description": "adds", "inputSchema": {"json": {"type": "object"}}}}],
                "toolChoice": {"tool": {"name": "calc"}},
            },
            "additionalModelRequestFields": {"thinking": {"type": "enabled", "budget_tokens": 2048}},
            "additionalModelResponseFieldPaths": ["/stop_sequence"],
            "guardrailConfig": {"guardrailIdentifier": "g1", "guardrailVersion": "1", "trace": "enabled_full", "streamProcessingMode": "async"},
            "performanceConfig": {"latency": "optimized"},
            "serviceTier": {"type": "priority"},
            "requestMetadata": {"team": "ai", "skipped": null},
            "promptVariables": {"topic": {"text": "cats"}},
            "outputConfig": {
                "textFormat": {"type": "json_schema", "structure": {"jsonSchema": {"schema": "{\"type\":\"object\"}", "name": "answer"}}},
                "effort": "high",
            },
        })
    }

    #[test]
    fn full_request_applies_to_converse_stream() {
        let request = parse(full_request());
        assert_eq!(request.model_id, "anthropic.claude");
        let b = request.apply_stream(client().converse_stream());
        let input = b.as_input();
        assert_eq!(input.get_model_id().as_deref(), Some("anthropic.claude"));

        let messages = input.get_messages().as_ref().expect("messages");
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].role, ConversationRole::User);
        assert_eq!(messages[0].content[0], ContentBlock::Text("hi".into()));
        let ContentBlock::CachePoint(cache) = &messages[0].content[1] else {
            panic!("not a cache point")
        };
        assert_eq!(cache.ttl.as_ref().map(|t| t.as_str()), Some("1h"));
        let ContentBlock::ToolUse(tool_use) = &messages[1].content[0] else {
            panic!("not a tool use")
        };
        assert_eq!(
            tool_use.input,
            Document::Object([("a".to_owned(), Document::Number(Number::NegInt(-1)))].into())
        );

        assert_eq!(input.get_system().as_ref().map(Vec::len), Some(2));
        let inference = input
            .get_inference_config()
            .as_ref()
            .expect("inferenceConfig");
        assert_eq!(inference.max_tokens, Some(1024));
        assert_eq!(inference.temperature, Some(0.5));
        assert_eq!(inference.top_p, Some(0.9));
        assert_eq!(inference.stop_sequences, Some(vec!["END".to_owned()]));

        let tools = input.get_tool_config().as_ref().expect("toolConfig");
        assert_eq!(tools.tools.len(), 1);
        let Some(ToolChoice::Tool(choice)) = &tools.tool_choice else {
            panic!("not a specific tool choice")
        };
        assert_eq!(choice.name, "calc");

        let extra = input
            .get_additional_model_request_fields()
            .as_ref()
            .expect("extra");
        assert_eq!(
            crate::converse::document::document_to_json(extra),
            json!({"thinking": {"type": "enabled", "budget_tokens": 2048}})
        );
        assert_eq!(
            input.get_additional_model_response_field_paths(),
            &Some(vec!["/stop_sequence".to_owned()])
        );
        let guardrail = input
            .get_guardrail_config()
            .as_ref()
            .expect("guardrailConfig");
        assert_eq!(guardrail.guardrail_identifier, "g1");
        assert_eq!(guardrail.trace.as_str(), "enabled_full");
        assert_eq!(guardrail.stream_processing_mode.as_str(), "async");
        assert_eq!(
            input
                .get_performance_config()
                .as_ref()
                .map(|p| p.latency.as_str()),
            Some("optimized")
        );
        assert_eq!(
            input.get_service_tier().as_ref().map(|t| t.r#type.as_str()),
            Some("priority")
        );
        assert_eq!(
            input.get_request_metadata(),
            &Some([("team".to_owned(), "ai".to_owned())].into())
        );
        assert_eq!(
            input.get_prompt_variables(),
            &Some(
                [(
                    "topic".to_owned(),
                    PromptVariableValues::Text("cats".into())
                )]
                .into()
            )
        );
        let output = input.get_output_config().as_ref().expect("outputConfig");
        assert_eq!(output.effort.as_deref(), Some("high"));
        let Some(OutputFormatStructure::JsonSchema(schema)) = output
            .text_format
            .as_ref()
            .and_then(|f| f.structure.as_ref())
        else {
            panic!("no json schema")
        };
        assert_eq!(schema.name.as_deref(), Some("answer"));
    }

    #[test]
    fn converse_gets_the_same_fields_without_stream_mode() {
        let b = parse(full_request()).apply_converse(client().converse());
        let input = b.as_input();
        assert_eq!(input.get_model_id().as_deref(), Some("anthropic.claude"));
        assert_eq!(input.get_messages().as_ref().map(Vec::len), Some(2));
        let guardrail = input
            .get_guardrail_config()
            .as_ref()
            .expect("guardrailConfig");
        assert_eq!(guardrail.guardrail_version, "1");
        assert_eq!(guardrail.trace.as_str(), "enabled_full");
        assert!(input.get_output_config().is_some());
        assert!(input.get_prompt_variables().is_some());
    }

    #[test]
    fn minimal_request_leaves_everything_unset() {
        let b =
            parse(json!({"modelId": "m", "system": null})).apply_stream(client().converse_stream());
        let input = b.as_input();
        assert!(input.get_messages().is_none());
        assert!(input.get_system().is_none());
        assert!(input.get_tool_config().is_none());
    }

    fn assert_error(value: Value, path: &str, message: &str) {
        let e = error(value);
        assert_eq!(e.path, path, "{e}");
        assert!(e.message.contains(message), "{e}");
    }

    #[test]
    fn root_errors() {
        assert_error(json!([1]), "", "expected an object, found an array");
        assert_error(json!({}), "modelId", "missing required field");
        assert_error(json!({"modelId": ""}), "modelId", "must not be empty");
        assert_error(
            json!({"modelId": "m", "messages": []}),
            "messages",
            "must not be empty",
        );
        assert_error(
            json!({"modelId": 5}),
            "modelId",
            "expected a string, found a number",
        );
        assert_error(
            json!({"modelId": "m", "stream": true}),
            "stream",
            "unknown field",
        );
        let e = ConverseRequest::from_json("{").expect_err("not JSON");
        assert!(e.message.starts_with("not valid JSON"), "{e}");
        assert_eq!(e.to_string(), format!("invalid request: {}", e.message));
        // Nesting beyond serde_json's recursion limit is a parse error, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!("{{\"modelId\":\"m\",\"additionalModelRequestFields\":{deep}}}");
        let e = ConverseRequest::from_json(&text).expect_err("too deep");
        assert!(e.message.contains("recursion limit"), "{e}");
    }

    #[test]
    fn field_errors_name_their_path() {
        let m = |extra: Value| {
            let mut v = json!({"modelId": "m"});
            v.as_object_mut()
                .expect("object")
                .extend(extra.as_object().expect("object").clone());
            v
        };
        assert_error(
            m(json!({"inferenceConfig": {"maxTokens": 1.5}})),
            "inferenceConfig.maxTokens",
            "expected an integer",
        );
        assert_error(
            m(json!({"inferenceConfig": {"maxTokens": -1}})),
            "inferenceConfig.maxTokens",
            "expected an integer",
        );
        assert_error(
            m(json!({"inferenceConfig": {"maxTokens": 3000000000u64}})),
            "inferenceConfig.maxTokens",
            "expected an integer",
        );
        assert_error(
            m(json!({"inferenceConfig": {"temperature": "hot"}})),
            "inferenceConfig.temperature",
            "expected a number",
        );
        assert_error(
            m(json!({"inferenceConfig": {"topP": 1e300}})),
            "inferenceConfig.topP",
            "out of range",
        );
        assert_error(
            m(json!({"inferenceConfig": {"stopSequences": ["a", 1]}})),
            "inferenceConfig.stopSequences[1]",
            "expected a string",
        );
        assert_error(
            m(json!({"inferenceConfig": {"topK": 5}})),
            "inferenceConfig.topK",
            "expected one of: maxTokens, temperature, topP, stopSequences",
        );
        assert_error(
            m(json!({"guardrailConfig": {"guardrailIdentifier": "g"}})),
            "guardrailConfig.guardrailVersion",
            "missing required field",
        );
        assert_error(
            m(
                json!({"guardrailConfig": {"guardrailIdentifier": "g", "guardrailVersion": "1", "trace": "on"}}),
            ),
            "guardrailConfig.trace",
            "unknown value \"on\" (expected one of: disabled, enabled, enabled_full)",
        );
        assert_error(
            m(json!({"serviceTier": {}})),
            "serviceTier.type",
            "missing required field",
        );
        assert_error(
            m(json!({"performanceConfig": {"latency": "fast"}})),
            "performanceConfig.latency",
            "optimized, standard",
        );
        assert_error(
            m(json!({"requestMetadata": {"k": 1}})),
            "requestMetadata.k",
            "expected a string",
        );
        assert_error(
            m(json!({"promptVariables": {"v": {"json": {}}}})),
            "promptVariables.v.json",
            "unknown member (expected one of: text)",
        );
        assert_error(
            m(json!({"outputConfig": {"textFormat": {"type": "xml"}}})),
            "outputConfig.textFormat.type",
            "json_schema",
        );
        assert_error(
            m(
                json!({"outputConfig": {"textFormat": {"type": "json_schema", "structure": {"jsonSchema": {"schema": {}}}}}}),
            ),
            "outputConfig.textFormat.structure.jsonSchema.schema",
            "expected a string, found an object",
        );
        assert_error(
            m(json!({"additionalModelResponseFieldPaths": "/x"})),
            "additionalModelResponseFieldPaths",
            "expected an array",
        );
    }

    #[test]
    fn display_names_the_path() {
        let e = RequestError {
            path: "messages[0].content[2].image.source.bytes".into(),
            message: "not valid base64".into(),
        };
        assert_eq!(
            e.to_string(),
            "invalid request at messages[0].content[2].image.source.bytes: not valid base64"
        );
    }
}

/// Property tests: whatever JSON arrives, `from_json` returns a request or an error naming a
/// real place in it, and never panics. `PROPTEST_CASES=100000 cargo test --release --lib
/// properties` runs longer than CI's default of 256 cases.
#[cfg(test)]
mod properties {
    use super::*;
    use serde_json::Map;
    use crate::converse::document::strategies::json;
    use aws_sdk_bedrockruntime::config::{BehaviorVersion, Region};
    use aws_sdk_bedrockruntime::{Client, Config};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn client() -> &'static Client {
        static CLIENT: OnceLock<Client> = OnceLock::new();
        CLIENT.get_or_init(|| {
            let config = Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .build();
            Client::from_conf(config)
        })
    }

    enum Step<'a> {
        Key(&'a str),
        Index(usize),
    }

    /// `messages[0].content[1].image` → key, index, key, index, key.
    fn steps(path: &str) -> Vec<Step<'_>> {
        path.split('.')
            .flat_map(|part| part.split('['))
            .filter(|piece| !piece.is_empty())
            .map(|piece| match piece.strip_suffix(']').map(str::parse) {
                Some(Ok(index)) => Step::Index(index),
                _ => Step::Key(piece),
            })
            .collect()
    }

    /// Every step of an error path but the last must exist in the input (the last may be a
    /// missing required field).
    fn names_a_real_place(root: &Value, path: &str) -> bool {
        let steps = steps(path);
        let mut node = root;
        for step in steps.iter().take(steps.len().saturating_sub(1)) {
            let next = match step {
                Step::Key(key) => node.get(key),
                Step::Index(index) => node.get(index),
            };
            match next {
                Some(child) => node = child,
                None => return false,
            }
        }
        true
    }

    fn check(value: &Value) -> std::result::Result<(), TestCaseError> {
        match ConverseRequest::from_json(&value.to_string()) {
            Ok(request) => {
                let _ = request.apply_stream(client().converse_stream());
            }
            Err(e) => {
                prop_assert!(
                    names_a_real_place(value, &e.path),
                    "{e} does not name a place in {value}"
                );
                prop_assert!(!e.message.is_empty());
            }
        }
        Ok(())
    }

    /// Every node of `value`, as JSON pointers.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointers(item, format!("{at}/{i}"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    pointers(item, format!("{at}/{key}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    /// A valid request with one node replaced (or, without a replacement, removed).
    fn mutated(selector: usize, replacement: Option<Value>) -> Value {
        let mut request = tests::full_request();
        let mut all = Vec::new();
        pointers(&request, String::new(), &mut all);
        let pointer = &all[selector % all.len()];
        match (replacement, pointer.rsplit_once('/')) {
            (Some(value), _) => {
                *request.pointer_mut(pointer).expect("a node of the request") = value
            }
            (None, Some((parent, key))) => match request.pointer_mut(parent) {
                Some(Value::Object(map)) => drop(map.remove(key)),
                Some(Value::Array(items)) => {
                    drop(items.remove(key.parse::<usize>().expect("an index")))
                }
                _ => {}
            },
            (None, None) => request = Value::Null,
        }
        request
    }

    proptest! {
        #[test]
        fn any_json_is_a_request_or_a_path_naming_error(value in json()) {
            check(&value)?;
        }

        #[test]
        fn any_object_with_a_model_id_is_a_request_or_a_path_naming_error(
            fields in prop::collection::vec((prop::sample::select(TOP_LEVEL_FIELDS), json()), 0..6)
        ) {
            let mut root: Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            root.insert("modelId".into(), Value::from("m"));
            check(&Value::Object(root))?;
        }

        #[test]
        fn a_mutated_valid_request_is_a_request_or_a_path_naming_error(
            selector in any::<usize>(),
            replacement in prop::option::of(json()),
        ) {
            check(&mutated(selector, replacement))?;
        }
    }

}
