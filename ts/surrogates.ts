// Unpaired UTF-16 surrogates cannot be encoded as UTF-8, so one of them anywhere makes the whole
// request invalid JSON for Bedrock; they are dropped wherever text leaves for the wire.

/** Removes unpaired UTF-16 surrogates. */
export function sanitizeSurrogates(text: string): string {
	return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}
