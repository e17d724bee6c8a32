// Which AWS credentials and region a Bedrock call would use, found natively by probing the real
// credential chain (environment, profile / SSO / process, web identity, container, EC2 instance
// metadata), and reported without any secret.
import { native } from "../native/binding.js";
import { checkOptions, CONNECTION_OPTION_RULES } from "../native/option-checks.js";

export type CredentialSource =
	| "bearer-token"
	| "skip-auth"
	| "environment"
	| "profile"
	| "sso"
	| "credential-process"
	| "assume-role"
	| "web-identity"
	| "container"
	| "imds"
	| "none";

export type RegionSource = "option" | "AWS_REGION" | "AWS_DEFAULT_REGION" | "profile" | "default";

export interface CredentialReport {
	/** Usable credentials were found. */
	detected: boolean;
	source: CredentialSource;
	/** The variable OpenClaw's seed names for this source (`AWS_BEARER_TOKEN_BEDROCK`, `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`). */
	envVar?: string;
	profile?: string;
	region: string;
	regionSource: RegionSource;
	/** Why the source that applies failed (an expired SSO session, a broken profile, ...). */
	error?: string;
}

export interface CredentialOptions {
	region?: string;
	profile?: string;
	bearerToken?: string;
	skipAuth?: boolean;
}

/** Detects credentials; the result is cached for a few minutes per environment. */
export async function detectCredentials(options: CredentialOptions = {}): Promise<CredentialReport> {
	const checked = checkOptions<CredentialOptions>(options, CONNECTION_OPTION_RULES);
	if (!checked.ok) return { detected: false, source: "none", region: "", regionSource: "default", error: checked.problem };
	return JSON.parse(await native().detectCredentials(checked.options)) as CredentialReport;
}
