// Option resolution: pi-ai 0.73.1's (cache retention, Claude thinking fields, the
// `streamSimple` translation) plus our own options and reasoning parameters for the
// non-Claude reasoning families pi-ai sends nothing to.
import type {
	BedrockOptions,
	CacheRetention,
	SimpleStreamOptions,
	ThinkingBudgets,
	ThinkingLevel,
} from "@mariozechner/pi-ai";
import {
	type BedrockModel,
	isClaudeModel,
	isGovCloudTarget,
	isNova2Model,
	isOpenAiModel,
	supportsAdaptiveThinking,
	supportsNativeXhighEffort,
} from "../models.js";
import type { EnvironmentSnapshot } from "../environment.js";

export type { BedrockOptions };

/** Extra, non-pi options reaching the native client (only through `stream()`/`streamBedrock`). */
export interface BedrockNativeOptions extends BedrockOptions {
	/** Endpoint used as is, overriding `model.baseUrl` and the region's endpoint. */
	endpoint?: string;
	/** Dummy credentials for unauthenticated proxies (like `AWS_BEDROCK_SKIP_AUTH=1`). */
	skipAuth?: boolean;
	/** Fail when no event arrives this long after the request was sent. */
	firstEventTimeoutMs?: number;
	/** Fail when the stream stays silent this long between events. */
	idleTimeoutMs?: number;
	/**
	 * Attempts for retryable failures before the first content event (default 3). Without it,
	 * pi-ai's generic `maxRetries` counts: attempts = maxRetries + 1.
	 */
	maxAttempts?: number;
	/** First backoff delay; later ones double, with jitter. */
	retryBaseDelayMs?: number;
	/** Converse `guardrailConfig`. */
	guardrailConfig?: {
		guardrailIdentifier: string;
		guardrailVersion: string;
		trace?: "enabled" | "disabled" | "enabled_full";
		streamProcessingMode?: "sync" | "async";
	};
	serviceTier?: "default" | "flex" | "priority" | "reserved";
	performanceConfig?: { latency: "standard" | "optimized" };
	/** Merged over the reasoning fields we compute (the caller's keys win). */
	additionalModelRequestFields?: Record<string, unknown>;
	/** JSON pointers into the model's native response, returned on the message's diagnostics. */
	additionalModelResponseFieldPaths?: string[];
	stopSequences?: string[];
	topP?: number;
	/** Converse `outputConfig`: structured output (`textFormat`) and `effort`, where the model has them. */
	outputConfig?: Record<string, unknown>;
}

type ClampedThinkingLevel = Exclude<ThinkingLevel, "xhigh">;
type ThinkingEffort = "low" | "medium" | "high" | "xhigh" | "max";

const DEFAULT_THINKING_BUDGETS: Required<ThinkingBudgets> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };
/** Tokens left for the answer when the thinking budget has to shrink to fit `maxTokens`. */
const MIN_OUTPUT_TOKENS = 1024;
/** `streamSimple` default output cap when the caller sets none. */
const SIMPLE_MAX_TOKENS_CAP = 32000;

/** Claude has no `xhigh` budget: it reads the `high` one. */
export function clampThinkingLevel(level: ThinkingLevel): ClampedThinkingLevel {
	return level === "xhigh" ? "high" : level;
}

export function resolveCacheRetention(cacheRetention: CacheRetention | undefined, env: EnvironmentSnapshot): CacheRetention {
	if (cacheRetention) return cacheRetention;
	return env.PI_CACHE_RETENTION === "long" ? "long" : "short";
}

