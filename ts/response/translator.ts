// Converse stream events → pi-ai `AssistantMessageEvent`s, reproducing pi-ai 0.73.1's
// provider: one mutable `output` shared by every event as `partial`, `contentIndex` counted in
// pi's content order, text/thinking blocks created lazily on their first delta, and the scratch
// fields `index`/`partialJson` visible while a block streams. Beyond pi-ai: redacted reasoning
// is kept, stop reasons are mapped deliberately (stop-reasons.ts), renamed tools get their pi
// name back, and the final message carries a diagnostics entry (diagnostics.ts).
import type { AssistantMessage, TextContent, ThinkingContent, Usage } from "@mariozechner/pi-ai";
import { appendCitation } from "./citations.js";
import type { AssistantMessageEventStream } from "./event-stream.js";
import { appendBedrockDiagnostic, type BedrockResponseDetails } from "./diagnostics.js";
import { formatBedrockError, isContextOverflowError } from "./error-text.js";
import type { BedrockModel } from "../models.js";
import { BedrockError } from "../native/stream.js";
import type { ConverseEvent, Usage as ConverseUsage } from "../native/wire.js";
import { interpretStopReason } from "./stop-reasons.js";
import { appendToolInput, createStreamingToolCall, type StreamingToolCall, settleToolArguments } from "./tool-json.js";

type Block = ((TextContent | ThinkingContent) & { index?: number; partialJson?: string }) | StreamingToolCall;
type EventOf<T extends ConverseEvent["type"]> = Extract<ConverseEvent, { type: T }>;

/** What pi-ai's Anthropic provider shows for redacted thinking; the bytes are in the signature. */
const REDACTED_THINKING_TEXT = "[Reasoning redacted]";

/** A failure that is no exception from AWS: a stop reason that ends the turn as an error. */
class StopReasonError extends Error {
	constructor(
		message: string,
		readonly retryable: boolean,
		readonly contextOverflow: boolean,
	) {
		super(message);
	}
}

/** 1h cache writes cost twice the input price; pi-ai prices every write at the 5m rate. */
const ONE_HOUR_WRITE_PRICE_FACTOR = 2;

export function createEmptyOutput(model: BedrockModel): AssistantMessage {
	return {
		role: "assistant",
		content: [],
		api: "bedrock-converse-stream",
		provider: model.provider,
		model: model.id,
		usage: {
			input: 0,
			output: 0,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 0,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
		},
		stopReason: "stop",
		timestamp: Date.now(),
	};
}

export class ConverseEventTranslator {
	readonly output: AssistantMessage;
	/** Bedrock tool name → pi name, for the tools renamed on the way out (tool-names.ts). */
	renamedTools: ReadonlyMap<string, string> = new Map();
	private readonly details: BedrockResponseDetails = {};

	constructor(
		private readonly model: BedrockModel,
		private readonly stream: AssistantMessageEventStream,
	) {
		this.output = createEmptyOutput(model);
	}

	private get blocks(): Block[] {
		return this.output.content as Block[];
	}

	/** Applies one event; an `error` event (and a non-assistant message) throws. */
	handle(event: ConverseEvent): void {
		switch (event.type) {
			case "response":
			case "retry":
				this.details.requestId = event.requestId;
				this.details.attempts = event.attempts;
				break;
			case "messageStart":
				if (event.role !== "assistant") {
					throw new Error("Unexpected assistant message start but got user message start instead");
				}
				this.stream.push({ type: "start", partial: this.output });
				break;
			case "contentBlockStart":
				this.startBlock(event);
				break;
			case "contentBlockDelta":
				this.applyDelta(event);
				break;
			case "contentBlockStop":
				this.stopBlock(event);
				break;
			case "messageStop":
				this.details.stopReason = event.stopReason;
				this.details.additionalModelResponseFields = event.additionalModelResponseFields;
				break;
			case "metadata":
				this.applyMetadata(event);
				break;
			case "error":
				throw new BedrockError(event);
			// Unknown events are ignored like the SDK's.
		}
	}

