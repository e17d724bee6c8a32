// Request hygiene: shapes Bedrock rejects with a ValidationException, repaired before sending
// so one odd message in a long history does not make every later turn fail.
import { isCachePoint } from "./cache-points.js";

/** Stands in for a turn whose only text was blank (pi-ai's successor uses the same text). */
export const EMPTY_TEXT_PLACEHOLDER = "<empty>";

/**
 * Bedrock requires a toolConfig whenever the history holds toolUse/toolResult blocks, also
 * when this turn offers no tools; this tool keeps such a request valid.
 */
export const PLACEHOLDER_TOOL = {
	toolSpec: {
		name: "unavailable_tool",
		description: "No tools are available in this turn. Do not call this tool.",
		inputSchema: { json: { type: "object", properties: {} } },
	},
};

function isBlankText(block: object): boolean {
	return "text" in block && typeof block.text === "string" && block.text.trim().length === 0;
}

/**
 * Blank or whitespace-only text blocks are rejected: they are dropped, and a turn left with
 * nothing but cache points gets the placeholder text in front.
 */
export function withoutBlankText<T extends object>(blocks: T[]): T[] {
	const kept = blocks.filter((block) => !isBlankText(block));
	if (kept.every(isCachePoint)) return [{ text: EMPTY_TEXT_PLACEHOLDER } as T, ...kept];
	return kept;
}

/**
 * Converse wants user and assistant turns to alternate; pi histories can hold two in a row
 * (a user message after tool results, an assistant turn left after an errored one was dropped).
 */
export function mergeConsecutiveRoles<T extends { role: string; content: unknown[] }>(messages: T[]): T[] {
	const merged: T[] = [];
	for (const message of messages) {
		const previous = merged[merged.length - 1];
		if (previous?.role === message.role) previous.content.push(...message.content);
		else merged.push({ ...message, content: [...message.content] });
	}
	return merged;
}

export function historyUsesTools(messages: { content: object[] }[]): boolean {
	return messages.some((message) => message.content.some((block) => "toolUse" in block || "toolResult" in block));
}
