// The pi-ai stream functions. Both return a stream synchronously and never throw: request
// building, `onPayload`/`onResponse` failures, native errors and aborts all end the stream with
// an `error` event, as pi-ai's StreamFunction contract requires.
import {
	type AssistantMessageEventStream,
	type Context,
	createAssistantMessageEventStream,
	type SimpleStreamOptions,
} from "@mariozechner/pi-ai";
import { ConverseEventTranslator } from "./events.js";
import { buildConverseRequest } from "./messages.js";
import type { BedrockModel } from "./models.js";
import { openEventBatches, type NativeStreamOptions } from "./native.js";
import { type BedrockNativeOptions, simpleToBedrockOptions } from "./options.js";

/** Region/endpoint/credential rules live in Rust; `apiKey` is never a Bedrock credential. */
function nativeStreamOptions(model: BedrockModel, options: BedrockNativeOptions): NativeStreamOptions {
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
		maxAttempts: options.maxAttempts,
	};
}

async function runConverseStream(
	model: BedrockModel,
	context: Context,
	resolveOptions: () => BedrockNativeOptions,
	translator: ConverseEventTranslator,
): Promise<void> {
	let options: BedrockNativeOptions = {};
	try {
		options = resolveOptions();
		let request: unknown = buildConverseRequest(model, context, options);
		const replacement = await options.onPayload?.(request, model);
		if (replacement !== undefined) request = replacement;

		const { batches } = openEventBatches(request as object, nativeStreamOptions(model, options));
		for await (const batch of batches) {
			for (const event of batch) {
				if (event.type !== "response") {
					translator.handle(event);
				} else if (event.httpStatus < 300) {
					// pi-ai reports only successful responses: the SDK throws on error statuses first.
					const headers: Record<string, string> = event.requestId ? { "x-amzn-requestid": event.requestId } : {};
					await options.onResponse?.({ status: event.httpStatus, headers }, model);
				}
			}
		}
		translator.complete(options.signal?.aborted === true);
	} catch (error) {
		translator.fail(error, options.signal?.aborted === true);
	}
}

function startStream(
	model: BedrockModel,
	context: Context,
	resolveOptions: () => BedrockNativeOptions,
): AssistantMessageEventStream {
	const stream = createAssistantMessageEventStream();
	const translator = new ConverseEventTranslator(model, stream);
	void runConverseStream(model, context, resolveOptions, translator);
	return stream;
}

export function streamBedrock(
	model: BedrockModel,
	context: Context,
	options: BedrockNativeOptions = {},
): AssistantMessageEventStream {
	return startStream(model, context, () => options ?? {});
}

/** Generic options only: Bedrock-specific ones (region, toolChoice, …) are dropped, as in pi-ai. */
export function streamSimpleBedrock(
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): AssistantMessageEventStream {
	return startStream(model, context, () => simpleToBedrockOptions(model, options));
}
