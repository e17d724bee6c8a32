//! Messages, content blocks and system blocks of a Converse request.
//!
//! One reader per API shape, each `fn(&Value, path) -> Result<SdkType>`; unions dispatch on their
//! single member through `union`, objects declare their keys through `Obj`. Every shape the SDK
//! can serialize is accepted, including the newer blocks (audio, searchResult, toolAddition …),
//! so that a request the API accepts is never rejected here.

use aws_sdk_bedrockruntime::types::{
    AudioBlock, AudioFormat, AudioSource, CachePointBlock, CachePointType, CacheTtl, Citation,
    CitationGeneratedContent, CitationLocation, CitationSourceContent, CitationsConfig,
    CitationsContentBlock, ContentBlock, ConversationRole, DocumentBlock, DocumentCharLocation,
    DocumentChunkLocation, DocumentContentBlock, DocumentFormat, DocumentPageLocation,
    DocumentSource, ErrorBlock, GuardrailConverseContentBlock, GuardrailConverseContentQualifier,
    GuardrailConverseImageBlock, GuardrailConverseImageFormat, GuardrailConverseImageSource,
    GuardrailConverseTextBlock, ImageBlock, ImageFormat, ImageSource, Message,
    ReasoningContentBlock, ReasoningTextBlock, SearchResultBlock,
    SearchResultContentBlock, SearchResultLocation, SystemContentBlock, ToolAdditionBlock,
    ToolReference, ToolRemovalBlock, ToolResultBlock, ToolResultContentBlock, ToolResultStatus,
    ToolUseBlock, ToolUseType, VideoBlock, VideoFormat, VideoSource, WebLocation,
};
use serde_json::Value;

use crate::converse::document::read_document;
use crate::converse::json_reader::{blob, boolean, count, enum_value, list, string, union, Obj, Result};
use crate::converse::limits::{document_bytes, image_bytes, video_bytes};
use crate::converse::s3_location::s3_location;

pub(crate) fn message(value: &Value, path: &str) -> Result<Message> {
    let o = Obj::new(value, path, &["role", "content"])?;
    let message = Message::builder()
        .role(o.req("role", |v, p| enum_value(v, p, ConversationRole::values()))?)
        .set_content(Some(o.req("content", |v, p| list(v, p, content_block))?))
        .build();
    o.built(message)
}

fn content_block(value: &Value, path: &str) -> Result<ContentBlock> {
    union(
        value,
        path,
        &[
            ("text", |v, p| string(v, p).map(ContentBlock::Text)),
            ("image", |v, p| image_block(v, p).map(ContentBlock::Image)),
            ("document", |v, p| {
                document_block(v, p).map(ContentBlock::Document)
            }),
            ("video", |v, p| video_block(v, p).map(ContentBlock::Video)),
            ("audio", |v, p| audio_block(v, p).map(ContentBlock::Audio)),
            ("toolUse", |v, p| {
                tool_use_block(v, p).map(ContentBlock::ToolUse)
            }),
            ("toolResult", |v, p| {
                tool_result_block(v, p).map(ContentBlock::ToolResult)
            }),
            ("reasoningContent", |v, p| {
                reasoning_content(v, p).map(ContentBlock::ReasoningContent)
            }),
            ("cachePoint", |v, p| {
                cache_point(v, p).map(ContentBlock::CachePoint)
            }),
            ("guardContent", |v, p| {
                guard_content(v, p).map(ContentBlock::GuardContent)
            }),
            ("citationsContent", |v, p| {
                citations_content(v, p).map(ContentBlock::CitationsContent)
            }),
            ("searchResult", |v, p| {
                search_result(v, p).map(ContentBlock::SearchResult)
            }),
            ("toolAddition", |v, p| {
                tool_addition(v, p).map(ContentBlock::ToolAddition)
            }),
            ("toolRemoval", |v, p| {
                tool_removal(v, p).map(ContentBlock::ToolRemoval)
            }),
        ],
    )
}

pub(crate) fn system_block(value: &Value, path: &str) -> Result<SystemContentBlock> {
    union(
        value,
        path,
        &[
            ("text", |v, p| string(v, p).map(SystemContentBlock::Text)),
            ("guardContent", |v, p| {
                guard_content(v, p).map(SystemContentBlock::GuardContent)
            }),
            ("cachePoint", |v, p| {
                cache_point(v, p).map(SystemContentBlock::CachePoint)
            }),
        ],
    )
}

