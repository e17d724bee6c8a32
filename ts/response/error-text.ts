// Error messages of failed turns. pi-ai's readable prefixes are kept because retry and
// overflow heuristics downstream match on them, and every Bedrock context-overflow text is
// made recognisable to pi-ai's `isContextOverflow`, so the agent compacts instead of failing.
import type { BedrockError } from "../native/stream.js";

/** pi-ai's prefixes for AWS SDK service exceptions. */
const ERROR_PREFIXES: Record<string, string> = {
	InternalServerException: "Internal server error",
	ModelStreamErrorException: "Model stream error",
	ValidationException: "Validation error",
	ThrottlingException: "Throttling error",
	ServiceUnavailableException: "Service unavailable",
};

/** The ValidationException texts Bedrock uses when the input does not fit the context window. */
const CONTEXT_OVERFLOW_TEXTS = [
	/input is too long for requested model/i,
	/input length and `?max_tokens`? exceed context limit/i,
	/too many total text bytes/i,
	/prompt is too long/i,
];

/** Wording pi-ai's `isContextOverflow` matches (its Bedrock pattern). */
export const OVERFLOW_WORDING = "Input is too long for requested model";
const PI_RECOGNISED_OVERFLOW = /input is too long for requested model|prompt is too long/i;

export function isContextOverflowError(error: Pick<BedrockError, "code" | "message">): boolean {
	return error.code === "ValidationException" && CONTEXT_OVERFLOW_TEXTS.some((text) => text.test(error.message));
}

/**
 * `"<Prefix>: message"` for answers from the service (pi-ai formats AWS SDK service exceptions
 * so); transport and client-side failures keep their bare message, as non-SDK errors do there.
 * An overflow text pi-ai would not recognise gets its wording appended.
 */
export function formatBedrockError(error: Pick<BedrockError, "code" | "message" | "httpStatus">): string {
	const formatted = error.httpStatus === undefined ? error.message : `${ERROR_PREFIXES[error.code] ?? error.code}: ${error.message}`;
	if (!isContextOverflowError(error) || PI_RECOGNISED_OVERFLOW.test(formatted)) return formatted;
	return `${formatted} (context overflow: ${OVERFLOW_WORDING})`;
}
