// The native streaming call made pleasant from JavaScript: requests go in as one JSON string,
// events come back as parsed batches, AbortSignal is wired to the native abort, and failures
// surface either as data (openEventBatches) or as a typed BedrockError (converseStream).
import { native, type NativeClientOptions, type NativeConverseStream, type WithCallerEnvironment, withCallerEnvironment } from "./binding.js";
import { NativeBindingError } from "./binding-error.js";
import { checkOptions, STREAM_OPTION_RULES } from "./option-checks.js";
import { serializeRequest } from "./request-json.js";
import type { ConverseEvent, ErrorEvent, StreamErrorPhase } from "./wire.js";

export interface NativeStreamOptions extends WithCallerEnvironment<NativeClientOptions> {
	signal?: AbortSignal;
}

/** A failed Bedrock call, with the AWS exception name as `name` and `code`. */
export class BedrockError extends Error {
	readonly code: string;
	readonly httpStatus?: number;
	readonly requestId?: string;
	readonly retryable: boolean;
	readonly phase: StreamErrorPhase;
	/** The service's `Retry-After` in milliseconds, when it sent one. */
	readonly retryAfterMs?: number;

	constructor(event: ErrorEvent) {
		super(event.message);
		this.name = event.code;
		this.code = event.code;
		this.httpStatus = event.httpStatus;
		this.requestId = event.requestId;
		this.retryable = event.retryable;
		this.phase = event.phase;
		this.retryAfterMs = event.retryAfterMs;
	}
}

export function clientError(code: string, message: string): ErrorEvent {
	return { type: "error", code, message, retryable: false, phase: "client" };
}

export const ABORTED = clientError("AbortError", "Request was aborted");

export interface EventBatches {
	batches: AsyncIterable<ConverseEvent[]>;
	abort(): void;
}

/**
 * Starts the call at once and returns its events in the batches the native side delivers.
 * Never throws: a request that cannot be serialised, an abort, or any failure is a final
 * `error` event (code `AbortError` for an abort).
 */
export function openEventBatches(request: object, options: NativeStreamOptions = {}): EventBatches {
	if (typeof request !== "object" || request === null || Array.isArray(request)) {
		return fixedBatches([clientError("InvalidRequest", "the request must be an object (a Converse request)")]);
	}
	const checked = checkOptions<NativeStreamOptions>(options, STREAM_OPTION_RULES);
	if (!checked.ok) return fixedBatches([clientError("InvalidOption", checked.problem)]);
	const { signal, ...clientOptions } = checked.options;
	if (signal?.aborted) return fixedBatches([ABORTED]);
	let json: string;
	try {
		json = serializeRequest(request);
	} catch (error) {
		return fixedBatches([clientError("InvalidRequest", `the request cannot be serialised: ${describe(error)}`)]);
	}
	let stream: NativeConverseStream;
	try {
		stream = native().converseStream(json, withCallerEnvironment(clientOptions));
	} catch (error) {
		if (error instanceof NativeBindingError) return fixedBatches([clientError(error.code, error.message)]);
		throw error;
	}
	return { batches: relayBatches(stream, signal), abort: () => stream.abort() };
}

/** Removes a signal listener once the stream it aborts has been collected. */
const listenerCleanup = new FinalizationRegistry<() => void>((removeListener) => removeListener());

/**
 * Wires `signal` to the stream's abort without the signal holding the stream: a caller's
 * long-lived signal would otherwise keep every dropped stream (and its connection) alive. The
 * listener goes when the stream ends, or when an iterator dropped without `return()` is collected.
 */
function abortOnSignal(stream: NativeConverseStream, signal: AbortSignal | undefined): () => void {
	if (!signal) return () => {};
	const target = new WeakRef(stream);
	const onAbort = () => target.deref()?.abort();
	const removeListener = () => signal.removeEventListener("abort", onAbort);
	signal.addEventListener("abort", onAbort, { once: true });
	const token = {};
	listenerCleanup.register(stream, removeListener, token);
	return () => {
		listenerCleanup.unregister(token);
		removeListener();
	};
}

async function* relayBatches(stream: NativeConverseStream, signal?: AbortSignal): AsyncGenerator<ConverseEvent[]> {
	const stopListening = abortOnSignal(stream, signal);
	try {
		let ended = false;
		for await (const batch of stream) {
			const events = JSON.parse(batch) as ConverseEvent[];
			ended = events[events.length - 1]?.type === "error";
			yield events;
		}
		if (signal?.aborted && !ended) yield [ABORTED];
	} finally {
		stopListening();
		stream.abort();
	}
}

function fixedBatches(events: ConverseEvent[]): EventBatches {
	async function* once() {
		yield events;
	}
	return { batches: once(), abort: () => {} };
}

/**
 * The low-level streaming call: a Converse request in the AWS API's shape in, decoded events
 * out, one at a time. A failure is thrown as a BedrockError after the events before it.
 */
export async function* converseStream(request: object, options: NativeStreamOptions = {}): AsyncGenerator<ConverseEvent> {
	const { batches } = openEventBatches(request, options);
	for await (const batch of batches) {
		for (const event of batch) {
			if (event.type === "error") throw new BedrockError(event);
			yield event;
		}
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
