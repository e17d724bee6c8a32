// The pi-ai provider entry: `streamBedrock` / `streamSimpleBedrock` return their stream
// synchronously and never throw; the request work (run.ts, the addon) loads on the first call,
// so importing this costs almost nothing. The module carries both key spellings,
// `streamBedrock`/`streamSimpleBedrock` (@mariozechner/pi-ai 0.73.1) and `stream`/`streamSimple`
// (@earendil-works/pi-ai). Registering it with a host is hosts/' job.
import type { Context, Model, SimpleStreamOptions } from "../protocol/types.js";
import { AssistantMessageEventStream } from "../response/event-stream.js";

/** The stream class a direct caller gets, for hosts that name it (hosts/ does not import response/). */
export type { AssistantMessageEventStream };
import type { BedrockNativeOptions } from "../request/options.js";

type BedrockModel = Model;

/**
 * What the stream functions return: our `AssistantMessageEventStream` for a direct caller. pi-ai's
 * own stream classes have private members, which TypeScript compares by declaration, so no
 * other class is assignable to them; where a host expects its class (0.73.1's `StreamFunction`,
 * 1.6's `ProviderStreams`), TypeScript infers `Stream` from that host's return type. The objects
 * are the same at run time: pi-ai reads streams only through push/end/result/async iteration.
 */
type HostStream<Stream> = Stream;
type ProviderModule = typeof import("./run.js");

let providerModule: Promise<ProviderModule> | undefined;

function loadProvider(): Promise<ProviderModule> {
	providerModule ??= import("./run.js");
	return providerModule;
}

function startStream<Stream>(
	model: BedrockModel,
	run: (provider: ProviderModule, stream: AssistantMessageEventStream) => Promise<void>,
): HostStream<Stream> {
	const stream = new AssistantMessageEventStream();
	loadProvider()
		.then((provider) => run(provider, stream))
		.catch((error: unknown) => failToLoad(stream, model, error));
	return stream as HostStream<Stream>;
}

/** The stream's only event when the provider itself could not be loaded (e.g. no addon built). */
function failToLoad(stream: AssistantMessageEventStream, model: BedrockModel, error: unknown): void {
	const zero = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
	stream.push({
		type: "error",
		reason: "error",
		error: {
			role: "assistant",
			content: [],
			api: "bedrock-converse-stream",
			// Safe on any value: this runs for invalid models too.
			provider: typeof model?.provider === "string" ? model.provider : "amazon-bedrock",
			model: typeof model?.id === "string" ? model.id : "",
			usage: { ...zero, totalTokens: 0, cost: { ...zero, total: 0 } },
			stopReason: "error",
			errorMessage: error instanceof Error ? error.message : String(error),
			timestamp: Date.now(),
		},
	});
	stream.end();
}

export function streamBedrock<Stream = AssistantMessageEventStream>(
	model: BedrockModel,
	context: Context,
	options?: BedrockNativeOptions,
): HostStream<Stream> {
	return startStream(model, (provider, stream) => provider.runBedrockStream(stream, model, context, options));
}

/** Generic options only: Bedrock-specific ones (region, toolChoice, …) are dropped, as in pi-ai. */
export function streamSimpleBedrock<Stream = AssistantMessageEventStream>(
	model: BedrockModel,
	context: Context,
	options?: SimpleStreamOptions,
): HostStream<Stream> {
	return startStream(model, (provider, stream) => provider.runSimpleBedrockStream(stream, model, context, options));
}

export const bedrockProviderModule = {
	streamBedrock,
	streamSimpleBedrock,
	stream: streamBedrock,
	streamSimple: streamSimpleBedrock,
};

export type BedrockProviderModule = typeof bedrockProviderModule;
