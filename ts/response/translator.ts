// Converse stream events → pi-ai `AssistantMessageEvent`s, reproducing pi-ai's provider: one
// mutable `output` shared by every event as `partial`, `contentIndex` counted in pi's content
// order, text/thinking blocks created lazily on their first delta. As in pi-ai 1.6: the stop
// reason is `pending` until the stream ends, `rawStopReason` is Bedrock's own, usage carries
// `cacheWrite1h` and is priced with the model's cost tiers, redacted reasoning shows one
// "[Reasoning redacted]" delta, no parser state is visible on blocks, and finished tool
// arguments that are no object get `argumentsError`. Beyond pi-ai: stop reasons are mapped
// deliberately (stop-reasons.ts), renamed tools get their pi name back, and the final message
// carries a diagnostics entry (diagnostics.ts); citation deltas travel with their text block
// (citations.ts).
import type { AssistantMessage, FinalAssistantMessage, ThinkingContent } from "../protocol/types.js";
import { appendCitation } from "./citations.js";
import type { AssistantMessageEventStream } from "./event-stream.js";
import { appendBedrockDiagnostic, type BedrockResponseDetails } from "./diagnostics.js";
import { formatBedrockError, isContextOverflowError } from "./error-text.js";
import type { BedrockModel } from "../models.js";
import { BedrockError } from "../native/stream.js";
import type { ContentDelta, ConverseEvent, Usage as ConverseUsage } from "../native/wire.js";
import { interpretStopReason } from "./stop-reasons.js";
import { priceUsage } from "./cost.js";
import { createStreamingToolCall, type StreamingToolCall } from "./tool-json.js";

type Block = AssistantMessage["content"][number];
type EventOf<T extends ConverseEvent["type"]> = Extract<ConverseEvent, { type: T }>;

/** A content block still streaming: where it sits in pi's content, and its parser state. */
interface OpenBlock {
	contentIndex: number;
	toolCall?: StreamingToolCall;
	/** Redacted reasoning bytes so far (joined as bytes: padded base64 strings cannot be concatenated). */
	redactedChunks?: Buffer[];
}

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

export function createEmptyOutput(model: BedrockModel): AssistantMessage {
	// Safe on any value: an invalid model still gets its error message.
	const { provider, id } = (typeof model === "object" && model !== null ? model : {}) as Partial<BedrockModel>;
	return {
		role: "assistant",
		content: [],
		api: "bedrock-converse-stream",
		provider: typeof provider === "string" ? provider : "amazon-bedrock",
		model: typeof id === "string" ? id : "",
		usage: {
			input: 0,
			output: 0,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 0,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
		},
		stopReason: "pending",
		timestamp: Date.now(),
	};
}

export class ConverseEventTranslator {
	readonly output: AssistantMessage;
	/** Bedrock tool name → pi name, for the tools renamed on the way out (tool-names.ts). */
	renamedTools: ReadonlyMap<string, string> = new Map();
	private readonly details: BedrockResponseDetails = {};
	/** By Converse `contentBlockIndex`. */
	private readonly openBlocks = new Map<number, OpenBlock>();

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
				if (event.substitution) this.details.modelSubstitution = event.substitution;
				if (event.nonStreaming) this.details.nonStreaming = true;
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
				this.output.rawStopReason = event.stopReason;
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

	/** pi-ai 1.6's record of a request sent again with its "prefer" strict tools non-strict. */
	noteStrictToolFallback(refusal: string): void {
		const entry = {
			type: "bedrock_strict_tools_fallback",
			timestamp: Date.now(),
			error: { message: refusal },
			details: { reason: "strict_tool_limits_exceeded" },
		};
		this.output.diagnostics = [...(this.output.diagnostics ?? []), entry];
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
		if (outcome.contextOverflow) this.details.contextOverflow = true;
		this.settleOpenBlocks();
		appendBedrockDiagnostic(this.output, this.details);
		this.stream.push({ type: "done", reason: outcome.stopReason, message: this.finish(outcome.stopReason) });
		this.stream.end();
	}

	/** Ends the stream with an `error` event; partial content is kept. */
	fail(error: unknown, aborted: boolean): void {
		this.settleOpenBlocks();
		const reason = aborted ? "aborted" : "error";
		this.output.errorMessage = this.describeFailure(error);
		appendBedrockDiagnostic(this.output, this.details, error instanceof Error ? error : undefined);
		this.stream.push({ type: "error", reason, error: this.finish(reason) });
		this.stream.end();
	}

