// Bedrock accepts tool names matching `^[a-zA-Z0-9_-]{1,64}$` only, and one bad name rejects
// the whole request even if that tool is never called (MCP tools often have dots, slashes or
// long prefixes). Names are renamed deterministically on the way out, so the same pi name
// always becomes the same Bedrock name (history and tool list agree without shared state),
// and mapped back on the way in from the context's tools.
import { createHash } from "node:crypto";
import type { Tool } from "../protocol/types.js";

const VALID_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_TOOL_NAME_LENGTH = 64;
const HASH_LENGTH = 8;

/**
 * The name sent to Bedrock: the pi name itself when valid; else the name with invalid
 * characters replaced, cut to fit, plus a short hash of the original so two names that
 * sanitise alike stay distinct.
 */
export function bedrockToolName(name: string): string {
	if (VALID_TOOL_NAME.test(name)) return name;
	const hash = createHash("sha256").update(name).digest("hex").slice(0, HASH_LENGTH);
	const sanitized = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, MAX_TOOL_NAME_LENGTH - HASH_LENGTH - 1);
	return `${sanitized}_${hash}`;
}

/** Bedrock name → pi name, for the tools whose name had to change. */
export function renamedToolNames(tools: readonly Pick<Tool, "name">[] | undefined): Map<string, string> {
	const renamed = new Map<string, string>();
	for (const { name } of tools ?? []) {
		const sent = bedrockToolName(name);
		if (sent !== name) renamed.set(sent, name);
	}
	return renamed;
}
