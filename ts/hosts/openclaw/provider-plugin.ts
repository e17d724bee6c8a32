// The `amazon-bedrock` text provider as OpenClaw registers it: catalogue, dynamic models, the
// native stream and credential detection.
import { BEDROCK_PROVIDER_ID } from "../../discovery/openclaw-config.js";
import { catalogHook } from "./catalog.js";
import { credentialAuthHooks } from "./credential-auth.js";
import { prepareDynamicModelHook } from "./dynamic-model.js";
import type { PluginLogger, ProviderPlugin } from "./host-types.js";
import { createStreamFnHook } from "./stream.js";

/** The seed's credential markers, in the order OpenClaw reports them. */
export const CREDENTIAL_ENV_VARS = ["AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE"];

export function bedrockProviderPlugin(pluginConfig: Record<string, unknown> | undefined, logger: PluginLogger | undefined): ProviderPlugin {
	return {
		id: BEDROCK_PROVIDER_ID,
		label: "Amazon Bedrock",
		docsPath: "/providers/bedrock",
		envVars: CREDENTIAL_ENV_VARS,
		auth: [],
		catalog: catalogHook(pluginConfig, logger),
		prepareDynamicModel: prepareDynamicModelHook(pluginConfig, logger),
		createStreamFn: createStreamFnHook,
		...credentialAuthHooks(pluginConfig),
	};
}
