// The slice of OpenClaw's plugin API (openclaw/plugin-sdk, 2026.9.6) this plugin touches, written
// out structurally so that the plugin never imports OpenClaw: its `definePluginEntry` only copies
// the fields below into a plain object.
import type { OpenClawConfig, OpenClawModelDefinition } from "../../discovery/openclaw-config.js";

/** A model as OpenClaw's runner resolves it (the catalogue's fields plus where to send it). */
export interface OpenClawRuntimeModel extends OpenClawModelDefinition {
	provider: string;
	api: string;
	baseUrl: string;
}

export interface ProviderConfigResult {
	baseUrl: string;
	api: string;
	auth: string;
	models: OpenClawModelDefinition[];
}

export interface CatalogContext {
	config: OpenClawConfig;
	env: NodeJS.ProcessEnv;
	signal?: AbortSignal;
}

export interface DynamicModelContext {
	config?: OpenClawConfig;
	provider: string;
	modelId: string;
}

export interface CreateStreamFnContext {
	provider: string;
	modelId: string;
	model: OpenClawRuntimeModel;
}

export interface SyntheticAuthContext {
	config?: OpenClawConfig;
	provider: string;
	env?: NodeJS.ProcessEnv;
}

/** What OpenClaw's auth resolution accepts as evidence that a provider can be called. */
export interface SyntheticAuthResult {
	apiKey: string;
	source: string;
	mode: "api-key";
}

/** OpenClaw's `StreamFn`: the host's model, context and options in, an event stream out. */
export type StreamFn = (model: any, context: any, options?: any) => unknown;

export interface ProviderPlugin {
	id: string;
	label: string;
	docsPath?: string;
	envVars?: string[];
	auth: never[];
	catalog: { order: "simple"; run(ctx: CatalogContext): Promise<{ provider: ProviderConfigResult } | null> };
	prepareDynamicModel(ctx: DynamicModelContext): Promise<OpenClawRuntimeModel | undefined>;
	createStreamFn(ctx: CreateStreamFnContext): StreamFn | undefined;
	prepareSyntheticAuth(ctx: SyntheticAuthContext): Promise<SyntheticAuthResult | null>;
	resolveSyntheticAuth(ctx: SyntheticAuthContext): SyntheticAuthResult | null;
}

export interface PluginLogger {
	warn(message: string): void;
}

export interface OpenClawPluginApi {
	pluginConfig?: Record<string, unknown>;
	logger?: PluginLogger;
	registerProvider(provider: ProviderPlugin): void;
}
