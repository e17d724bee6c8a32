// pi-ai's event protocol, declared here so that nothing of pi-ai is needed to build, type or run
// the provider. The shapes are the union of `@mariozechner/pi-ai` 0.73.1 and
// `@earendil-works/pi-ai` 1.6: inputs (models, contexts, messages, options) are wide enough to
// accept either package's values, outputs carry 1.6's fields (which 0.73.1's consumers ignore).
// `__test__/typecheck/` compiles a consumer against both packages to keep it that way.

export type Api = string;
export type ThinkingLevel = "minimal" | "low" | "medium" | "high" | "xhigh" | "max";
export type ModelThinkingLevel = "off" | ThinkingLevel;
export type ThinkingLevelMap = Partial<Record<ModelThinkingLevel, string | null>>;
export type CacheRetention = "none" | "short" | "long";
export type Transport = "sse" | "websocket" | "websocket-cached" | "auto";

export interface ThinkingBudgets {
	minimal?: number;
	low?: number;
	medium?: number;
	high?: number;
}

export interface TextContent {
	type: "text";
	text: string;
	textSignature?: string;
}

export interface ThinkingContent {
	type: "thinking";
	thinking: string;
	thinkingSignature?: string;
	redacted?: boolean;
}

export interface ImageContent {
	type: "image";
	data: string;
	mimeType: string;
}

export interface ToolCall {
	type: "toolCall";
	id: string;
	name: string;
	// biome-ignore lint: pi-ai 0.73.1 declares `Record<string, any>`, 1.6 a JSON object.
	arguments: Record<string, any>;
	thoughtSignature?: string;
	namespace?: string;
	/** Set when the finished arguments were not a JSON object (`arguments` is then `{}`). */
	argumentsError?: string;
}

export interface Usage {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	/** The part of `cacheWrite` written with the 1h TTL. */
	cacheWrite1h?: number;
	reasoning?: number;
	totalTokens: number;
	cost: {
		input: number;
		output: number;
		cacheRead: number;
		cacheWrite: number;
		total: number;
		totalFromProvider?: boolean;
	};
}

/** `pending` while the response streams; `deferred` is 1.6's batch API (never produced here). */
export type StopReason = "pending" | "stop" | "length" | "toolUse" | "error" | "aborted" | "deferred";

export interface AssistantMessageDiagnostic {
	type: string;
	timestamp: number;
	error?: { name?: string; message: string; stack?: string; code?: string | number };
	// biome-ignore lint: JSON data; `any` lets 1.6's JsonObject and 0.73.1's Record<string, unknown> both in and out.
	details?: Record<string, any>;
}

export interface UserMessage {
	role: "user";
	content: string | (TextContent | ImageContent)[];
	timestamp: number;
}

export interface AssistantMessage {
	role: "assistant";
	content: (TextContent | ThinkingContent | ToolCall)[];
	api: Api;
	provider: string;
	model: string;
	responseModel?: string;
	responseId?: string;
	providerThinkingLevel?: string;
	thinkingLevel?: ModelThinkingLevel;
	diagnostics?: AssistantMessageDiagnostic[];
	usage: Usage;
	stopReason: StopReason;
	deferred?: unknown;
	errorMessage?: string;
	/** The stop reason exactly as the provider sent it. */
	rawStopReason?: string;
	endTurn?: boolean;
	timestamp: number;
	durationMs?: number;
}

/**
 * A finished response (`done`, `error`, `result()`): never `pending` or `deferred`, so it fits
 * either package's `Message` and goes back into its contexts.
 */
export type FinalAssistantMessage = Omit<AssistantMessage, "stopReason" | "deferred"> & {
	stopReason: Exclude<StopReason, "pending" | "deferred">;
};

export interface ToolResultMessage {
	role: "toolResult";
	toolCallId: string;
	toolName: string;
	content: (TextContent | ImageContent)[];
	details?: unknown;
	usage?: Usage;
	nestedCalls?: unknown;
	isError: boolean;
	timestamp: number;
	durationMs?: number;
}

export type ConstrainedSamplingConfig =
	| { type: "json_schema"; strict: "prefer" | "require" }
	| { type: "grammar"; variants: Partial<Record<string, string>> };

export interface Tool {
	name: string;
	description: string;
	/** A JSON schema (0.73.1 types it as a TypeBox schema, 1.6 as any object). */
	parameters: object;
	constrainedSampling?: false | ConstrainedSamplingConfig;
}

