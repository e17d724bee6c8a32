// The package entry: the pi-ai provider, its registration, discovery, and the low-level native call.
export { BedrockError, converseStream, type ConverseEvent, type NativeStreamOptions } from "./native.js";
export { NativeBindingError } from "./native-binding.js";
export {
	type BedrockProviderModule,
	bedrockProviderModule,
	type PiAiModuleWithBedrockOverride,
	registerBedrockNative,
	streamBedrock,
	streamSimpleBedrock,
} from "./bedrock-provider.js";
export type { BedrockNativeOptions, BedrockOptions } from "./options.js";
export { buildConverseRequest, type ConverseStreamRequest } from "./messages.js";
export { BEDROCK_DIAGNOSTIC_TYPE, type BedrockResponseDetails } from "./diagnostics.js";
export type {
	CachePointContent,
	DocumentContent,
	S3ImageContent,
	UserContentExtension,
	VideoContent,
} from "./content-extensions.js";
export {
	type BedrockDiscovery,
	type DiscoveredBedrockModel,
	type DiscoveryError,
	type DiscoveryOptions,
	type ModelSource,
	clearDiscoveryCache,
	discoverBedrockModels,
	discoverModels,
	setDiscoveryClock,
	toPiAiModel,
} from "./discovery.js";
export { type CredentialOptions, type CredentialReport, type CredentialSource, type RegionSource, detectCredentials } from "./credentials.js";
export {
	type BedrockDiscoveryConfig,
	type BedrockProviderEntry,
	type OpenClawConfig,
	type OpenClawModelDefinition,
	type ResolveOptions,
	resolveBedrockProvider,
} from "./openclaw.js";