fn error_block(value: &Value, path: &str) -> Result<ErrorBlock> {
    let o = Obj::new(value, path, &["message"])?;
    Ok(ErrorBlock::builder()
        .set_message(o.opt("message", string)?)
        .build())
}

fn image_block(value: &Value, path: &str) -> Result<ImageBlock> {
    let o = Obj::new(value, path, &["format", "source", "error"])?;
    let image = ImageBlock::builder()
        .format(o.req("format", |v, p| enum_value(v, p, ImageFormat::values()))?)
        .source(o.req("source", image_source)?)
        .set_error(o.opt("error", error_block)?)
        .build();
    o.built(image)
}

fn image_source(value: &Value, path: &str) -> Result<ImageSource> {
    union(
        value,
        path,
        &[
            ("bytes", |v, p| image_bytes(v, p).map(ImageSource::Bytes)),
            ("s3Location", |v, p| {
                s3_location(v, p).map(ImageSource::S3Location)
            }),
        ],
    )
}

fn document_block(value: &Value, path: &str) -> Result<DocumentBlock> {
    let o = Obj::new(
        value,
        path,
        &["format", "name", "source", "context", "citations"],
    )?;
    let document = DocumentBlock::builder()
        .set_format(o.opt("format", |v, p| enum_value(v, p, DocumentFormat::values()))?)
        .name(o.req("name", string)?)
        .source(o.req("source", document_source)?)
        .set_context(o.opt("context", string)?)
        .set_citations(o.opt("citations", citations_config)?)
        .build();
    o.built(document)
}

fn document_source(value: &Value, path: &str) -> Result<DocumentSource> {
    union(
        value,
        path,
        &[
            ("bytes", |v, p| {
                document_bytes(v, p).map(DocumentSource::Bytes)
            }),
            ("s3Location", |v, p| {
                s3_location(v, p).map(DocumentSource::S3Location)
            }),
            ("text", |v, p| string(v, p).map(DocumentSource::Text)),
            ("content", |v, p| {
                list(v, p, document_content).map(DocumentSource::Content)
            }),
        ],
    )
}

fn document_content(value: &Value, path: &str) -> Result<DocumentContentBlock> {
    union(
        value,
        path,
        &[("text", |v, p| string(v, p).map(DocumentContentBlock::Text))],
    )
}

fn citations_config(value: &Value, path: &str) -> Result<CitationsConfig> {
    let o = Obj::new(value, path, &["enabled"])?;
    let config = CitationsConfig::builder()
        .enabled(o.req("enabled", boolean)?)
        .build();
    o.built(config)
}

fn video_block(value: &Value, path: &str) -> Result<VideoBlock> {
    let o = Obj::new(value, path, &["format", "source"])?;
    let video = VideoBlock::builder()
        .format(o.req("format", |v, p| enum_value(v, p, VideoFormat::values()))?)
        .source(o.req("source", video_source)?)
        .build();
    o.built(video)
}

fn video_source(value: &Value, path: &str) -> Result<VideoSource> {
    union(
        value,
        path,
        &[
            ("bytes", |v, p| video_bytes(v, p).map(VideoSource::Bytes)),
            ("s3Location", |v, p| {
                s3_location(v, p).map(VideoSource::S3Location)
            }),
        ],
    )
}

fn audio_block(value: &Value, path: &str) -> Result<AudioBlock> {
    let o = Obj::new(value, path, &["format", "source", "error"])?;
    let audio = AudioBlock::builder()
        .format(o.req("format", |v, p| enum_value(v, p, AudioFormat::values()))?)
        .source(o.req("source", audio_source)?)
        .set_error(o.opt("error", error_block)?)
        .build();
    o.built(audio)
}

fn audio_source(value: &Value, path: &str) -> Result<AudioSource> {
    union(
        value,
        path,
        &[
            ("bytes", |v, p| blob(v, p).map(AudioSource::Bytes)),
            ("s3Location", |v, p| {
                s3_location(v, p).map(AudioSource::S3Location)
            }),
        ],
    )
}

fn tool_use_block(value: &Value, path: &str) -> Result<ToolUseBlock> {
    let o = Obj::new(value, path, &["toolUseId", "name", "input", "type"])?;
    let tool_use = ToolUseBlock::builder()
        .tool_use_id(o.req("toolUseId", string)?)
        .name(o.req("name", string)?)
        .input(o.req("input", read_document)?)
        .set_type(o.opt("type", |v, p| enum_value(v, p, ToolUseType::values()))?)
        .build();
    o.built(tool_use)
}

