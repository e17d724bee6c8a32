// `streamSimple`'s default output cap (pi-ai 1.6's): the model's `maxTokens`, clamped so that
// input plus output fits the context window with a safety margin. The input is estimated like
// 1.6 does: the last successful response's reported usage plus ~3.5 characters per token for
// what came after it (or for everything, before any response).
import type { Context, Message, Model, Usage } from "../protocol/types.js";

const CHARS_PER_TOKEN = 3.5;
const ESTIMATED_IMAGE_CHARS = 4800;
const CONTEXT_SAFETY_TOKENS = 4096;
/** Some gateways count the input higher than the provider; 15% covers what was measured. */
const CONTEXT_SAFETY_RATIO = 0.15;
/** The 15% margin is kept only while it leaves this much output. */
const MIN_OUTPUT_WITH_RATIO_MARGIN = 32768;

function textTokens(text: string): number {
	return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function jsonLength(value: unknown): number {
	try {
		return (JSON.stringify(value) ?? "undefined").length;
	} catch {
		return "[unserializable]".length;
	}
}

function contentChars(content: string | { type: string; text?: string }[]): number {
	if (typeof content === "string") return content.length;
	return content.reduce((sum, block) => sum + (block.type === "text" ? (block.text ?? "").length : ESTIMATED_IMAGE_CHARS), 0);
}

function messageTokens(message: Message): number {
	switch (message.role) {
		case "system": {
			const content = typeof message.content === "string" ? message.content : message.content.map((block) => block.text).join("\n");
			const sections = Object.values(message.sections ?? {}).filter((section): section is string => section !== null);
			const text = [content, ...sections].filter((part) => part.length > 0).join("\n\n");
			const tools = [message.toolsAdded, message.toolsRemoved].filter((list) => list?.length);
			return textTokens(text) + tools.reduce((sum, list) => sum + Math.ceil(jsonLength(list) / CHARS_PER_TOKEN), 0);
		}
		case "user":
		case "toolResult":
			return Math.ceil(contentChars(message.content) / CHARS_PER_TOKEN);
		case "assistant": {
			let chars = 0;
			for (const block of message.content) {
				if (block.type === "text") chars += block.text.length;
				else if (block.type === "thinking") chars += block.thinking.length;
				else chars += block.name.length + jsonLength(block.arguments);
			}
			return Math.ceil(chars / CHARS_PER_TOKEN);
		}
	}
}

function usageTokens(usage: Usage): number {
	return usage.totalTokens || usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}

/** The index of the last response whose usage still describes the prefix before it. */
function lastUsageIndex(messages: Message[]): number {
	let latestPrefix = Number.NEGATIVE_INFINITY;
	let found = -1;
	messages.forEach((message, index) => {
		if (
			message.role === "assistant" &&
			message.timestamp >= latestPrefix &&
			message.stopReason !== "aborted" &&
			message.stopReason !== "error" &&
			usageTokens(message.usage) > 0
		) {
			found = index;
		}
		latestPrefix = Math.max(latestPrefix, message.timestamp ?? Number.NEGATIVE_INFINITY);
	});
	return found;
}

/** Estimated input tokens; a 0.73.1 context's `systemPrompt` and `tools` count too. */
export function estimateContextTokens(context: Context): number {
	const messages = context.messages;
	const usageIndex = lastUsageIndex(messages);
	const base = usageIndex >= 0 ? usageTokens((messages[usageIndex] as { usage: Usage }).usage) : 0;
	const outside = usageIndex >= 0 ? 0 : textTokens(context.systemPrompt ?? "") + (context.tools?.length ? Math.ceil(jsonLength(context.tools) / CHARS_PER_TOKEN) : 0);
	return messages.slice(usageIndex + 1).reduce((sum, message) => sum + messageTokens(message), base + outside);
}

export function clampMaxTokensToContext(model: Pick<Model, "contextWindow">, context: Context, maxTokens: number): number {
	if (!(model.contextWindow > 0)) return Math.max(1, maxTokens);
	const input = estimateContextTokens(context);
	const margin = Math.max(CONTEXT_SAFETY_TOKENS, Math.ceil(input * CONTEXT_SAFETY_RATIO));
	let room = model.contextWindow - input - margin;
	if (room < MIN_OUTPUT_WITH_RATIO_MARGIN) {
		room = Math.min(MIN_OUTPUT_WITH_RATIO_MARGIN, model.contextWindow - input - CONTEXT_SAFETY_TOKENS);
	}
	return Math.min(maxTokens, Math.max(1, room));
}
