// The pi extension behind `pi install npm:bedrock-native` (package.json `"pi": {"extensions"}`):
// makes bedrock-native pi's `amazon-bedrock` provider. pi-coding-agent 1.x takes a whole pi-ai
// 1.x `Provider` (catalogue plus discovery, /login, streaming); 0.73 registers a stream
// function for the `bedrock-converse-stream` API and keeps its own catalogue and auth.
import { streamSimpleBedrock } from "../provider/entry.js";
import { AMAZON_BEDROCK_PROVIDER_ID, type AmazonBedrockProvider, amazonBedrockProvider } from "./pi-provider.js";

/** pi-coding-agent 0.73's provider registration. */
interface LegacyProviderConfig {
	api: "bedrock-converse-stream";
	streamSimple: typeof streamSimpleBedrock;
}

/** The part of pi's ExtensionAPI used here, in both lines. */
export interface PiExtensionApi {
	registerProvider(provider: AmazonBedrockProvider): void;
	registerProvider(name: string, config: LegacyProviderConfig): void;
	/** Only in pi-coding-agent 1.x, whose registerProvider also takes a Provider object. */
	registerVirtualModel?: unknown;
}

/** pi 1.x came with the Models runtime, which registers whole providers and virtual models. */
function takesProviderObjects(pi: PiExtensionApi): boolean {
	return typeof pi.registerVirtualModel === "function";
}

export default function bedrockNativePiExtension(pi: PiExtensionApi): void {
	if (takesProviderObjects(pi)) {
		pi.registerProvider(amazonBedrockProvider());
		return;
	}
	pi.registerProvider(AMAZON_BEDROCK_PROVIDER_ID, { api: "bedrock-converse-stream", streamSimple: streamSimpleBedrock });
}
