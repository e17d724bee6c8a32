// The demo: the fake Bedrock shipped in the package, started on 127.0.0.1 with a realistic model
// catalogue, and the CLI's own commands run against it (models list, doctor, chat) through the
// same native path that talks to AWS. No AWS account is needed.
import { detectCredentials } from "../discovery/credentials.js";
import { overrideEnvironment } from "../environment.js";

export const DEMO_PROMPT = "Hello, Bedrock! What can you do?";

/** Runs CLI argument vectors; the CLI's own `main`. */
export type CommandRunner = (argv: string[]) => Promise<number>;

export async function runDemo(run: CommandRunner, prompt = DEMO_PROMPT): Promise<number> {
	const fakeBedrock = await import(new URL("../../fake-bedrock/index.mjs", import.meta.url).href);
	const server = await fakeBedrock.startFakeBedrock({ catalog: fakeBedrock.REALISTIC_CATALOG });
	const restoreEnvironment = useFakeCredentials(fakeBedrock);
	try {
		process.stdout.write(`demo: a local fake Bedrock is serving at ${server.url} (no AWS account needed)\n`);
		const endpoint = ["--endpoint", server.url, "--region", "us-east-1"];
		let status = 0;
		for (const argv of [["models", "list", ...endpoint, "--provider", "anthropic"], ["doctor", ...endpoint], ["chat", prompt, ...endpoint]]) {
			process.stdout.write(`\n$ bedrock-native ${argv.map(quoteIfSpaced).join(" ")}\n`);
			status ||= await run(argv);
		}
		return status;
	} finally {
		restoreEnvironment();
		await server.close();
	}
}

/** Signs in with the fake server's test key pair; returns the function that puts things back. */
function useFakeCredentials(fakeBedrock: { TEST_ACCESS_KEY_ID: string; TEST_SECRET_ACCESS_KEY: string }): () => void {
	const changes: Record<string, string | undefined> = {
		AWS_ACCESS_KEY_ID: fakeBedrock.TEST_ACCESS_KEY_ID,
		AWS_SECRET_ACCESS_KEY: fakeBedrock.TEST_SECRET_ACCESS_KEY,
		AWS_SESSION_TOKEN: undefined,
		AWS_BEARER_TOKEN_BEDROCK: undefined,
		AWS_PROFILE: undefined,
		AWS_EC2_METADATA_DISABLED: "true",
	};
	return overrideEnvironment(changes);
}

/**
 * Whether credentials are configured on purpose (environment, profile files, web identity,
 * container). Instance metadata is left out: probing it off EC2 is slow, and a sandbox may
 * answer it without giving access to Bedrock.
 */
export async function hasConfiguredCredentials(): Promise<boolean> {
	const restore = overrideEnvironment({ AWS_EC2_METADATA_DISABLED: "true" });
	try {
		return (await detectCredentials()).detected;
	} finally {
		restore();
	}
}

function quoteIfSpaced(arg: string): string {
	return arg.includes(" ") ? JSON.stringify(arg) : arg;
}
