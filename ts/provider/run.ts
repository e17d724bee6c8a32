// The work behind the pi-ai stream functions of bedrock-provider.ts, loaded on their first call:
// request building, `onPayload`/`onResponse`, the native call and event translation. Every
// failure ends the given stream with an `error` event, as pi-ai's StreamFunction contract requires.
import type { Context, SimpleStreamOptions } from "../protocol/types.js";
import type { AssistantMessageEventStream } from "../response/event-stream.js";
import { ConverseEventTranslator } from "../response/translator.js";
import { buildConverseRequest, contextTools, offersPreferredStrictTools } from "../request/build.js";
import { hasExceededStrictToolLimits, isStrictToolLimitError, rememberStrictToolLimitsExceeded } from "../request/strict-tool-limits.js";
import type { BedrockModel } from "../models.js";
import { resolveTarget } from "../native/binding.js";
import { openEventBatches, type NativeStreamOptions } from "../native/stream.js";
import type { ConverseEvent } from "../native/wire.js";
import { type BedrockNativeOptions, simpleToBedrockOptions } from "../request/options.js";
import { renamedToolNames } from "../request/tool-names.js";
import { userAgentSuffix } from "../request/user-agent.js";
import { providerStreamEvent } from "./provider-stream-event.js";

/** Region/endpoint/credential rules live in Rust; `apiKey` is never a Bedrock credential. */
function nativeStreamOptions(model: BedrockModel, options: BedrockNativeOptions): NativeStreamOptions {
	return {
		region: options.region,
		profile: options.profile,
		baseUrl: model.baseUrl,
		endpoint: options.endpoint,
		bearerToken: options.bearerToken,
		skipAuth: options.skipAuth,
		// The host's provider-scoped variables (pi 1.x `options.env`) over the process environment.
		env: options.env,
		signal: options.signal,
		firstEventTimeoutMs: options.firstEventTimeoutMs,
		idleTimeoutMs: options.idleTimeoutMs,
		// pi-ai's generic `maxRetries` (ignored by its own Bedrock provider) counts retries.
		maxAttempts: options.maxAttempts ?? (options.maxRetries !== undefined ? options.maxRetries + 1 : undefined),
		retryBaseDelayMs: options.retryBaseDelayMs,
		headers: options.headers,
		userAgentSuffix: userAgentSuffix(options.identity),
	};
}

/** The region the request goes to, from the native chain the client itself uses. */
function targetRegion(model: BedrockModel, options: BedrockNativeOptions): string {
	const { region, profile, endpoint, env } = options;
	return resolveTarget({ region, profile, endpoint, baseUrl: model.baseUrl, env }).region;
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
		translator.renamedTools = renamedToolNames(contextTools(context));
		let strictDisabled = hasExceededStrictToolLimits(options.sessionId);
		const mayFallBack = !strictDisabled && offersPreferredStrictTools(model, context);
		for (;;) {
			let request: unknown = buildConverseRequest(model, context, options, strictDisabled, () => targetRegion(model, options));
			const replacement = await options.onPayload?.(request, model);
			if (replacement !== undefined) request = replacement;
			const refusal = await relayResponse(model, request as object, options, translator, mayFallBack && !strictDisabled);
			if (refusal === undefined) break;
			// Bedrock checks tool schemas before it streams: nothing was shown, so sending again is safe.
			strictDisabled = true;
			rememberStrictToolLimitsExceeded(options.sessionId);
			translator.noteStrictToolFallback(refusal);
		}
		translator.complete(options.signal?.aborted === true);
	} catch (error) {
		translator.fail(error, options.signal?.aborted === true);
	}
}

/**
 * Streams one request's events into the translator. With `mayFallBack`, a refusal of the strict
 * tools for exceeding Bedrock's limits is returned (its message) instead of failing the turn.
 */
async function relayResponse(
	model: BedrockModel,
	request: object,
	options: BedrockNativeOptions,
	translator: ConverseEventTranslator,
	mayFallBack: boolean,
): Promise<string | undefined> {
	const { batches } = openEventBatches(request, nativeStreamOptions(model, options));
	for await (const batch of batches) {
		for (const event of batch) {
			if (mayFallBack && isStrictToolRefusal(event) && !options.signal?.aborted) return event.message;
			const raw = providerStreamEvent(event);
			if (raw !== undefined) await options.onProviderStreamEvent?.(raw, model);
			translator.handle(event);
			if (event.type === "response" && event.httpStatus < 300) {
				// pi-ai reports only successful responses: the SDK throws on error statuses first.
				const headers: Record<string, string> = event.requestId ? { "x-amzn-requestid": event.requestId } : {};
				await options.onResponse?.({ status: event.httpStatus, headers }, model);
			}
		}
	}
	return undefined;
}

function isStrictToolRefusal(event: ConverseEvent): event is Extract<ConverseEvent, { type: "error" }> {
	return event.type === "error" && event.code === "ValidationException" && isStrictToolLimitError(event.message);
}

export function runBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options: BedrockNativeOptions = {},
): Promise<void> {
	return runConverseStream(model, context, () => options ?? {}, new ConverseEventTranslator(model, stream));
}

/** Generic options only, plus 1.6's `toolChoice`: Bedrock-specific ones (region, …) are dropped, as in pi-ai. */
export function runSimpleBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): Promise<void> {
	return runConverseStream(model, context, () => simpleToBedrockOptions(model, context, options), new ConverseEventTranslator(model, stream));
}
