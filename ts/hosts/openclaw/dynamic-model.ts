// The `prepareDynamicModel` hook: `openclaw agent --local` builds its catalogue without running
// `catalog`, so a model known only from discovery is resolved here, from the same (cached)
// discovery, when a turn asks for it.
import { BEDROCK_PROVIDER_ID } from "../../discovery/openclaw-config.js";
import { resolveCatalogProvider } from "./catalog.js";
import type { DynamicModelContext, OpenClawRuntimeModel, PluginLogger } from "./host-types.js";

export function prepareDynamicModelHook(pluginConfig: Record<string, unknown> | undefined, logger: PluginLogger | undefined) {
	return async (ctx: DynamicModelContext): Promise<OpenClawRuntimeModel | undefined> => {
		const provider = await resolveCatalogProvider(ctx.config, pluginConfig, logger);
		const model = provider?.models.find((candidate) => candidate.id === ctx.modelId);
		if (!provider || !model) return undefined;
		return { ...model, provider: BEDROCK_PROVIDER_ID, api: provider.api, baseUrl: provider.baseUrl };
	};
}
