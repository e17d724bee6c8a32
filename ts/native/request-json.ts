// A Converse request as the JSON the native side takes: bytes (Uint8Array, Buffer) as base64
// strings, and no lone UTF-16 surrogates (no UTF-8 JSON can carry them, so one would fail every
// later request of the conversation).
import { hasLoneSurrogates, sanitizeSurrogates } from "../surrogates.js";

/**
 * Plain data nested deeper than this takes the replacer, which also reports a cycle the way
 * JSON.stringify does.
 */
const MAX_PLAIN_DEPTH = 200;

/** JSON for the native side: bytes (Uint8Array, Buffer) become base64 strings; lone surrogates are dropped. */
export function serializeRequest(request: object): string {
	// JSON.stringify with a replacer calls back into JavaScript for every value, several times
	// slower than without one; most requests have nothing for it to change.
	if (isReadyForWire(request, 0)) return JSON.stringify(request);
	return JSON.stringify(request, function (this: Record<string, unknown>, key: string, value: unknown) {
		// Buffer.toJSON has already run on `value`; the holder still has the original bytes.
		const original = this[key];
		if (original instanceof Uint8Array) {
			return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString("base64");
		}
		return withoutLoneSurrogates(value);
	});
}

/**
 * Lone UTF-16 surrogates dropped from a string, or from the keys of a plain object (tool-call
 * arguments parsed from a model's `\ud800` escapes have them).
 */
function withoutLoneSurrogates(value: unknown): unknown {
	if (typeof value === "string") return sanitizeSurrogates(value);
	if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
	const entries = Object.entries(value);
	if (entries.every(([key]) => !hasLoneSurrogates(key))) return value;
	return Object.fromEntries(entries.map(([key, item]) => [sanitizeSurrogates(key), item]));
}

/**
 * Whether the replacer above would leave every value of `value` as it is: only arrays, objects
 * of the plain kind, numbers, booleans, null and strings, no lone surrogate in a string or key,
 * and nothing with a `toJSON`. Anything else (bytes, class instances, functions, deep or cyclic
 * nesting) answers false and takes the replacer.
 */
function isReadyForWire(value: unknown, depth: number): boolean {
	switch (typeof value) {
		case "string":
			return !hasLoneSurrogates(value);
		case "number":
		case "boolean":
		case "undefined":
			return true;
		case "object":
			return value === null || (depth < MAX_PLAIN_DEPTH && isContainerReadyForWire(value, depth + 1));
		default:
			return false;
	}
}

function isContainerReadyForWire(container: object, depth: number): boolean {
	if (typeof (container as { toJSON?: unknown }).toJSON === "function") return false;
	if (Array.isArray(container)) {
		for (let index = 0; index < container.length; index += 1) if (!isReadyForWire(container[index], depth)) return false;
		return true;
	}
	const prototype = Object.getPrototypeOf(container);
	if (prototype !== Object.prototype && prototype !== null) return false;
	const record = container as Record<string, unknown>;
	for (const key of Object.keys(record)) if (hasLoneSurrogates(key) || !isReadyForWire(record[key], depth)) return false;
	return true;
}
