// Why the addon did not load, said so a user can act: the generated napi-rs loader (index.cjs)
// tries a local build (bedrock-native.<platform>.node next to it), then the platform package
// (bedrock-native-<platform>), and when neither loads its message blames an npm bug. Ours names
// the platform, what was missing and the fix, and keeps the loader's error chain as the cause.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface PackageManifest {
	name: string;
	version: string;
	optionalDependencies?: Record<string, string>;
}

export class NativeBindingError extends Error {
	readonly code = "NativeBindingUnavailable";
	/** napi-rs's name for this machine, e.g. `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`. */
	readonly platform: string;

	constructor(message: string, platform: string, cause: unknown) {
		super(message, { cause });
		this.name = "NativeBindingError";
		this.platform = platform;
	}
}

export function explainLoadFailure(cause: unknown): NativeBindingError {
	const manifest = require("../../package.json") as PackageManifest;
	const platform = napiPlatformName();
	const platformPackage = `${manifest.name}-${platform}`;
	const head = `${manifest.name} could not load its native addon for ${platform}`;
	const fromSource =
		"build it from source: clone the repository and run `npm install` there (needs Rust, cargo >= 1.88, and a C compiler)";
	let message: string;
	if (isResolvable(platformPackage)) {
		message = `${head}: the platform package ${platformPackage} is installed but failed to load (${failureReason(cause)}). Fix: reinstall it (\`npm install ${platformPackage}@${manifest.version}\`), or ${fromSource}.`;
	} else if (manifest.optionalDependencies?.[platformPackage]) {
		message = `${head}: its platform package ${platformPackage} is not installed (optional dependencies were omitted: --omit=optional, --no-optional, or npm's lockfile bug https://github.com/npm/cli/issues/4828). Fix: \`npm install ${platformPackage}@${manifest.version}\`, or remove node_modules and package-lock.json and install again.`;
	} else {
		message = `${head}: no local build (${manifest.name}.${platform}.node) was found, and this copy declares no platform package for ${platform} (a git checkout, or a platform without prebuilt binaries). Fix: ${fromSource}; in a checkout, \`npm run build:native\`.`;
	}
	return new NativeBindingError(message, platform, cause);
}

/** The platform name napi-rs gives this machine (the suffix of the platform packages). */
export function napiPlatformName(): string {
	const { platform, arch } = process;
	if (platform === "linux") return `${platform}-${arch}-${isMusl() ? "musl" : "gnu"}`;
	if (platform === "win32") return `${platform}-${arch}-msvc`;
	return `${platform}-${arch}`;
}

function isMusl(): boolean {
	const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
	return !report?.header?.glibcVersionRuntime;
}

function isResolvable(specifier: string): boolean {
	try {
		require.resolve(specifier);
		return true;
	} catch {
		return false;
	}
}

/**
 * The reason a present artifact failed to load (a bad binary, a version mismatch): the generated
 * loader chains each attempt's error through `cause`, and the attempts that found nothing say
 * "Cannot find module".
 */
function failureReason(error: unknown): string {
	let current = error;
	for (let depth = 0; depth < 32 && current instanceof Error; depth++, current = current.cause) {
		const line = current.message.split("\n")[0];
		if (!/^Cannot find (module|native binding)/.test(line)) return line;
	}
	return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
