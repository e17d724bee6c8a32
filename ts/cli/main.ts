#!/usr/bin/env node
// The `bedrock-native` command: a small table of subcommands (`models list`, `doctor`, ...).
// Nothing printed here can hold a secret: credentials are only ever described by their source.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type CredentialReport, detectCredentials } from "../discovery/credentials.js";
import {
	type BedrockDiscovery,
	type DiscoveredBedrockModel,
	type DiscoveryError,
	type DiscoveryOptions,
	describeDiscoveryError,
	discoverBedrockModels,
	permissionFor,
} from "../discovery/discovery.js";
import { DEFAULT_CHAT_MODEL, runChat } from "./chat.js";
import { DEMO_PROMPT, hasConfiguredCredentials, runDemo } from "./demo.js";
import { type NativeTarget, resolveTarget } from "../native/binding.js";
import { openEventBatches } from "../native/stream.js";
import { DEFAULT_COUNT_MODEL, runTokens } from "./tokens.js";

export interface Command {
	/** One line for the help text. */
	summary: string;
	usage: string;
	options: NonNullable<ParseArgsConfig["options"]>;
	/** Resolves to the exit code. */
	run(values: Record<string, unknown>, positionals: string[]): Promise<number>;
}

/** Options every command that talks to Bedrock accepts. */
const CONNECTION_OPTIONS = {
	region: { type: "string" },
	endpoint: { type: "string" },
	profile: { type: "string" },
	"bearer-token": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

export const commands: Record<string, Command> = {
	"models list": {
		summary: "list the Bedrock models this account can call",
		usage: "models list [--json] [--provider NAME]... [--region R] [--endpoint URL] [--profile P] [--bearer-token T] [--include-legacy] [--no-profiles]",
		options: {
			...CONNECTION_OPTIONS,
			json: { type: "boolean" },
			provider: { type: "string", multiple: true },
			"include-legacy": { type: "boolean" },
			"no-profiles": { type: "boolean" },
		},
		run: listModels,
	},
	doctor: {
		summary: "check credentials, region, endpoint and the Bedrock permissions in use",
		usage: "doctor [--region R] [--endpoint URL] [--profile P] [--bearer-token T] [--model ID]",
		options: { ...CONNECTION_OPTIONS, model: { type: "string" } },
		run: doctor,
	},
	chat: {
		summary: "stream one answer to a prompt",
		usage: `chat "PROMPT" [--model ID] [--region R] [--endpoint URL] [--profile P] [--bearer-token T]  (model default: ${DEFAULT_CHAT_MODEL})`,
		options: { ...CONNECTION_OPTIONS, model: { type: "string" } },
		run: chat,
	},
	tokens: {
		summary: "count the input tokens of a prompt or a Converse request (Bedrock CountTokens)",
		usage: `tokens ["PROMPT" | --request FILE|-] [--model ID] [--system TEXT] [--json] [--region R] [--endpoint URL] [--profile P]  (model default: ${DEFAULT_COUNT_MODEL})`,
		options: { ...CONNECTION_OPTIONS, model: { type: "string" }, request: { type: "string" }, system: { type: "string" }, json: { type: "boolean" } },
		run: (values, positionals) =>
			runTokens({
				prompt: positionals.join(" "),
				requestFile: values.request as string | undefined,
				modelId: values.model as string | undefined,
				system: values.system as string | undefined,
				json: values.json === true,
				...connectionOptions(values),
			}),
	},
	demo: {
		summary: "start the bundled fake Bedrock on 127.0.0.1 and run models list, doctor and chat against it",
		usage: "demo [PROMPT]",
		options: {},
		run: (_values, positionals) => runDemo(main, positionals[0]),
	},
	start: {
		summary: "chat with Amazon Bedrock when AWS credentials are configured, else run the demo",
		usage: "start [PROMPT]",
		options: {},
		run: start,
	},
};

export async function main(argv: string[]): Promise<number> {
	const name = commandName(argv);
	if (name === undefined) {
		process.stderr.write(helpText());
		return argv.length === 0 || argv[0] === "--help" || argv[0] === "help" ? 0 : 2;
	}
	const command = commands[name];
	let parsed;
	try {
		parsed = parseArgs({ args: argv.slice(name.split(" ").length), options: command.options, allowPositionals: true, strict: true });
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\nusage: bedrock-native ${command.usage}\n`);
		return 2;
	}
	return command.run(parsed.values, parsed.positionals);
}

/** The longest command name that `argv` starts with. */
function commandName(argv: string[]): string | undefined {
	const twoWords = argv.slice(0, 2).join(" ");
	if (twoWords in commands) return twoWords;
	return argv[0] !== undefined && argv[0] in commands ? argv[0] : undefined;
}

function helpText(): string {
	const lines = Object.entries(commands).map(([, command]) => `  bedrock-native ${command.usage}\n      ${command.summary}`);
	return `usage:\n${lines.join("\n")}\n`;
}

function connectionOptions(values: Record<string, unknown>): DiscoveryOptions {
	return {
		region: values.region as string | undefined,
		endpoint: values.endpoint as string | undefined,
		profile: values.profile as string | undefined,
		bearerToken: values["bearer-token"] as string | undefined,
	};
}

// ---- chat, start ---------------------------------------------------------------------------

async function chat(values: Record<string, unknown>, positionals: string[]): Promise<number> {
	const prompt = positionals.join(" ").trim();
	if (!prompt) {
		process.stderr.write(`usage: bedrock-native ${commands.chat.usage}\n`);
		return 2;
	}
	return runChat({ prompt, modelId: values.model as string | undefined, ...connectionOptions(values) });
}

async function start(_values: Record<string, unknown>, positionals: string[]): Promise<number> {
	const prompt = positionals.join(" ").trim() || DEMO_PROMPT;
	if (!(await hasConfiguredCredentials())) {
		process.stdout.write("No AWS credentials are configured: running the demo against a local fake Bedrock.\n");
		return runDemo(main, prompt);
	}
	process.stdout.write(`AWS credentials found: asking ${DEFAULT_CHAT_MODEL} on Amazon Bedrock.\n`);
	return runChat({ prompt });
}

// ---- models list ---------------------------------------------------------------------------

async function listModels(values: Record<string, unknown>): Promise<number> {
	const discovery = await discoverBedrockModels({
		...connectionOptions(values),
		providerFilter: values.provider as string[] | undefined,
		includeLegacy: values["include-legacy"] === true,
		includeInferenceProfiles: values["no-profiles"] !== true,
	});
	if (values.json === true) {
		process.stdout.write(`${JSON.stringify(discovery, null, 2)}\n`);
	} else {
		process.stdout.write(modelTable(discovery.models));
		process.stdout.write(`${summaryLine(discovery)}\n`);
	}
	for (const error of discovery.errors) process.stderr.write(`warning: ${describeDiscoveryError(error)}\n`);
	return discovery.models.length === 0 && discovery.errors.length > 0 ? 1 : 0;
}

const SOURCE_LABELS: Record<DiscoveredBedrockModel["source"], string> = {
	"foundation-model": "foundation",
	"inference-profile": "profile",
	"application-inference-profile": "app profile",
};

export function modelTable(models: DiscoveredBedrockModel[]): string {
	const header = ["ID", "NAME", "INPUT", "CONTEXT", "MAX TOKENS", "SOURCE"];
	const rows = models.map((model) => [
		model.id,
		model.legacy ? `${model.name} (legacy)` : model.name,
		model.input.join("+"),
		String(model.contextWindow),
		String(model.maxTokens),
		SOURCE_LABELS[model.source],
	]);
	return formatTable(header, rows);
}

function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd();
	return [line(header), ...rows.map(line)].map((text) => `${text}\n`).join("");
}

function summaryLine(discovery: BedrockDiscovery): string {
	const notes = [discovery.fromCache && !discovery.stale && "cached", discovery.stale && "stale", discovery.partial && "partial"].filter(Boolean);
	const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
	return `${discovery.models.length} models in ${discovery.region}${suffix}`;
}

// ---- doctor --------------------------------------------------------------------------------

interface Check {
	name: string;
	ok: boolean;
	detail: string;
}

async function doctor(values: Record<string, unknown>): Promise<number> {
	const options = connectionOptions(values);
	const credentials = await detectCredentials({ region: options.region, profile: options.profile, bearerToken: options.bearerToken });
	const discovery = await discoverBedrockModels({ ...options, refreshInterval: 0 });
	const out = (label: string, text: string) => process.stdout.write(`${label.padEnd(13)} ${text}\n`);
	out("Credentials", describeCredentials(credentials));
	const target = resolveTarget({ region: options.region, profile: options.profile, endpoint: options.endpoint });
	out("Region", `${target.region} (from ${describeRegionSource(target)})`);
	out("Endpoint", describeEndpoint(options, target));
	const checks = [
		listingCheck("ListFoundationModels", discovery),
		listingCheck("ListInferenceProfiles", discovery),
		await converseStreamCheck(values.model as string | undefined, discovery, options),
	];
	for (const check of checks) out(check.ok ? "ok" : "FAIL", `${check.name.padEnd(22)} ${check.detail}`);
	return checks.every((check) => check.ok) ? 0 : 1;
}

function describeCredentials(report: CredentialReport): string {
	if (report.source === "none") return "none found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK)";
	const via = [report.envVar, report.profile && `profile ${report.profile}`].filter(Boolean).join(", ");
	const status = report.detected ? "" : ` — not usable: ${report.error ?? "unknown error"}`;
	return `${report.source}${via ? ` (${via})` : ""}${status}`;
}

function describeRegionSource(target: NativeTarget): string {
	return target.regionSource === "option" ? "--region" : target.regionSource;
}

function describeEndpoint(options: DiscoveryOptions, target: NativeTarget): string {
	if (options.endpoint) return `${withoutUserinfo(options.endpoint)} (--endpoint)`;
	return `${withoutUserinfo(target.controlEndpoint)} (control plane), ${withoutUserinfo(target.runtimeEndpoint)} (runtime)`;
}

/** A URL without its `user:password@` part: an endpoint may embed a password (a proxy's login). */
export function withoutUserinfo(url: string): string {
	return url.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, "$1");
}

function listingCheck(operation: string, discovery: BedrockDiscovery): Check {
	// A setup failure (no credentials) stopped every listing.
	const error = discovery.errors.find((e) => e.operation === operation) ?? discovery.errors.find((e) => !e.operation.startsWith("List"));
	return error ? { name: operation, ok: false, detail: failureDetail(operation, error) } : { name: operation, ok: true, detail: "allowed" };
}

function failureDetail(operation: string, error: Pick<DiscoveryError, "code" | "message">): string {
	const permission = error.code === "AccessDeniedException" ? permissionFor(operation) : undefined;
	return `${error.code}: ${error.message}${permission ? ` — missing permission ${permission}` : ""}`;
}

/** A one-line request to one model, cancelled as soon as Bedrock accepts it. */
async function converseStreamCheck(modelId: string | undefined, discovery: BedrockDiscovery, options: DiscoveryOptions): Promise<Check> {
	const name = "ConverseStream";
	const model = modelId ?? discovery.models[0]?.id;
	if (model === undefined) return { name, ok: false, detail: "not tried: no model was discovered (pass --model ID)" };
	const request = { modelId: model, messages: [{ role: "user", content: [{ text: "Reply with OK." }] }], inferenceConfig: { maxTokens: 16 } };
	const { batches, abort } = openEventBatches(request, { ...options, maxAttempts: 1 });
	try {
		for await (const batch of batches) {
			for (const event of batch) {
				if (event.type === "error") return { name, ok: false, detail: `${model}: ${failureDetail(name, event)}` };
				if (event.type === "response") return { name, ok: true, detail: `${model} accepted the request (HTTP ${event.httpStatus})` };
			}
		}
		return { name, ok: false, detail: `${model}: the stream ended without a response` };
	} finally {
		abort();
	}
}

function isMainModule(): boolean {
	if (!process.argv[1]) return false;
	return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
}

if (isMainModule()) process.exitCode = await main(process.argv.slice(2));
