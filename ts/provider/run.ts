// The work behind the pi-ai stream functions of bedrock-provider.ts, loaded on their first call:
// request building, `onPayload`/`onResponse`, the native call and event translation. Every
// failure ends the given stream with an `error` event, as pi-ai's StreamFunction contract requires.
import type { Context, SimpleStreamOptions } from "@mariozechner/pi-ai";
import type { AssistantMessageEventStream } from "../response/event-stream.js";
import { ConverseEventTranslator } from "../response/translator.js";
import { buildConverseRequest, contextTools } from "../request/build.js";
import type { BedrockModel } from "../models.js";
import { openEventBatches } from "../native/stream.js";
import { type BedrockNativeOptions, simpleToBedrockOptions } from "../request/options.js";
import { renamedToolNames } from "../request/tool-names.js";
import { nativeStreamOptions } from "./native-options.js";

async function runConverseStream(
	model: BedrockModel,
	context: Context,
	resolveOptions: () => BedrockNativeOptions,
	translator: ConverseEventTranslator,
): Promise<void> {
	let options: BedrockNativeOptions = {};
	try {
		options = resolveOptions();
		translator.renamedTools = renamedToolNames(contextTools(context));
		let request: unknown = buildConverseRequest(model, context, options);
		const replacement = await options.onPayload?.(request, model);
		if (replacement !== undefined) request = replacement;

		const { batches } = openEventBatches(request as object, nativeStreamOptions(model, options));
		for await (const batch of batches) {
			for (const event of batch) {
				translator.handle(event);
				if (event.type === "response" && event.httpStatus < 300) {
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

export function runBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options: BedrockNativeOptions = {},
): Promise<void> {
	return runConverseStream(model, context, () => options ?? {}, new ConverseEventTranslator(model, stream));
}

/** Generic options only: Bedrock-specific ones (region, toolChoice, …) are dropped, as in pi-ai. */
export function runSimpleBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): Promise<void> {
	return runConverseStream(model, context, () => simpleToBedrockOptions(model, options), new ConverseEventTranslator(model, stream));
}