/** The region pi-ai considers configured; the native side resolves the real one itself. */
function configuredRegion(options: BedrockOptions, env: EnvironmentSnapshot): string | undefined {
	return options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

function thinkingBudget(level: ThinkingLevel, budgets: ThinkingBudgets | undefined): number {
	const clamped = clampThinkingLevel(level);
	return budgets?.[clamped] ?? DEFAULT_THINKING_BUDGETS[clamped];
}

function thinkingEffort(model: BedrockModel, level: ThinkingLevel): ThinkingEffort {
	if (level === "xhigh" && supportsNativeXhighEffort(model)) return "xhigh";
	const mapped = model.thinkingLevelMap?.[level];
	if (typeof mapped === "string") return mapped as ThinkingEffort;
	return level === "minimal" || level === "low" ? "low" : level === "medium" ? "medium" : "high";
}

/** Claude thinking is on: it forbids `temperature`/`topP` and forced tool choices. */
export function isClaudeThinkingOn(model: BedrockModel, options: BedrockOptions): boolean {
	return Boolean(options.reasoning) && model.reasoning && isClaudeModel(model);
}

/** Nova 2 and OpenAI models know low/medium/high only. */
function threeLevelEffort(level: ThinkingLevel): "low" | "medium" | "high" {
	if (level === "minimal" || level === "low") return "low";
	return level === "medium" ? "medium" : "high";
}

/**
 * `additionalModelRequestFields` for reasoning: Claude thinking as pi-ai sends it, Nova 2's
 * `reasoningConfig`, OpenAI's (gpt-oss) `reasoning_effort`. pi-ai sends nothing to the last
 * two. DeepSeek R1 always reasons and has no switch; other families
 * get nothing, as an unknown field is a ValidationException.
 */
export function buildReasoningFields(
	model: BedrockModel,
	options: BedrockOptions,
	env: EnvironmentSnapshot,
): Record<string, unknown> | undefined {
	const level = options.reasoning;
	if (!level) return undefined;
	if (isClaudeModel(model)) return model.reasoning ? buildThinkingFields(model, options, env) : undefined;
	// pi-ai's catalog marks Nova 2 Lite and gpt-oss as non-reasoning although both take the
	// field; a caller asking for reasoning gets it.
	if (isNova2Model(model)) return { reasoningConfig: { type: "enabled", maxReasoningEffort: threeLevelEffort(level) } };
	if (isOpenAiModel(model)) return { reasoning_effort: threeLevelEffort(level) };
	return undefined;
}

/** Claude's thinking fields (pi-ai 0.73.1's `buildAdditionalModelRequestFields`). */
function buildThinkingFields(
	model: BedrockModel,
	options: BedrockOptions,
	env: EnvironmentSnapshot,
): Record<string, unknown> | undefined {
	const level = options.reasoning;
	if (!level) return undefined;

	const display = isGovCloudTarget(model, configuredRegion(options, env))
		? undefined
		: (options.thinkingDisplay ?? "summarized");
	const displayField = display !== undefined ? { display } : {};

	if (supportsAdaptiveThinking(model)) {
		return {
			thinking: { type: "adaptive", ...displayField },
			output_config: { effort: thinkingEffort(model, level) },
		};
	}
	return {
		thinking: { type: "enabled", budget_tokens: thinkingBudget(level, options.thinkingBudgets), ...displayField },
		...((options.interleavedThinking ?? true) && { anthropic_beta: ["interleaved-thinking-2025-05-14"] }),
	};
}

/** pi-ai's `buildBaseOptions`: only the generic fields survive `streamSimple`. */
function baseOptions(model: BedrockModel, options: SimpleStreamOptions | undefined): BedrockOptions {
	return {
		temperature: options?.temperature,
		maxTokens:
			options?.maxTokens ?? (model.maxTokens > 0 ? Math.min(model.maxTokens, SIMPLE_MAX_TOKENS_CAP) : undefined),
		signal: options?.signal,
		apiKey: options?.apiKey,
		transport: options?.transport,
		cacheRetention: options?.cacheRetention,
		sessionId: options?.sessionId,
		headers: options?.headers,
		onPayload: options?.onPayload,
		onResponse: options?.onResponse,
		timeoutMs: options?.timeoutMs,
		maxRetries: options?.maxRetries,
		maxRetryDelayMs: options?.maxRetryDelayMs,
		metadata: options?.metadata,
	};
}

/**
 * Budget-based Claude thinking counts against `maxTokens`: raise it by the budget (capped at
 * the model's limit) and shrink the budget when the cap leaves no room for an answer.
 */
function fitThinkingIntoMaxTokens(
	baseMaxTokens: number,
	modelMaxTokens: number,
	level: ThinkingLevel,
	budgets: ThinkingBudgets | undefined,
): { maxTokens: number; thinkingBudget: number } {
	const budget = { ...DEFAULT_THINKING_BUDGETS, ...budgets }[clampThinkingLevel(level)];
	const maxTokens = Math.min(baseMaxTokens + budget, modelMaxTokens);
	return { maxTokens, thinkingBudget: maxTokens <= budget ? Math.max(0, maxTokens - MIN_OUTPUT_TOKENS) : budget };
}

/** pi-ai's `streamSimpleBedrock` option translation. */
export function simpleToBedrockOptions(model: BedrockModel, options: SimpleStreamOptions | undefined): BedrockOptions {
	const base = baseOptions(model, options);
	const level = options?.reasoning;
	if (!level) return { ...base, reasoning: undefined };
	if (!isClaudeModel(model) || supportsAdaptiveThinking(model)) {
		return { ...base, reasoning: level, thinkingBudgets: options.thinkingBudgets };
	}
	const fitted = fitThinkingIntoMaxTokens(base.maxTokens || 0, model.maxTokens, level, options.thinkingBudgets);
	return {
		...base,
		maxTokens: fitted.maxTokens,
		reasoning: level,
		thinkingBudgets: { ...options.thinkingBudgets, [clampThinkingLevel(level)]: fitted.thinkingBudget },
	};
}
