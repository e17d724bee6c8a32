// Bedrock's CountTokens from JavaScript: the same Converse request a stream takes, counted by the
// model's own tokenizer without running it (and without charge). Failures, an abort included,
// reject with the stream's BedrockError.
import { native, withCallerEnvironment } from "./binding.js";
import { serializeRequest } from "./request-json.js";
import { ABORTED, BedrockError, clientError, type NativeStreamOptions } from "./stream.js";
import type { ErrorEvent } from "./wire.js";

export interface TokenCount {
	/** Input tokens the request would be charged for (Bedrock's `inputTokens`). */
	inputTokens: number;
	/**
	 * The model that counted: CountTokens takes foundation-model ids only, so a system
	 * inference profile's id (`us.…`, `global.…`) is counted by the model it routes to.
	 */
	modelId: string;
}

type CountResult = ({ type: "tokenCount" } & TokenCount) | ErrorEvent;

/**
 * Counts the input tokens of a Converse request (the `converseStream` shape: `modelId`,
 * `messages`, `system`, `toolConfig`, `additionalModelRequestFields`; fields that do not change
 * the input, such as `inferenceConfig`, are accepted and not sent). Only some models can count
 * (Claude foundation models on Bedrock today); others reject with a `ValidationException`.
 */
export async function countTokens(request: object, options: NativeStreamOptions = {}): Promise<TokenCount> {
	const { signal, ...clientOptions } = options;
	let json: string;
	try {
		json = serializeRequest(request);
	} catch (error) {
		throw new BedrockError(clientError("InvalidRequest", `the request cannot be serialised: ${(error as Error).message}`));
	}
	const result = JSON.parse(await untilAborted(native().countTokens(json, withCallerEnvironment(clientOptions)), signal)) as CountResult;
	if (result.type === "error") throw new BedrockError(result);
	return { inputTokens: result.inputTokens, modelId: result.modelId };
}

/**
 * The call's answer, or an AbortError as soon as `signal` aborts. The native call itself is one
 * short request bounded by `firstEventTimeoutMs`; an abandoned answer is dropped.
 */
function untilAborted<T>(call: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return call;
	if (signal.aborted) return Promise.reject(new BedrockError(ABORTED));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new BedrockError(ABORTED));
		signal.addEventListener("abort", onAbort, { once: true });
		call.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
	});
}
