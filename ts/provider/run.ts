// The work behind the pi-ai stream functions of bedrock-provider.ts, loaded on their first call:
// request building, `onPayload`/`onResponse`, the native call and event translation. Every
// failure ends the given stream with an `error` event, as pi-ai's StreamFunction contract requires.
import type { Context, SimpleStreamOptions } from "@mariozechner/pi-ai";
import type { AssistantMessageEventStream } from "../response/event-stream.js";
import { ConverseEventTranslator } from "../response/translator.js";
import { buildConverseRequest, contextTools } from "../request/build.js";
import type { BedrockModel } from "../models.js";
import { checkOptions, PI_OPTION_RULES } from "../native/option-checks.js";
import { BedrockError, clientError, openEventBatches, type NativeStreamOptions } from "../native/stream.js";
import { type BedrockNativeOptions, simpleToBedrockOptions } from "../request/options.js";
import { renamedToolNames } from "../request/tool-names.js";
import { modelProblem } from "../request/validate.js";

const ABORT_MESSAGE = "Request was aborted";

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
		// pi-ai's generic `maxRetries` (ignored by its own Bedrock provider) counts retries.
		maxAttempts: options.maxAttempts ?? (options.maxRetries !== undefined ? options.maxRetries + 1 : undefined),
		retryBaseDelayMs: options.retryBaseDelayMs,
		// A host that passes no retry setting retries failed turns itself (pi's agent does, 3
		// times): retrying in-stream failures too would multiply the requests. pi-ai's own
		// provider retries only the HTTP request (the SDK's 3 attempts), and so do we then.
		retryStreamFailures: options.maxAttempts !== undefined || options.maxRetries !== undefined,
	};
}

/** The options, checked (BedrockError naming the first bad one) and clamped. */
function checkedOptions(options: unknown): BedrockNativeOptions {
	const checked = checkOptions<BedrockNativeOptions>(options, PI_OPTION_RULES);
	if (!checked.ok) throw new BedrockError(clientError("InvalidOption", checked.problem));
	return checked.options;
}

/**
 * `value` awaited, unless `signal` aborts first: a caller's callback that never settles must not
 * hold an aborted stream open.
 */
function untilAborted<T>(value: T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal || !(value instanceof Promise)) return Promise.resolve(value);
	if (signal.aborted) return Promise.reject(new Error(ABORT_MESSAGE));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new Error(ABORT_MESSAGE));
		signal.addEventListener("abort", onAbort, { once: true });
		value.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
	});
}

async function runConverseStream(
	model: BedrockModel,
	context: Context,
	resolveOptions: () => BedrockNativeOptions,
	translator: ConverseEventTranslator,
): Promise<void> {
	let options: BedrockNativeOptions = {};
	try {
		options = checkedOptions(resolveOptions());
		const problem = modelProblem(model);
		if (problem) throw new BedrockError(clientError("InvalidRequest", problem));
		translator.renamedTools = renamedToolNames(contextTools(context));
		let request: unknown = buildConverseRequest(model, context, options);
		const replacement = await untilAborted(options.onPayload?.(request, model), options.signal);
		if (replacement !== undefined) request = replacement;

		const { batches } = openEventBatches(request as object, nativeStreamOptions(model, options));
		for await (const batch of batches) {
			for (const event of batch) {
				translator.handle(event);
				if (event.type === "response" && event.httpStatus < 300) {
					// pi-ai reports only successful responses: the SDK throws on error statuses first.
					const headers: Record<string, string> = event.requestId ? { "x-amzn-requestid": event.requestId } : {};
					await untilAborted(options.onResponse?.({ status: event.httpStatus, headers }, model), options.signal);
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
	return runConverseStream(model, context, () => options, new ConverseEventTranslator(model, stream));
}

/** Generic options only: Bedrock-specific ones (region, toolChoice, …) are dropped, as in pi-ai. */
export function runSimpleBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): Promise<void> {
	const resolve = () => simpleToBedrockOptions(model, checkedOptions(options) as SimpleStreamOptions);
	return runConverseStream(model, context, resolve, new ConverseEventTranslator(model, stream));
}
