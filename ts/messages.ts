// pi Context → Bedrock ConverseStream request, in the AWS SDK's JS shape (camelCase keys,
// image bytes as Uint8Array) because `onPayload` must see what pi-ai 0.73.1 shows it.
import type {
	AssistantMessage,
	CacheRetention,
	Context,
	ImageContent,
	Message,
	TextContent,
	Tool,
	ToolCall,
	ToolResultMessage,
	UserMessage,
} from "@mariozechner/pi-ai";
import { type BedrockModel, supportsPromptCaching, supportsThinkingSignature } from "./models.js";
import { type BedrockOptions, buildThinkingFields, resolveCacheRetention } from "./options.js";

export type ImageFormat = "jpeg" | "png" | "gif" | "webp";

export interface CachePointBlock {
	cachePoint: { type: "default"; ttl?: "1h" };
}
export interface ImageBlock {
	format: ImageFormat;
	source: { bytes: Uint8Array };
}
export type ToolResultContentBlock = { text: string } | { image: ImageBlock };
export type ConverseContentBlock =
	| { text: string }
	| { image: ImageBlock }
	| { toolUse: { toolUseId: string; name: string; input: unknown } }
	| { toolResult: { toolUseId: string; content: ToolResultContentBlock[]; status: "error" | "success" } }
	| { reasoningContent: { reasoningText: { text: string; signature?: string } } }
	| CachePointBlock;
export interface ConverseMessage {
	role: "user" | "assistant";
	content: ConverseContentBlock[];
}
export type ConverseToolChoice = { auto: {} } | { any: {} } | { tool: { name: string } };
export interface ConverseToolConfig {
	tools: { toolSpec: { name: string; description: string; inputSchema: { json: unknown } } }[];
	toolChoice: ConverseToolChoice | undefined;
}

/** The ConverseStream input handed to `onPayload` (undefined fields are left out on the wire). */
export interface ConverseStreamRequest {
	modelId: string;
	messages: ConverseMessage[];
	system: ({ text: string } | CachePointBlock)[] | undefined;
	inferenceConfig: { maxTokens?: number; temperature?: number };
	toolConfig: ConverseToolConfig | undefined;
	additionalModelRequestFields: Record<string, unknown> | undefined;
	requestMetadata?: Record<string, string>;
}

export function buildConverseRequest(
	model: BedrockModel,
	context: Context,
	options: BedrockOptions,
): ConverseStreamRequest {
	const { systemPrompt, messages, tools } = fromTranscript(context);
	const cacheRetention = resolveCacheRetention(options.cacheRetention);
	return {
		modelId: model.id,
		messages: convertMessages(messages, model, cacheRetention),
		system: buildSystemPrompt(systemPrompt, model, cacheRetention),
		inferenceConfig: {
			...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
			...(options.temperature !== undefined && { temperature: options.temperature }),
		},
		toolConfig: convertToolConfig(tools, options.toolChoice),
		additionalModelRequestFields: buildThinkingFields(model, options),
		...(options.requestMetadata !== undefined && { requestMetadata: options.requestMetadata }),
	};
}

// ---------------------------------------------------------------------------------------------
// Transcript contexts (@earendil-works/pi-ai ≥ 0.80): system prompt and tools travel as
// `role: "system"` messages instead of `systemPrompt`/`tools`. Folded back the way that
// package's `collapseSystemMessages` does, so one implementation serves both packages.

interface TranscriptSystemMessage {
	role: "system";
	content: string | TextContent[];
	sections?: Record<string, string | null>;
	toolsAdded?: Tool[];
	toolsRemoved?: { name: string }[];
}
type TranscriptMessage = Message | TranscriptSystemMessage;

function isSystemMessage(message: TranscriptMessage): message is TranscriptSystemMessage {
	return message.role === "system";
}

function contentText(content: string | TextContent[]): string {
	if (typeof content === "string") return content;
	return content
		.filter((block) => block.type === "text")
		.map((block) => block.text)
		.join("\n");
}

function fromTranscript(context: Context): Context {
	const all = context.messages as TranscriptMessage[];
	const systemMessages = all.filter(isSystemMessage);
	if (systemMessages.length === 0) return context;

	const texts: string[] = [];
	const sections = new Map<string, string>();
	const tools = new Map<string, Tool>();
	for (const message of systemMessages) {
		const text = contentText(message.content);
		if (text.length > 0) texts.push(text);
		for (const [name, value] of Object.entries(message.sections ?? {})) {
			if (value === null) sections.delete(name);
			else sections.set(name, value);
		}
		for (const tool of message.toolsRemoved ?? []) tools.delete(tool.name);
		for (const tool of message.toolsAdded ?? []) tools.set(tool.name, tool);
	}
	return {
		systemPrompt: [texts.join("\n\n"), ...sections.values()].filter((part) => part.length > 0).join("\n\n"),
		messages: all.filter((message): message is Message => !isSystemMessage(message)),
		tools: [...tools.values()],
	};
}

// ---------------------------------------------------------------------------------------------
// pi-ai's `transformMessages` (not exported from its root entry), with Bedrock's id rule.

