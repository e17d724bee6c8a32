// Option resolution: pi-ai 1.6's (cache retention, Claude thinking fields, GPT reasoning, the
// `streamSimple` translation) plus our own options and reasoning parameters for the
// non-Claude reasoning families pi-ai sends nothing to.
import type {
	BedrockOptions,
	CacheRetention,
	Context,
	SimpleStreamOptions,
	ThinkingBudgets,
	ThinkingLevel,
} from "../protocol/types.js";
import {
	type BedrockModel,
	isClaudeModel,
	isGovCloudTarget,
	isGptOssModel,
	isNova2Model,
	isOpenAiModel,
	supportsAdaptiveThinking,
	supportsNativeXhighEffort,
	supportsThinkingBlockBinding,
} from "../models.js";
import type { EnvironmentSnapshot } from "../environment.js";
import { clampMaxTokensToContext } from "./max-tokens.js";

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

type ClampedThinkingLevel = Exclude<ThinkingLevel, "xhigh" | "max">;
type ThinkingEffort = "low" | "medium" | "high" | "xhigh" | "max";

const DEFAULT_THINKING_BUDGETS: Required<ThinkingBudgets> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };
/** Tokens left for the answer when the thinking budget has to shrink to fit `maxTokens`. */
const MIN_OUTPUT_TOKENS = 1024;
/** pi-ai 1.6 names the beta that lets Bedrock drop signed thinking whose prompt prefix changed. */
const THINKING_BINDING_CONTROLS_BETA = "thinking-binding-controls-2026-08-01";

/** Budget-based Claude has no `xhigh` or `max` budget: both read the `high` one (as in pi-ai 1.6). */
export function clampThinkingLevel(level: ThinkingLevel): ClampedThinkingLevel {
	return level === "xhigh" || level === "max" ? "high" : level;
}

export function resolveCacheRetention(cacheRetention: CacheRetention | undefined, env: EnvironmentSnapshot): CacheRetention {
	if (cacheRetention) return cacheRetention;
	return env.PI_CACHE_RETENTION === "long" ? "long" : "short";
}

/**
 * The region the request goes to, asked only when a rule needs it (GovCloud's). Callers with
 * the native side pass its resolved target (provider/run.ts); without one, the region option.
 */
export type TargetRegion = () => string | undefined;

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

/** GPT-5.x/6 take low/medium/high/xhigh/max, not minimal (pi-ai 1.6's table). */
function gptEffort(model: BedrockModel, level: ThinkingLevel): string {
	const mapped = model.thinkingLevelMap?.[level];
	if (typeof mapped === "string") return mapped;
	return level === "minimal" ? "low" : level;
}

/**
 * `additionalModelRequestFields` for reasoning: Claude thinking as pi-ai sends it, Nova 2's
 * `reasoningConfig`, gpt-oss's flat `reasoning_effort` and GPT-5.x/6's `reasoning.effort` (as
 * pi-ai 1.6 sends them). pi-ai sends nothing to models its catalogue marks as non-reasoning.
 * DeepSeek R1 always reasons and has no switch; other families get nothing, as an unknown
 * field is a ValidationException.
 */
export function buildReasoningFields(
	model: BedrockModel,
	options: BedrockNativeOptions,
	targetRegion: TargetRegion,
): Record<string, unknown> | undefined {
	const level = options.reasoning;
	if (!level) return undefined;
	if (isClaudeModel(model)) return model.reasoning ? buildThinkingFields(model, options, targetRegion) : undefined;
	// pi-ai's catalog marks Nova 2 Lite and gpt-oss as non-reasoning although both take the
	// field; a caller asking for reasoning gets it.
	if (isNova2Model(model)) return { reasoningConfig: { type: "enabled", maxReasoningEffort: threeLevelEffort(level) } };
	if (isGptOssModel(model)) return { reasoning_effort: threeLevelEffort(level) };
	if (isOpenAiModel(model)) return { reasoning: { effort: gptEffort(model, level) } };
	return undefined;
}

