// The pi-ai provider entry: `streamBedrock` / `streamSimpleBedrock` return their stream
// synchronously and never throw; the request work (run.ts, the addon) loads on the first call,
// so importing this costs almost nothing. The module carries both key spellings,
// `streamBedrock`/`streamSimpleBedrock` (@mariozechner/pi-ai 0.73.1) and `stream`/`streamSimple`
// (@earendil-works/pi-ai). Registering it with a host is hosts/' job.
import type { AssistantMessageEventStream as PiAiEventStream, Context, Model, SimpleStreamOptions } from "@mariozechner/pi-ai";
import { AssistantMessageEventStream } from "../response/event-stream.js";
import type { BedrockNativeOptions } from "../request/options.js";

type BedrockModel = Model<"bedrock-converse-stream">;
type ProviderModule = typeof import("./run.js");

let providerModule: Promise<ProviderModule> | undefined;

function loadProvider(): Promise<ProviderModule> {
	providerModule ??= import("./run.js");
	return providerModule;
}

function startStream(model: BedrockModel, run: (provider: ProviderModule, stream: AssistantMessageEventStream) => Promise<void>): PiAiEventStream {
	const stream = new AssistantMessageEventStream();
	loadProvider()
		.then((provider) => run(provider, stream))
		.catch((error: unknown) => failToLoad(stream, model, error));
	// pi-ai's class differs only in private fields; the protocol (push/end/result/iteration) is the same.
	return stream as unknown as PiAiEventStream;
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
			provider: model.provider,
			model: model.id,
			usage: { ...zero, totalTokens: 0, cost: { ...zero, total: 0 } },
			stopReason: "error",
			errorMessage: error instanceof Error ? error.message : String(error),
			timestamp: Date.now(),
		},
	});
	stream.end();
}

export function streamBedrock(model: BedrockModel, context: Context, options?: BedrockNativeOptions): PiAiEventStream {
	return startStream(model, (provider, stream) => provider.runBedrockStream(stream, model, context, options));
}

/** Generic options only: Bedrock-specific ones (region, toolChoice, …) are dropped, as in pi-ai. */
export function streamSimpleBedrock(model: BedrockModel, context: Context, options?: SimpleStreamOptions): PiAiEventStream {
	return startStream(model, (provider, stream) => provider.runSimpleBedrockStream(stream, model, context, options));
}

export const bedrockProviderModule = {
	streamBedrock,
	streamSimpleBedrock,
	stream: streamBedrock,
	streamSimple: streamSimpleBedrock,
};

export type BedrockProviderModule = typeof bedrockProviderModule;