fn tool_result_block(value: &Value, path: &str) -> Result<ToolResultBlock> {
    let o = Obj::new(value, path, &["toolUseId", "content", "status", "type"])?;
    let tool_result = ToolResultBlock::builder()
        .tool_use_id(o.req("toolUseId", string)?)
        .set_content(Some(
            o.req("content", |v, p| list(v, p, tool_result_content))?,
        ))
        .set_status(o.opt("status", |v, p| {
            enum_value(v, p, ToolResultStatus::values())
        })?)
        .set_type(o.opt("type", string)?)
        .build();
    o.built(tool_result)
}

fn tool_result_content(value: &Value, path: &str) -> Result<ToolResultContentBlock> {
    union(
        value,
        path,
        &[
            ("text", |v, p| {
                string(v, p).map(ToolResultContentBlock::Text)
            }),
            ("json", |v, p| {
                read_document(v, p).map(ToolResultContentBlock::Json)
            }),
            ("image", |v, p| {
                image_block(v, p).map(ToolResultContentBlock::Image)
            }),
            ("document", |v, p| {
                document_block(v, p).map(ToolResultContentBlock::Document)
            }),
            ("video", |v, p| {
                video_block(v, p).map(ToolResultContentBlock::Video)
            }),
            ("searchResult", |v, p| {
                search_result(v, p).map(ToolResultContentBlock::SearchResult)
            }),
        ],
    )
}

fn reasoning_content(value: &Value, path: &str) -> Result<ReasoningContentBlock> {
    union(
        value,
        path,
        &[
            ("reasoningText", |v, p| {
                reasoning_text(v, p).map(ReasoningContentBlock::ReasoningText)
            }),
            ("redactedContent", |v, p| {
                blob(v, p).map(ReasoningContentBlock::RedactedContent)
            }),
        ],
    )
}

fn reasoning_text(value: &Value, path: &str) -> Result<ReasoningTextBlock> {
    let o = Obj::new(value, path, &["text", "signature"])?;
    // An empty text is legitimate: signature-only reasoning must be replayed with `text: ""`.
    let reasoning = ReasoningTextBlock::builder()
        .text(o.req("text", string)?)
        .set_signature(o.opt("signature", string)?)
        .build();
    o.built(reasoning)
}

pub(crate) fn cache_point(value: &Value, path: &str) -> Result<CachePointBlock> {
    let o = Obj::new(value, path, &["type", "ttl"])?;
    let cache_point = CachePointBlock::builder()
        .r#type(o.req("type", |v, p| enum_value(v, p, CachePointType::values()))?)
        .set_ttl(o.opt("ttl", |v, p| enum_value(v, p, CacheTtl::values()))?)
        .build();
    o.built(cache_point)
}

fn guard_content(value: &Value, path: &str) -> Result<GuardrailConverseContentBlock> {
    union(
        value,
        path,
        &[
            ("text", |v, p| {
                guard_text(v, p).map(GuardrailConverseContentBlock::Text)
            }),
            ("image", |v, p| {
                guard_image(v, p).map(GuardrailConverseContentBlock::Image)
            }),
        ],
    )
}

fn guard_text(value: &Value, path: &str) -> Result<GuardrailConverseTextBlock> {
    let o = Obj::new(value, path, &["text", "qualifiers"])?;
    let text = GuardrailConverseTextBlock::builder()
        .text(o.req("text", string)?)
        .set_qualifiers(o.opt("qualifiers", |v, p| list(v, p, guard_qualifier))?)
        .build();
    o.built(text)
}

fn guard_qualifier(value: &Value, path: &str) -> Result<GuardrailConverseContentQualifier> {
    enum_value(value, path, GuardrailConverseContentQualifier::values())
}

fn guard_image(value: &Value, path: &str) -> Result<GuardrailConverseImageBlock> {
    let o = Obj::new(value, path, &["format", "source"])?;
    let image = GuardrailConverseImageBlock::builder()
        .format(o.req("format", |v, p| {
            enum_value(v, p, GuardrailConverseImageFormat::values())
        })?)
        .set_source(o.opt("source", guard_image_source)?)
        .build();
    o.built(image)
}

fn guard_image_source(value: &Value, path: &str) -> Result<GuardrailConverseImageSource> {
    union(
        value,
        path,
        &[("bytes", |v, p| {
            blob(v, p).map(GuardrailConverseImageSource::Bytes)
        })],
    )
}

