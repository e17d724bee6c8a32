// Tells OpenClaw that Bedrock can be called when the AWS credential chain finds credentials,
// whatever their source. OpenClaw itself only looks for the seed's environment markers
// (AWS_BEARER_TOKEN_BEDROCK, the key pair, AWS_PROFILE), so an EC2 instance role or container
// credentials alone would leave discovery off; the manifest's `syntheticAuthRefs` makes OpenClaw
// ask these hooks, and the answer comes from the native detection of the real chain.
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
