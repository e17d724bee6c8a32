// pi-ai options → the native client's options, shared by the stream and the token count.
import type { BedrockModel } from "../models.js";
import type { NativeStreamOptions } from "../native/stream.js";
import type { BedrockNativeOptions } from "../request/options.js";

/** Region/endpoint/credential rules live in Rust; `apiKey` is never a Bedrock credential. */
export function nativeStreamOptions(model: BedrockModel, options: BedrockNativeOptions): NativeStreamOptions {
	return {
		region: options.region,
		profile: options.profile,
		baseUrl: model.baseUrl,
		endpoint: options.endpoint,
		bearerToken: options.bearerToken,
		skipAuth: options.skipAuth,
		signal: options.signal,
		firstEventTimeoutMs: options.firstEventTimeoutMs,
		idleTimeoutMs: options.idleTimeoutMs,
		// pi-ai's generic `maxRetries` (ignored by its own Bedrock provider) counts retries.
		maxAttempts: options.maxAttempts ?? (options.maxRetries !== undefined ? options.maxRetries + 1 : undefined),
		retryBaseDelayMs: options.retryBaseDelayMs,
	};
}

