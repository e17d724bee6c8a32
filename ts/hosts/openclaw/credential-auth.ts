// Reports to OpenClaw whether Bedrock can be called, from the native detection of the real AWS
// credential chain (environment, profiles, SSO, web identity, container, EC2 instance role) rather
// than OpenClaw's look for the seed's environment markers. The manifest's `syntheticAuthRefs` makes
// OpenClaw ask these hooks. OpenClaw 2026.9.6 asks them for providers its config names (a model
// ref such as agents.defaults.model.primary); the manifest's setup envVars also name the container
// and web-identity variables, so those hosts discover without any config.
import { detectCredentials } from "../../discovery/credentials.js";
import { BEDROCK_PROVIDER_ID, discoveryConfigOf } from "../../discovery/openclaw-config.js";
import { effectiveConfig } from "./effective-config.js";
import type { SyntheticAuthContext, SyntheticAuthResult } from "./host-types.js";

/** Never a credential: a marker OpenClaw passes back as `options.apiKey`, which the stream ignores. */
export const AWS_SDK_AUTH_MARKER = "__aws_sdk_auth__";

export function credentialAuthHooks(pluginConfig: Record<string, unknown> | undefined) {
	let prepared: SyntheticAuthResult | null = null;
	return {
		prepareSyntheticAuth: async (ctx: SyntheticAuthContext): Promise<SyntheticAuthResult | null> => {
			if (ctx.provider !== BEDROCK_PROVIDER_ID) return null;
			const { region } = discoveryConfigOf(effectiveConfig(ctx.config, pluginConfig));
			const report = await detectCredentials({ region });
			prepared = report.detected ? { apiKey: AWS_SDK_AUTH_MARKER, source: `aws-sdk (${report.source})`, mode: "api-key" } : null;
			return prepared;
		},
		/** Synchronous: OpenClaw reads what `prepareSyntheticAuth` found for this generation. */
		resolveSyntheticAuth: (ctx: SyntheticAuthContext): SyntheticAuthResult | null =>
			ctx.provider === BEDROCK_PROVIDER_ID ? prepared : null,
	};
}
