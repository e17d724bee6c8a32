// Credentials a host hands over with a request, as the native client takes them. pi-ai 1.x
// passes a stored Bedrock API key (what /login saves) as `apiKey` and provider-scoped settings
// (`/login` → AWS profile, models.json `env`) as `env`, which override the process environment
// for that call.

/** Strings callers put where a key goes to mean "authenticated some other way" (as src/settings.rs). */
const TOKEN_PLACEHOLDERS = new Set(["<authenticated>", "__aws_sdk_auth__"]);

export interface HostCredentialInput {
	bearerToken?: string;
	profile?: string;
	region?: string;
	apiKey?: string;
	env?: Record<string, string | undefined>;
}

export interface HostCredentials {
	bearerToken?: string;
	profile?: string;
	region?: string;
}

function realToken(value: string | undefined): string | undefined {
	return value && !TOKEN_PLACEHOLDERS.has(value) ? value : undefined;
}

/**
 * Explicit Bedrock options win, then the provider-scoped `env`, then `apiKey` (a non-placeholder
 * value is a Bedrock bearer token); what is left undefined the native side reads from the process.
 */
export function hostCredentials(options: HostCredentialInput): HostCredentials {
	const env = options.env ?? {};
	return {
		bearerToken: realToken(options.bearerToken) ?? realToken(env.AWS_BEARER_TOKEN_BEDROCK) ?? realToken(options.apiKey),
		profile: options.profile || env.AWS_PROFILE || undefined,
		region: options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
	};
}
