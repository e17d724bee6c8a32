// Model detection for Bedrock, by string matching on the model id and name as pi-ai 0.73.1
// does: no API lookups, so application-inference-profile ARNs only match through a
// user-chosen `model.name` (pi-ai issue #2925). Every family check below reads both.
import type { Model } from "./protocol/types.js";
import type { EnvironmentSnapshot } from "./environment.js";

/** Any pi model routed here (1.6 passes `Model<Api>`; the api field is only echoed back). */
export type BedrockModel = Model;

/**
 * The last id and name matched, with their candidates: building one request asks the family
 * checks below about its model several times, and a process mostly streams from one model.
 */
let lastMatched: { id: string; name: string | undefined; candidates: readonly string[] } | undefined;

/** Lower-cased id and name, each also with `[\s_.:]` runs turned into `-`. */
export function modelMatchCandidates(model: Pick<BedrockModel, "id" | "name">): readonly string[] {
	const { id, name } = model;
	if (lastMatched?.id === id && lastMatched.name === name) return lastMatched.candidates;
	const values = name ? [id, name] : [id];
	const candidates = values.flatMap((value) => {
		const lower = value.toLowerCase();
		return [lower, lower.replace(/[\s_.:]+/g, "-")];
	});
	lastMatched = { id, name, candidates: Object.freeze(candidates) };
	return lastMatched.candidates;
}

function anyCandidateIncludes(model: Pick<BedrockModel, "id" | "name">, ...needles: string[]): boolean {
	return modelMatchCandidates(model).some((candidate) => needles.some((needle) => candidate.includes(needle)));
}

export function isClaudeModel(model: Pick<BedrockModel, "id" | "name">): boolean {
	const id = model.id.toLowerCase();
	const name = model.name?.toLowerCase() ?? "";
	return id.includes("anthropic.claude") || id.includes("anthropic/claude") || name.includes("claude");
}

/** A Claude model's family word and version, read from its id or name. */
export interface ClaudeGeneration {
	family: string;
	major: number;
	minor: number;
}

// "claude-opus-4-7", "claude-sonnet-4-5-20250929", "claude-fable-5-1" (family, then version; a
// one- or two-digit minor, so "opus-4-20250514" is Opus 4 with a date) and the older
// "claude-3-7-sonnet" / "claude-3-haiku" (version, then family).
const FAMILY_FIRST = /claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?!\d)/;
const VERSION_FIRST = /claude-(\d+)(?:-(\d{1,2}))?-([a-z]+)/;

/** The Claude generation a model id or name names, if any. */
export function claudeGeneration(model: Pick<BedrockModel, "id" | "name">): ClaudeGeneration | undefined {
	for (const candidate of modelMatchCandidates(model)) {
		const familyFirst = FAMILY_FIRST.exec(candidate);
		if (familyFirst) return { family: familyFirst[1], major: Number(familyFirst[2]), minor: Number(familyFirst[3] ?? 0) };
		const versionFirst = VERSION_FIRST.exec(candidate);
		if (versionFirst) return { family: versionFirst[3], major: Number(versionFirst[1]), minor: Number(versionFirst[2] ?? 0) };
	}
	return undefined;
}

function atLeast(generation: ClaudeGeneration, major: number, minor: number): boolean {
	return generation.major > major || (generation.major === major && generation.minor >= minor);
}

/**
 * Opus and Sonnet from 4.6 and every Claude from 5 take `thinking: {type: "adaptive"}` plus an
 * effort instead of a budget (pi-ai 1.6's catalogue gives exactly these the `max` level).
 */
export function supportsAdaptiveThinking(model: Pick<BedrockModel, "id" | "name">): boolean {
	const generation = claudeGeneration(model);
	if (!generation) return false;
	return atLeast(generation, 5, 0) || (["opus", "sonnet"].includes(generation.family) && atLeast(generation, 4, 6));
}

/** Opus from 4.7 and every Claude from 5 (pi-ai 1.6's "4.7 and later" families, Fable included). */
function isOpus47OrLater(model: Pick<BedrockModel, "id" | "name">): boolean {
	const generation = claudeGeneration(model);
	if (!generation) return false;
	return atLeast(generation, 5, 0) || (generation.family === "opus" && atLeast(generation, 4, 7));
}

/** Opus 4.7 and later accept the effort value `"xhigh"` natively. */
export function supportsNativeXhighEffort(model: Pick<BedrockModel, "id" | "name">): boolean {
	return isOpus47OrLater(model);
}

/** Opus 4.7 and later take `thinking.block_binding`; Opus/Sonnet 4.6 reject it as an extra input. */
export function supportsThinkingBlockBinding(model: Pick<BedrockModel, "id" | "name">): boolean {
	return isOpus47OrLater(model);
}

/**
 * Claude 3.5 Haiku, 3.7 Sonnet and every Claude from 4 take explicit cache points anywhere;
 * `AWS_BEDROCK_FORCE_CACHE=1` opts in models whose id and name do not mention Claude or Nova.
 */
function supportsClaudePromptCaching(model: Pick<BedrockModel, "id" | "name">): boolean {
	if (!anyCandidateIncludes(model, "claude")) return false;
	const generation = claudeGeneration(model);
	if (generation && atLeast(generation, 4, 0)) return true;
	return anyCandidateIncludes(model, "-4-", "claude-3-7-sonnet", "claude-3-5-haiku");
}

export function isNovaModel(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "amazon-nova", "nova-");
}

/** Where automatic cache points may go, and whether the 1h TTL is accepted. */
export interface CachePolicy {
	tools: boolean;
	longTtl: boolean;
}

/**
 * Claude caches tools, system and messages with 5m or 1h TTLs; Nova caches system and
 * messages only, 5m only (a cachePoint in its toolConfig is rejected); other families reject
 * cache points, so they get none (undefined).
 */
export function promptCachePolicy(model: Pick<BedrockModel, "id" | "name">, env: EnvironmentSnapshot): CachePolicy | undefined {
	if (supportsClaudePromptCaching(model)) return { tools: true, longTtl: true };
	if (isNovaModel(model)) return { tools: false, longTtl: false };
	if (!anyCandidateIncludes(model, "claude") && env.AWS_BEDROCK_FORCE_CACHE === "1") {
		return { tools: false, longTtl: true };
	}
	return undefined;
}

/** Nova 2 reasons with `reasoningConfig.maxReasoningEffort`. */
export function isNova2Model(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "nova-2-");
}

/** OpenAI models on Bedrock (gpt-oss, GPT-5.x, GPT-6). */
export function isOpenAiModel(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "openai-", "gpt-");
}

/** gpt-oss takes a flat `reasoning_effort`; the other GPT models a nested `reasoning.effort`. */
export function isGptOssModel(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "gpt-oss");
}

/** Claude Opus 4.7 and later reject `temperature` outright. */
export function rejectsTemperature(model: Pick<BedrockModel, "id" | "name">): boolean {
	const generation = claudeGeneration(model);
	return generation?.family === "opus" && atLeast(generation, 4, 7);
}

/** Only Claude accepts `reasoningText.signature`; other models reject the field outright. */
export const supportsThinkingSignature = isClaudeModel;

/** GovCloud's Converse schema rejects `thinking.display`. */
export function isGovCloudTarget(model: Pick<BedrockModel, "id">, region: string | undefined): boolean {
	if (region?.toLowerCase().startsWith("us-gov-")) return true;
	const id = model.id.toLowerCase();
	return id.startsWith("us-gov.") || id.startsWith("arn:aws-us-gov:");
}
