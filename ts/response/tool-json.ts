// Streaming tool-call arguments. `arguments` is a getter over an incremental parser
// (response/streaming-json.ts) kept out of sight: it reads only the text that arrived since the
// last read, and only when somebody reads, so a stream costs time linear in the argument size.
// Readers see exactly the objects pi-ai 0.73.1 would give mid-stream (always an object, never a
// throw for any text); the finished arguments follow pi-ai 1.6 (`argumentsError` when they are no object).
// No parser state is visible on the block, as in pi-ai 1.6.
import type { ToolCall } from "../protocol/types.js";
import { StreamingJsonParser } from "./streaming-json.js";

export interface StreamingToolCall {
	block: ToolCall;
	append(fragment: string): void;
	/** The finished arguments as plain data, plus `argumentsError` when they were not an object. */
	finish(): void;
	/** The arguments read so far as plain data (a call the stream never finished). */
	settle(): void;
}

/** Turns `arguments` into a plain data property holding `value`. */
function defineArguments(block: ToolCall, value: ToolCall["arguments"]): void {
	Object.defineProperty(block, "arguments", { value, writable: true, enumerable: true, configurable: true });
}

export function createStreamingToolCall(id: string, name: string): StreamingToolCall {
	const parser = new StreamingJsonParser();
	// Key order matches pi-ai's block: type, id, name, arguments.
	const block: ToolCall = {
		type: "toolCall",
		id,
		name,
		get arguments(): ToolCall["arguments"] {
			// What 0.73.1 shows, even the odd non-object of a text like `[1`; the request builder sends `{}` for those.
			return parser.snapshot() as ToolCall["arguments"];
		},
		set arguments(value: ToolCall["arguments"]) {
			defineArguments(this, value);
		},
	};
	return {
		block,
		append: (fragment) => parser.append(fragment),
		finish: () => {
			const finished = parser.finish();
			defineArguments(block, finished.arguments);
			if (finished.argumentsError !== undefined) block.argumentsError = finished.argumentsError;
		},
		settle: () => defineArguments(block, block.arguments),
	};
}
