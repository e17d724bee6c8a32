// The `amazon-bedrock` provider entry for an OpenClaw config: discovery configured by
// `models.bedrockDiscovery` (and by the plugin's `plugins.entries["amazon-bedrock"].config.discovery`,
// whose keys win), merged with the models configured by hand.
import { detectCredentials } from "./credentials.js";
import { type DiscoveryOptions, describeDiscoveryError, discoverBedrockModels } from "./discovery.js";
import { openClawModelExtras } from "./openclaw-model-extras.js";

export const BEDROCK_PROVIDER_ID = "amazon-bedrock";

/** OpenClaw's `models.bedrockDiscovery`. */
export interface BedrockDiscoveryConfig {
	/** Default: true when AWS credentials are detected. */
	enabled?: boolean;
	region?: string;
	providerFilter?: string[];
	/** Seconds; 0 disables caching. Default 3600. */
	refreshInterval?: number;
	defaultContextWindow?: number;
	defaultMaxTokens?: number;
	includeInferenceProfiles?: boolean;
}

/** A model as OpenClaw's config lists it. */
export interface OpenClawModelDefinition {
	id: string;
	name?: string;
	reasoning?: boolean;
	input?: ("text" | "image")[];
	cost?: { input: number; output: number; cacheRead: number; cacheWrite: number };
	contextWindow?: number;
	maxTokens?: number;
	[key: string]: unknown;
}

export interface OpenClawProviderConfig {
	baseUrl?: string;
	api?: string;
	auth?: string;
	models?: OpenClawModelDefinition[];
	[key: string]: unknown;
}

/** The parts of an OpenClaw config read here. */
export interface OpenClawConfig {
	models?: {
		bedrockDiscovery?: BedrockDiscoveryConfig;
		providers?: Record<string, OpenClawProviderConfig | undefined>;
	};
	plugins?: { entries?: Record<string, { config?: { discovery?: BedrockDiscoveryConfig } } | undefined> };
}

export interface BedrockProviderEntry {
	baseUrl: string;
	api: "bedrock-converse-stream";
	auth: "aws-sdk";
	models: OpenClawModelDefinition[];
}

export interface ResolveOptions {
	/** Bedrock control-plane endpoint (tests, VPC endpoints). */
	endpoint?: string;
	profile?: string;
	/** The environment the host hands over (OpenClaw's `ctx.env`), over the process environment. */
	env?: Readonly<Record<string, string | undefined>>;
	/** Told about partial or stale discoveries (which listing failed and why). */
	warn?: (message: string) => void;
}

/**
 * The provider entry, or `undefined` when there is nothing to offer (discovery off or without
 * credentials, and no models configured by hand).
 */
export async function resolveBedrockProvider(config: OpenClawConfig, options: ResolveOptions = {}): Promise<BedrockProviderEntry | undefined> {
	const discoveryConfig = discoveryConfigOf(config);
	const explicit = config.models?.providers?.[BEDROCK_PROVIDER_ID];
	const enabled = discoveryConfig.enabled ?? (await credentialsPresent(discoveryConfig, options));
	const discovery = enabled ? await discoverBedrockModels(discoveryOptions(discoveryConfig, options)) : undefined;
	if (discovery && discovery.errors.length > 0) {
		const state = discovery.stale ? "serving the last complete result" : "some models may be missing";
		options.warn?.(`Bedrock discovery ${state}: ${discovery.errors.map(describeDiscoveryError).join("; ")}`);
	}
	const discovered = (discovery?.models ?? []).map((model) => ({
		id: model.id,
		name: model.name,
		reasoning: model.reasoning,
		input: model.input,
		cost: model.cost,
		contextWindow: model.contextWindow,
		maxTokens: model.maxTokens,
		...openClawModelExtras(model),
	}));
	const models = mergeModels(explicit?.models ?? [], discovered);
	const baseUrl = explicit?.baseUrl ?? discovery?.baseUrl;
	if (models.length === 0 || baseUrl === undefined) return undefined;
	return { baseUrl, api: "bedrock-converse-stream", auth: "aws-sdk", models };
}

/** `models.bedrockDiscovery`, overridden key by key by the plugin's `config.discovery`. */
export function discoveryConfigOf(config: OpenClawConfig): BedrockDiscoveryConfig {
	const fromPlugin = config.plugins?.entries?.[BEDROCK_PROVIDER_ID]?.config?.discovery ?? {};
	const fromModels = config.models?.bedrockDiscovery ?? {};
	return { ...withoutUndefined(fromModels), ...withoutUndefined(fromPlugin) };
}

/** Explicit models first, each completed by the discovered model with its id; then the rest. */
export function mergeModels(explicit: OpenClawModelDefinition[], discovered: OpenClawModelDefinition[]): OpenClawModelDefinition[] {
	const discoveredById = new Map(discovered.map((model) => [model.id, model]));
	const explicitIds = new Set(explicit.map((model) => model.id));
	return [
		...explicit.map((model) => ({ ...discoveredById.get(model.id), ...withoutUndefined(model), id: model.id })),
		...discovered.filter((model) => !explicitIds.has(model.id)),
	];
}

function discoveryOptions(config: BedrockDiscoveryConfig, options: ResolveOptions): DiscoveryOptions {
	const { enabled: _enabled, ...keys } = config;
	return { ...keys, endpoint: options.endpoint, profile: options.profile, env: options.env };
}

async function credentialsPresent(config: BedrockDiscoveryConfig, options: ResolveOptions): Promise<boolean> {
	const report = await detectCredentials({ region: config.region, profile: options.profile, env: options.env });
	return report.detected;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
