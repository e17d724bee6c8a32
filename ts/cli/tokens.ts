// `bedrock-native tokens`: Bedrock's CountTokens for a prompt, or for a whole Converse request
// read from a JSON file (`-` for stdin), so a context can be measured before it is sent.
import { readFileSync } from "node:fs";
import { countTokens, type TokenCount } from "../native/count-tokens.js";
import { BedrockError } from "../native/stream.js";

/** A model that can count tokens on Bedrock (Claude foundation models can; profiles cannot). */
export const DEFAULT_COUNT_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

export interface TokensOptions {
	prompt?: string;
	/** Path of a Converse request as JSON, or `-` for stdin. */
	requestFile?: string;
	modelId?: string;
	system?: string;
	json?: boolean;
	region?: string;
	profile?: string;
	endpoint?: string;
	out?: NodeJS.WritableStream;
	err?: NodeJS.WritableStream;
}

/** Resolves to the exit code: 0 counted, 1 Bedrock refused, 2 bad usage. */
export async function runTokens(options: TokensOptions): Promise<number> {
	const out = options.out ?? process.stdout;
	const err = options.err ?? process.stderr;
	let request: Record<string, unknown>;
	try {
		request = tokensRequest(options);
	} catch (error) {
		err.write(`${(error as Error).message}\n`);
		return 2;
	}
	try {
		const count = await countTokens(request, { region: options.region, profile: options.profile, endpoint: options.endpoint });
		out.write(options.json ? `${JSON.stringify(count)}\n` : `${describeCount(count)}\n`);
		return 0;
	} catch (error) {
		const failure = error instanceof BedrockError ? `${error.code}: ${error.message}` : String(error);
		err.write(`error: ${failure}\n`);
		return 1;
	}
}

function describeCount(count: TokenCount): string {
	return `${count.inputTokens} input tokens (${count.modelId})`;
}

/** The request to count: the file's, with `--model` overriding its model id, or one user turn. */
function tokensRequest(options: TokensOptions): Record<string, unknown> {
	if (options.requestFile !== undefined) {
		const request = readRequestFile(options.requestFile);
		const modelId = options.modelId ?? request.modelId;
		if (typeof modelId !== "string") throw new Error("the request has no modelId: pass --model ID");
		return { ...request, modelId };
	}
	const prompt = options.prompt?.trim();
	if (!prompt) throw new Error("nothing to count: pass a PROMPT or --request FILE");
	return {
		modelId: options.modelId ?? DEFAULT_COUNT_MODEL,
		messages: [{ role: "user", content: [{ text: prompt }] }],
		...(options.system && { system: [{ text: options.system }] }),
	};
}

function readRequestFile(path: string): Record<string, unknown> {
	let text: string;
	try {
		text = readFileSync(path === "-" ? 0 : path, "utf8");
	} catch (error) {
		throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`${path} is not JSON: ${(error as Error).message}`);
	}
	if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${path} must hold one Converse request object`);
	return parsed as Record<string, unknown>;
}
