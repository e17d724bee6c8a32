// The part of pi-ai 1.x's provider surface (`Provider`, `ProviderAuth`, `RefreshModelsContext`,
// credentials and the 1.x model fields) that the amazon-bedrock provider implements, declared
// here so that neither the package nor its .d.ts needs any pi-ai package: TypeScript checks
// these structurally against pi-ai's own (__test__/pi-typecheck.test.mjs).
/** Provider-scoped environment: overrides the process environment for one provider's calls. */
export type ProviderEnv = Record<string, string>;

export interface ApiKeyCredential {
	type: "api_key";
	/** For Bedrock: a bearer token (Bedrock API key). */
	key?: string;
	env?: ProviderEnv;
}

export interface OAuthCredential {
	type: "oauth";
	refresh: string;
	access: string;
	expires: number;
	[key: string]: unknown;
}

export type Credential = ApiKeyCredential | OAuthCredential;

/** How pi reads the environment for auth (the process environment, or a host's own). */
export interface AuthContext {
	env(name: string): Promise<string | undefined>;
	fileExists(path: string): Promise<boolean>;
}

export interface AuthResult {
	auth: { apiKey?: string; headers?: Record<string, string | null>; baseUrl?: string };
	env?: ProviderEnv;
	/** Where the credentials come from, for status lines: never the credential itself. */
	source?: string;
}

export interface AuthCheck {
	source?: string;
	type: "api_key" | "oauth";
}

export type AuthPrompt = { signal?: AbortSignal } & (
	| { type: "text"; message: string; placeholder?: string }
	| { type: "secret"; message: string; placeholder?: string }
	| { type: "select"; message: string; options: readonly { id: string; label: string; description?: string }[] }
	| { type: "manual_code"; message: string; placeholder?: string }
);

export type AuthEvent =
	| { type: "info"; message: string; links?: readonly { url: string; label?: string }[] }
	| { type: "progress"; message: string };

export interface ProviderAuthInteraction {
	signal: AbortSignal;
	prompt(prompt: AuthPrompt): Promise<string>;
	notify(event: AuthEvent): void;
}

export interface ApiKeyAuthInput {
	ctx: AuthContext;
	credential?: ApiKeyCredential;
	signal: AbortSignal;
}

export interface ApiKeyAuth {
	name: string;
	login?(interaction: ProviderAuthInteraction): Promise<ApiKeyCredential>;
	check?(input: ApiKeyAuthInput): Promise<AuthCheck | undefined>;
	resolve(input: ApiKeyAuthInput): Promise<AuthResult | undefined>;
}

export interface ProviderAuth {
	apiKey?: ApiKeyAuth;
}

export type PiThinkingLevel = "off" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max";

/** pi-ai 1.x pricing above a prompt size. */
export interface CostTier {
	inputTokensAbove: number;
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
}

export interface ImageResizeOptions {
	maxWidth?: number;
	maxHeight?: number;
	maxBytes?: number;
	jpegQuality?: number;
}

export interface InputLimits {
	maxRequestBytes?: number;
	images?: { resize?: ImageResizeOptions; maxPerMessage?: number; maxPerRequest?: number };
}

/**
 * A Bedrock chat model as pi-ai 1.x lists it (0.73's fields plus 1.x's `type`, `compat`,
 * `inputLimits`, `promptCache`, `thinkingLevelMap` and cost tiers), kept as the catalogue has it.
 */
export interface PiBedrockModel {
	id: string;
	name: string;
	api: "bedrock-converse-stream";
	provider: string;
	baseUrl: string;
	reasoning: boolean;
	input: ("text" | "image")[];
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number; tiers?: CostTier[] };
	contextWindow: number;
	maxTokens: number;
	headers?: Record<string, string>;
	type?: "chat";
	compat?: { supportsStrictMode?: boolean };
	thinkingLevelMap?: Partial<Record<PiThinkingLevel, string | null>>;
	inputLimits?: InputLimits;
	promptCache?: { short?: number; long?: number };
}

export interface ModelsStoreEntry {
	models: readonly { provider: string; id: string }[];
	lastModified?: number;
	checkedAt?: number;
	etag?: string;
}

export interface RefreshModelsContext {
	credential?: Credential;
	stored?: Readonly<ModelsStoreEntry>;
	/** Resolves false when a newer refresh superseded this one: nothing more may be published. */
	publish(publication: { persist?: ModelsStoreEntry | null; update?: () => void }): Promise<boolean>;
	allowNetwork: boolean;
	force?: boolean;
	signal: AbortSignal;
	/** The provider's base URL with configuration overrides (models.json) applied. */
	baseUrl?: string;
}