fn citations_content(value: &Value, path: &str) -> Result<CitationsContentBlock> {
    let o = Obj::new(value, path, &["content", "citations"])?;
    Ok(CitationsContentBlock::builder()
        .set_content(o.opt("content", |v, p| list(v, p, generated_content))?)
        .set_citations(o.opt("citations", |v, p| list(v, p, citation))?)
        .build())
}

fn generated_content(value: &Value, path: &str) -> Result<CitationGeneratedContent> {
    union(
        value,
        path,
        &[("text", |v, p| {
            string(v, p).map(CitationGeneratedContent::Text)
        })],
    )
}

fn citation(value: &Value, path: &str) -> Result<Citation> {
    let o = Obj::new(
        value,
        path,
        &["title", "source", "sourceContent", "location"],
    )?;
    Ok(Citation::builder()
        .set_title(o.opt("title", string)?)
        .set_source(o.opt("source", string)?)
        .set_source_content(o.opt("sourceContent", |v, p| list(v, p, source_content))?)
        .set_location(o.opt("location", citation_location)?)
        .build())
}

fn source_content(value: &Value, path: &str) -> Result<CitationSourceContent> {
    union(
        value,
        path,
        &[("text", |v, p| string(v, p).map(CitationSourceContent::Text))],
    )
}

fn citation_location(value: &Value, path: &str) -> Result<CitationLocation> {
    union(
        value,
        path,
        &[
            ("web", |v, p| web_location(v, p).map(CitationLocation::Web)),
            ("documentChar", |v, p| {
                let (index, start, end) = span(v, p, "documentIndex")?;
                Ok(CitationLocation::DocumentChar(
                    DocumentCharLocation::builder()
                        .set_document_index(index)
                        .set_start(start)
                        .set_end(end)
                        .build(),
                ))
            }),
            ("documentPage", |v, p| {
                let (index, start, end) = span(v, p, "documentIndex")?;
                Ok(CitationLocation::DocumentPage(
                    DocumentPageLocation::builder()
                        .set_document_index(index)
                        .set_start(start)
                        .set_end(end)
                        .build(),
                ))
            }),
            ("documentChunk", |v, p| {
                let (index, start, end) = span(v, p, "documentIndex")?;
                Ok(CitationLocation::DocumentChunk(
                    DocumentChunkLocation::builder()
                        .set_document_index(index)
                        .set_start(start)
                        .set_end(end)
                        .build(),
                ))
            }),
            ("searchResultLocation", |v, p| {
                let (index, start, end) = span(v, p, "searchResultIndex")?;
                Ok(CitationLocation::SearchResultLocation(
                    SearchResultLocation::builder()
                        .set_search_result_index(index)
                        .set_start(start)
                        .set_end(end)
                        .build(),
                ))
            }),
        ],
    )
}

type Span = (Option<i32>, Option<i32>, Option<i32>);

/// The `{<index>, start, end}` shape shared by the four document/search-result locations, which
/// the SDK models as four distinct types.
fn span(value: &Value, path: &str, index_key: &str) -> Result<Span> {
    let o = Obj::new(value, path, &[index_key, "start", "end"])?;
    Ok((
        o.opt(index_key, count)?,
        o.opt("start", count)?,
        o.opt("end", count)?,
    ))
}

fn web_location(value: &Value, path: &str) -> Result<WebLocation> {
    let o = Obj::new(value, path, &["url", "domain"])?;
    Ok(WebLocation::builder()
        .set_url(o.opt("url", string)?)
        .set_domain(o.opt("domain", string)?)
        .build())
}

fn search_result(value: &Value, path: &str) -> Result<SearchResultBlock> {
    let o = Obj::new(value, path, &["source", "title", "content", "citations"])?;
    let result = SearchResultBlock::builder()
        .source(o.req("source", string)?)
        .title(o.req("title", string)?)
        .set_content(Some(
            o.req("content", |v, p| list(v, p, search_result_content))?,
        ))
        .set_citations(o.opt("citations", citations_config)?)
        .build();
    o.built(result)
}

fn search_result_content(value: &Value, path: &str) -> Result<SearchResultContentBlock> {
    let o = Obj::new(value, path, &["text"])?;
    let content = SearchResultContentBlock::builder()
        .text(o.req("text", string)?)
        .build();
    o.built(content)
}