	/** After the last event: `done`, or throws when the stream was aborted or the stop reason is a failure. */
	complete(aborted: boolean): void {
		if (aborted) throw new Error("Request was aborted");
		const outcome = interpretStopReason(this.details.stopReason, {
			hasToolCalls: this.blocks.some((block) => block.type === "toolCall"),
			hasContent: this.blocks.length > 0,
		});
		if (outcome.stopReason === "error") {
			throw new StopReasonError(outcome.errorMessage, outcome.retryable, outcome.contextOverflow === true);
		}
		this.output.stopReason = outcome.stopReason;
		if (outcome.contextOverflow) this.details.contextOverflow = true;
		// A tool call that never got its stop keeps its scratch fields, as in pi-ai; its arguments
		// become plain data so the final message is an ordinary object.
		for (const block of this.blocks) if (block.type === "toolCall") settleToolArguments(block);
		appendBedrockDiagnostic(this.output, this.details);
		this.stream.push({ type: "done", reason: outcome.stopReason, message: this.output });
		this.stream.end();
	}

	/** Ends the stream with an `error` event; partial content is kept, scratch fields dropped. */
	fail(error: unknown, aborted: boolean): void {
		for (const block of this.blocks) {
			if (block.type === "toolCall") settleToolArguments(block);
			delete block.index;
			delete block.partialJson;
		}
		this.output.stopReason = aborted ? "aborted" : "error";
		this.output.errorMessage = this.describeFailure(error);
		appendBedrockDiagnostic(this.output, this.details, error instanceof Error ? error : undefined);
		this.stream.push({ type: "error", reason: this.output.stopReason, error: this.output });
		this.stream.end();
	}

	/** The message text, with the failure's retryability and cause noted in the diagnostics. */
	private describeFailure(error: unknown): string {
		if (error instanceof BedrockError) {
			this.details.errorCode = error.code;
			this.details.retryable = error.retryable;
			this.details.requestId ??= error.requestId;
			if (isContextOverflowError(error)) this.details.contextOverflow = true;
			return formatBedrockError(error);
		}
		if (error instanceof StopReasonError) {
			this.details.retryable = error.retryable;
			if (error.contextOverflow) this.details.contextOverflow = true;
			return error.message;
		}
		return error instanceof Error ? error.message : JSON.stringify(error);
	}

	private findBlock(contentBlockIndex: number): number {
		return this.blocks.findIndex((block) => block.index === contentBlockIndex);
	}

	private addBlock(block: Block): number {
		this.blocks.push(block);
		return this.blocks.length - 1;
	}

	/** Only tool calls announce themselves; text and thinking start with their first delta. */
	private startBlock(event: EventOf<"contentBlockStart">): void {
		const toolUse = event.start?.toolUse;
		if (!toolUse) return;
		const name = toolUse.name || "";
		const block = createStreamingToolCall(toolUse.toolUseId || "", this.renamedTools.get(name) ?? name, event.contentBlockIndex);
		const contentIndex = this.addBlock(block);
		this.stream.push({ type: "toolcall_start", contentIndex, partial: this.output });
	}

	private applyDelta(event: EventOf<"contentBlockDelta">): void {
		const delta = event.delta;
		let contentIndex = this.findBlock(event.contentBlockIndex);
		// A citation belongs to the text block it cites, which it may open like a text delta.
		if (delta?.text !== undefined || delta?.citation) {
			if (contentIndex < 0) {
				contentIndex = this.addBlock({ type: "text", text: "", index: event.contentBlockIndex });
				this.stream.push({ type: "text_start", contentIndex, partial: this.output });
			}
			const block = this.blocks[contentIndex];
			if (block.type !== "text") return;
			if (delta.citation) return appendCitation(block, delta.citation);
			const text = delta.text ?? "";
			block.text += text;
			this.stream.push({ type: "text_delta", contentIndex, delta: text, partial: this.output });
		} else if (delta?.toolUse && this.blocks[contentIndex]?.type === "toolCall") {
			const fragment = delta.toolUse.input || "";
			appendToolInput(this.blocks[contentIndex] as StreamingToolCall, fragment);
			this.stream.push({ type: "toolcall_delta", contentIndex, delta: fragment, partial: this.output });
		} else if (delta?.reasoningContent) {
			if (contentIndex < 0) {
				const block: Block = { type: "thinking", thinking: "", thinkingSignature: "", index: event.contentBlockIndex };
				contentIndex = this.addBlock(block);
				this.stream.push({ type: "thinking_start", contentIndex, partial: this.output });
			}
			const block = this.blocks[contentIndex];
			if (block.type !== "thinking") return;
			const { text, signature, redactedContent } = delta.reasoningContent;
			if (text) {
				block.thinking += text;
				this.stream.push({ type: "thinking_delta", contentIndex, delta: text, partial: this.output });
			}
			// Signatures may arrive in pieces; no event, as in pi-ai.
			if (signature) block.thinkingSignature = (block.thinkingSignature || "") + signature;
			if (redactedContent) appendRedactedContent(block, redactedContent);
		}
	}

