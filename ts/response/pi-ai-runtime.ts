// pi-ai's streaming-JSON parser (the oracle for partial tool arguments), loaded from its own
// module: pi-ai's root entry also builds every provider's validation schemas and the model
// catalogue (~180 ms and ~30 MB at import), none of which a provider uses.
import type * as PiAi from "@mariozechner/pi-ai";

async function loadParser(): Promise<typeof PiAi.parseStreamingJson> {
	try {
		const parser = await import(new URL("./utils/json-parse.js", import.meta.resolve("@mariozechner/pi-ai")).href);
		if (typeof parser.parseStreamingJson === "function") return parser.parseStreamingJson;
	} catch {
		// A pi-ai laid out differently: its public entry has the same function.
	}
	return (await import("@mariozechner/pi-ai")).parseStreamingJson;
}

export const parseStreamingJson = await loadParser();
