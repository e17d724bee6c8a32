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
import { checkOptions, PI_OPTION_RULES } from "../native/option-checks.js";
import { BedrockError, clientError, openEventBatches, type NativeStreamOptions } from "../native/stream.js";
import type { ConverseEvent } from "../native/wire.js";
import { type BedrockNativeOptions, simpleToBedrockOptions } from "../request/options.js";
import { hostCredentials } from "./host-credentials.js";
import { renamedToolNames } from "../request/tool-names.js";
import { userAgentSuffix } from "../request/user-agent.js";
import { modelProblem } from "../request/validate.js";
import { providerStreamEvent } from "./provider-stream-event.js";

const ABORT_MESSAGE = "Request was aborted";

/** Region/endpoint/credential rules live in Rust; the host's `apiKey` and `env` are folded in here. */
export function nativeStreamOptions(model: BedrockModel, options: BedrockNativeOptions): NativeStreamOptions {
	// The credentials are copied one by one: an object literal that starts with a spread and
	// goes on with more properties takes V8's slow path, about 2 µs for each one after it.
	const { bearerToken, profile, region } = hostCredentials(options);
	return {
		bearerToken,
		profile,
		region,
		baseUrl: model.baseUrl,
		endpoint: options.endpoint,
		skipAuth: options.skipAuth,
		// The host's provider-scoped variables (pi 1.x `options.env`) over the process environment.
		env: options.env,
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
		headers: options.headers,
		userAgentSuffix: userAgentSuffix(options.identity),
	};
}

/** The region the request goes to, from the native chain the client itself uses. */
function targetRegion(model: BedrockModel, options: BedrockNativeOptions): string {
	const { region, profile, endpoint, env } = options;
	return resolveTarget({ region, profile, endpoint, baseUrl: model.baseUrl, env }).region;
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
		let strictDisabled = hasExceededStrictToolLimits(options.sessionId);
		const mayFallBack = !strictDisabled && offersPreferredStrictTools(model, context);
		for (;;) {
			let request: unknown = buildConverseRequest(model, context, options, strictDisabled, () => targetRegion(model, options));
			const replacement = await untilAborted(options.onPayload?.(request, model), options.signal);
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
	const { signal } = options;
	for await (const batch of batches) {
		for (const event of batch) {
			if (mayFallBack && isStrictToolRefusal(event) && !signal?.aborted) return event.message;
			// Without the callback an event costs no SDK-shaped copy and no await.
			if (options.onProviderStreamEvent) {
				const raw = providerStreamEvent(event);
				if (raw !== undefined) await untilAborted(options.onProviderStreamEvent(raw, model), signal);
			}
			translator.handle(event);
			if (options.onResponse && event.type === "response" && event.httpStatus < 300) {
				// pi-ai reports only successful responses: the SDK throws on error statuses first.
				const headers: Record<string, string> = event.requestId ? { "x-amzn-requestid": event.requestId } : {};
				await untilAborted(options.onResponse({ status: event.httpStatus, headers }, model), signal);
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
	return runConverseStream(model, context, () => options, new ConverseEventTranslator(model, stream));
}

/** Generic options only, plus 1.6's `toolChoice`: Bedrock-specific ones (region, …) are dropped, as in pi-ai. */
export function runSimpleBedrockStream(
	stream: AssistantMessageEventStream,
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): Promise<void> {
	const resolve = () => simpleToBedrockOptions(model, context, checkedOptions(options) as SimpleStreamOptions);
	return runConverseStream(model, context, resolve, new ConverseEventTranslator(model, stream));
}
