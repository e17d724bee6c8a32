// What Bedrock tells about a response beyond pi-ai's fields, kept on the final message as one
// entry of pi-ai's `diagnostics` list: request id, attempts, the raw stop reason, latency,
// service tier and performance echoes, the guardrail trace, the cache-write TTL split, and
// for failures whether a retry may help; an inference profile that stood in for a refused
// bare model id, and whether non-streaming Converse answered.
import type { AssistantMessage } from "../protocol/types.js";
import type { ModelSubstitution } from "../native/wire.js";

export const BEDROCK_DIAGNOSTIC_TYPE = "bedrock.response";

export interface BedrockResponseDetails {
	requestId?: string;
	/** HTTP attempts the native client made (retries before the first content event). */
	attempts?: number;
	/** The bare model id was refused on demand and this inference profile answered instead. */
	modelSubstitution?: ModelSubstitution;
	/** The model cannot stream: non-streaming Converse answered, replayed as stream events. */
	nonStreaming?: true;
	/** `messageStop.stopReason` as Bedrock sent it. */
	stopReason?: string;
	additionalModelResponseFields?: unknown;
	latencyMs?: number;
	serviceTier?: string;
	performanceConfig?: { latency: string };
	trace?: unknown;
	/** Cache-write tokens by TTL (Bedrock's `cacheDetails`). */
	cacheWriteTokens?: { "5m": number; "1h": number };
	/** The input did not fit the context window (pi-ai's `isContextOverflow` also sees it on errors). */
	contextOverflow?: boolean;
	/** Set on failed turns: whether sending the same request again may succeed. */
	retryable?: boolean;
	/** The AWS exception name or our error code, on failed turns. */
	errorCode?: string;
}

export function appendBedrockDiagnostic(message: AssistantMessage, details: BedrockResponseDetails, error?: Error): void {
	const definedDetails = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
	const entry = {
		type: BEDROCK_DIAGNOSTIC_TYPE,
		timestamp: Date.now(),
		details: definedDetails,
		...(error && { error: { name: error.name, message: error.message, ...(details.errorCode && { code: details.errorCode }) } }),
	};
	message.diagnostics = [...(message.diagnostics ?? []), entry];
}
