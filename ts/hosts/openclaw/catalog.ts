// The `catalog` hook: OpenClaw's text-model catalogue for `amazon-bedrock`, from discovery (the
// seed's keys, in either config place) merged with the models written by hand.
import { BEDROCK_PROVIDER_ID, type OpenClawConfig, resolveBedrockProvider } from "../../discovery/openclaw-config.js";
import { effectiveConfig } from "./effective-config.js";
import type { CatalogContext, PluginLogger, ProviderConfigResult } from "./host-types.js";

/** The provider entry for `config`, or `null` when there is nothing to offer. */
export async function resolveCatalogProvider(
	config: OpenClawConfig | undefined,
	pluginConfig: Record<string, unknown> | undefined,
	logger: PluginLogger | undefined,
	env?: NodeJS.ProcessEnv,
): Promise<ProviderConfigResult | null> {
	const entry = await resolveBedrockProvider(effectiveConfig(config, pluginConfig), {
		env,
		warn: (message) => logger?.warn(`[${BEDROCK_PROVIDER_ID}] ${message}`),
	});
	return entry ?? null;
}

export function catalogHook(pluginConfig: Record<string, unknown> | undefined, logger: PluginLogger | undefined) {
	return {
		order: "simple" as const,
		run: async (ctx: CatalogContext) => {
			const provider = await resolveCatalogProvider(ctx.config, pluginConfig, logger, ctx.env);
			return provider ? { provider } : null;
		},
	};
}