	private stopBlock(event: EventOf<"contentBlockStop">): void {
		const contentIndex = this.findBlock(event.contentBlockIndex);
		const block = this.blocks[contentIndex];
		if (!block) return;
		delete block.index;
		switch (block.type) {
			case "text":
				this.stream.push({ type: "text_end", contentIndex, content: block.text, partial: this.output });
				break;
			case "thinking":
				this.stream.push({ type: "thinking_end", contentIndex, content: block.thinking, partial: this.output });
				break;
			case "toolCall":
				settleToolArguments(block);
				delete block.partialJson;
				this.stream.push({ type: "toolcall_end", contentIndex, toolCall: block, partial: this.output });
				break;
		}
	}

	private applyMetadata(event: EventOf<"metadata">): void {
		this.details.latencyMs = event.metrics?.latencyMs;
		this.details.serviceTier = event.serviceTier?.type;
		this.details.performanceConfig = event.performanceConfig;
		this.details.trace = event.trace;
		if (event.usage) this.applyUsage(event.usage);
	}

	private applyUsage(usage: ConverseUsage): void {
		const target = this.output.usage;
		target.input = usage.inputTokens || 0;
		target.output = usage.outputTokens || 0;
		target.cacheRead = usage.cacheReadInputTokens || 0;
		target.cacheWrite = usage.cacheWriteInputTokens || 0;
		target.totalTokens = usage.totalTokens || target.input + target.output;
		priceUsage(this.model, target);
		if (usage.cacheDetails?.length) {
			const oneHour = usage.cacheDetails.filter((detail) => detail.ttl === "1h").reduce((sum, detail) => sum + detail.inputTokens, 0);
			this.details.cacheWriteTokens = { "5m": target.cacheWrite - oneHour, "1h": oneHour };
			priceOneHourWrites(this.model, target, oneHour);
		}
	}
}

/**
 * Redacted reasoning is opaque bytes that must go back unchanged: stored base64 in
 * `thinkingSignature` with `redacted: true`, as pi-ai's Anthropic provider does. Chunks are
 * joined as bytes (concatenating padded base64 strings would corrupt them).
 */
function appendRedactedContent(block: ThinkingContent, chunkBase64: string): void {
	const bytes = Buffer.concat([Buffer.from(block.thinkingSignature || "", "base64"), Buffer.from(chunkBase64, "base64")]);
	block.thinkingSignature = bytes.toString("base64");
	block.thinking = REDACTED_THINKING_TEXT;
	block.redacted = true;
}

/** pi-ai's `calculateCost`: the model's prices are per million tokens. */
function priceUsage(model: BedrockModel, usage: Usage): void {
	usage.cost.input = (model.cost.input / 1_000_000) * usage.input;
	usage.cost.output = (model.cost.output / 1_000_000) * usage.output;
	usage.cost.cacheRead = (model.cost.cacheRead / 1_000_000) * usage.cacheRead;
	usage.cost.cacheWrite = (model.cost.cacheWrite / 1_000_000) * usage.cacheWrite;
	sumCost(usage);
}

function priceOneHourWrites(model: BedrockModel, usage: Usage, oneHourTokens: number): void {
	if (oneHourTokens === 0) return;
	const fiveMinuteTokens = usage.cacheWrite - oneHourTokens;
	usage.cost.cacheWrite =
		(model.cost.cacheWrite * fiveMinuteTokens + model.cost.input * ONE_HOUR_WRITE_PRICE_FACTOR * oneHourTokens) / 1_000_000;
	sumCost(usage);
}

function sumCost(usage: Usage): void {
	usage.cost.total = usage.cost.input + usage.cost.output + usage.cost.cacheRead + usage.cost.cacheWrite;
}
