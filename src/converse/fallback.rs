//! Some models accept tools only without streaming ("doesn't support tool use in streaming
//! mode"). For those the request is sent once more through plain Converse, and the full response
//! is replayed as the stream events a ConverseStream would have produced, so callers see one
//! protocol either way.

use aws_sdk_bedrockruntime::operation::converse::ConverseOutput;
use aws_sdk_bedrockruntime::types::{ContentBlock, ConverseOutput as Output, ReasoningContentBlock};
use serde_json::{json, Value};

use crate::converse::document::document_to_json;
use crate::aws::errors::BedrockError;
use crate::converse::events::{trace, Delta, Event, Metadata, ReasoningDelta};

/// Whether a failed ConverseStream call is the "no tools while streaming" rejection.
pub fn is_streaming_tools_rejection(error: &BedrockError) -> bool {
    error.code == "ValidationException" && error.message.to_ascii_lowercase().contains("tool use in streaming mode")
}

/// The events of a complete Converse response, in stream order.
pub fn replay(output: ConverseOutput) -> Vec<Event> {
    let mut events = vec![Event::MessageStart { role: "assistant".into() }];
    if let Some(Output::Message(message)) = output.output {
        for (index, block) in message.content.into_iter().enumerate() {
            let index = i32::try_from(index).unwrap_or(i32::MAX);
            events.extend(block_events(index, block));
        }
    }
    events.push(Event::MessageStop {
        stop_reason: output.stop_reason.as_str().to_string(),
        additional_model_response_fields: output.additional_model_response_fields.as_ref().map(document_to_json),
    });
    events.push(Event::Metadata(Metadata::new(
        output.usage,
        output.metrics.map(|m| m.latency_ms),
        output.trace.map(|t| trace(t.guardrail, t.prompt_router)),
        output.service_tier,
        output.performance_config,
    )));
    events
}

fn block_events(index: i32, block: ContentBlock) -> Vec<Event> {
    let delta = |delta| Event::ContentBlockDelta { content_block_index: index, delta };
    let mut events = match block {
        ContentBlock::Text(text) => vec![delta(Delta::Text(text))],
        ContentBlock::ToolUse(tool) => vec![
            Event::ContentBlockStart {
                content_block_index: index,
                start: json!({"toolUse": {"toolUseId": tool.tool_use_id, "name": tool.name}}),
            },
            delta(Delta::ToolUse { input: tool_input(&tool.input) }),
        ],
        ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(reasoning)) => {
            let mut parts = vec![delta(Delta::ReasoningContent(ReasoningDelta::Text(reasoning.text)))];
            if let Some(signature) = reasoning.signature {
                parts.push(delta(Delta::ReasoningContent(ReasoningDelta::Signature(signature))));
            }
            parts
        }
        ContentBlock::ReasoningContent(ReasoningContentBlock::RedactedContent(bytes)) => vec![delta(
            Delta::ReasoningContent(ReasoningDelta::RedactedContent(aws_smithy_types::base64::encode(bytes.as_ref()))),
        )],
        _ => vec![delta(Delta::Unknown(Value::Null))],
    };
    events.push(Event::ContentBlockStop { content_block_index: index });
    events
}

fn tool_input(input: &aws_smithy_types::Document) -> String {
    document_to_json(input).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_bedrockruntime::types::{ConversationRole, Message, ReasoningTextBlock, StopReason, ToolUseBlock};

    fn converse_output(content: Vec<ContentBlock>) -> ConverseOutput {
        let message = Message::builder().role(ConversationRole::Assistant).set_content(Some(content)).build().unwrap();
        ConverseOutput::builder()
            .output(Output::Message(message))
            .stop_reason(StopReason::ToolUse)
            .build()
            .unwrap()
    }

    #[test]
    fn replays_reasoning_text_and_tool_use_in_order() {
        let tool = ToolUseBlock::builder()
            .tool_use_id("t1")
            .name("calc")
            .input(crate::converse::document::json_to_document(&json!({"a": 1})))
            .build()
            .unwrap();
        let reasoning = ReasoningTextBlock::builder().text("hm").signature("sig").build().unwrap();
        let events = replay(converse_output(vec![
            ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(reasoning)),
            ContentBlock::Text("Let me.".into()),
            ContentBlock::ToolUse(tool),
        ]));
        let json: Vec<Value> = events.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
        assert_eq!(json[0]["type"], "messageStart");
        assert_eq!(json[1]["delta"], json!({"reasoningContent": {"text": "hm"}}));
        assert_eq!(json[2]["delta"], json!({"reasoningContent": {"signature": "sig"}}));
        assert_eq!(json[4]["delta"], json!({"text": "Let me."}));
        assert_eq!(json[6]["start"], json!({"toolUse": {"toolUseId": "t1", "name": "calc"}}));
        assert_eq!(json[7]["delta"], json!({"toolUse": {"input": "{\"a\":1}"}}));
        assert_eq!(json[8], json!({"type": "contentBlockStop", "contentBlockIndex": 2}));
        assert_eq!(json[9]["stopReason"], "tool_use");
        assert_eq!(json[10]["type"], "metadata");
    }

    #[test]
    fn recognises_the_streaming_tools_rejection_only() {
        let mut error = BedrockError::client("ValidationException", "This model doesn't support tool use in streaming mode.");
        assert!(is_streaming_tools_rejection(&error));
        error.message = "Input is too long for requested model.".into();
        assert!(!is_streaming_tools_rejection(&error));
    }
}
