// The amazon-bedrock model list a pi-ai 1.x host sees: pi-ai's own static catalogue (shipped as
// data/pi-bedrock-models.json, so no pi-ai package is needed at run time) merged by id with the
// models discovery finds for this account. Catalogue entries keep their 1.x fields (type,
// compat, inputLimits, promptCache, thinkingLevelMap, cost tiers); a discovered model the
// catalogue lacks inherits them from its base model's entry when there is one.
import { readFileSync } from "node:fs";
import { type DiscoveredBedrockModel, toPiAiModel } from "../discovery/discovery.js";
import type { PiBedrockModel } from "./pi-provider-types.js";

const CATALOGUE_URL = new URL("../../data/pi-bedrock-models.json", import.meta.url);

let catalogue: readonly PiBedrockModel[] | undefined;

/** pi-ai 1.6.0's static Bedrock chat catalogue, read on first use. */
export function piBedrockCatalogue(): readonly PiBedrockModel[] {
	catalogue ??= Object.freeze((JSON.parse(readFileSync(CATALOGUE_URL, "utf8")) as { models: PiBedrockModel[] }).models);
	return catalogue;
}

/** Strips a geo or global inference-profile prefix: `us.anthropic.x` → `anthropic.x`. */
function withoutProfilePrefix(id: string): string {
	return id.replace(/^(?:global|us|eu|apac|jp|au|ca|us-gov)\./, "");
}

/**
 * The catalogue entry a discovered model is, or derives from: its base model, the same model
 * without a profile prefix, or else any profile of its base model (pi lists some models under
 * their profiles only).
 */
function catalogueEntryFor(model: DiscoveredBedrockModel, byId: ReadonlyMap<string, PiBedrockModel>): PiBedrockModel | undefined {
	const baseId = withoutProfilePrefix(model.baseModelId);
	return (
		byId.get(model.id) ??
		byId.get(model.baseModelId) ??
		byId.get(withoutProfilePrefix(model.id)) ??
		[...byId.values()].find((entry) => withoutProfilePrefix(entry.id) === baseId)
	);
}

/**
 * A discovered model as a 1.x chat model. With a catalogue entry, the entry's fields stand
 * (pi's curated limits and prices) and discovery contributes its id, name and endpoint;
 * without one, discovery's own limits and prices are used.
 */
export function toPiBedrockModel(model: DiscoveredBedrockModel, baseUrl: string, byId: ReadonlyMap<string, PiBedrockModel>): PiBedrockModel {
	const entry = catalogueEntryFor(model, byId);
	// discovery's own pi-ai model, whose fields are the 1.x ones minus the optional additions
	const discovered: PiBedrockModel = { ...(toPiAiModel(model, baseUrl) as PiBedrockModel), type: "chat" };
	if (!entry) return discovered;
	const name = entry.id === model.id ? entry.name : model.name;
	return { ...entry, id: model.id, name, baseUrl };
}

/** The catalogue with `discovered` merged over it by id (discovered models replace or extend it). */
export function mergeWithCatalogue(discovered: readonly PiBedrockModel[]): PiBedrockModel[] {
	const merged = new Map(piBedrockCatalogue().map((model) => [model.id, model] as const));
	for (const model of discovered) merged.set(model.id, model);
	return [...merged.values()];
}

export function catalogueById(): ReadonlyMap<string, PiBedrockModel> {
	return new Map(piBedrockCatalogue().map((model) => [model.id, model]));
}