	/** The shared message, with its final stop reason in place of `pending`. */
	private finish(stopReason: FinalAssistantMessage["stopReason"]): FinalAssistantMessage {
		const message = this.output as FinalAssistantMessage;
		message.stopReason = stopReason;
		return message;
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

	/** Blocks the stream never stopped become plain data: arguments as read so far, redacted bytes joined. */
	private settleOpenBlocks(): void {
		for (const open of this.openBlocks.values()) {
			open.toolCall?.settle();
			this.flushRedactedContent(open);
		}
		this.openBlocks.clear();
	}

	private openBlock(contentBlockIndex: number, block: Block, toolCall?: StreamingToolCall): OpenBlock {
		this.blocks.push(block);
		const open: OpenBlock = { contentIndex: this.blocks.length - 1, toolCall };
		this.openBlocks.set(contentBlockIndex, open);
		return open;
	}

	/** Only tool calls announce themselves; text and thinking start with their first delta. */
	private startBlock(event: EventOf<"contentBlockStart">): void {
		const toolUse = event.start?.toolUse;
		if (!toolUse) return;
		const name = toolUse.name || "";
		const toolCall = createStreamingToolCall(toolUse.toolUseId || "", this.renamedTools.get(name) ?? name);
		const { contentIndex } = this.openBlock(event.contentBlockIndex, toolCall.block, toolCall);
		this.stream.push({ type: "toolcall_start", contentIndex, partial: this.output });
	}

	private applyDelta(event: EventOf<"contentBlockDelta">): void {
		const delta = event.delta;
		let open = this.openBlocks.get(event.contentBlockIndex);
		// A citation belongs to the text block it cites, which it may open like a text delta.
		if (delta?.text !== undefined || delta?.citation) {
			if (!open) {
				open = this.openBlock(event.contentBlockIndex, { type: "text", text: "" });
				this.stream.push({ type: "text_start", contentIndex: open.contentIndex, partial: this.output });
			}
			const block = this.blocks[open.contentIndex];
			if (block.type !== "text") return;
			if (delta.citation) return appendCitation(block, delta.citation);
			const text = delta.text ?? "";
			block.text += text;
			this.stream.push({ type: "text_delta", contentIndex: open.contentIndex, delta: text, partial: this.output });
		} else if (delta?.toolUse && open?.toolCall) {
			const fragment = delta.toolUse.input || "";
			open.toolCall.append(fragment);
			this.stream.push({ type: "toolcall_delta", contentIndex: open.contentIndex, delta: fragment, partial: this.output });
		} else if (delta?.reasoningContent) {
			if (!open) {
				open = this.openBlock(event.contentBlockIndex, { type: "thinking", thinking: "", thinkingSignature: "" });
				this.stream.push({ type: "thinking_start", contentIndex: open.contentIndex, partial: this.output });
			}
			const block = this.blocks[open.contentIndex];
			if (block.type === "thinking") this.applyReasoning(open, block, delta.reasoningContent);
		}
	}

	private applyReasoning(open: OpenBlock, block: ThinkingContent, reasoning: NonNullable<ContentDelta["reasoningContent"]>): void {
		const { contentIndex } = open;
		const { text, signature, redactedContent } = reasoning;
		if (text) {
			block.thinking += text;
			this.stream.push({ type: "thinking_delta", contentIndex, delta: text, partial: this.output });
		}
		// Signatures may arrive in pieces; no event, as in pi-ai. A redacted block's
		// `thinkingSignature` holds its bytes instead, so a signature there would corrupt them.
		if (signature && !block.redacted) block.thinkingSignature = (block.thinkingSignature || "") + signature;
		if (!redactedContent) return;
		if (!block.redacted) {
			block.redacted = true;
			block.thinkingSignature = "";
			block.thinking += REDACTED_THINKING_TEXT;
			this.stream.push({ type: "thinking_delta", contentIndex, delta: REDACTED_THINKING_TEXT, partial: this.output });
		}
		// Written to the block when it stops, as pi-ai 1.6 does.
		(open.redactedChunks ??= []).push(Buffer.from(redactedContent, "base64"));
	}

	/**
	 * Redacted reasoning is opaque bytes that must go back unchanged: stored base64 in
	 * `thinkingSignature` with `redacted: true`, as pi-ai does.
	 */
	private flushRedactedContent(open: OpenBlock): void {
		const block = this.blocks[open.contentIndex];
		if (block?.type !== "thinking" || !open.redactedChunks) return;
		block.thinkingSignature = Buffer.concat(open.redactedChunks).toString("base64");
		open.redactedChunks = undefined;
	}

	private stopBlock(event: EventOf<"contentBlockStop">): void {
		const open = this.openBlocks.get(event.contentBlockIndex);
		if (!open) return;
		this.openBlocks.delete(event.contentBlockIndex);
		const { contentIndex } = open;
		const block = this.blocks[contentIndex];
		switch (block.type) {
			case "text":
				this.stream.push({ type: "text_end", contentIndex, content: block.text, partial: this.output });
				break;
			case "thinking":
				this.flushRedactedContent(open);
				this.stream.push({ type: "thinking_end", contentIndex, content: block.thinking, partial: this.output });
				break;
			case "toolCall":
				open.toolCall?.finish();
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
		if (usage.cacheDetails?.length) {
			const oneHour = usage.cacheDetails.filter((detail) => detail.ttl === "1h").reduce((sum, detail) => sum + detail.inputTokens, 0);
			target.cacheWrite1h = oneHour;
			this.details.cacheWriteTokens = { "5m": target.cacheWrite - oneHour, "1h": oneHour };
		}
		priceUsage(this.model, target);
	}
}
