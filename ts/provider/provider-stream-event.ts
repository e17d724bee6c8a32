// `onProviderStreamEvent` (pi-ai 1.6) gets each ConverseStream event as the AWS SDK for
// JavaScript delivers it, one member named after the event (`{contentBlockDelta: {...}}`), so a
// callback written for pi-ai's own provider reads ours the same way. Our transport events
// (`response`, `retry`) are no stream events, and neither is a failure inside the stream: the
// SDK throws an exception event instead of yielding it, so pi-ai's callback never sees one
// (the compare suite checks this against pi-ai 1.6). Blobs are bytes there, as the SDK decodes them:
// redacted reasoning arrives base64 on our wire and is handed over as a Uint8Array.
import type { ContentDelta, ConverseEvent } from "../native/wire.js";

const STREAM_EVENT_TYPES = new Set(["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);

export function providerStreamEvent(event: ConverseEvent): Record<string, unknown> | undefined {
	if (!STREAM_EVENT_TYPES.has(event.type)) return undefined;
	const { type, ...members } = event;
	if (event.type === "contentBlockDelta") return { [type]: withRedactedBytes({ contentBlockIndex: event.contentBlockIndex, delta: event.delta }) };
	return { [type]: members };
}

function withRedactedBytes(members: { contentBlockIndex: number; delta: ContentDelta }): Record<string, unknown> {
	const redacted = members.delta.reasoningContent?.redactedContent;
	if (typeof redacted !== "string") return members;
	const reasoningContent = { ...members.delta.reasoningContent, redactedContent: Uint8Array.from(Buffer.from(redacted, "base64")) };
	return { ...members, delta: { ...members.delta, reasoningContent } };
}
