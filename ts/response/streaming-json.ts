// Streamed tool-call arguments, read incrementally. pi-ai 0.73.1 re-parses the whole text on
// every delta (quadratic in its length); here `append` only stores the piece, and `snapshot`
// scans what arrived since the last read: each character is scanned once, so a stream costs
// time linear in its length however often it is read, and nothing when nobody reads. Snapshots
// are exactly what 0.73.1's `parseStreamingJson` returns for the same text (a property test
// compares them): the scanner builds the values of well-formed JSON itself and hands any other
// text (malformed, a non-container root, half a number) to the port of that reader
// (lenient-json.ts). A snapshot never changes afterwards: the containers still open are
// copied into each new snapshot, completed values are shared.
import { parseStreamingJson, parseToolCallArguments } from "./lenient-json.js";

type Container = Record<string, unknown> | unknown[];

interface OpenContainer {
	container: Container;
	/** Objects: the key whose value is being read (undefined while no key is complete). */
	key?: string;
	/** What the next significant character must be. */
	expect: "key" | "colon" | "value" | "comma";
	/** An empty array with whitespace inside: partial-json misreads its `]`. */
	blankWhileEmpty?: boolean;
}

interface OpenString {
	/** Decoded text, up to the last character that is not raw whitespace. */
	decoded: string;
	/** Raw whitespace after `decoded`: the reader trims it while the string is the text's end. */
	pendingWhitespace: string;
	/** An escape sequence not complete yet (`\`, `\u12`…). */
	escape: string;
	isKey: boolean;
}

const WHITESPACE = /\s/;
const JSON_WHITESPACE = " \t\n\r";
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: [string, unknown][] = [
	["null", null],
	["true", true],
	["false", false],
];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

export class StreamingJsonParser {
	private text = "";
	/** Pieces not scanned yet: scanning them, not `text`, keeps V8 from flattening `text` on every read. */
	private unscanned: string[] = [];
	/** Text the scanner does not model: every read goes to the exact reader. */
	private irregular = false;
	private readonly stack: OpenContainer[] = [];
	private root: { value: unknown } | undefined;
	private string: OpenString | undefined;
	/** A number or literal being read (raw characters). */
	private scalar = "";
	private snapshotOf = -1;
	private lastSnapshot: unknown = {};

	/** The text so far. */
	get source(): string {
		return this.text;
	}

	append(fragment: string): void {
		this.text += fragment;
		this.unscanned.push(fragment);
	}

	/** The value of the text so far, as 0.73.1's `parseStreamingJson` reads it. */
	snapshot(): unknown {
		if (this.snapshotOf === this.text.length) return this.lastSnapshot;
		this.scan();
		this.lastSnapshot = this.irregular ? parseStreamingJson(this.text) : (this.regularSnapshot() ?? parseStreamingJson(this.text));
		this.snapshotOf = this.text.length;
		return this.lastSnapshot;
	}

	/** The finished arguments, as pi-ai 1.6 reads them (an object, or `{}` and an error). */
	finish(): { arguments: Record<string, unknown>; argumentsError?: string } {
		return parseToolCallArguments(this.text);
	}

	private scan(): void {
		for (const piece of this.unscanned) {
			let index = 0;
			while (index < piece.length && !this.irregular) {
				if (this.string) index = this.readString(piece, index);
				else this.readCharacter(piece[index++]);
			}
		}
		this.unscanned = [];
	}

	private markIrregular(): void {
		this.irregular = true;
		this.stack.length = 0;
		this.string = undefined;
	}

	private get top(): OpenContainer | undefined {
		return this.stack[this.stack.length - 1];
	}

	/** Whether a value may start here (root, after a colon, in an array). */
	private expectsValue(): boolean {
		const top = this.top;
		return top ? top.expect === "value" : this.root === undefined;
	}

	private readCharacter(char: string): void {
		if (this.scalar !== "") {
			if (/[-+.eE0-9a-z]/.test(char)) {
				this.scalar += char;
				return;
			}
			this.completeScalar();
			if (this.irregular) return;
		}
		const top = this.top;
		if (JSON_WHITESPACE.includes(char)) {
			if (top && Array.isArray(top.container) && top.container.length === 0) top.blankWhileEmpty = true;
			return;
		}
		if (this.root !== undefined && !top) return this.markIrregular();
		if (char === '"') {
			if (top && !Array.isArray(top.container) && top.expect === "key") {
				this.string = { decoded: "", pendingWhitespace: "", escape: "", isKey: true };
			} else if (this.expectsValue() && this.stack.length > 0) {
				this.string = { decoded: "", pendingWhitespace: "", escape: "", isKey: false };
			} else {
				this.markIrregular();
			}
		} else if (char === "{" || char === "[") {
			if (!this.expectsValue()) return this.markIrregular();
			this.stack.push({ container: char === "{" ? {} : [], expect: char === "{" ? "key" : "value" });
		} else if (char === "}" || char === "]") {
			this.closeContainer(char);
		} else if (char === ":") {
			if (!top || top.expect !== "colon") return this.markIrregular();
			top.expect = "value";
		} else if (char === ",") {
			if (!top || top.expect !== "comma") return this.markIrregular();
			top.expect = Array.isArray(top.container) ? "value" : "key";
		} else if (this.expectsValue() && this.stack.length > 0 && /[-0-9a-z]/.test(char)) {
			this.scalar = char;
		} else {
			this.markIrregular();
		}
	}

