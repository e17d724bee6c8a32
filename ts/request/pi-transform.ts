// pi-ai's `transformMessages` (not exported from its root entry), with Bedrock's id rule.
import type { AssistantMessage, ImageContent, Message, TextContent, ToolCall, ToolResultMessage } from "../protocol/types.js";
import type { BedrockModel } from "../models.js";

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

export function transformMessages(messages: Message[], model: BedrockModel): Message[] {
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
