// Citations of a cited answer (a document sent with `citations: { enabled: true }`): Bedrock
// streams each cited span as a text block plus `citation` deltas for it. The text stays plain;
// the block carries its citations in `citations`, in the API's `CitationsDelta` shape. Other
// providers and pi itself ignore the extra field, and it is never sent back to Bedrock.
import type { TextContent } from "../protocol/types.js";

/** Where a citation points: one of `documentChar`, `documentPage`, `documentChunk`, `web`, `searchResultLocation`. */
export type CitationLocation = Record<string, Record<string, unknown>>;

export interface BedrockCitation {
	title?: string;
	source?: string;
	/** The cited passages of the source. */
	sourceContent?: { text: string }[];
	location?: CitationLocation;
}

/** A text block of a cited answer. */
export type CitedTextContent = TextContent & { citations?: BedrockCitation[] };

/** Appends one `citation` delta to its text block, without the members the delta did not set. */
export function appendCitation(block: CitedTextContent, delta: Record<string, unknown>): void {
	block.citations = [...(block.citations ?? []), withoutNulls(delta) as BedrockCitation];
}

function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (value === null || typeof value !== "object") return value;
	const entries = Object.entries(value).filter(([, member]) => member !== null && member !== undefined);
	return Object.fromEntries(entries.map(([key, member]) => [key, withoutNulls(member)]));
}
