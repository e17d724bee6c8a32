// The addon binding: the generated loader (index.cjs, CommonJS) required on first use, and the
// generated declarations (index.d.ts) re-exported so the rest of ts/ types against them. A
// failed load is a NativeBindingError naming the platform and the fix (binding-error.ts).
import { createRequire } from "node:module";
import type * as Binding from "../../index.js";
import { explainLoadFailure } from "./binding-error.js";

export type { NativeClientOptions, NativeConverseStream } from "../../index.js";

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
