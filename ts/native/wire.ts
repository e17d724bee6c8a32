// The events the native stream delivers, as JSON batches: the TypeScript statement of the wire
// format that src/events.rs and src/errors.rs serialise.
export type StreamErrorPhase = "client" | "request" | "stream";

export interface ErrorEvent {
	type: "error";
	code: string;
	message: string;
	httpStatus?: number;
	requestId?: string;
	retryable: boolean;
	phase: StreamErrorPhase;
	/** The service's `Retry-After` in milliseconds, when it sent one. */
	retryAfterMs?: number;
}

export interface Usage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
	cacheDetails?: { inputTokens: number; ttl: string }[];
}

/** One delta in the API's shape: exactly one member is set (as in the AWS SDK's own types). */
export interface ContentDelta {
	text?: string;
	toolUse?: { input: string };
	reasoningContent?: { text?: string; signature?: string; redactedContent?: string; unknown?: unknown };
	citation?: Record<string, unknown>;
	toolResult?: unknown[];
	image?: unknown;
	unknown?: unknown;
}

/** A bare model id that Bedrock serves only through inference profiles, and the profile called instead. */
export interface ModelSubstitution {
	requested: string;
	used: string;
	/** Where the profile came from: this process's discovery, the region's geography, or an earlier call. */
	source: "discovery" | "region" | "remembered";
}

/** What the native client did differently from a plain ConverseStream call (fields absent when nothing). */
export interface ResponseRouting {
	substitution?: ModelSubstitution;
	/** The model cannot stream: the answer came from non-streaming Converse, replayed as these events. */
	nonStreaming?: true;
}

export type ConverseEvent =
	| ({ type: "response"; httpStatus: number; requestId?: string; attempts: number } & ResponseRouting)
	/** A new attempt after a failure before any content; its request id replaces the response's. */
	| ({ type: "retry"; requestId?: string; attempts: number } & ResponseRouting)
	| { type: "messageStart"; role: string }
	| { type: "contentBlockStart"; contentBlockIndex: number; start: { toolUse?: { toolUseId: string; name: string } } & Record<string, unknown> }
	| { type: "contentBlockDelta"; contentBlockIndex: number; delta: ContentDelta }
	| { type: "contentBlockStop"; contentBlockIndex: number }
	| { type: "messageStop"; stopReason: string; additionalModelResponseFields?: unknown }
	| {
			type: "metadata";
			usage?: Usage;
			metrics?: { latencyMs: number };
			trace?: unknown;
			serviceTier?: { type: string };
			performanceConfig?: { latency: string };
		}
	| { type: "unknown" }
	| ErrorEvent;
