// Converse shapes: pi's content blocks (and our extensions) as Converse content blocks, the
// system prompt, and the tool configuration.
import type { AssistantMessage, ImageContent, Message, TextContent, ThinkingContent, Tool, ToolResultMessage, UserMessage } from "../protocol/types.js";
import { type BedrockModel, supportsThinkingSignature } from "../models.js";
import { sanitizeSurrogates } from "../surrogates.js";
import { base64Bytes, convertExtension, DocumentNames, isS3Image, type S3ImageContent, type UserContentExtension } from "./content-extensions.js";
import { PLACEHOLDER_TOOL, withoutBlankText } from "./hygiene.js";
import type { BedrockNativeOptions } from "./options.js";
import { prefersStrictSampling, strictJsonSchema, usesStrictSampling } from "./strict-schema.js";
import { bedrockToolName } from "./tool-names.js";
import { transformMessages } from "./pi-transform.js";
import type {
	ConverseContentBlock,
	ConverseMessage,
	ConverseStreamRequest,
	ConverseTool,
	ConverseToolChoice,
	ConverseToolConfig,
	ImageBlock,
	ImageFormat,
	ToolResultContentBlock,
} from "./types.js";

const IMAGE_FORMATS: Record<string, ImageFormat> = {
	"image/jpeg": "jpeg",
	"image/jpg": "jpeg",
	"image/png": "png",
	"image/gif": "gif",
	"image/webp": "webp",
};

function imageFormat(mimeType: string): ImageFormat {
	const format = IMAGE_FORMATS[mimeType];
	if (!format) throw new Error(`Unknown image type: ${mimeType}`);
	return format;
}

function imageBlock(image: ImageContent | S3ImageContent): { image: ImageBlock } {
	const format = imageFormat(image.mimeType);
	if (isS3Image(image)) {
		const s3Location = { uri: image.s3Uri, ...(image.bucketOwner && { bucketOwner: image.bucketOwner }) };
		return { image: { source: { s3Location }, format } };
	}
	return { image: { source: { bytes: base64Bytes(image.data) }, format } };
}

export function buildSystemPrompt(systemPrompt: string | undefined): ConverseStreamRequest["system"] {
	// A whitespace-only system text is a ValidationException.
	if (!systemPrompt?.trim()) return undefined;
	return [{ text: sanitizeSurrogates(systemPrompt) }];
}

/**
 * No tool config for `toolChoice: "none"` (Converse has no "none" choice) or without tools,
 * unless the history holds tool blocks: Bedrock then requires a toolConfig, so a placeholder
 * tool stands in.
 */
export function convertToolConfig(
	tools: Tool[] | undefined,
	toolChoice: BedrockNativeOptions["toolChoice"],
	thinking: boolean,
	historyHasToolBlocks: boolean,
	strict: StrictToolPolicy,
): ConverseToolConfig | undefined {
	if (!tools?.length || toolChoice === "none") {
		return historyHasToolBlocks ? { tools: [PLACEHOLDER_TOOL] } : undefined;
	}
	return {
		tools: tools.map((tool) => convertTool(tool, strict)),
		toolChoice: convertToolChoice(toolChoice, thinking),
	};
}

/** Strict tools: the model's support, and whether "prefer" tools go non-strict after a limit error. */
export interface StrictToolPolicy {
	modelSupportsStrict: boolean;
	preferredDisabled: boolean;
}

/** A strict tool carries `strict: true` and its schema in the strict subset (strict-schema.ts). */
function convertTool(tool: Tool, policy: StrictToolPolicy): ConverseTool {
	const strict = !(policy.preferredDisabled && prefersStrictSampling(tool)) && usesStrictSampling(tool, policy.modelSupportsStrict);
	const json = strict ? strictJsonSchema(tool.parameters) : tool.parameters;
	const spec = { name: bedrockToolName(tool.name), description: tool.description, inputSchema: { json } };
	return { toolSpec: strict ? { ...spec, strict: true } : spec };
}

/** Claude with thinking on accepts `auto` only: a forced choice becomes `auto`. */
function convertToolChoice(toolChoice: BedrockNativeOptions["toolChoice"], thinking: boolean): ConverseToolChoice | undefined {
	if (toolChoice === "auto") return { auto: {} };
	if (toolChoice === "any") return thinking ? { auto: {} } : { any: {} };
	if (typeof toolChoice === "object" && toolChoice.type === "tool") {
		return thinking ? { auto: {} } : { tool: { name: bedrockToolName(toolChoice.name) } };
	}
	return undefined;
}

