// Bedrock's nine stop reasons, each mapped on purpose. pi-ai 0.73.1 turns guardrail, content
// filter and malformed-output stops into "An unknown error occurred"; here they become errors
// that say what happened. A stop reason AWS adds later fails the turn as in pi-ai 1.6 ("Provider
// stopped with: X"): nobody can tell whether its output is complete. The raw value is on the
// message (`rawStopReason`) and its diagnostics either way.
import type { StopReason } from "../protocol/types.js";
import { OVERFLOW_WORDING } from "./error-text.js";

export type StopOutcome =
	| { stopReason: Extract<StopReason, "stop" | "length" | "toolUse">; contextOverflow?: true }
	| { stopReason: "error"; errorMessage: string; retryable: boolean; contextOverflow?: true };

export interface TurnContent {
	hasToolCalls: boolean;
	hasContent: boolean;
}

function failure(reason: string, explanation: string, retryable: boolean): StopOutcome {
	return { stopReason: "error", errorMessage: `${explanation} (stop reason ${reason})`, retryable };
}

/** `raw` undefined: the stream ended without messageStop, which pi-ai reports as "stop". */
export function interpretStopReason(raw: string | undefined, turn: TurnContent): StopOutcome {
	// Some models say end_turn (or something new) while asking for tools; the calls must run.
	const finished: StopOutcome = { stopReason: turn.hasToolCalls ? "toolUse" : "stop" };
	switch (raw) {
		case "tool_use":
			return { stopReason: "toolUse" };
		case "max_tokens":
			return { stopReason: "length" };
		case "model_context_window_exceeded":
			// With output it is a truncated answer; without any, the input alone filled the window.
			if (turn.hasContent) return { stopReason: "length", contextOverflow: true };
			return {
				...failure(raw, `Context window exceeded: ${OVERFLOW_WORDING}`, false),
				contextOverflow: true,
			};
		case "guardrail_intervened":
			return failure(raw, "Guardrail intervened: a Bedrock guardrail blocked the response", false);
		case "content_filtered":
			return failure(raw, "Content filtered: Bedrock's content filter blocked the response", false);
		case "malformed_model_output":
			return failure(raw, "Malformed model output: the model's response could not be parsed; retrying may succeed", true);
		case "malformed_tool_use":
			return failure(raw, "Malformed tool use: the model produced an invalid tool call; retrying may succeed", true);
		case "end_turn":
		case "stop_sequence":
		case undefined:
			return finished;
		default:
			return { stopReason: "error", errorMessage: `Provider stopped with: ${raw}`, retryable: false };
	}
}
