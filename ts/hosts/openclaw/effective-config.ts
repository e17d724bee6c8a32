// The OpenClaw config the plugin's hooks work from: the one the hook is handed, with the plugin's
// own entry (`plugins.entries["amazon-bedrock"].config`, as OpenClaw validated it) laid over it,
// since a hook's config may arrive without the `plugins` section.
import { BEDROCK_PROVIDER_ID, type OpenClawConfig } from "../../discovery/openclaw-config.js";

export function effectiveConfig(config: OpenClawConfig | undefined, pluginConfig: Record<string, unknown> | undefined): OpenClawConfig {
	const base = config ?? {};
	if (pluginConfig === undefined) return base;
	const entries = base.plugins?.entries ?? {};
	return {
		...base,
		plugins: {
			...base.plugins,
			entries: { ...entries, [BEDROCK_PROVIDER_ID]: { ...entries[BEDROCK_PROVIDER_ID], config: pluginConfig } },
		},
	};
}
