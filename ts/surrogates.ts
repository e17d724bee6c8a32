// Unpaired UTF-16 surrogates cannot be encoded as UTF-8, so one of them anywhere makes the whole
// request invalid JSON for Bedrock; they are dropped wherever text leaves for the wire.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Removes unpaired UTF-16 surrogates. */
export function sanitizeSurrogates(text: string): string {
	return text.replace(LONE_SURROGATES, "");
}

/** Whether `text` has an unpaired UTF-16 surrogate (what sanitizeSurrogates would remove). */
export function hasLoneSurrogates(text: string): boolean {
	return LONE_SURROGATE.test(text);
}