fn tool_addition(value: &Value, path: &str) -> Result<ToolAdditionBlock> {
    let o = Obj::new(value, path, &["tool"])?;
    Ok(ToolAdditionBlock::builder()
        .set_tool(o.opt("tool", tool_reference)?)
        .build())
}

fn tool_removal(value: &Value, path: &str) -> Result<ToolRemovalBlock> {
    let o = Obj::new(value, path, &["tool"])?;
    Ok(ToolRemovalBlock::builder()
        .set_tool(o.opt("tool", tool_reference)?)
        .build())
}

fn tool_reference(value: &Value, path: &str) -> Result<ToolReference> {
    let o = Obj::new(value, path, &["type", "name", "serverName"])?;
    Ok(ToolReference::builder()
        .set_type(o.opt("type", string)?)
        .set_name(o.opt("name", string)?)
        .set_server_name(o.opt("serverName", string)?)
        .build())
}

#[cfg(test)]
mod tests {
    use crate::converse::request::{ConverseRequest, RequestError};
    use aws_sdk_bedrockruntime::types::{
        CitationLocation, ContentBlock, DocumentSource, GuardrailConverseContentBlock, ImageSource,
        ReasoningContentBlock, SystemContentBlock, Tool, ToolChoice, ToolResultContentBlock,
    };
    use aws_sdk_bedrockruntime::Client;
    use aws_smithy_types::{Document, Number};
    use serde_json::{json, Value};

    fn request(blocks: Value) -> Value {
        json!({"modelId": "m", "messages": [{"role": "user", "content": blocks}]})
    }

    /// The blocks of the first message, as the SDK would send them.
    fn blocks(blocks: Value) -> Vec<ContentBlock> {
        let client = Client::from_conf(
            aws_sdk_bedrockruntime::Config::builder()
                .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
                .build(),
        );
        let parsed = ConverseRequest::from_json(&request(blocks).to_string()).expect("valid");
        let b = parsed.apply_stream(client.converse_stream());
        let mut messages = b.as_input().get_messages().clone().expect("messages");
        messages.remove(0).content
    }

    fn error(value: Value) -> RequestError {
        ConverseRequest::from_json(&value.to_string()).expect_err("invalid")
    }

    fn assert_block_error(block: Value, path: &str, message: &str) {
        let e = error(request(json!([{"text": "x"}, block])));
        assert_eq!(e.path, format!("messages[0].content[1]{path}"), "{e}");
        assert!(e.message.contains(message), "{e}");
    }

    #[test]
    fn media_blocks_convert() {
        let converted = blocks(json!([
            {"image": {"format": "png", "source": {"bytes": "aGVsbG8="}}},
            {"image": {"format": "webp", "source": {"s3Location": {"uri": "s3://bkt/k", "bucketOwner": "123456789012"}}}},
            {"document": {"format": "pdf", "name": "doc", "source": {"content": [{"text": "a"}]}, "context": "c", "citations": {"enabled": true}}},
            {"video": {"format": "mp4", "source": {"bytes": "AAEC"}}},
            {"audio": {"format": "mp3", "source": {"bytes": "AAEC"}}},
        ]));
        let ContentBlock::Image(image) = &converted[0] else {
            panic!("image")
        };
        assert_eq!(
            image.source,
            Some(ImageSource::Bytes(b"hello".to_vec().into()))
        );
        let ContentBlock::Image(image) = &converted[1] else {
            panic!("image")
        };
        let Some(ImageSource::S3Location(s3)) = &image.source else {
            panic!("s3")
        };
        assert_eq!(
            (s3.uri.as_str(), s3.bucket_owner.as_deref()),
            ("s3://bkt/k", Some("123456789012"))
        );
        let ContentBlock::Document(doc) = &converted[2] else {
            panic!("document")
        };
        assert!(matches!(&doc.source, Some(DocumentSource::Content(c)) if c.len() == 1));
        assert_eq!(doc.citations.as_ref().map(|c| c.enabled), Some(true));
        assert!(matches!(&converted[3], ContentBlock::Video(_)));
        assert!(matches!(&converted[4], ContentBlock::Audio(_)));
    }

