// The `bedrock-native/bedrock-provider` entry (like pi-ai's own subpath): the provider module and
// its pi-ai registration, without discovery, the CLI or anything else of the package.
export { type BedrockProviderModule, bedrockProviderModule, streamBedrock, streamSimpleBedrock } from "./provider/entry.js";
export { type PiAiModuleWithBedrockOverride, registerBedrockNative } from "./hosts/pi-ai.js";
