// pi-ai 1.6's `identity` as the text its Bedrock provider appends to the AWS SDK's User-Agent:
// `pi` (short), `pi/<version>` (detailed, the default mode), or the custom value. The SDK
// reduces the detailed form to name and version, and so do we. Without an identity nothing is
// appended: bedrock-native does not claim to be a pi-ai version it is not.
import type { ClientIdentity } from "../protocol/types.js";

export function userAgentSuffix(identity: ClientIdentity | undefined): string | undefined {
	if (identity === undefined) return undefined;
	const mode = identity.userAgent ?? "detailed";
	if (typeof mode === "object") return mode.custom;
	if (mode === "short" || identity.version === undefined) return "pi";
	return `pi/${identity.version}`;
}
