//! The `toolConfig` of a Converse request: tool specifications, system tools and the tool choice.

use aws_sdk_bedrockruntime::types::{
    AnyToolChoice, AutoToolChoice, SpecificToolChoice, SystemTool, Tool, ToolChoice,
    ToolConfiguration, ToolInputSchema, ToolSpecification,
};
use aws_smithy_types::Document;
use serde_json::Value;

use crate::converse::content::cache_point;
use crate::converse::document::read_document;
use crate::converse::json_reader::{boolean, fail, kind, list, string, union, Obj, Result};
use crate::converse::limits::tool_name;

pub(crate) fn tool_configuration(value: &Value, path: &str) -> Result<ToolConfiguration> {
    let o = Obj::new(value, path, &["tools", "toolChoice"])?;
    let config = ToolConfiguration::builder()
        .set_tools(Some(o.req("tools", |v, p| list(v, p, tool))?))
        .set_tool_choice(o.opt("toolChoice", tool_choice)?)
        .build();
    o.built(config)
}

fn tool(value: &Value, path: &str) -> Result<Tool> {
    union(
        value,
        path,
        &[
            ("toolSpec", |v, p| tool_spec(v, p).map(Tool::ToolSpec)),
            ("cachePoint", |v, p| cache_point(v, p).map(Tool::CachePoint)),
            ("systemTool", |v, p| system_tool(v, p).map(Tool::SystemTool)),
        ],
    )
}

fn tool_spec(value: &Value, path: &str) -> Result<ToolSpecification> {
    let o = Obj::new(
        value,
        path,
        &["name", "description", "inputSchema", "strict"],
    )?;
    let spec = ToolSpecification::builder()
        .name(o.req("name", tool_name)?)
        .set_description(o.opt("description", string)?)
        .set_input_schema(o.opt("inputSchema", input_schema)?)
        .set_strict(o.opt("strict", boolean)?)
        .build();
    o.built(spec)
}

fn input_schema(value: &Value, path: &str) -> Result<ToolInputSchema> {
    union(
        value,
        path,
        &[("json", |v, p| {
            json_schema_object(v, p).map(ToolInputSchema::Json)
        })],
    )
}

/// A tool's JSON Schema must be an object (`{"type": "object", ...}`); anything else is refused
/// by every model.
fn json_schema_object(value: &Value, path: &str) -> Result<Document> {
    match value {
        Value::Object(_) => read_document(value, path),
        other => fail(
            path,
            format!("expected a JSON Schema object, found {}", kind(other)),
        ),
    }
}

fn system_tool(value: &Value, path: &str) -> Result<SystemTool> {
    let o = Obj::new(value, path, &["name"])?;
    let tool = SystemTool::builder().name(o.req("name", string)?).build();
    o.built(tool)
}

fn tool_choice(value: &Value, path: &str) -> Result<ToolChoice> {
    union(
        value,
        path,
        &[
            ("auto", |v, p| {
                Obj::new(v, p, &[])?;
                Ok(ToolChoice::Auto(AutoToolChoice::builder().build()))
            }),
            ("any", |v, p| {
                Obj::new(v, p, &[])?;
                Ok(ToolChoice::Any(AnyToolChoice::builder().build()))
            }),
            ("tool", |v, p| {
                let o = Obj::new(v, p, &["name"])?;
                let tool = SpecificToolChoice::builder()
                    .name(o.req("name", string)?)
                    .build();
                o.built(tool).map(ToolChoice::Tool)
            }),
        ],
    )
}
