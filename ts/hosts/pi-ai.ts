// The pi-ai host adapter: `setBedrockProviderModule` replaces pi-ai's lazily imported TypeScript
// provider with ours, and the replacement survives `resetApiProviders()`.
import { type BedrockProviderModule, bedrockProviderModule } from "../provider/entry.js";

/** The part of a pi-ai module (root entry, or `@earendil-works/pi-ai/compat`) used here. */
export interface PiAiModuleWithBedrockOverride {
	setBedrockProviderModule(module: BedrockProviderModule): void;
}

export function registerBedrockNative(piAiModule: PiAiModuleWithBedrockOverride): void {
	piAiModule.setBedrockProviderModule(bedrockProviderModule);
}
