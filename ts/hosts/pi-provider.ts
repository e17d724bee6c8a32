// `amazonBedrockProvider()`: bedrock-native as a first-class pi-ai 1.x `Provider`, for
// `createModels().setProvider(...)` and pi's `pi.registerProvider(...)`. A plain object: it
// imports no pi-ai package at run time. Models are pi-ai's static catalogue merged with live
// discovery (`refreshModels`, persisted through pi's models store); auth is pi's three login
// methods over native credential detection; streaming is this package's provider.
import { type AssistantMessageEventStream, bedrockProviderModule } from "../provider/entry.js";
import { hostCredentials } from "../provider/host-credentials.js";
import { catalogueById, mergeWithCatalogue, piBedrockCatalogue } from "./pi-catalogue.js";
import { bedrockApiKeyAuth } from "./pi-auth.js";
import { discoverPiBedrockModels } from "./pi-discovery.js";
import type { PiBedrockModel, ProviderAuth, RefreshModelsContext } from "./pi-provider-types.js";
import type { Context, Model, SimpleStreamOptions } from "../protocol/types.js";
import type { BedrockNativeOptions } from "../request/options.js";

export const AMAZON_BEDROCK_PROVIDER_ID = "amazon-bedrock";

export interface AmazonBedrockProviderOptions {
	/** Provider name shown by hosts. Default "Amazon Bedrock". */
	name?: string;
	/** Discovery restricted to these model providers (`anthropic`, `Mistral AI`, …). */
	providerFilter?: string[];
}


export interface AmazonBedrockProvider {
	readonly id: typeof AMAZON_BEDROCK_PROVIDER_ID;
	readonly name: string;
	readonly auth: ProviderAuth;
	readonly refreshModelsAuth: "credential";
	getModels(): readonly PiBedrockModel[];
	refreshModels(context: RefreshModelsContext): Promise<void>;
	/**
	 * `options` are `BedrockNativeOptions`; typed `object` here because pi-ai's `Provider<Api>` may
	 * pass any API's options type, which a narrower parameter would reject.
	 */
	stream<Stream = AssistantMessageEventStream>(model: Model, context: Context, options?: BedrockNativeOptions | object): Stream;
	streamSimple<Stream = AssistantMessageEventStream>(model: Model, context: Context, options?: SimpleStreamOptions): Stream;
}

/** Restored or discovered models of this provider kept from a models-store entry. */
function ownModels(entry: RefreshModelsContext["stored"]): PiBedrockModel[] {
	return (entry?.models ?? []).filter((model) => model.provider === AMAZON_BEDROCK_PROVIDER_ID) as unknown as PiBedrockModel[];
}

export function amazonBedrockProvider(options: AmazonBedrockProviderOptions = {}): AmazonBedrockProvider {
	let models: readonly PiBedrockModel[] = piBedrockCatalogue();

	async function refreshModels(context: RefreshModelsContext): Promise<void> {
		if (context.stored) {
			const restored = mergeWithCatalogue(ownModels(context.stored));
			if (!(await context.publish({ update: () => (models = restored) }))) return;
		}
		if (!context.allowNetwork || context.signal.aborted) return;
		const credential = context.credential?.type === "api_key" ? context.credential : undefined;
		const discovered = await discoverPiBedrockModels({
			credentials: hostCredentials({ apiKey: credential?.key, env: credential?.env }),
			baseUrl: context.baseUrl,
			force: context.force === true,
			providerFilter: options.providerFilter,
			signal: context.signal,
			catalogue: catalogueById(),
		});
		if (context.signal.aborted) return;
		const refreshed = mergeWithCatalogue(discovered.models);
		await context.publish({
			// A partial listing is shown but not stored: the next start tries again.
			persist: discovered.partial ? undefined : { models: discovered.models, checkedAt: Date.now() },
			update: () => (models = refreshed),
		});
	}

	return {
		id: AMAZON_BEDROCK_PROVIDER_ID,
		name: options.name ?? "Amazon Bedrock",
		auth: { apiKey: bedrockApiKeyAuth },
		refreshModelsAuth: "credential",
		getModels: () => models,
		refreshModels,
		stream: bedrockProviderModule.stream,
		streamSimple: bedrockProviderModule.streamSimple,
	};
}
