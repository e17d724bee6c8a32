// The addon binding: the generated loader (index.cjs, CommonJS) required on first use, and the
// generated declarations (index.d.ts) re-exported so the rest of ts/ types against them. A
// failed load is a NativeBindingError naming the platform and the fix (binding-error.ts).
import { createRequire } from "node:module";
import type * as Binding from "../../index.js";
import { explainLoadFailure } from "./binding-error.js";
import type { NativeClientOptions, NativeTarget } from "../../index.js";
import { callerEnvironment, type EnvironmentOverrides } from "../environment.js";

export type {
	NativeClientOptions,
	NativeConverseStream,
	NativeCredentialOptions,
	NativeCredentialReport,
	NativeDiscoveredModel,
	NativeDiscovery,
	NativeDiscoveryError,
	NativeDiscoveryOptions,
	NativeTarget,
} from "../../index.js";

let binding: typeof Binding | undefined;

/** The addon, loaded on first use: importing the package stays cheap for processes that never call Bedrock. */
export function native(): typeof Binding {
	binding ??= load();
	return binding;
}

function load(): typeof Binding {
	try {
		return createRequire(import.meta.url)("../../index.cjs") as typeof Binding;
	} catch (error) {
		throw explainLoadFailure(error);
	}
}

/** Options of any native call, with a host's partial `env` on top of the caller's process environment. */
export type WithCallerEnvironment<T extends { env?: Record<string, string> }> = Omit<T, "env"> & { env?: EnvironmentOverrides };

let nativeKeeps: ((name: string) => boolean) | undefined;

/** Whether the native side keeps this variable of a passed environment (src/config/env.rs says which, once). */
function keptByNative(name: string): boolean {
	nativeKeeps ??= (() => {
		const { prefixes, names } = native().environmentSelection();
		const kept = new Set(names);
		return (variable: string) => kept.has(variable) || prefixes.some((prefix) => variable.startsWith(prefix));
	})();
	return nativeKeeps(name);
}

/**
 * Options as the native side takes them: `env` becomes the whole environment the caller sees
 * (the process environment as JavaScript has it, the explicit variables winning), so credentials and
 * region set from JavaScript (Bun, `.env` loaders, a host's provider-scoped settings) count.
 */
export function withCallerEnvironment<T extends { env?: Record<string, string> }>(options: WithCallerEnvironment<T>): T {
	return { ...options, env: callerEnvironment(keptByNative, options.env) } as T;
}

/**
 * Where a request with these options goes: the region and its source, and the runtime and
 * control-plane endpoints, from the same native chain the clients use.
 */
export function resolveTarget(options: WithCallerEnvironment<NativeClientOptions> = {}): NativeTarget {
	return native().resolveTarget(withCallerEnvironment(options));
}
