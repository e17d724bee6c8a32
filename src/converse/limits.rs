//! Bedrock's documented per-request limits, checked while reading a request so that a request
//! the service must refuse is never sent: media sizes and counts (Converse `ImageBlock`,
//! `DocumentBlock` and `VideoBlock`, tool results included), the tool-name pattern and the model
//! id's length.

use aws_sdk_bedrockruntime::types::{ContentBlock, Message, ToolResultContentBlock};
use aws_smithy_types::Blob;
use serde_json::Value;

use crate::converse::json_reader::{blob, fail, identifier, string, Result};

pub(crate) const MAX_IMAGE_BYTES: usize = 3_932_160; // 3.75 MB
pub(crate) const MAX_IMAGES: usize = 20;
pub(crate) const MAX_DOCUMENT_BYTES: usize = 4_718_592; // 4.5 MB
pub(crate) const MAX_DOCUMENTS: usize = 5;
/// The API's limit for `modelId` (an id, a profile id or an ARN). The id travels in the URL path,
/// where the SDK cannot build a request once it passes 64 KB encoded.
pub(crate) const MAX_MODEL_ID_CHARS: usize = 2048;

/// A `modelId`: non-empty and within the API's length limit.
pub(crate) fn model_id(value: &Value, path: &str) -> Result<String> {
    let id = identifier(value, path)?;
    let chars = id.chars().count();
    if chars > MAX_MODEL_ID_CHARS {
        return fail(path, format!("{chars} characters; Bedrock accepts at most {MAX_MODEL_ID_CHARS}"));
    }
    Ok(id)
}

/// `VideoSource`: inline video "as long as the encoded file is less than 25MB" (25 MiB of base64).
pub(crate) const MAX_VIDEO_BYTES: usize = 25 * 1024 * 1024 / 4 * 3;

#[derive(Clone, Copy, PartialEq)]
enum Media {
    Image,
    Document,
}

/// Counts the images and documents of all messages, tool results included; the error names the
/// first block over its limit.
pub(crate) fn check_media_counts(messages: &[Message], path: &str) -> Result<()> {
    let (mut images, mut documents) = (0, 0);
    for (m, message) in messages.iter().enumerate() {
        for (c, block) in message.content.iter().enumerate() {
            for (suffix, media) in media_in(block) {
                let (seen, limit, name) = match media {
                    Media::Image => (&mut images, MAX_IMAGES, "images"),
                    Media::Document => (&mut documents, MAX_DOCUMENTS, "documents"),
                };
                *seen += 1;
                if *seen > limit {
                    return fail(
                        &format!("{path}[{m}].content[{c}]{suffix}"),
                        format!("more than {limit} {name} in one request (Bedrock's limit)"),
                    );
                }
            }
        }
    }
    Ok(())
}

/// The media of one content block, with their paths relative to it.
fn media_in(block: &ContentBlock) -> Vec<(String, Media)> {
    match block {
        ContentBlock::Image(_) => vec![(".image".into(), Media::Image)],
        ContentBlock::Document(_) => vec![(".document".into(), Media::Document)],
        ContentBlock::ToolResult(result) => result
            .content
            .iter()
            .enumerate()
            .filter_map(|(k, part)| match part {
                ToolResultContentBlock::Image(_) => {
                    Some((format!(".toolResult.content[{k}].image"), Media::Image))
                }
                ToolResultContentBlock::Document(_) => Some((
                    format!(".toolResult.content[{k}].document"),
                    Media::Document,
                )),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Bytes of one media block, at most `limit` of them.
fn media_bytes(value: &Value, path: &str, limit: usize, what: &str) -> Result<Blob> {
    let bytes = blob(value, path)?;
    let size = bytes.as_ref().len();
    if size > limit {
        return fail(
            path,
            format!("{what} of {size} bytes is over Bedrock's limit of {limit} bytes"),
        );
    }
    Ok(bytes)
}

pub(crate) fn image_bytes(value: &Value, path: &str) -> Result<Blob> {
    media_bytes(value, path, MAX_IMAGE_BYTES, "image")
}

pub(crate) fn document_bytes(value: &Value, path: &str) -> Result<Blob> {
    media_bytes(value, path, MAX_DOCUMENT_BYTES, "document")
}

pub(crate) fn video_bytes(value: &Value, path: &str) -> Result<Blob> {
    media_bytes(value, path, MAX_VIDEO_BYTES, "video")
}

/// Bedrock's pattern for tool names: `^[a-zA-Z0-9_-]{1,64}$`.
const MAX_TOOL_NAME_CHARS: usize = 64;

/// A tool name by Bedrock's rule (pi-ai and the TS layer map names into it before they get here).
pub(crate) fn tool_name(value: &Value, path: &str) -> Result<String> {
    let name = string(value, path)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if name.is_empty() || name.len() > MAX_TOOL_NAME_CHARS || !name.chars().all(allowed) {
        return fail(
            path,
            format!("{name:?} is not a valid tool name (1 to 64 of a-z, A-Z, 0-9, _ and -)"),
        );
    }
    Ok(name)
}
