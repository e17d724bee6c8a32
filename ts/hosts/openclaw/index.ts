// The OpenClaw plugin entry (package.json `openclaw.extensions`). The object has the shape
// OpenClaw's `definePluginEntry` returns (id, name, description, register), built without
// importing OpenClaw; the config schema lives in openclaw.plugin.json, which OpenClaw validates.
import { BEDROCK_PROVIDER_ID } from "../../discovery/openclaw-config.js";
import type { OpenClawPluginApi } from "./host-types.js";
import { bedrockProviderPlugin } from "./provider-plugin.js";

export default {
	id: BEDROCK_PROVIDER_ID,
	name: "Amazon Bedrock (bedrock-native)",
	description: "Amazon Bedrock Converse provider with native discovery, credentials and streaming",
	register(api: OpenClawPluginApi): void {
		api.registerProvider(bedrockProviderPlugin(api.pluginConfig, api.logger));
	},
};
