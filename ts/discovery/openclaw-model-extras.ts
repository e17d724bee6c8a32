// The fields OpenClaw's own Bedrock plugin adds to a discovered model, derived the same way:
// `thinkingLevelMap` for Claude models with native `max` effort (Opus 4.6 and later, Sonnet 5,
// Fable 5), and `params.canonicalModelId` (the bare Claude id) on inference profiles, so that
// OpenClaw's Claude policies recognise a profile id or an application profile's opaque ARN.
import type { DiscoveredBedrockModel } from "./discovery.js";

/** OpenClaw thinking level → the effort Bedrock receives (`null`: the level is not offered). */
export type ThinkingLevelMap = Partial<Record<"off" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max", string | null>>;

export interface OpenClawModelExtras {
	thinkingLevelMap?: ThinkingLevelMap;
	params?: { canonicalModelId: string };
}

const PROFILE_PREFIX = "(?:(?:us|eu|ap|apac|au|jp|global)\\.)?(?:anthropic\\.)?";
const claudeFamily = (family: string): RegExp => new RegExp(`(?:^|[/.:])${PROFILE_PREFIX}claude-${family}(?:$|[-.:/])`, "i");
const OPUS_4_6 = claudeFamily("opus-4[.-]6");
const OPUS_4_7_OR_4_8 = claudeFamily("opus-4[.-][78]");
const SONNET_5 = claudeFamily("sonnet-5");
const FABLE_5 = /(?:^|-)claude-fable-5(?=$|[^a-z0-9])/;

export function openClawModelExtras(model: Pick<DiscoveredBedrockModel, "id" | "baseModelId" | "source">): OpenClawModelExtras {
	// A profile's capabilities are its foundation model's.
	const ref = model.source === "foundation-model" ? model.id : model.baseModelId || model.id;
	const thinkingLevelMap = thinkingLevelMapOf(ref);
	const canonicalModelId = model.source === "foundation-model" ? undefined : claudeIdentity(model.baseModelId);
	return {
		...(thinkingLevelMap && { thinkingLevelMap }),
		...(canonicalModelId?.startsWith("claude-") && { params: { canonicalModelId } }),
	};
}

/** `anthropic.claude-opus-4-6-v1:0` → `claude-opus-4-6-v1:0` (dots and spaces become dashes). */
export function claudeIdentity(modelId: string): string {
	const normalized = modelId.trim().toLowerCase().replace(/^anthropic\//, "").replace(/[._\s]+/g, "-");
	return /(?:^|[-/])(claude-[^/]+)$/.exec(normalized)?.[1] ?? normalized;
}

function thinkingLevelMapOf(ref: string): ThinkingLevelMap | undefined {
	const refs = [ref, claudeIdentity(ref)];
	if (FABLE_5.test(claudeIdentity(ref))) return { off: "low", minimal: "low", xhigh: "xhigh", max: "max" };
	const matches = (family: RegExp) => refs.some((candidate) => family.test(candidate));
	const withXhigh = matches(SONNET_5) || matches(OPUS_4_7_OR_4_8);
	if (!withXhigh && !matches(OPUS_4_6)) return undefined;
	return { xhigh: withXhigh ? "xhigh" : null, max: "max" };
}
