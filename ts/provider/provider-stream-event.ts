// `onProviderStreamEvent` (pi-ai 1.6) gets each ConverseStream event as the AWS SDK for
// JavaScript delivers it, one member named after the event (`{contentBlockDelta: {...}}`), so a
// callback written for pi-ai's own provider reads ours the same way. Our transport events
// (`response`, `retry`) are no stream events; a failure inside the stream is its exception
// member (`{throttlingException: {message}}`).
import type { ConverseEvent } from "../native/wire.js";

const STREAM_EVENT_TYPES = new Set(["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);

function lowerFirst(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}

export function providerStreamEvent(event: ConverseEvent): Record<string, unknown> | undefined {
	if (event.type === "error") {
		return event.phase === "stream" ? { [lowerFirst(event.code)]: { message: event.message } } : undefined;
	}
	if (!STREAM_EVENT_TYPES.has(event.type)) return undefined;
	const { type, ...members } = event;
	return { [type]: members };
}
