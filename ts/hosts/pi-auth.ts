// amazon-bedrock's `auth.apiKey` for pi-ai 1.x: the login methods of pi's built-in provider
// (bearer token, AWS profile, the existing credential chain; stored as pi stores them), and
// `check`/`resolve` backed by native credential detection, which probes the real AWS chain and
// reports where credentials come from, never the credentials themselves.
import { type CredentialReport, detectCredentials } from "../discovery/credentials.js";
import type { ApiKeyAuth, ApiKeyAuthInput, ApiKeyCredential, AuthCheck, AuthResult, ProviderAuthInteraction } from "./pi-provider-types.js";

const LOGIN_METHODS = [
	{ id: "bearer-token", label: "Bearer token" },
	{ id: "aws-profile", label: "AWS profile" },
	{ id: "credential-chain", label: "Existing AWS credential chain" },
] as const;

const STORED_CREDENTIAL = "stored credential";

async function login(interaction: ProviderAuthInteraction): Promise<ApiKeyCredential> {
	interaction.signal.throwIfAborted();
	const method = await interaction.prompt({
		type: "select",
		message: "Select Amazon Bedrock authentication method:",
		options: LOGIN_METHODS,
	});
	interaction.signal.throwIfAborted();
	if (method === "bearer-token") {
		return { type: "api_key", key: await interaction.prompt({ type: "secret", message: "Enter Amazon Bedrock bearer token" }) };
	}
	interaction.notify({
		type: "info",
		message: "Amazon Bedrock supports AWS profiles, IAM credentials, and role-based credentials.",
		links: [{ label: "AWS credential provider chain", url: "https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html" }],
	});
	if (method === "aws-profile") {
		return { type: "api_key", env: { AWS_PROFILE: await interaction.prompt({ type: "text", message: "Enter AWS profile name" }) } };
	}
	if (method !== "credential-chain") throw new Error(`Unknown Amazon Bedrock auth method: ${method}`);
	await interaction.prompt({ type: "text", message: "Configure AWS credentials, then press Enter to continue" });
	return { type: "api_key" };
}

/** What the native chain finds for a stored credential's profile and region (the process environment otherwise). */
async function detect(credential: ApiKeyCredential | undefined, signal: AbortSignal): Promise<CredentialReport> {
	signal.throwIfAborted();
	const env = credential?.env ?? {};
	const report = await detectCredentials({ profile: env.AWS_PROFILE, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION, bearerToken: env.AWS_BEARER_TOKEN_BEDROCK });
	signal.throwIfAborted();
	return report;
}

/** A status-line label: the stored credential, or the variable / chain link the credentials come from. */
function sourceLabel(credential: ApiKeyCredential | undefined, report: CredentialReport): string {
	if (credential?.env?.AWS_PROFILE || credential?.env?.AWS_BEARER_TOKEN_BEDROCK) return STORED_CREDENTIAL;
	return report.envVar ?? (report.profile ? `${report.source} (${report.profile})` : report.source);
}

async function check({ credential, signal }: ApiKeyAuthInput): Promise<AuthCheck | undefined> {
	if (credential?.key) return { type: "api_key", source: STORED_CREDENTIAL };
	const report = await detect(credential, signal);
	return report.detected ? { type: "api_key", source: sourceLabel(credential, report) } : undefined;
}

/**
 * A stored bearer token is handed on as `apiKey` (the request needs it); ambient credentials
 * stay where they are: the native side reads them itself, so only their source is returned.
 */
async function resolve({ credential, signal }: ApiKeyAuthInput): Promise<AuthResult | undefined> {
	if (credential?.key) return { auth: { apiKey: credential.key }, env: credential.env, source: STORED_CREDENTIAL };
	const report = await detect(credential, signal);
	if (!report.detected) return undefined;
	return { auth: {}, env: credential?.env, source: sourceLabel(credential, report) };
}

export const bedrockApiKeyAuth: ApiKeyAuth = {
	name: "AWS credentials or bearer token",
	login,
	check,
	resolve,
};
