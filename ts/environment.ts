// The environment variables the TypeScript layer reads, taken in one snapshot per call: a
// request is built from one consistent view even if the environment changes meanwhile, and
// the rules below it take the snapshot as a parameter instead of reading process.env. (The
// native side reads the environment `callerEnvironment` hands it on every call, so Node, Bun
// and `.env` loaders behave the same.) Setting variables for the native side (the demo's fake
// credentials) goes through here as well.

const ENVIRONMENT_NAMES = [
	/** `long` makes the default cache retention 1h (pi-ai's rule). */
	"PI_CACHE_RETENTION",
	/** `1` opts models whose id and name mention neither Claude nor Nova into cache points. */
	"AWS_BEDROCK_FORCE_CACHE",
] as const;

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** The variables above as they were when the snapshot was taken (unset ones are absent). */
export type EnvironmentSnapshot = Readonly<Partial<Record<EnvironmentName, string>>>;

/** Variables that override the process environment for one call (a host's provider-scoped `env`); `undefined` unsets one. */
export type EnvironmentOverrides = Readonly<Record<string, string | undefined>>;

/**
 * The environment a native call sees, handed across the edge on every call: the process
 * environment as JavaScript sees it (which under Bun, or after `process.env.X = …`, can differ
 * from the C environment the native side would read), with `overrides` on top. Only the
 * variables `isKept` names are copied (the native side says which it reads): reading
 * `process.env` is slow, and so is every variable's conversion at the napi edge, which each
 * stream would otherwise pay for a whole shell environment.
 */
export function callerEnvironment(isKept: (name: string) => boolean, overrides?: EnvironmentOverrides): Record<string, string> {
	const merged: Record<string, string> = {};
	for (const name of Object.keys(process.env)) {
		if (!isKept(name)) continue;
		const value = process.env[name];
		if (value !== undefined) merged[name] = value;
	}
	for (const [name, value] of Object.entries(overrides ?? {})) {
		if (!isKept(name)) continue;
		if (value === undefined) delete merged[name];
		else merged[name] = value;
	}
	return merged;
}

/** Reads every variable the TypeScript layer uses, once; `overrides` win over `process.env`. */
export function readEnvironment(overrides?: EnvironmentOverrides): EnvironmentSnapshot {
	const snapshot: Partial<Record<EnvironmentName, string>> = {};
	for (const name of ENVIRONMENT_NAMES) {
		const value = overrides && Object.hasOwn(overrides, name) ? overrides[name] : process.env[name];
		if (value !== undefined) snapshot[name] = value;
	}
	return Object.freeze(snapshot);
}

/**
 * Sets (or, for undefined, deletes) variables in the real process environment, which the
 * native side reads too; returns the function that puts the previous values back. (Replacing
 * `process.env` wholesale would detach it from the C environment.)
 */
export function overrideEnvironment(changes: Record<string, string | undefined>): () => void {
	const previous = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
	const apply = (values: Record<string, string | undefined>) => {
		for (const [name, value] of Object.entries(values)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
	apply(changes);
	return () => apply(previous);
}