	private closeContainer(char: string): void {
		const top = this.top;
		const isArray = char === "]";
		if (!top || Array.isArray(top.container) !== isArray) return this.markIrregular();
		// `{}` / `[]`, or after a value: a trailing comma or a dangling key is not JSON.
		const empty = isArray ? top.container.length === 0 : Object.keys(top.container).length === 0 && top.key === undefined;
		const allowed = top.expect === "comma" || (empty && (isArray ? top.expect === "value" : top.expect === "key"));
		// partial-json reads `[ ]` as an unfinished array that ends its parent: only the exact reader
		// knows what follows.
		if (!allowed || (isArray && empty && top.blankWhileEmpty)) return this.markIrregular();
		this.stack.pop();
		this.completeValue(top.container);
	}

	/** A finished value goes into its container (or becomes the root). */
	private completeValue(value: unknown): void {
		const top = this.top;
		if (!top) {
			this.root = { value };
			return;
		}
		if (Array.isArray(top.container)) {
			top.container.push(value);
		} else {
			top.container[top.key as string] = value;
			top.key = undefined;
		}
		top.expect = "comma";
	}

	private completeScalar(): void {
		const raw = this.scalar;
		this.scalar = "";
		const literal = LITERALS.find(([word]) => word === raw);
		if (literal) return this.completeValue(literal[1]);
		if (NUMBER.test(raw)) return this.completeValue(JSON.parse(raw));
		this.markIrregular();
	}

	/** Reads string characters from `start`; returns the index after the last one read. */
	private readString(text: string, start: number): number {
		const open = this.string as OpenString;
		let index = start;
		while (index < text.length) {
			if (open.escape !== "") {
				if (!this.continueEscape(open, text[index++])) return index;
				continue;
			}
			const code = text.charCodeAt(index);
			if (code === QUOTE) {
				this.closeString(open);
				return index + 1;
			}
			if (code === BACKSLASH) {
				open.escape = "\\";
				index++;
				continue;
			}
			if (code <= 0x1f) {
				this.markIrregular();
				return index;
			}
			index = this.readPlainRun(open, text, index);
		}
		return index;
	}

	/** Appends the plain characters from `start` in one piece; returns where they end. */
	private readPlainRun(open: OpenString, text: string, start: number): number {
		let end = start;
		while (end < text.length) {
			const code = text.charCodeAt(end);
			if (code === QUOTE || code === BACKSLASH || code <= 0x1f) break;
			end++;
		}
		let solidEnd = end;
		while (solidEnd > start && WHITESPACE.test(text[solidEnd - 1])) solidEnd--;
		if (solidEnd > start) {
			open.decoded += open.pendingWhitespace + text.slice(start, solidEnd);
			open.pendingWhitespace = "";
		}
		open.pendingWhitespace += text.slice(solidEnd, end);
		return end;
	}

	/** Returns false when the escape is invalid (the text becomes irregular). */
	private continueEscape(open: OpenString, char: string): boolean {
		open.escape += char;
		let decoded: string | undefined;
		if (open.escape.length === 2) {
			if (char === "u") return true;
			decoded = SIMPLE_ESCAPES[char];
		} else if (/[0-9a-fA-F]/.test(char)) {
			if (open.escape.length < 6) return true;
			decoded = String.fromCharCode(Number.parseInt(open.escape.slice(2), 16));
		}
		if (decoded === undefined) {
			this.markIrregular();
			return false;
		}
		open.decoded += open.pendingWhitespace + decoded;
		open.pendingWhitespace = "";
		open.escape = "";
		return true;
	}

	private closeString(open: OpenString): void {
		this.string = undefined;
		const value = open.decoded + open.pendingWhitespace;
		const top = this.top as OpenContainer;
		if (!open.isKey) return this.completeValue(value);
		// partial-json assigns with `obj[key] =`, which `__proto__` would turn into a prototype.
		if (value === "__proto__") return this.markIrregular();
		top.key = value;
		top.expect = "colon";
	}

	/** The snapshot from the scanner's state; undefined where only the exact reader knows. */
	private regularSnapshot(): unknown {
		if (this.root !== undefined) return this.root.value;
		if (this.stack.length === 0) return this.text.trim() === "" ? {} : undefined;
		let child: { value: unknown } | undefined = this.openValue();
		if (child === undefined && this.scalar !== "") return undefined;
		for (let depth = this.stack.length - 1; depth >= 0; depth--) {
			const frame = this.stack[depth];
			let copy: Container;
			if (Array.isArray(frame.container)) {
				copy = child ? [...frame.container, child.value] : [...frame.container];
			} else {
				copy = { ...frame.container };
				if (child && frame.key !== undefined) copy[frame.key] = child.value;
			}
			child = { value: copy };
		}
		return child?.value;
	}

	/** The partial value at the end of the text: an open string or an unfinished scalar. */
	private openValue(): { value: unknown } | undefined {
		const open = this.string;
		if (open) {
			if (open.isKey) return undefined;
			// The reader trims the text, unless an unfinished escape ends it.
			return { value: open.escape !== "" ? open.decoded + open.pendingWhitespace : open.decoded };
		}
		if (this.scalar === "") return undefined;
		const literal = LITERALS.find(([word]) => word.startsWith(this.scalar));
		if (literal) return { value: literal[1] };
		return NUMBER.test(this.scalar) ? { value: JSON.parse(this.scalar) } : undefined;
	}
}
