// pi Context → Bedrock ConverseStream request, in the AWS SDK's JS shape (camelCase keys,
// bytes as Uint8Array) because `onPayload` must see what pi-ai 0.73.1 shows it. On top of
// pi-ai's conversion, the request is made valid before it is sent (see hygiene.ts and
// cache-points.ts) and carries the Converse options pi-ai has no field for.
import type {
	AssistantMessage,
	Context,
	ImageContent,
	Message,
	TextContent,
	ThinkingContent,
	Tool,
	ToolCall,
	ToolResultMessage,
	UserMessage,
} from "./protocol/types.js";
import { type CachePointBlock, placeCachePoints } from "./cache-points.js";
import {
	base64Bytes,
	convertExtension,
	DocumentNames,
	type ExtensionBlock,
	isS3Image,
	type S3ImageContent,
	type UserContentExtension,
} from "./content-extensions.js";
import { historyUsesTools, mergeConsecutiveRoles, PLACEHOLDER_TOOL, withoutBlankText } from "./hygiene.js";
import { type BedrockModel, promptCachePolicy, rejectsTemperature, supportsThinkingSignature } from "./models.js";
import {
	type BedrockNativeOptions,
	buildReasoningFields,
	isClaudeThinkingOn,
	resolveCacheRetention,
} from "./options.js";
import { bedrockToolName } from "./tool-names.js";
import { findContextProblem } from "./validate.js";
import { sanitizeSurrogates } from "./surrogates.js";

export type ImageFormat = "jpeg" | "png" | "gif" | "webp";

export interface ImageBlock {
	format: ImageFormat;
	source: { bytes: Uint8Array } | { s3Location: { uri: string; bucketOwner?: string } };
}
export type ToolResultContentBlock = { text: string } | { image: ImageBlock };
export type ReasoningBlock = {
	reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: Uint8Array };
};
export type ConverseContentBlock =
	| { text: string }
	| { image: ImageBlock }
	| { toolUse: { toolUseId: string; name: string; input: unknown } }
	| { toolResult: { toolUseId: string; content: ToolResultContentBlock[]; status: "error" | "success" } }
	| ReasoningBlock
	| ExtensionBlock;
export interface ConverseMessage {
	role: "user" | "assistant";
	content: ConverseContentBlock[];
}
export type ConverseToolChoice = { auto: {} } | { any: {} } | { tool: { name: string } };
export type ConverseTool =
	| { toolSpec: { name: string; description: string; inputSchema: { json: unknown } } }
	| CachePointBlock;
export interface ConverseToolConfig {
	tools: ConverseTool[];
	toolChoice?: ConverseToolChoice;
}
export interface InferenceConfig {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	stopSequences?: string[];
}

/** The ConverseStream input handed to `onPayload` (undefined fields are left out on the wire). */
export interface ConverseStreamRequest {
	modelId: string;
	messages: ConverseMessage[];
	system: ({ text: string } | CachePointBlock)[] | undefined;
	inferenceConfig: InferenceConfig;
	toolConfig: ConverseToolConfig | undefined;
	additionalModelRequestFields: Record<string, unknown> | undefined;
	additionalModelResponseFieldPaths?: string[];
	requestMetadata?: Record<string, string>;
	guardrailConfig?: BedrockNativeOptions["guardrailConfig"];
	serviceTier?: { type: NonNullable<BedrockNativeOptions["serviceTier"]> };
	performanceConfig?: BedrockNativeOptions["performanceConfig"];
	outputConfig?: Record<string, unknown>;
}

export function buildConverseRequest(
	model: BedrockModel,
	context: Context,
	options: BedrockNativeOptions,
): ConverseStreamRequest {
	// Problems the conversion would hide (invalid base64 decodes to garbage bytes) fail here, by place.
	const problem = findContextProblem(model, context);
	if (problem) throw new Error(problem);
	const { systemPrompt, messages, tools } = fromTranscript(context);
	const thinking = isClaudeThinkingOn(model, options);
	const converted = mergeConsecutiveRoles(convertMessages(messages, model));
	const request: ConverseStreamRequest = {
		modelId: model.id,
		messages: converted,
		system: buildSystemPrompt(systemPrompt),
		inferenceConfig: buildInferenceConfig(model, options, thinking),
		toolConfig: convertToolConfig(tools, options.toolChoice, thinking, historyUsesTools(converted)),
		additionalModelRequestFields: mergeFields(buildReasoningFields(model, options), options.additionalModelRequestFields),
		...(options.requestMetadata !== undefined && { requestMetadata: options.requestMetadata }),
		...(options.additionalModelResponseFieldPaths && {
			additionalModelResponseFieldPaths: options.additionalModelResponseFieldPaths,
		}),
		...(options.guardrailConfig && { guardrailConfig: options.guardrailConfig }),
		...(options.serviceTier && { serviceTier: { type: options.serviceTier } }),
		...(options.performanceConfig && { performanceConfig: options.performanceConfig }),
		...(options.outputConfig && { outputConfig: options.outputConfig }),
	};
	placeCachePoints(request, promptCachePolicy(model), resolveCacheRetention(options.cacheRetention));
	return request;
}

/** The tools the request offers (a transcript context carries them in system messages). */
export function contextTools(context: Context): Tool[] | undefined {
	return fromTranscript(context).tools;
}

/**
 * Claude rejects `temperature` and `topP` while thinking, and Opus 4.7+ rejects `temperature`
 * always; pi-ai forwards them anyway and the request fails.
 */
function buildInferenceConfig(model: BedrockModel, options: BedrockNativeOptions, thinking: boolean): InferenceConfig {
	const dropTemperature = thinking || rejectsTemperature(model);
	return {
		...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
		...(options.temperature !== undefined && !dropTemperature && { temperature: options.temperature }),
		...(options.topP !== undefined && !thinking && { topP: options.topP }),
		...(options.stopSequences?.length && { stopSequences: options.stopSequences }),
	};
}

function mergeFields(
	computed: Record<string, unknown> | undefined,
	fromCaller: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
	return computed || fromCaller ? { ...computed, ...fromCaller } : undefined;
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

function buildSystemPrompt(systemPrompt: string | undefined): ConverseStreamRequest["system"] {
	// A whitespace-only system text is a ValidationException.
	if (!systemPrompt?.trim()) return undefined;
	return [{ text: sanitizeSurrogates(systemPrompt) }];
}

/**
 * No tool config for `toolChoice: "none"` (Converse has no "none" choice) or without tools,
 * unless the history holds tool blocks: Bedrock then requires a toolConfig, so a placeholder
 * tool stands in.
 */
function convertToolConfig(
	tools: Tool[] | undefined,
	toolChoice: BedrockNativeOptions["toolChoice"],
	thinking: boolean,
	historyHasToolBlocks: boolean,
): ConverseToolConfig | undefined {
	if (!tools?.length || toolChoice === "none") {
		return historyHasToolBlocks ? { tools: [PLACEHOLDER_TOOL] } : undefined;
	}
	return {
		tools: tools.map((tool) => ({
			toolSpec: { name: bedrockToolName(tool.name), description: tool.description, inputSchema: { json: tool.parameters } },
		})),
		toolChoice: convertToolChoice(toolChoice, thinking),
	};
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

function convertMessages(messages: Message[], model: BedrockModel): ConverseMessage[] {
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
