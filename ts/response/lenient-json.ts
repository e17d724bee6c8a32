// pi-ai's lenient JSON readers, reimplemented so that no pi-ai package is needed at run time:
// - `parseStreamingJson`: @mariozechner/pi-ai 0.73.1's reader for incomplete tool arguments
//   (JSON.parse, then with repaired strings, then the `partial-json` 0.1.7 package's rules with
//   `Allow.ALL`). The incremental parser (streaming-json.ts) falls back to it for text it does
//   not handle itself, so every reader sees exactly the value 0.73.1 would show.
// - `parseToolCallArguments`: @earendil-works/pi-ai 1.6's reading of finished arguments: a JSON
//   object, or `{}` plus an `argumentsError` that quotes the text.
// pi-ai and partial-json are MIT licensed.

type JsonObject = Record<string, unknown>;

const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /^[0-9a-fA-F]{4}$/;

function escapeControlCharacter(char: string): string {
	switch (char) {
		case "\b":
			return "\\b";
		case "\f":
			return "\\f";
		case "\n":
			return "\\n";
		case "\r":
			return "\\r";
		case "\t":
			return "\\t";
		default:
			return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
	}
}

/**
 * pi-ai's `repairJson`: raw control characters in strings are escaped and backslashes before
 * invalid escapes doubled. 0.73.1 counts `\u` as valid whatever follows; 1.6 only with four hex
 * digits (`lenientUnicodeEscape` false).
 */
export function repairJson(json: string, lenientUnicodeEscape: boolean): string {
	let repaired = "";
	let inString = false;
	for (let index = 0; index < json.length; index++) {
		const char = json[index];
		if (!inString) {
			repaired += char;
			if (char === '"') inString = true;
			continue;
		}
		if (char === '"') {
			repaired += char;
			inString = false;
			continue;
		}
		if (char === "\\") {
			const next = json[index + 1];
			if (next === undefined) {
				repaired += "\\\\";
			} else if (next === "u" && HEX4.test(json.slice(index + 2, index + 6))) {
				repaired += `\\u${json.slice(index + 2, index + 6)}`;
				index += 5;
			} else if (SIMPLE_ESCAPES.has(next) || (next === "u" && lenientUnicodeEscape)) {
				repaired += `\\${next}`;
				index += 1;
			} else {
				repaired += "\\\\";
			}
			continue;
		}
		repaired += char.charCodeAt(0) <= 0x1f ? escapeControlCharacter(char) : char;
	}
	return repaired;
}

function parseJsonWithRepair(json: string, lenientUnicodeEscape: boolean): unknown {
	try {
		return JSON.parse(json);
	} catch (error) {
		const repaired = repairJson(json, lenientUnicodeEscape);
		if (repaired !== json) return JSON.parse(repaired);
		throw error;
	}
}

/** 1.6's `parseToolCallArguments`. */
export function parseToolCallArguments(json: string): { arguments: JsonObject; argumentsError?: string } {
	if (!json.trim()) return { arguments: {} };
	try {
		const parsed = parseJsonWithRepair(json, false);
		if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
			throw new Error("Tool arguments must be a JSON object");
		}
		return { arguments: parsed as JsonObject };
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { arguments: {}, argumentsError: `${reason}\n\nReceived arguments:\n${json}` };
	}
}

/** 0.73.1's `parseStreamingJson`: never throws, `{}` when nothing can be read. */
export function parseStreamingJson(partialJson: string): unknown {
	if (!partialJson || partialJson.trim() === "") return {};
	try {
		return parseJsonWithRepair(partialJson, true);
	} catch {
		try {
			return parsePartialJson(partialJson) ?? {};
		} catch {
			try {
				return parsePartialJson(repairJson(partialJson, true)) ?? {};
			} catch {
				return {};
			}
		}
	}
}

/** partial-json's two failures: text that ends early, and text that is wrong. */
class PartialJsonError extends Error {}

/** partial-json 0.1.7's `parse(text, Allow.ALL)`, quirks included (they decide what readers see). */
function parsePartialJson(input: string): unknown {
	const text = input.trim();
	if (!text) throw new PartialJsonError("empty");
	const length = text.length;
	let index = 0;
	const fail = (message: string): never => {
		throw new PartialJsonError(`${message} at position ${index}`);
	};
	const skipBlank = () => {
		while (index < length && " \n\r\t".includes(text[index])) index++;
	};
	const literal = (word: string, value: unknown, minRest = 0): { value: unknown } | undefined => {
		const rest = text.substring(index);
		if (text.substring(index, index + word.length) === word || (minRest < length - index && length - index < word.length && word.startsWith(rest))) {
			index += word.length;
			return { value };
		}
		return undefined;
	};
	const parseAny = (): unknown => {
		skipBlank();
		if (index >= length) fail("Unexpected end of input");
		if (text[index] === '"') return parseString();
		if (text[index] === "{") return parseObject();
		if (text[index] === "[") return parseArray();
		const word =
			literal("null", null) ??
			literal("true", true) ??
			literal("false", false) ??
			literal("Infinity", Infinity) ??
			literal("-Infinity", -Infinity, 1) ??
			literal("NaN", NaN);
		return word ? word.value : parseNumber();
	};
	const parseString = (): string => {
		const start = index;
		let escape = false;
		index++;
		while (index < length && (text[index] !== '"' || (escape && text[index - 1] === "\\"))) {
			escape = text[index] === "\\" ? !escape : false;
			index++;
		}
		if (text.charAt(index) === '"') {
			try {
				return JSON.parse(text.substring(start, ++index - Number(escape)));
			} catch (error) {
				return fail(String(error));
			}
		}
		try {
			return JSON.parse(`${text.substring(start, index - Number(escape))}"`);
		} catch {
			return JSON.parse(`${text.substring(start, text.lastIndexOf("\\"))}"`);
		}
	};
	const parseObject = (): JsonObject => {
		index++;
		skipBlank();
		const object: JsonObject = {};
		try {
			while (text[index] !== "}") {
				skipBlank();
				if (index >= length) return object;
				const key = parseString();
				skipBlank();
				index++;
				try {
					object[key] = parseAny();
				} catch {
					return object;
				}
				skipBlank();
				if (text[index] === ",") index++;
			}
		} catch {
			return object;
		}
		index++;
		return object;
	};
	const parseArray = (): unknown[] => {
		index++;
		const array: unknown[] = [];
		try {
			while (text[index] !== "]") {
				array.push(parseAny());
				skipBlank();
				if (text[index] === ",") index++;
			}
		} catch {
			return array;
		}
		index++;
		return array;
	};
	const parseNumber = (): unknown => {
		if (index === 0) {
			if (text === "-") fail("Not sure what '-' is");
			try {
				return JSON.parse(text);
			} catch (error) {
				try {
					return JSON.parse(text.substring(0, text.lastIndexOf("e")));
				} catch {}
				return fail(String(error));
			}
		}
		const start = index;
		if (text[index] === "-") index++;
		while (text[index] && ",]}".indexOf(text[index]) === -1) index++;
		try {
			return JSON.parse(text.substring(start, index));
		} catch (error) {
			if (text.substring(start, index) === "-") fail("Not sure what '-' is");
			try {
				return JSON.parse(text.substring(start, text.lastIndexOf("e")));
			} catch {
				return fail(String(error));
			}
		}
	};
	return parseAny();
}