/** Claude's thinking fields (pi-ai 1.6's `buildAdditionalModelRequestFields`). */
function buildThinkingFields(
	model: BedrockModel,
	options: BedrockNativeOptions,
	targetRegion: TargetRegion,
): Record<string, unknown> | undefined {
	const level = options.reasoning;
	if (!level) return undefined;

	const govCloud = isGovCloudTarget(model, targetRegion());
	const display = govCloud ? undefined : (options.thinkingDisplay ?? "summarized");
	const displayField = display !== undefined ? { display } : {};

	if (supportsAdaptiveThinking(model)) {
		// Signed thinking is bound to the system prompt and tools it was made with; replayed after
		// either changed, Bedrock rejects it unless told to drop the stale blocks. Not on GovCloud.
		const blockBinding = !govCloud && supportsThinkingBlockBinding(model);
		return {
			thinking: {
				type: "adaptive",
				...displayField,
				...(blockBinding && { block_binding: { prefix_mismatch_behavior: "drop_block" } }),
			},
			output_config: { effort: thinkingEffort(model, level) },
			...(blockBinding && { anthropic_beta: [THINKING_BINDING_CONTROLS_BETA] }),
		};
	}
	return {
		thinking: { type: "enabled", budget_tokens: thinkingBudget(level, options.thinkingBudgets), ...displayField },
		...((options.interleavedThinking ?? true) && { anthropic_beta: ["interleaved-thinking-2025-05-14"] }),
	};
}

/**
 * pi-ai 1.6's `buildBaseOptions`: only the generic fields survive `streamSimple`, plus its
 * `toolChoice`. The output cap defaults to the model's limit, clamped (like an explicit one) to
 * what the context window leaves; a model without a known limit sends none.
 */
function baseOptions(model: BedrockModel, context: Context, options: SimpleStreamOptions | undefined): BedrockOptions {
	const requested = options?.maxTokens ?? (model.maxTokens > 0 ? model.maxTokens : undefined);
	return {
		temperature: options?.temperature,
		maxTokens: requested !== undefined ? clampMaxTokensToContext(model, context, requested) : undefined,
		signal: options?.signal,
		apiKey: options?.apiKey,
		env: options?.env,
		transport: options?.transport,
		cacheRetention: options?.cacheRetention,
		sessionId: options?.sessionId,
		headers: options?.headers,
		identity: options?.identity,
		onPayload: options?.onPayload,
		onResponse: options?.onResponse,
		onProviderStreamEvent: options?.onProviderStreamEvent,
		timeoutMs: options?.timeoutMs,
		maxRetries: options?.maxRetries,
		maxRetryDelayMs: options?.maxRetryDelayMs,
		metadata: options?.metadata,
		toolChoice: options?.toolChoice,
	};
}

/**
 * Budget-based Claude thinking counts against `maxTokens`: raise it by the budget (capped at
 * the model's limit and the context window) and shrink the budget when the cap leaves no room
 * for an answer.
 */
function fitThinkingIntoMaxTokens(
	model: BedrockModel,
	context: Context,
	baseMaxTokens: number | undefined,
	level: ThinkingLevel,
	budgets: ThinkingBudgets | undefined,
): { maxTokens: number; thinkingBudget: number } {
	const budget = { ...DEFAULT_THINKING_BUDGETS, ...budgets }[clampThinkingLevel(level)];
	const raised = baseMaxTokens === undefined ? model.maxTokens : Math.min(baseMaxTokens + budget, model.maxTokens);
	const fittedBudget = raised <= budget ? Math.max(0, raised - MIN_OUTPUT_TOKENS) : budget;
	const maxTokens = clampMaxTokensToContext(model, context, raised);
	return { maxTokens, thinkingBudget: Math.min(fittedBudget, Math.max(0, maxTokens - MIN_OUTPUT_TOKENS)) };
}

/** pi-ai 1.6's `streamSimple` option translation. */
export function simpleToBedrockOptions(
	model: BedrockModel,
	context: Context,
	options: SimpleStreamOptions | undefined,
): BedrockOptions {
	const base = baseOptions(model, context, options);
	const level = options?.reasoning;
	if (!level) return { ...base, reasoning: undefined };
	if (!isClaudeModel(model) || supportsAdaptiveThinking(model) || !(model.maxTokens > 0)) {
		return { ...base, reasoning: level, thinkingBudgets: options.thinkingBudgets };
	}
	const fitted = fitThinkingIntoMaxTokens(model, context, base.maxTokens, level, options.thinkingBudgets);
	return {
		...base,
		maxTokens: fitted.maxTokens,
		reasoning: level,
		thinkingBudgets: { ...options.thinkingBudgets, [clampThinkingLevel(level)]: fitted.thinkingBudget },
	};
}
