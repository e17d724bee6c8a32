// Token counting for a pi-ai conversation: the request the stream would send for this model,
// context and options (the same conversion, cache points and reasoning fields), counted by
// Bedrock's CountTokens. pi-ai and OpenClaw have no provider hook for it, so hosts call it
// directly (e.g. before deciding to compact).
import type { Context } from "../protocol/types.js";
import type { BedrockModel } from "../models.js";
import { countTokens, type TokenCount } from "../native/count-tokens.js";
import { buildConverseRequest } from "../request/build.js";
import type { BedrockNativeOptions } from "../request/options.js";
import { nativeStreamOptions } from "./run.js";

export async function countContextTokens(model: BedrockModel, context: Context, options: BedrockNativeOptions = {}): Promise<TokenCount> {
	const request = buildConverseRequest(model, context, options);
	return countTokens(request, nativeStreamOptions(model, options));
}
