// Installing the native provider into pi-ai. `setBedrockProviderModule` replaces the lazily
// imported TypeScript provider and survives `resetApiProviders()`; the module carries both
// key spellings: `streamBedrock`/`streamSimpleBedrock` (@mariozechner/pi-ai 0.73.1) and
// `stream`/`streamSimple` (@earendil-works/pi-ai).
import { streamBedrock, streamSimpleBedrock } from "./provider.js";

export const bedrockProviderModule = {
	streamBedrock,
	streamSimpleBedrock,
	stream: streamBedrock,
	streamSimple: streamSimpleBedrock,
};

export type BedrockProviderModule = typeof bedrockProviderModule;

/** The part of a pi-ai module (root entry, or `@earendil-works/pi-ai/compat`) used here. */
export interface PiAiModuleWithBedrockOverride {
	setBedrockProviderModule(module: BedrockProviderModule): void;
}

export function registerBedrockNative(piAiModule: PiAiModuleWithBedrockOverride): void {
	piAiModule.setBedrockProviderModule(bedrockProviderModule);
}
