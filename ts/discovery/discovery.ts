// Bedrock model discovery (ListFoundationModels + ListInferenceProfiles, done natively and
// cached there) and its translation into pi-ai `Model` objects.
import type { BedrockModel } from "../models.js";
import { native, type NativeDiscoveredModel, type NativeDiscovery, type NativeDiscoveryError, type NativeDiscoveryOptions, type WithCallerEnvironment, withCallerEnvironment } from "../native/binding.js";
import { checkOptions, DISCOVERY_OPTION_RULES } from "../native/option-checks.js";

/** Region, profile, endpoint, credentials, selection and caching (defaults in the generated declaration), and `env`. */
export type DiscoveryOptions = WithCallerEnvironment<NativeDiscoveryOptions>;
/** A discovered model as the native side reports it. */
export type DiscoveredBedrockModel = NativeDiscoveredModel;
export type ModelSource = DiscoveredBedrockModel["source"];
/** A failed listing or setup step, with its phase and the service's `Retry-After` when sent. */
export type DiscoveryError = NativeDiscoveryError;
/** Models plus diagnostics: `partial`, `stale`, the `errors` behind them, and where it asked. */
export type BedrockDiscovery = NativeDiscovery;

/** Discovery with its diagnostics: partial and stale results, and the errors behind them. */
export async function discoverBedrockModels(options: DiscoveryOptions = {}): Promise<BedrockDiscovery> {
	const checked = checkOptions<DiscoveryOptions>(options, DISCOVERY_OPTION_RULES);
	if (!checked.ok) return invalidOptions(checked.problem);
	return native().discoverModels(withCallerEnvironment(checked.options));
}

/** Discovery never rejects: options it cannot use are an error in `errors`, before any call. */
function invalidOptions(problem: string): BedrockDiscovery {
	const error: DiscoveryError = { operation: "CheckOptions", code: "InvalidOption", message: problem, retryable: false, phase: "client" };
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
