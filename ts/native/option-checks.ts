// The options a caller hands to converseStream, the pi provider and discovery, checked at the
// edge before anything native runs. Each numeric option has a documented range (README,
// robustness): a value above it, "forever" Infinity included, is clamped to the maximum; a value
// below it, NaN, a fraction where a count is meant, or a wrong type is rejected with a message
// naming the option. Options without a rule pass through untouched.

export type OptionRule =
	| { type: "string" | "boolean" | "signal" | "strings" }
	| { type: "integer" | "number"; min: number; max: number };

export type OptionRules = Record<string, OptionRule>;

/** Options shared by every call that reaches AWS. */
export const CONNECTION_OPTION_RULES = {
	region: { type: "string" },
	profile: { type: "string" },
	endpoint: { type: "string" },
	bearerToken: { type: "string" },
	skipAuth: { type: "boolean" },
} as const satisfies OptionRules;

export const MAX_ATTEMPTS = 10;
const DAY_MS = 86_400_000;

export const STREAM_OPTION_RULES = {
	...CONNECTION_OPTION_RULES,
	signal: { type: "signal" },
	maxAttempts: { type: "integer", min: 1, max: MAX_ATTEMPTS },
	firstEventTimeoutMs: { type: "number", min: 1, max: DAY_MS },
	idleTimeoutMs: { type: "number", min: 1, max: DAY_MS },
	retryBaseDelayMs: { type: "number", min: 0, max: 20_000 },
} as const satisfies OptionRules;

/** pi's generic retry count (attempts = maxRetries + 1). */
export const PI_OPTION_RULES = {
	...STREAM_OPTION_RULES,
	maxRetries: { type: "integer", min: 0, max: MAX_ATTEMPTS - 1 },
} as const satisfies OptionRules;

export const DISCOVERY_OPTION_RULES = {
	...CONNECTION_OPTION_RULES,
	providerFilter: { type: "strings" },
	includeInferenceProfiles: { type: "boolean" },
	includeLegacy: { type: "boolean" },
	defaultContextWindow: { type: "integer", min: 1, max: 100_000_000 },
	defaultMaxTokens: { type: "integer", min: 1, max: 100_000_000 },
	/** Seconds; at most a year. */
	refreshInterval: { type: "number", min: 0, max: 31_536_000 },
	timeoutMs: { type: "number", min: 1, max: 600_000 },
} as const satisfies OptionRules;

export type OptionCheck<T> = { ok: true; options: T } | { ok: false; problem: string };

/**
 * `options` with every ruled value checked and clamped, or the first problem found. Absent
 * (`undefined` or `null`) values stay absent.
 */
export function checkOptions<T extends object>(options: unknown, rules: OptionRules): OptionCheck<T> {
	if (options === undefined || options === null) return { ok: true, options: {} as T };
	if (typeof options !== "object" || Array.isArray(options)) {
		return { ok: false, problem: `options: expected an object, got ${describeValue(options)}` };
	}
	const checked: Record<string, unknown> = { ...(options as Record<string, unknown>) };
	for (const [name, rule] of Object.entries(rules)) {
		const value = checked[name];
		if (value === undefined || value === null) {
			delete checked[name];
			continue;
		}
		const result = checkValue(value, rule);
		if ("problem" in result) return { ok: false, problem: `${name}: ${result.problem}, got ${describeValue(value)}` };
		checked[name] = result.value;
	}
	return { ok: true, options: checked as T };
}

type Checked = { value: unknown } | { problem: string };

function checkValue(value: unknown, rule: OptionRule): Checked {
	const when = (ok: boolean, problem: string): Checked => (ok ? { value } : { problem });
	switch (rule.type) {
		case "string":
			return when(typeof value === "string", "expected a string");
		case "boolean":
			return when(typeof value === "boolean", "expected true or false");
		case "strings":
			return when(Array.isArray(value) && value.every((item) => typeof item === "string"), "expected an array of strings");
		case "signal":
			return when(isAbortSignal(value), "expected an AbortSignal");
		case "integer":
		case "number":
			return checkNumber(value, rule);
	}
}

function checkNumber(value: unknown, rule: Extract<OptionRule, { min: number }>): Checked {
	const range = `${rule.type === "integer" ? "an integer" : "a number"} from ${rule.min} to ${rule.max} (larger values are clamped)`;
	if (typeof value !== "number" || Number.isNaN(value) || value < rule.min) return { problem: `expected ${range}` };
	if (value >= rule.max) return { value: rule.max };
	if (rule.type === "integer" && !Number.isInteger(value)) return { problem: `expected ${range}` };
	return { value };
}

/** An AbortSignal, from this realm or another (same shape: `aborted` and the listener methods). */
export function isAbortSignal(value: unknown): value is AbortSignal {
	if (value instanceof AbortSignal) return true;
	const candidate = value as Partial<AbortSignal> | null;
	return (
		typeof candidate === "object" &&
		candidate !== null &&
		typeof candidate.aborted === "boolean" &&
		typeof candidate.addEventListener === "function" &&
		typeof candidate.removeEventListener === "function"
	);
}

function describeValue(value: unknown): string {
	if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
	if (Array.isArray(value)) return "an array";
	if (typeof value === "function") return "a function";
	return value === null ? "null" : `an ${typeof value}`;
}
