// Streaming tool-call arguments. pi-ai re-parses the whole JSON buffer on every delta
// (quadratic in the argument length); here `arguments` is computed lazily: a getter parses the
// buffer only when somebody reads it after it grew, with pi-ai's own `parseStreamingJson`, so
// readers see exactly the objects pi-ai would give (always an object, never a throw). Nobody
// reading mid-stream costs one parse, at the end.
import type { ToolCall } from "@mariozechner/pi-ai";
import { parseStreamingJson } from "./pi-ai-runtime.js";

/** A tool call while it streams: `partialJson` and `index` are pi-ai's visible scratch fields. */
export type StreamingToolCall = ToolCall & { partialJson?: string; index?: number };

/** Turns `arguments` into a plain data property holding `value`. */
function defineArguments(block: StreamingToolCall, value: ToolCall["arguments"]): void {
	Object.defineProperty(block, "arguments", { value, writable: true, enumerable: true, configurable: true });
}

export function createStreamingToolCall(id: string, name: string, index: number): StreamingToolCall {
	let parsedFrom: string | undefined;
	let parsed: ToolCall["arguments"] = {};
	// Key order matches pi-ai's block: type, id, name, arguments, partialJson, index.
	return {
		type: "toolCall",
		id,
		name,
		get arguments(): ToolCall["arguments"] {
			// Same buffer → same object (strings compare by identity first, so this is cheap).
			if (parsedFrom !== this.partialJson) {
				parsedFrom = this.partialJson;
				parsed = parseStreamingJson(this.partialJson);
			}
			return parsed;
		},
		set arguments(value: ToolCall["arguments"]) {
			defineArguments(this, value);
		},
		partialJson: "",
		index,
	};
}

export function appendToolInput(block: StreamingToolCall, fragment: string): void {
	block.partialJson = (block.partialJson || "") + fragment;
}

/** Freezes the current arguments into a data property (the scratch buffer may go away next). */
export function settleToolArguments(block: StreamingToolCall): void {
	defineArguments(block, block.arguments);
}