/** 1.6: the system prompt and the tool set travel as messages, also mid-transcript. */
export interface SystemMessage {
	role: "system";
	content: string | TextContent[];
	sections?: Record<string, string | null>;
	toolsAdded?: Tool[];
	toolsRemoved?: { name: string }[];
	timestamp?: number;
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;

/**
 * 0.73.1's `Context` and 1.6's branded `TranscriptContext` (messages only, system messages
 * among them) both fit.
 */
export interface Context {
	systemPrompt?: string;
	messages: Message[];
	tools?: Tool[];
}

export type AssistantMessageEvent =
	| { type: "start"; partial: AssistantMessage }
	| { type: "text_start"; contentIndex: number; partial: AssistantMessage }
	| { type: "text_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
	| { type: "text_end"; contentIndex: number; content: string; partial: AssistantMessage }
	| { type: "thinking_start"; contentIndex: number; partial: AssistantMessage }
	| { type: "thinking_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
	| { type: "thinking_end"; contentIndex: number; content: string; partial: AssistantMessage }
	| { type: "toolcall_start"; contentIndex: number; partial: AssistantMessage }
	| { type: "toolcall_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
	| { type: "toolcall_end"; contentIndex: number; toolCall: ToolCall; partial: AssistantMessage }
	| { type: "done"; reason: Extract<StopReason, "stop" | "length" | "toolUse">; message: FinalAssistantMessage }
	| { type: "error"; reason: Extract<StopReason, "aborted" | "error">; error: FinalAssistantMessage };

export interface ModelCostRates {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
}

/** Rates that apply once the input (including cache reads and writes) exceeds `inputTokensAbove`. */
export interface ModelCostTier extends ModelCostRates {
	inputTokensAbove: number;
}

export interface ModelCost extends ModelCostRates {
	tiers?: ModelCostTier[];
}

export interface BedrockCompat {
	/** The model accepts `toolSpec.strict` (constrained sampling of tool arguments). */
	supportsStrictMode?: boolean;
}

export interface Model<TApi extends Api = Api> {
	id: string;
	name: string;
	api: TApi;
	provider: string;
	baseUrl: string;
	type?: "chat";
	reasoning: boolean;
	thinkingLevelMap?: ThinkingLevelMap;
	input: ("text" | "image")[];
	inputLimits?: object;
	promptCache?: { short?: number; long?: number };
	cost: ModelCost;
	contextWindow: number;
	maxTokens: number;
	headers?: Record<string, string>;
	samplingParams?: Record<string, unknown>;
	samplingParamsByThinkingLevel?: object;
	/** 1.6's `BedrockCompat` for this API; 0.73.1 declares other APIs' compat shapes. */
	compat?: BedrockCompat | object;
}

export interface ProviderResponse {
	status: number;
	headers: Record<string, string>;
}

/** 1.6: how the client names itself in the User-Agent. */
export interface ClientIdentity {
	userAgent?: "short" | "detailed" | { custom: string };
	attribution?: { name: string; url: string; categories?: string[] } | null;
	version?: string;
}

/**
 * The generic request options of both packages. Callbacks are declared as methods so that
 * either package's callback types (which name their own `Model`) are accepted.
 */
export interface StreamOptions {
	temperature?: number;
	maxTokens?: number;
	signal?: AbortSignal;
	/** 1.6 hands a stored Bedrock bearer token over as `apiKey`. */
	apiKey?: string;
	transport?: Transport;
	cacheRetention?: CacheRetention;
	sessionId?: string;
	onPayload?(payload: unknown, model: Model): unknown | undefined | Promise<unknown | undefined>;
	onResponse?(response: ProviderResponse, model: Model): void | Promise<void>;
	/** Called (and awaited) with every raw stream event, before it is translated. */
	onProviderStreamEvent?(data: unknown, model: Model): void | Promise<void>;
	/** Extra request headers; `null` removes a header set earlier. */
	headers?: Record<string, string | null>;
	identity?: ClientIdentity;
	/** Provider-scoped environment overriding the process environment for this call. */
	env?: Record<string, string>;
	timeoutMs?: number;
	maxRetries?: number;
	maxRetryDelayMs?: number;
	metadata?: Record<string, unknown>;
	samplingParams?: Record<string, unknown>;
	disableContinuation?: boolean;
	websocketConnectTimeoutMs?: number;
	fetch?: unknown;
	telemetry?: unknown;
}

export interface SimpleStreamOptions extends StreamOptions {
	/** "none" sends no tools. */
	toolChoice?: "auto" | "none";
	reasoning?: ThinkingLevel;
	thinkingBudgets?: ThinkingBudgets;
	deferred?: boolean | { window?: "15m" | "1h" | "24h" };
}

/** pi-ai's Bedrock provider options (the same keys in 0.73.1 and 1.6). */
export interface BedrockOptions extends StreamOptions {
	region?: string;
	profile?: string;
	toolChoice?: "auto" | "any" | "none" | { type: "tool"; name: string };
	reasoning?: ThinkingLevel;
	thinkingBudgets?: ThinkingBudgets;
	interleavedThinking?: boolean;
	thinkingDisplay?: "summarized" | "omitted";
	requestMetadata?: Record<string, string>;
	bearerToken?: string;
}
