// The one-shot streamed chat of the CLI, and the demo that runs it against the bundled fake
// Bedrock: both go through the same pi-ai provider and native path as a real agent would.
import type { Model } from "../protocol/types.js";
import { streamBedrock } from "../provider/entry.js";
import type { BedrockNativeOptions } from "../request/options.js";

export const DEFAULT_CHAT_MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

export interface ChatOptions {
	prompt: string;
	modelId?: string;
	region?: string;
	profile?: string;
	endpoint?: string;
	bearerToken?: string;
	out?: NodeJS.WritableStream;
	err?: NodeJS.WritableStream;
}

/** Streams one answer to `out`; resolves to the process exit code (0 on success). */
export async function runChat(options: ChatOptions): Promise<number> {
	const out = options.out ?? process.stdout;
	const err = options.err ?? process.stderr;
	const model = chatModel(options);
	const stream = streamBedrock(model, {
		messages: [{ role: "user", content: options.prompt, timestamp: Date.now() }],
	}, chatStreamOptions(options, model));

	for await (const event of stream) {
		if (event.type === "text_delta") out.write(event.delta);
		if (event.type === "done") {
			const { usage } = event.message;
			out.write(`\n`);
			out.write(`[${model.id}: ${usage.input} input, ${usage.output} output tokens, stop: ${event.reason}]\n`);
			return 0;
		}
		if (event.type === "error") {
			out.write(`\n`);
			err.write(`error: ${event.error.errorMessage ?? "unknown error"}\n`);
			return 1;
		}
	}
	return 1;
}

/**
 * The connection flags as the provider's own options (`streamSimpleBedrock` would drop all but
 * the generic ones), with the output cap `streamSimple` would have set.
 */
function chatStreamOptions(options: ChatOptions, model: Model<"bedrock-converse-stream">): BedrockNativeOptions {
	return {
		region: options.region,
		profile: options.profile,
		endpoint: options.endpoint,
		bearerToken: options.bearerToken,
		maxTokens: model.maxTokens,
	};
}

function chatModel(options: ChatOptions): Model<"bedrock-converse-stream"> {
	const id = options.modelId ?? DEFAULT_CHAT_MODEL;
	return {
		id,
		name: id,
		api: "bedrock-converse-stream",
		provider: "amazon-bedrock",
		// Empty: the native side then picks the endpoint (`endpoint`, AWS_ENDPOINT_URL_*, the region's).
		baseUrl: "",
		reasoning: false,
		input: ["text"],
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
		contextWindow: 200000,
		maxTokens: 4096,
	};
}
