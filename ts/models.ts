// Model detection for Bedrock, by string matching on the model id and name exactly as
// pi-ai 0.73.1 does: no API lookups, so application-inference-profile ARNs only match
// through a user-chosen `model.name` (pi-ai issue #2925).
import type { Model } from "@mariozechner/pi-ai";

export type BedrockModel = Model<"bedrock-converse-stream">;

/** Lower-cased id and name, each also with `[\s_.:]` runs turned into `-`. */
export function modelMatchCandidates(model: Pick<BedrockModel, "id" | "name">): string[] {
	const values = model.name ? [model.id, model.name] : [model.id];
	return values.flatMap((value) => {
		const lower = value.toLowerCase();
		return [lower, lower.replace(/[\s_.:]+/g, "-")];
	});
}

function anyCandidateIncludes(model: Pick<BedrockModel, "id" | "name">, ...needles: string[]): boolean {
	return modelMatchCandidates(model).some((candidate) => needles.some((needle) => candidate.includes(needle)));
}

export function isClaudeModel(model: Pick<BedrockModel, "id" | "name">): boolean {
	const id = model.id.toLowerCase();
	const name = model.name?.toLowerCase() ?? "";
	return id.includes("anthropic.claude") || id.includes("anthropic/claude") || name.includes("claude");
}

/** Opus 4.6/4.7 and Sonnet 4.6 take `thinking: {type: "adaptive"}` plus an effort instead of a budget. */
export function supportsAdaptiveThinking(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "opus-4-6", "opus-4-7", "sonnet-4-6");
}

/** Only Opus 4.7 accepts the effort value `"xhigh"` natively. */
export function supportsNativeXhighEffort(model: Pick<BedrockModel, "id" | "name">): boolean {
	return anyCandidateIncludes(model, "opus-4-7");
}

/**
 * Claude 3.5 Haiku, 3.7 Sonnet and every Claude 4.x take explicit cache points; other families
 * reject them (Nova caches on its own). `AWS_BEDROCK_FORCE_CACHE=1` opts in models whose id and
 * name do not mention Claude at all.
 */
export function supportsPromptCaching(model: Pick<BedrockModel, "id" | "name">): boolean {
	if (!anyCandidateIncludes(model, "claude")) return process.env.AWS_BEDROCK_FORCE_CACHE === "1";
	return anyCandidateIncludes(model, "-4-", "claude-3-7-sonnet", "claude-3-5-haiku");
}

/** Only Claude accepts `reasoningText.signature`; other models reject the field outright. */
export const supportsThinkingSignature = isClaudeModel;

/** GovCloud's Converse schema rejects `thinking.display`. */
export function isGovCloudTarget(model: Pick<BedrockModel, "id">, region: string | undefined): boolean {
	if (region?.toLowerCase().startsWith("us-gov-")) return true;
	const id = model.id.toLowerCase();
	return id.startsWith("us-gov.") || id.startsWith("arn:aws-us-gov:");
}