/** What a user turn may hold here: pi's text and images, plus our extensions. */
type UserContentBlock = TextContent | ImageContent | UserContentExtension;

function convertUserBlock(block: UserContentBlock, documentNames: DocumentNames): ConverseContentBlock {
	if (block.type === "text") return { text: sanitizeSurrogates(block.text) };
	if (block.type === "image") return imageBlock(block);
	return convertExtension(block, documentNames);
}

function convertUserMessage(message: UserMessage, documentNames: DocumentNames): ConverseMessage {
	const blocks: UserContentBlock[] =
		typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
	return { role: "user", content: withoutBlankText(blocks.map((block) => convertUserBlock(block, documentNames))) };
}

/**
 * Reasoning replay. Redacted reasoning goes back as its exact bytes; Claude's signed blocks go
 * back unaltered, also when only the signature is left (adaptive thinking with display
 * omitted), while unsigned Claude reasoning is sent as text (pi-ai's rule: Bedrock rejects it
 * as reasoning). Other models take no signature.
 */
function reasoningBlock(block: ThinkingContent, model: BedrockModel): ConverseContentBlock | undefined {
	if (block.redacted) {
		return block.thinkingSignature ? { reasoningContent: { redactedContent: base64Bytes(block.thinkingSignature) } } : undefined;
	}
	const signature = block.thinkingSignature?.trim() ? block.thinkingSignature : undefined;
	if (supportsThinkingSignature(model) && signature) {
		return { reasoningContent: { reasoningText: { text: block.thinking, signature } } };
	}
	if (block.thinking.trim().length === 0) return undefined;
	const text = sanitizeSurrogates(block.thinking);
	return supportsThinkingSignature(model) ? { text } : { reasoningContent: { reasoningText: { text } } };
}

/** Bedrock wants an object; a tool call streamed without arguments may hold anything else. */
function toolInput(args: unknown): unknown {
	return typeof args === "object" && args !== null && !Array.isArray(args) ? args : {};
}

/** Undefined when nothing is left: Bedrock rejects empty content arrays. */
function convertAssistantMessage(message: AssistantMessage, model: BedrockModel): ConverseMessage | undefined {
	const content: ConverseContentBlock[] = [];
	for (const block of message.content) {
		switch (block.type) {
			case "text":
				if (block.text.trim().length > 0) content.push({ text: sanitizeSurrogates(block.text) });
				break;
			case "toolCall":
				content.push({
					toolUse: { toolUseId: block.id, name: bedrockToolName(block.name), input: toolInput(block.arguments) },
				});
				break;
			case "thinking": {
				const reasoning = reasoningBlock(block, model);
				if (reasoning) content.push(reasoning);
				break;
			}
			default:
				throw new Error("Unknown assistant content type");
		}
	}
	return content.length > 0 ? { role: "assistant", content } : undefined;
}

function toolResultBlock(message: ToolResultMessage): ConverseContentBlock {
	const content = message.content.map((block) =>
		block.type === "image" ? imageBlock(block) : { text: sanitizeSurrogates(block.text) },
	);
	return {
		toolResult: {
			toolUseId: message.toolCallId,
			content: withoutBlankText(content) as ToolResultContentBlock[],
			status: message.isError ? "error" : "success",
		},
	};
}

export function convertMessages(messages: Message[], model: BedrockModel): ConverseMessage[] {
	const result: ConverseMessage[] = [];
	const documentNames = new DocumentNames();
	// Bedrock wants the results of consecutive tool-result messages in one user message.
	let toolResultTurn: ConverseMessage | undefined;
	for (const message of transformMessages(messages, model)) {
		if (message.role === "toolResult") {
			if (!toolResultTurn) {
				toolResultTurn = { role: "user", content: [] };
				result.push(toolResultTurn);
			}
			toolResultTurn.content.push(toolResultBlock(message));
			continue;
		}
		toolResultTurn = undefined;
		if (message.role === "user") {
			result.push(convertUserMessage(message, documentNames));
		} else if (message.role === "assistant") {
			const converted = convertAssistantMessage(message, model);
			if (converted) result.push(converted);
		} else {
			throw new Error("Unknown message role");
		}
	}
	return result;
}
