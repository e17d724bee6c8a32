// The package entry: the pi-ai provider, its registration, discovery, and the low-level native call.
export { BedrockError, converseStream, type NativeStreamOptions } from "./native/stream.js";
export type { ConverseEvent } from "./native/wire.js";
export { countTokens, type TokenCount } from "./native/count-tokens.js";
export { countContextTokens } from "./provider/count-tokens.js";
export { NativeBindingError } from "./native/binding-error.js";
export {
	type BedrockProviderModule,
	bedrockProviderModule,
	streamBedrock,
	streamSimpleBedrock,
} from "./provider/entry.js";
export { type PiAiModuleWithBedrockOverride, registerBedrockNative } from "./hosts/pi-ai.js";
export type { AssistantMessageEventStream } from "./response/event-stream.js";
/** pi-ai's event protocol, for callers typing against it without any pi-ai package. */
export type {
	AssistantMessage,
	AssistantMessageEvent,
	Context,
	FinalAssistantMessage,
	Message,
	Model,
	SimpleStreamOptions,
	StopReason,
	StreamOptions,
	SystemMessage,
	ThinkingLevel,
	Tool,
	ToolCall,
	Usage,
} from "./protocol/types.js";
export type { BedrockNativeOptions, BedrockOptions } from "./request/options.js";
export { buildConverseRequest } from "./request/build.js";
export type { ConverseStreamRequest } from "./request/types.js";
export { BEDROCK_DIAGNOSTIC_TYPE, type BedrockResponseDetails } from "./response/diagnostics.js";
export type { BedrockCitation, CitationLocation, CitedTextContent } from "./response/citations.js";
export type {
	CachePointContent,
	DocumentContent,
	S3ImageContent,
	UserContentExtension,
	VideoContent,
} from "./request/content-extensions.js";
export {
	type BedrockDiscovery,
	type DiscoveredBedrockModel,
	type DiscoveryError,
	type DiscoveryOptions,
	type ModelSource,
	discoverBedrockModels,
	discoverModels,
	toPiAiModel,
} from "./discovery/discovery.js";
export {
	type CredentialOptions,
	type CredentialReport,
	type CredentialSource,
	type RegionSource,
	detectCredentials,
} from "./discovery/credentials.js";
export {
	type BedrockDiscoveryConfig,
	type BedrockProviderEntry,
	type OpenClawConfig,
	type OpenClawModelDefinition,
	type ResolveOptions,
	resolveBedrockProvider,
} from "./discovery/openclaw-config.js";
export {
	type AmazonBedrockProvider,
	type AmazonBedrockProviderOptions,
	AMAZON_BEDROCK_PROVIDER_ID,
	amazonBedrockProvider,
} from "./hosts/pi-provider.js";
export type { PiBedrockModel } from "./hosts/pi-provider-types.js";
