// pi Context → Bedrock ConverseStream request. On top of pi-ai's conversion, the request is made
// valid before it is sent (see hygiene.ts and cache-points.ts) and carries the Converse options
// pi-ai has no field for. Its stages: transcript.ts (system messages folded back),
// pi-transform.ts (pi-ai's transformMessages), convert.ts (pi blocks → Converse blocks).
import type { BedrockCompat, Context, Tool } from "../protocol/types.js";
import { readEnvironment } from "../environment.js";
import { placeCachePoints } from "./cache-points.js";
import { convertMessages, buildSystemPrompt, convertToolConfig } from "./convert.js";
import { historyUsesTools, mergeConsecutiveRoles } from "./hygiene.js";
import { prefersStrictSampling, usesStrictSampling } from "./strict-schema.js";
import { type BedrockModel, promptCachePolicy, rejectsTemperature } from "../models.js";
import { type BedrockNativeOptions, buildReasoningFields, isClaudeThinkingOn, resolveCacheRetention, type TargetRegion } from "./options.js";
import { fromTranscript } from "./transcript.js";
import type { ConverseStreamRequest, InferenceConfig } from "./types.js";
import { findContextProblem } from "./validate.js";

/**
 * `preferredStrictDisabled`: "prefer" strict tools go non-strict (after Bedrock refused the
 * strict tools for exceeding its limits, see strict-tool-limits.ts). `targetRegion`: where the
 * request goes, asked only by the GovCloud rule.
 */
export function buildConverseRequest(
	model: BedrockModel,
	context: Context,
	options: BedrockNativeOptions,
	preferredStrictDisabled = false,
	targetRegion: TargetRegion = () => options.region,
): ConverseStreamRequest {
	// Problems the conversion would hide (invalid base64 decodes to garbage bytes) fail here, by place.
	const problem = findContextProblem(model, context);
	if (problem) throw new Error(problem);
	const env = readEnvironment(options.env);
	const { systemPrompt, messages, tools } = fromTranscript(context);
	const thinking = isClaudeThinkingOn(model, options);
	const converted = mergeConsecutiveRoles(convertMessages(messages, model));
	const request: ConverseStreamRequest = {
		modelId: model.id,
		messages: converted,
		system: buildSystemPrompt(systemPrompt),
		inferenceConfig: buildInferenceConfig(model, options, thinking),
		toolConfig: convertToolConfig(tools, options.toolChoice, thinking, historyUsesTools(converted), {
			modelSupportsStrict: supportsStrictTools(model),
			preferredDisabled: preferredStrictDisabled,
		}),
		additionalModelRequestFields: mergeFields(buildReasoningFields(model, options, targetRegion), options.additionalModelRequestFields),
		...(options.requestMetadata !== undefined && { requestMetadata: options.requestMetadata }),
		...(options.additionalModelResponseFieldPaths && {
			additionalModelResponseFieldPaths: options.additionalModelResponseFieldPaths,
		}),
		...(options.guardrailConfig && { guardrailConfig: options.guardrailConfig }),
		...(options.serviceTier && { serviceTier: { type: options.serviceTier } }),
		...(options.performanceConfig && { performanceConfig: options.performanceConfig }),
		...(options.outputConfig && { outputConfig: options.outputConfig }),
	};
	placeCachePoints(request, promptCachePolicy(model, env), resolveCacheRetention(options.cacheRetention, env));
	return request;
}

/** The tools the request offers (a transcript context carries them in system messages). */
export function contextTools(context: Context): Tool[] | undefined {
	return fromTranscript(context).tools;
}

/** pi-ai 1.6's catalogue says which models take `toolSpec.strict` (`compat.supportsStrictMode`). */
function supportsStrictTools(model: BedrockModel): boolean {
	return (model.compat as BedrockCompat | undefined)?.supportsStrictMode === true;
}

/** Whether the request sends a "prefer" tool strict: only then may a limit error fall back. */
export function offersPreferredStrictTools(model: BedrockModel, context: Context): boolean {
	if (!supportsStrictTools(model)) return false;
	return (contextTools(context) ?? []).some((tool) => prefersStrictSampling(tool) && usesStrictSampling(tool, true));
}

/**
 * Claude rejects `temperature` and `topP` while thinking, and Opus 4.7+ rejects `temperature`
 * always; pi-ai forwards them anyway and the request fails.
 */
function buildInferenceConfig(model: BedrockModel, options: BedrockNativeOptions, thinking: boolean): InferenceConfig {
	const dropTemperature = thinking || rejectsTemperature(model);
	return {
		...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
		...(options.temperature !== undefined && !dropTemperature && { temperature: options.temperature }),
		...(options.topP !== undefined && !thinking && { topP: options.topP }),
		...(options.stopSequences?.length && { stopSequences: options.stopSequences }),
	};
}

function mergeFields(
	computed: Record<string, unknown> | undefined,
	fromCaller: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
	return computed || fromCaller ? { ...computed, ...fromCaller } : undefined;
}