    #[test]
    fn tool_and_reasoning_blocks_convert() {
        let converted = blocks(json!([
            {"toolResult": {"toolUseId": "t1", "status": "error", "content": [
                {"text": "bad"}, {"json": {"n": [1, -2, 0.5]}}, {"image": {"format": "gif", "source": {"bytes": "R0lG"}}}
            ]}},
            {"reasoningContent": {"reasoningText": {"text": "", "signature": "sig"}}},
            {"reasoningContent": {"redactedContent": "AAEC"}},
            {"guardContent": {"text": {"text": "q", "qualifiers": ["query", "grounding_source"]}}},
            {"citationsContent": {"content": [{"text": "cited"}], "citations": [
                {"title": "t", "sourceContent": [{"text": "s"}], "location": {"documentPage": {"documentIndex": 0, "start": 1, "end": 2}}}
            ]}},
            {"searchResult": {"source": "web", "title": "t", "content": [{"text": "r"}]}},
            {"toolAddition": {"tool": {"type": "mcp", "name": "n", "serverName": "s"}}},
        ]));
        let ContentBlock::ToolResult(result) = &converted[0] else {
            panic!("toolResult")
        };
        assert_eq!(result.status.as_ref().map(|s| s.as_str()), Some("error"));
        let ToolResultContentBlock::Json(Document::Object(json)) = &result.content[1] else {
            panic!("json")
        };
        assert_eq!(
            json.get("n"),
            Some(&Document::Array(vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-2)),
                Document::Number(Number::Float(0.5)),
            ]))
        );
        let ContentBlock::ReasoningContent(ReasoningContentBlock::ReasoningText(text)) =
            &converted[1]
        else {
            panic!("reasoningText")
        };
        assert_eq!(
            (text.text.as_str(), text.signature.as_deref()),
            ("", Some("sig"))
        );
        assert!(matches!(
            &converted[2],
            ContentBlock::ReasoningContent(ReasoningContentBlock::RedactedContent(b)) if b.as_ref() == [0, 1, 2]
        ));
        let ContentBlock::GuardContent(GuardrailConverseContentBlock::Text(guard)) = &converted[3]
        else {
            panic!("guardContent")
        };
        assert_eq!(guard.qualifiers.as_ref().map(Vec::len), Some(2));
        let ContentBlock::CitationsContent(citations) = &converted[4] else {
            panic!("citations")
        };
        let location = citations
            .citations
            .as_ref()
            .and_then(|c| c[0].location.as_ref());
        let Some(CitationLocation::DocumentPage(page)) = location else {
            panic!("page")
        };
        assert_eq!(
            (page.document_index, page.start, page.end),
            (Some(0), Some(1), Some(2))
        );
        assert!(matches!(&converted[5], ContentBlock::SearchResult(r) if r.content.len() == 1));
        assert!(matches!(&converted[6], ContentBlock::ToolAddition(a) if a.tool.is_some()));
    }

    #[test]
    fn system_and_tools_convert() {
        let value = json!({
            "modelId": "m",
            "system": [{"text": "s"}, {"guardContent": {"text": {"text": "g"}}}, {"cachePoint": {"type": "default"}}],
            "toolConfig": {"tools": [
                {"toolSpec": {"name": "a", "inputSchema": {"json": {"type": "object"}}, "strict": true}},
                {"cachePoint": {"type": "default"}},
                {"systemTool": {"name": "web_search"}},
            ], "toolChoice": {"auto": {}}},
        });
        let client = Client::from_conf(
            aws_sdk_bedrockruntime::Config::builder()
                .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
                .build(),
        );
        let parsed = ConverseRequest::from_json(&value.to_string()).expect("valid");
        let b = parsed.apply_stream(client.converse_stream());
        let input = b.as_input();
        let system = input.get_system().as_ref().expect("system");
        assert!(matches!(&system[1], SystemContentBlock::GuardContent(_)));
        let tools = input.get_tool_config().as_ref().expect("tools");
        assert!(matches!(&tools.tools[0], Tool::ToolSpec(s) if s.strict == Some(true)));
        assert!(matches!(&tools.tools[2], Tool::SystemTool(s) if s.name == "web_search"));
        assert!(matches!(tools.tool_choice, Some(ToolChoice::Auto(_))));
    }

    #[test]
    fn block_errors_name_their_path() {
        assert_block_error(
            json!({"image": {"format": "png", "source": {"bytes": "%%%"}}}),
            ".image.source.bytes",
            "not valid base64",
        );
        assert_block_error(
            json!({"image": {"format": "png", "source": {"bytes": ""}}}),
            ".image.source.bytes",
            "empty (Bedrock needs at least one byte)",
        );
        for (media, block) in [
            ("image", json!({"format": "png"})),
            ("document", json!({"format": "txt", "name": "n"})),
            ("video", json!({"format": "mp4"})),
            ("audio", json!({"format": "mp3"})),
        ] {
            assert_block_error(json!({media: block}), &format!(".{media}.source"), "missing required field");
        }
        assert_block_error(
            json!({"video": {"format": "mp4", "source": {"s3Location": {"uri": "/etc/passwd"}}}}),
            ".video.source.s3Location.uri",
            "\"/etc/passwd\" is not an s3://bucket/key URI",
        );
        assert_block_error(
            json!({"image": {"format": "bmp", "source": {"bytes": "AA=="}}}),
            ".image.format",
            "(expected one of: gif, jpeg, png, webp)",
        );
        assert_block_error(
            json!({"image": {"format": "png", "size": 3}}),
            ".image.size",
            "unknown field (expected one of: format, source, error)",
        );
        assert_block_error(
            json!({"image": {"format": "png", "source": {}}}),
            ".image.source",
            "expected exactly one of: bytes, s3Location",
        );
        assert_block_error(
            json!({"image": {"format": "png", "source": {"bytes": "AA==", "s3Location": {"uri": "s3://x"}}}}),
            ".image.source",
            "expected exactly one of",
        );
        assert_block_error(
            json!({"picture": {}}),
            ".picture",
            "unknown member (expected one of: text, image,",
        );
        assert_block_error(
            json!({"text": "a", "image": null, "cachePoint": {"type": "default"}}),
            "",
            "expected exactly one of",
        );
        assert_block_error(
            json!({"document": {"format": "pdf"}}),
            ".document.name",
            "missing required field",
        );
        assert_block_error(
            json!({"toolUse": {"toolUseId": "t", "name": "n"}}),
            ".toolUse.input",
            "missing required field",
        );
        assert_block_error(
            json!({"toolResult": {"toolUseId": "t", "content": [{"text": 1}]}}),
            ".toolResult.content[0].text",
            "expected a string",
        );
        assert_block_error(
            json!({"toolResult": {"toolUseId": "t", "content": [], "status": "ok"}}),
            ".toolResult.status",
            "error, success",
        );
        assert_block_error(
            json!({"cachePoint": {"type": "default", "ttl": "2h"}}),
            ".cachePoint.ttl",
            "1h, 5m",
        );
        assert_block_error(
            json!({"reasoningContent": {"redactedContent": "!"}}),
            ".reasoningContent.redactedContent",
            "not valid base64",
        );
        assert_block_error(
            json!({"guardContent": {"text": {"text": "t", "qualifiers": ["x"]}}}),
            ".guardContent.text.qualifiers[0]",
            "unknown value",
        );
        assert_block_error(
            json!({"citationsContent": {"citations": [{"location": {"documentChar": {"documentIndex": -1}}}]}}),
            ".citationsContent.citations[0].location.documentChar.documentIndex",
            "expected an integer",
        );
        assert_block_error(
            json!({"text": ["a"]}),
            ".text",
            "expected a string, found an array",
        );
        assert_block_error(json!("text"), "", "expected an object, found a string");
    }

    fn base64_of(size: usize) -> String {
        aws_smithy_types::base64::encode(vec![0u8; size])
    }

    #[test]
    fn media_over_the_size_limits_is_refused() {
        let image =
            |size| json!({"image": {"format": "png", "source": {"bytes": base64_of(size)}}});
        blocks(json!([image(crate::converse::limits::MAX_IMAGE_BYTES)]));
        assert_block_error(
            image(crate::converse::limits::MAX_IMAGE_BYTES + 1),
            ".image.source.bytes",
            "image of 3932161 bytes is over Bedrock's limit of 3932160 bytes",
        );
        let document = |size| json!({"document": {"format": "txt", "name": "d", "source": {"bytes": base64_of(size)}}});
        blocks(json!([document(crate::converse::limits::MAX_DOCUMENT_BYTES)]));
        assert_block_error(
            document(crate::converse::limits::MAX_DOCUMENT_BYTES + 1),
            ".document.source.bytes",
            "over Bedrock's limit of 4718592 bytes",
        );
        let video = |size| json!({"video": {"format": "mp4", "source": {"bytes": base64_of(size)}}});
        blocks(json!([video(crate::converse::limits::MAX_VIDEO_BYTES)]));
        assert_block_error(
            video(crate::converse::limits::MAX_VIDEO_BYTES + 1),
            ".video.source.bytes",
            "video of 19660801 bytes is over Bedrock's limit of 19660800 bytes",
        );
        assert_block_error(
            json!({"toolResult": {"toolUseId": "t", "content": [image(crate::converse::limits::MAX_IMAGE_BYTES + 1)]}}),
            ".toolResult.content[0].image.source.bytes",
            "over Bedrock's limit",
        );
    }

    #[test]
    fn media_over_the_count_limits_is_refused() {
        let image = json!({"image": {"format": "png", "source": {"bytes": "AA=="}}});
        let document = |i: usize| json!({"document": {"format": "txt", "name": format!("d{i}"), "source": {"bytes": "AA=="}}});
        let turn = |blocks: Vec<Value>| json!({"role": "user", "content": blocks});
        // 20 images over two messages, one of them in a tool result: the limit, accepted.
        let mut first = vec![image.clone(); 18];
        first.push(json!({"toolResult": {"toolUseId": "t", "content": [image.clone()]}}));
        let accepted =
            json!({"modelId": "m", "messages": [turn(first.clone()), turn(vec![image.clone()])]});
        ConverseRequest::from_json(&accepted.to_string()).expect("20 images are allowed");
        let refused = json!({"modelId": "m", "messages": [turn(first), turn(vec![json!({"text": "x"}), image.clone(), image])]});
        let e = error(refused);
        assert_eq!(e.path, "messages[1].content[2].image", "{e}");
        assert!(e.message.contains("more than 20 images"), "{e}");

        let documents: Vec<Value> = (0..6).map(document).collect();
        let e = error(request(json!(documents)));
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            (
                "messages[0].content[5].document",
                "more than 5 documents in one request (Bedrock's limit)"
            )
        );
    }

    #[test]
    fn tool_names_and_schemas_are_checked() {
        let tools =
            |spec: Value| json!({"modelId": "m", "toolConfig": {"tools": [{"toolSpec": spec}]}});
        let e = error(tools(
            json!({"name": "bad tool!", "inputSchema": {"json": {}}}),
        ));
        assert_eq!(e.path, "toolConfig.tools[0].toolSpec.name", "{e}");
        assert!(e.message.contains("not a valid tool name"), "{e}");
        let e = error(tools(
            json!({"name": "x".repeat(65), "inputSchema": {"json": {}}}),
        ));
        assert_eq!(e.path, "toolConfig.tools[0].toolSpec.name", "{e}");
        let e = error(tools(
            json!({"name": "ok_name-1", "inputSchema": {"json": "not a schema"}}),
        ));
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            (
                "toolConfig.tools[0].toolSpec.inputSchema.json",
                "expected a JSON Schema object, found a string"
            )
        );
        ConverseRequest::from_json(
            &tools(json!({"name": "x".repeat(64), "inputSchema": {"json": {"type": "object"}}}))
                .to_string(),
        )
        .expect("a 64-character name is allowed");
    }

    #[test]
    fn message_and_tool_errors_name_their_path() {
        let e = error(json!({"modelId": "m", "messages": [{"role": "robot", "content": []}]}));
        assert_eq!(e.path, "messages[0].role");
        let e = error(json!({"modelId": "m", "messages": [{"role": "user"}]}));
        assert_eq!(e.path, "messages[0].content");
        let e = error(json!({"modelId": "m", "messages": {"role": "user"}}));
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("messages", "expected an array, found an object")
        );
        let e = error(json!({"modelId": "m", "system": [{"image": {}}]}));
        assert_eq!(e.path, "system[0].image");
        let e = error(
            json!({"modelId": "m", "toolConfig": {"tools": [], "toolChoice": {"auto": {"x": 1}}}}),
        );
        assert_eq!(e.path, "toolConfig.toolChoice.auto.x");
        let e =
            error(json!({"modelId": "m", "toolConfig": {"tools": [], "toolChoice": {"none": {}}}}));
        assert_eq!(e.path, "toolConfig.toolChoice.none");
        let e = error(
            json!({"modelId": "m", "toolConfig": {"tools": [{"toolSpec": {"name": "a", "inputSchema": {"json": {}}, "strict": "yes"}}]}}),
        );
        assert_eq!(e.path, "toolConfig.tools[0].toolSpec.strict");
        let e = error(json!({"modelId": "m", "toolConfig": {}}));
        assert_eq!(e.path, "toolConfig.tools");
    }
}
