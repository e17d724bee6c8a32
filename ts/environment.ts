// The environment variables the TypeScript layer reads, taken in one snapshot per call: a
// request is built from one consistent view even if the environment changes meanwhile, and
// the rules below it take the snapshot as a parameter instead of reading process.env. (The
// native side takes its own snapshot of the variables it reads.) Setting variables for the
// native side (the demo's fake credentials) goes through here as well.

const ENVIRONMENT_NAMES = [
	/** `long` makes the default cache retention 1h (pi-ai's rule). */
	"PI_CACHE_RETENTION",
	/** The region pi-ai considers configured (GovCloud's `thinking.display` rule). */
	"AWS_REGION",
	"AWS_DEFAULT_REGION",
	/** `1` opts models whose id and name mention neither Claude nor Nova into cache points. */
	"AWS_BEDROCK_FORCE_CACHE",
	/** Endpoint overrides, named by `doctor`. */
	"AWS_ENDPOINT_URL_BEDROCK",
	"AWS_ENDPOINT_URL",
] as const;

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** The variables above as they were when the snapshot was taken (unset ones are absent). */
export type EnvironmentSnapshot = Readonly<Partial<Record<EnvironmentName, string>>>;

/** Reads every variable the TypeScript layer uses, once. */
export function readEnvironment(): EnvironmentSnapshot {
	const snapshot: Partial<Record<EnvironmentName, string>> = {};
	for (const name of ENVIRONMENT_NAMES) {
		const value = process.env[name];
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
