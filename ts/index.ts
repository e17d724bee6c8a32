// The package entry: the pi-ai provider, its registration, discovery, and the low-level native call.
export { BedrockError, converseStream, type ConverseEvent, type NativeStreamOptions } from "./native.js";
export { streamBedrock, streamSimpleBedrock } from "./provider.js";
export { bedrockProviderModule, registerBedrockNative, type BedrockProviderModule, type PiAiModuleWithBedrockOverride } from "./register.js";
export type { BedrockNativeOptions, BedrockOptions } from "./options.js";
export { buildConverseRequest, type ConverseStreamRequest } from "./messages.js";
