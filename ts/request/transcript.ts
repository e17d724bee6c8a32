// Transcript contexts (@earendil-works/pi-ai ≥ 0.80): system prompt and tools travel as
// `role: "system"` messages instead of `systemPrompt`/`tools`. Folded back the way that
// package's `collapseSystemMessages` does, so one implementation serves both packages.
import type { Context, Message, TextContent, Tool } from "../protocol/types.js";

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

export function fromTranscript(context: Context): Context {
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
