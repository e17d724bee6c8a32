// The Converse request in the AWS SDK's JS shape (camelCase keys, bytes as Uint8Array): what
// `onPayload` sees, as pi-ai 0.73.1 shows it.
import type { CachePointBlock } from "./cache-points.js";
import type { ExtensionBlock } from "./content-extensions.js";
import type { BedrockNativeOptions } from "./options.js";

export type ImageFormat = "jpeg" | "png" | "gif" | "webp";

export interface ImageBlock {
	format: ImageFormat;
	source: { bytes: Uint8Array } | { s3Location: { uri: string; bucketOwner?: string } };
}
export type ToolResultContentBlock = { text: string } | { image: ImageBlock };
export type ReasoningBlock = {
	reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: Uint8Array };
};
export type ConverseContentBlock =
	| { text: string }
	| { image: ImageBlock }
	| { toolUse: { toolUseId: string; name: string; input: unknown } }
	| { toolResult: { toolUseId: string; content: ToolResultContentBlock[]; status: "error" | "success" } }
	| ReasoningBlock
	| ExtensionBlock;
export interface ConverseMessage {
	role: "user" | "assistant";
	content: ConverseContentBlock[];
}
export type ConverseToolChoice = { auto: {} } | { any: {} } | { tool: { name: string } };
export type ConverseTool =
	| { toolSpec: { name: string; description: string; inputSchema: { json: unknown }; strict?: true } }
	| CachePointBlock;
export interface ConverseToolConfig {
	tools: ConverseTool[];
	toolChoice?: ConverseToolChoice;
}
export interface InferenceConfig {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	stopSequences?: string[];
}

/** The ConverseStream input handed to `onPayload` (undefined fields are left out on the wire). */
export interface ConverseStreamRequest {
	modelId: string;
	messages: ConverseMessage[];
	system: ({ text: string } | CachePointBlock)[] | undefined;
	inferenceConfig: InferenceConfig;
	toolConfig: ConverseToolConfig | undefined;
	additionalModelRequestFields: Record<string, unknown> | undefined;
	additionalModelResponseFieldPaths?: string[];
	requestMetadata?: Record<string, string>;
	guardrailConfig?: BedrockNativeOptions["guardrailConfig"];
	serviceTier?: { type: NonNullable<BedrockNativeOptions["serviceTier"]> };
	performanceConfig?: BedrockNativeOptions["performanceConfig"];
	outputConfig?: Record<string, unknown>;
}
