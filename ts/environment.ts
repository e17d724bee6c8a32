// The environment variables the TypeScript layer reads, taken in one snapshot per call: a
// request is built from one consistent view even if the environment changes meanwhile, and
// the rules below it take the snapshot as a parameter instead of reading process.env. (The
// native side takes its own snapshot of the variables it reads.)

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
