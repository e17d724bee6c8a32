// Converse stream events → pi-ai `AssistantMessageEvent`s, reproducing pi-ai 0.73.1's
// provider: one mutable `output` shared by every event as `partial`, `contentIndex` counted in
// pi's content order, text/thinking blocks created lazily on their first delta, and the scratch
// fields `index`/`partialJson` visible while a block streams.
import {
	type AssistantMessage,
	type AssistantMessageEventStream,
	calculateCost,
	type StopReason,
	type TextContent,
	type ThinkingContent,
} from "@mariozechner/pi-ai";
import type { BedrockModel } from "./models.js";
import type { ConverseEvent } from "./native.js";
import { appendToolInput, createStreamingToolCall, type StreamingToolCall, settleToolArguments } from "./tool-json.js";

type Block = ((TextContent | ThinkingContent) & { index?: number; partialJson?: string }) | StreamingToolCall;
type EventOf<T extends ConverseEvent["type"]> = Extract<ConverseEvent, { type: T }>;
type NativeErrorEvent = EventOf<"error">;

/** pi-ai's readable prefixes; retry and overflow heuristics downstream match on them. */
const ERROR_PREFIXES: Record<string, string> = {
	InternalServerException: "Internal server error",
	ModelStreamErrorException: "Model stream error",
	ValidationException: "Validation error",
	ThrottlingException: "Throttling error",
	ServiceUnavailableException: "Service unavailable",
};

/**
 * `"<Prefix>: message"` for answers from the service (pi-ai formats AWS SDK service exceptions
 * so); transport and client-side failures keep their bare message, as non-SDK errors do there.
 */
export function formatNativeError(error: NativeErrorEvent): string {
	if (error.httpStatus === undefined) return error.message;
	return `${ERROR_PREFIXES[error.code] ?? error.code}: ${error.message}`;
}

export function mapStopReason(reason: string | undefined): StopReason {
	switch (reason) {
		case "end_turn":
		case "stop_sequence":
			return "stop";
		case "max_tokens":
		case "model_context_window_exceeded":
			return "length";
		case "tool_use":
			return "toolUse";
		default:
			return "error";
	}
}

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
				this.output.stopReason = mapStopReason(event.stopReason);
				break;
			case "metadata":
				this.applyUsage(event);
				break;
			case "error":
				throw new Error(formatNativeError(event));
			// `response` belongs to the caller (onResponse); unknown events are ignored like the SDK's.
		}
	}

	/** After the last event: `done`, or throws when the stream was aborted or did not end well. */
	complete(aborted: boolean): void {
		if (aborted) throw new Error("Request was aborted");
		const reason = this.output.stopReason;
		if (reason === "error" || reason === "aborted") throw new Error("An unknown error occurred");
		// A tool call that never got its stop keeps its scratch fields, as in pi-ai; its arguments
		// become plain data so the final message is an ordinary object.
		for (const block of this.blocks) if (block.type === "toolCall") settleToolArguments(block);
		this.stream.push({ type: "done", reason, message: this.output });
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
		this.output.errorMessage = error instanceof Error ? error.message : JSON.stringify(error);
		this.stream.push({ type: "error", reason: this.output.stopReason, error: this.output });
		this.stream.end();
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
		const block = createStreamingToolCall(toolUse.toolUseId || "", toolUse.name || "", event.contentBlockIndex);
		const contentIndex = this.addBlock(block);
		this.stream.push({ type: "toolcall_start", contentIndex, partial: this.output });
	}

	private applyDelta(event: EventOf<"contentBlockDelta">): void {
		const delta = event.delta;
		let contentIndex = this.findBlock(event.contentBlockIndex);
		if (delta?.text !== undefined) {
			if (contentIndex < 0) {
				contentIndex = this.addBlock({ type: "text", text: "", index: event.contentBlockIndex });
				this.stream.push({ type: "text_start", contentIndex, partial: this.output });
			}
			const block = this.blocks[contentIndex];
			if (block.type !== "text") return;
			block.text += delta.text;
			this.stream.push({ type: "text_delta", contentIndex, delta: delta.text, partial: this.output });
		} else if (delta?.toolUse && this.blocks[contentIndex]?.type === "toolCall") {
			const fragment = delta.toolUse.input || "";
			appendToolInput(this.blocks[contentIndex] as StreamingToolCall, fragment);
			this.stream.push({ type: "toolcall_delta", contentIndex, delta: fragment, partial: this.output });
		} else if (delta?.reasoningContent) {
			// Like pi-ai 0.73.1, a redacted-only delta opens an empty thinking block and its
			// `redactedContent` is dropped.
			if (contentIndex < 0) {
				const block: Block = { type: "thinking", thinking: "", thinkingSignature: "", index: event.contentBlockIndex };
				contentIndex = this.addBlock(block);
				this.stream.push({ type: "thinking_start", contentIndex, partial: this.output });
			}
			const block = this.blocks[contentIndex];
			if (block.type !== "thinking") return;
			const { text, signature } = delta.reasoningContent;
			if (text) {
				block.thinking += text;
				this.stream.push({ type: "thinking_delta", contentIndex, delta: text, partial: this.output });
			}
			// Signatures may arrive in pieces; no event, as in pi-ai.
			if (signature) block.thinkingSignature = (block.thinkingSignature || "") + signature;
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

	private applyUsage(event: EventOf<"metadata">): void {
		const usage = event.usage;
		if (!usage) return;
		const target = this.output.usage;
		target.input = usage.inputTokens || 0;
		target.output = usage.outputTokens || 0;
		target.cacheRead = usage.cacheReadInputTokens || 0;
		target.cacheWrite = usage.cacheWriteInputTokens || 0;
		target.totalTokens = usage.totalTokens || target.input + target.output;
		calculateCost(this.model, target);
	}
}
