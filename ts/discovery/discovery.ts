// Bedrock model discovery (ListFoundationModels + ListInferenceProfiles, done natively and
// cached there) and its translation into pi-ai `Model` objects.
import type { BedrockModel } from "../models.js";
import { native } from "../native/binding.js";
import { checkOptions, DISCOVERY_OPTION_RULES } from "../native/option-checks.js";

export interface DiscoveryOptions {
	/** Default: AWS_REGION, AWS_DEFAULT_REGION, the AWS profile's region, us-east-1. */
	region?: string;
	profile?: string;
	/** Bedrock control-plane endpoint (tests, VPC endpoints); else AWS_ENDPOINT_URL_BEDROCK. */
	endpoint?: string;
	bearerToken?: string;
	skipAuth?: boolean;
	/** Provider names (`anthropic`, `Mistral AI`) or id vendors (`mistral`), case-insensitive. */
	providerFilter?: string[];
	/** Default true. */
	includeInferenceProfiles?: boolean;
	/** Also list models in the LEGACY lifecycle state (flagged `legacy`). Default false. */
	includeLegacy?: boolean;
	/** For models missing from the known-models table. Default 32000. */
	defaultContextWindow?: number;
	/** Default 4096. */
	defaultMaxTokens?: number;
	/** Seconds a result is reused; 0 disables caching. Default 3600. */
	refreshInterval?: number;
	/** Per listing call. Default 10000. */
	timeoutMs?: number;
}

export type ModelSource = "foundation-model" | "inference-profile" | "application-inference-profile";

/** A discovered model as the native side reports it. */
export interface DiscoveredBedrockModel {
	/** The id Converse accepts: a foundation-model id, a profile id, or an application profile's ARN. */
	id: string;
	name: string;
	/** The provider's display name, e.g. "Mistral AI". */
	provider: string;
	baseModelId: string;
	source: ModelSource;
	reasoning: boolean;
	input: ("text" | "image")[];
	/** USD per million tokens; `tiers` hold the prices above a prompt size (long context), when any. */
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number; tiers?: CostTier[] };
	contextWindow: number;
	maxTokens: number;
	legacy: boolean;
	/** Limits and prices come from the known-models table rather than the defaults. */
	known: boolean;
	/** False for models that cannot stream: the stream serves them through non-streaming Converse. */
	streaming: boolean;
}

/** Prices for prompts above `inputTokensAbove` tokens (pi-ai 1.6's cost tier shape). */
export interface CostTier {
	inputTokensAbove: number;
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
}

export interface DiscoveryError {
	/** `ListFoundationModels`, `ListInferenceProfiles`, a setup step before them (`ResolveCredentials`, `CreateClient`), `CheckOptions` (an option it cannot use) or `Discovery` (an internal failure). */
	operation: string;
	code: string;
	message: string;
	httpStatus?: number;
	requestId?: string;
	retryable: boolean;
}

export interface BedrockDiscovery {
	models: DiscoveredBedrockModel[];
	/** A listing failed and no earlier complete result could stand in: some models may be missing. */
	partial: boolean;
	/** The models are the last complete result, served because refreshing failed (see `errors`). */
	stale: boolean;
	errors: DiscoveryError[];
	region: string;
	baseUrl: string;
	fromCache: boolean;
}

/** Discovery with its diagnostics: partial and stale results, and the errors behind them. */
export async function discoverBedrockModels(options: DiscoveryOptions = {}): Promise<BedrockDiscovery> {
	const checked = checkOptions<DiscoveryOptions>(options, DISCOVERY_OPTION_RULES);
	if (!checked.ok) return invalidOptions(checked.problem);
	return JSON.parse(await native().discoverModels(checked.options)) as BedrockDiscovery;
}

/** Discovery never rejects: options it cannot use are an error in `errors`, before any call. */
function invalidOptions(problem: string): BedrockDiscovery {
	const error: DiscoveryError = { operation: "CheckOptions", code: "InvalidOption", message: problem, retryable: false };
	return { models: [], partial: true, stale: false, errors: [error], region: "", baseUrl: "", fromCache: false };
}

/**
 * The models this account can call, as pi-ai models for `amazon-bedrock`. When one listing fails
 * the others' models are still returned; only when nothing could be listed does it throw.
 */
export async function discoverModels(options: DiscoveryOptions = {}): Promise<BedrockModel[]> {
	const discovery = await discoverBedrockModels(options);
	if (discovery.models.length === 0 && discovery.errors.length > 0) {
		throw new Error(`Bedrock model discovery failed: ${discovery.errors.map(describeDiscoveryError).join("; ")}`);
	}
	return discovery.models.map((model) => toPiAiModel(model, discovery.baseUrl));
}

export function toPiAiModel(model: DiscoveredBedrockModel, baseUrl: string): BedrockModel {
	return {
		id: model.id,
		name: model.name,
		api: "bedrock-converse-stream",
		provider: "amazon-bedrock",
		baseUrl,
		reasoning: model.reasoning,
		input: model.input,
		cost: model.cost,
		contextWindow: model.contextWindow,
		maxTokens: model.maxTokens,
	};
}

/** The IAM action a listing needs, for messages about AccessDenied. */
export function permissionFor(operation: string): string | undefined {
	const actions: Record<string, string> = {
		ListFoundationModels: "bedrock:ListFoundationModels",
		ListInferenceProfiles: "bedrock:ListInferenceProfiles",
		ConverseStream: "bedrock:InvokeModelWithResponseStream",
	};
	return actions[operation];
}

export function describeDiscoveryError(error: DiscoveryError): string {
	const permission = error.code === "AccessDeniedException" ? permissionFor(error.operation) : undefined;
	const hint = permission ? ` (missing permission ${permission})` : "";
	return `${error.operation}: ${error.code}: ${error.message}${hint}`;
}

/** Test hook: pins the discovery cache's clock (epoch ms), or back to real time with `null`. */
export function setDiscoveryClock(nowMs: number | null): void {
	native().setDiscoveryClock(nowMs);
}

/** Forgets cached discoveries and credential detections. */
export function clearDiscoveryCache(): void {
	native().clearDiscoveryCache();
}