const NON_VISION_USER_IMAGE_PLACEHOLDER = "(image omitted: model does not support images)";
const NON_VISION_TOOL_IMAGE_PLACEHOLDER = "(tool image omitted: model does not support images)";

/** Bedrock tool-use ids allow `[a-zA-Z0-9_-]`, at most 64 characters. */
function normalizeToolCallId(id: string): string {
	return id.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
}

/** Removes unpaired UTF-16 surrogates, which make the request JSON invalid. */
export function sanitizeSurrogates(text: string): string {
	return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

/** Each run of consecutive images becomes one placeholder text. */
function replaceImagesWithPlaceholder(content: (TextContent | ImageContent)[], placeholder: string): TextContent[] {
	const result: TextContent[] = [];
	let previousWasPlaceholder = false;
	for (const block of content) {
		if (block.type === "image") {
			if (!previousWasPlaceholder) result.push({ type: "text", text: placeholder });
			previousWasPlaceholder = true;
			continue;
		}
		result.push(block);
		previousWasPlaceholder = block.text === placeholder;
	}
	return result;
}

function downgradeUnsupportedImages(messages: Message[], model: BedrockModel): Message[] {
	if (model.input.includes("image")) return messages;
	return messages.map((message) => {
		if (message.role === "user" && Array.isArray(message.content)) {
			return { ...message, content: replaceImagesWithPlaceholder(message.content, NON_VISION_USER_IMAGE_PLACEHOLDER) };
		}
		if (message.role === "toolResult") {
			return { ...message, content: replaceImagesWithPlaceholder(message.content, NON_VISION_TOOL_IMAGE_PLACEHOLDER) };
		}
		return message;
	});
}

/**
 * Another model's thinking becomes plain text (its signature would be rejected), redacted
 * thinking is dropped, and tool-call ids are normalized; the same model's blocks pass as is.
 */
function adaptAssistantContent(
	message: AssistantMessage,
	model: BedrockModel,
	renamedToolCallIds: Map<string, string>,
): AssistantMessage["content"] {
	const isSameModel =
		message.provider === model.provider && message.api === model.api && message.model === model.id;
	return message.content.flatMap((block): AssistantMessage["content"] => {
		if (block.type === "thinking") {
			if (block.redacted) return isSameModel ? [block] : [];
			if (isSameModel && block.thinkingSignature) return [block];
			if (!block.thinking || block.thinking.trim() === "") return [];
			return isSameModel ? [block] : [{ type: "text", text: block.thinking }];
		}
		if (block.type === "text") return isSameModel ? [block] : [{ type: "text", text: block.text }];
		if (block.type === "toolCall") return [isSameModel ? block : adaptForeignToolCall(block, renamedToolCallIds)];
		return [block];
	});
}

function adaptForeignToolCall(toolCall: ToolCall, renamedToolCallIds: Map<string, string>): ToolCall {
	let adapted = toolCall;
	if (toolCall.thoughtSignature) {
		const { thoughtSignature: _dropped, ...rest } = toolCall;
		adapted = rest;
	}
	const id = normalizeToolCallId(toolCall.id);
	if (id === toolCall.id) return adapted;
	renamedToolCallIds.set(toolCall.id, id);
	return { ...adapted, id };
}

function syntheticToolResult(toolCall: ToolCall): ToolResultMessage {
	return {
		role: "toolResult",
		toolCallId: toolCall.id,
		toolName: toolCall.name,
		content: [{ type: "text", text: "No result provided" }],
		isError: true,
		timestamp: Date.now(),
	};
}

/**
 * Errored/aborted assistant turns are dropped (they may hold half a turn), and tool calls left
 * without a result get a synthetic error result before the next assistant or user message.
 */
function repairToolFlow(messages: Message[]): Message[] {
	const result: Message[] = [];
	let pendingToolCalls: ToolCall[] = [];
	let answeredIds = new Set<string>();
	const closePendingToolCalls = () => {
		for (const toolCall of pendingToolCalls) {
			if (!answeredIds.has(toolCall.id)) result.push(syntheticToolResult(toolCall));
		}
		pendingToolCalls = [];
		answeredIds = new Set();
	};

	for (const message of messages) {
		if (message.role === "assistant") {
			closePendingToolCalls();
			if (message.stopReason === "error" || message.stopReason === "aborted") continue;
			const toolCalls = message.content.filter((block): block is ToolCall => block.type === "toolCall");
			if (toolCalls.length > 0) {
				pendingToolCalls = toolCalls;
				answeredIds = new Set();
			}
		} else if (message.role === "toolResult") {
			answeredIds.add(message.toolCallId);
		} else if (message.role === "user") {
			closePendingToolCalls();
		}
		result.push(message);
	}
	closePendingToolCalls();
	return result;
}

function transformMessages(messages: Message[], model: BedrockModel): Message[] {
	const renamedToolCallIds = new Map<string, string>();
	const adapted = downgradeUnsupportedImages(messages, model).map((message): Message => {
		if (message.role === "assistant") {
			return { ...message, content: adaptAssistantContent(message, model, renamedToolCallIds) };
		}
		if (message.role === "toolResult") {
			const renamed = renamedToolCallIds.get(message.toolCallId);
			return renamed && renamed !== message.toolCallId ? { ...message, toolCallId: renamed } : message;
		}
		return message;
	});
	return repairToolFlow(adapted);
}

// ---------------------------------------------------------------------------------------------
// Converse shapes

const IMAGE_FORMATS: Record<string, ImageFormat> = {
	"image/jpeg": "jpeg",
	"image/jpg": "jpeg",
	"image/png": "png",
	"image/gif": "gif",
	"image/webp": "webp",
};

function imageBlock(image: ImageContent): { image: ImageBlock } {
	const format = IMAGE_FORMATS[image.mimeType];
	if (!format) throw new Error(`Unknown image type: ${image.mimeType}`);
	// A plain Uint8Array copy, not a Buffer (which may be a view into Node's shared pool),
	// keeps the payload shaped as the AWS SDK's.
	return { image: { source: { bytes: new Uint8Array(Buffer.from(image.data, "base64")) }, format } };
}

function cachePoint(cacheRetention: CacheRetention): CachePointBlock {
	return { cachePoint: { type: "default", ...(cacheRetention === "long" ? { ttl: "1h" as const } : {}) } };
}

function usesCachePoints(model: BedrockModel, cacheRetention: CacheRetention): boolean {
	return cacheRetention !== "none" && supportsPromptCaching(model);
}

function buildSystemPrompt(
	systemPrompt: string | undefined,
	model: BedrockModel,
	cacheRetention: CacheRetention,
): ConverseStreamRequest["system"] {
	if (!systemPrompt) return undefined;
	const blocks: NonNullable<ConverseStreamRequest["system"]> = [{ text: sanitizeSurrogates(systemPrompt) }];
	if (usesCachePoints(model, cacheRetention)) blocks.push(cachePoint(cacheRetention));
	return blocks;
}

/** No tool config at all for `toolChoice: "none"`: Converse has no "none" choice. */
function convertToolConfig(
	tools: Tool[] | undefined,
	toolChoice: BedrockOptions["toolChoice"],
): ConverseToolConfig | undefined {
	if (!tools?.length || toolChoice === "none") return undefined;
	return {
		tools: tools.map((tool) => ({
			toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: tool.parameters } },
		})),
		toolChoice: convertToolChoice(toolChoice),
	};
}

