// The addon binding: the generated loader (index.cjs, CommonJS) required on first use, and the
// generated declarations (index.d.ts) re-exported so the rest of ts/ types against them.
import { createRequire } from "node:module";
import type * as Binding from "../../index.js";

export type { NativeClientOptions, NativeConverseStream } from "../../index.js";
import type { NativeClientOptions } from "../../index.js";

let binding: typeof Binding | undefined;

/** The addon, loaded on first use: importing the package stays cheap for processes that never call Bedrock. */
export function native(): typeof Binding {
	binding ??= createRequire(import.meta.url)("../../index.cjs") as typeof Binding;
	return binding;
}

export type { NativeTarget } from "../../index.js";

/**
 * Where a request with these options goes: the region and its source, and the runtime and
 * control-plane endpoints, from the same native chain the clients use.
 */
export function resolveTarget(options: NativeClientOptions = {}): Binding.NativeTarget {
	return native().resolveTarget(options);
}
