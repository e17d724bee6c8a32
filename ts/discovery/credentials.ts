// Which AWS credentials and region a Bedrock call would use, found natively by probing the real
// credential chain (environment, profile / SSO / process, web identity, container, EC2 instance
// metadata), and reported without any secret.
import { native, type NativeCredentialOptions, type NativeCredentialReport, type WithCallerEnvironment, withCallerEnvironment } from "../native/binding.js";
import { checkOptions, CONNECTION_OPTION_RULES } from "../native/option-checks.js";

/** What `detectCredentials` reports: the generated declaration of the native result. */
export type CredentialReport = NativeCredentialReport;
export type CredentialSource = CredentialReport["source"];
export type RegionSource = CredentialReport["regionSource"];

/** Region, profile, bearer token, skip-auth and `env` (variables over the process environment, part of the cache key). */
export type CredentialOptions = WithCallerEnvironment<NativeCredentialOptions>;

/** Detects credentials; the result is cached for a few minutes per environment. */
export async function detectCredentials(options: CredentialOptions = {}): Promise<CredentialReport> {
	const checked = checkOptions<CredentialOptions>(options, CONNECTION_OPTION_RULES);
	if (!checked.ok) return { detected: false, source: "none", region: "", regionSource: "default", error: checked.problem };
	return native().detectCredentials(withCallerEnvironment(checked.options));
}
