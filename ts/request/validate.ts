// Checks of a pi Context that cannot be made once it is a Converse request: media data is
// decoded leniently on the way (Buffer.from turns invalid base64 into garbage bytes, and a block
// without a source would become an S3 location without a URI), and a value JSON cannot carry
// fails serialisation without saying where it is. Each problem names its place in the context.
// Limits (media sizes and counts, S3 URIs, tool names and schemas) are checked natively, on the
// request every caller sends.
import type { Context, Message } from "../protocol/types.js";
import type { BedrockModel } from "../models.js";

/** Standard or URL-safe base64, padded or not, without whitespace (what Buffer.from accepts cleanly). */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** True when `data` is base64 that decodes to exactly what it says. */
export function isBase64(data: string): boolean {
	const unpaddedLength = data.replace(/=+$/, "").length;
	return BASE64.test(data) && unpaddedLength % 4 !== 1;
}

/** Why `value` cannot become JSON (a BigInt, a cycle, a throwing toJSON), or undefined. */
export function jsonProblem(value: unknown): string | undefined {
	try {
		JSON.stringify(value);
		return undefined;
	} catch (error) {
		return `not JSON-serialisable (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
	}
}

type MediaKind = "image" | "document" | "video";

/** Where each kind of media may come from (pi's `ImageContent` and content-extensions.ts). */
const MEDIA_SOURCES: Record<MediaKind, readonly string[]> = {
	image: ["data", "s3Uri"],
	document: ["data", "s3Uri", "text"],
	video: ["data", "s3Uri"],
};

type MediaBlock = { type: MediaKind } & Record<string, unknown>;

function isMedia(block: { type: string }): block is MediaBlock {
	return Object.hasOwn(MEDIA_SOURCES, block.type);
}

/** One source, and inline data that is base64 of at least one byte. */
function mediaProblem(block: MediaBlock, path: string): string | undefined {
	const kind = block.type;
	const sources = MEDIA_SOURCES[kind];
	const present = sources.filter((source) => block[source] !== undefined);
	if (present.length !== 1) {
		const found = present.length > 0 ? ` (found ${present.join(", ")})` : "";
		return `${path}: a ${kind} needs exactly one of ${sources.join(", ")}${found}`;
	}
	if (present[0] !== "data") return undefined;
	const data = block.data;
	if (typeof data !== "string" || !isBase64(data)) return `${path}.data: ${kind} data is not valid base64`;
	if (data.replace(/=+$/, "").length === 0) return `${path}.data: ${kind} data is empty (its base64 decodes to no bytes)`;
	return undefined;
}

/** Images of a model without image input become placeholder texts: their data is never sent. */
function contentProblem(content: readonly { type: string }[], path: string, sendsImages: boolean): string | undefined {
	for (const [index, block] of content.entries()) {
		if (!isMedia(block) || (block.type === "image" && !sendsImages)) continue;
		const problem = mediaProblem(block, `${path}[${index}]`);
		if (problem) return problem;
	}
	return undefined;
}

/** Roles of pi messages; `system` is a transcript context's (request/transcript.ts). */
const ROLES = new Set(["user", "assistant", "toolResult", "system"]);
const TEXT_CONTENT_ROLES = new Set(["user", "system"]);

/** What makes `message` no pi message at all (wrong type, role or content shape), if anything. */
function shapeProblem(message: Message, path: string): string | undefined {
	if (typeof message !== "object" || message === null) return `${path}: expected a message object`;
	if (!ROLES.has(message.role)) return `${path}.role: expected user, assistant, toolResult or system`;
	const content: unknown = message.content;
	const textAllowed = TEXT_CONTENT_ROLES.has(message.role);
	if (!Array.isArray(content) && !(textAllowed && typeof content === "string")) {
		return `${path}.content: expected ${textAllowed ? "a string or " : ""}an array of content blocks`;
	}
	return undefined;
}

function messageProblem(message: Message, path: string, sendsImages: boolean): string | undefined {
	const shape = shapeProblem(message, path);
	if (shape) return shape;
	if (message.role === "assistant") {
		for (const [index, block] of message.content.entries()) {
			const problem = block.type === "toolCall" ? jsonProblem(block.arguments) : undefined;
			if (problem) return `${path}.content[${index}].arguments: ${problem}`;
		}
		return undefined;
	}
	if (typeof message.content === "string") return undefined;
	return contentProblem(message.content, `${path}.content`, sendsImages);
}

/**
 * The first problem of `context` that would make the request invalid, as a message naming its
 * place (`messages[2].content[0].data: ...`), or undefined when the context can be sent.
 */
export function findContextProblem(model: BedrockModel, context: Context): string | undefined {
	if (typeof context !== "object" || context === null) return "context: expected an object with messages";
	if (!Array.isArray(context.messages)) return "messages: expected an array of messages";
	if (context.tools !== undefined && !Array.isArray(context.tools)) return "tools: expected an array of tools";
	if (!Array.isArray(model.input)) return "model.input: expected an array such as [\"text\"]";
	const sendsImages = model.input.includes("image");
	for (const [index, message] of context.messages.entries()) {
		const problem = messageProblem(message, `messages[${index}]`, sendsImages);
		if (problem) return problem;
	}
	for (const [index, tool] of (context.tools ?? []).entries()) {
		const problem = jsonProblem(tool.parameters);
		if (problem) return `tools[${index}].parameters: ${problem}`;
	}
	return undefined;
}

/** What makes `model` unusable (not an object, no id), if anything. */
export function modelProblem(model: unknown): string | undefined {
	if (typeof model !== "object" || model === null) return "model: expected a pi-ai Model object";
	const { id } = model as { id?: unknown };
	if (typeof id !== "string" || id.trim() === "") return "model.id: expected a non-empty string";
	return undefined;
}