function convertToolChoice(toolChoice: BedrockOptions["toolChoice"]): ConverseToolChoice | undefined {
	if (toolChoice === "auto") return { auto: {} };
	if (toolChoice === "any") return { any: {} };
	if (typeof toolChoice === "object" && toolChoice.type === "tool") return { tool: { name: toolChoice.name } };
	return undefined;
}

function convertUserMessage(message: UserMessage): ConverseMessage {
	if (typeof message.content === "string") {
		return { role: "user", content: [{ text: sanitizeSurrogates(message.content) }] };
	}
	return {
		role: "user",
		content: message.content.map((block) => {
			if (block.type === "text") return { text: sanitizeSurrogates(block.text) };
			if (block.type === "image") return imageBlock(block);
			throw new Error("Unknown user content type");
		}),
	};
}

/** Thinking replay: signed for Claude, text when Claude lost the signature, unsigned otherwise. */
function thinkingBlock(thinking: string, signature: string | undefined, model: BedrockModel): ConverseContentBlock {
	const text = sanitizeSurrogates(thinking);
	if (!supportsThinkingSignature(model)) return { reasoningContent: { reasoningText: { text } } };
	// Bedrock rejects a replayed Claude reasoning block without signature (interrupted stream).
	if (!signature || signature.trim().length === 0) return { text };
	return { reasoningContent: { reasoningText: { text, signature } } };
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
				content.push({ toolUse: { toolUseId: block.id, name: block.name, input: block.arguments } });
				break;
			case "thinking":
				if (block.thinking.trim().length > 0) content.push(thinkingBlock(block.thinking, block.thinkingSignature, model));
				break;
			default:
				throw new Error("Unknown assistant content type");
		}
	}
	return content.length > 0 ? { role: "assistant", content } : undefined;
}

function toolResultBlock(message: ToolResultMessage): ConverseContentBlock {
	return {
		toolResult: {
			toolUseId: message.toolCallId,
			content: message.content.map((block) =>
				block.type === "image" ? imageBlock(block) : { text: sanitizeSurrogates(block.text) },
			),
			status: message.isError ? "error" : "success",
		},
	};
}

function convertMessages(messages: Message[], model: BedrockModel, cacheRetention: CacheRetention): ConverseMessage[] {
	const result: ConverseMessage[] = [];
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
			result.push(convertUserMessage(message));
		} else if (message.role === "assistant") {
			const converted = convertAssistantMessage(message, model);
			if (converted) result.push(converted);
		} else {
			throw new Error("Unknown message role");
		}
	}

	// The second cache point covers the whole conversation when it ends on a user turn.
	const last = result[result.length - 1];
	if (last?.role === "user" && usesCachePoints(model, cacheRetention)) last.content.push(cachePoint(cacheRetention));
	return result;
}
