// The strict-tool fallback (pi-ai 1.6's): Claude rejects a request whose strict tools exceed its
// grammar limits (about 20 strict tools, 16 optional or union-typed parameters). The request is
// then sent again with the "prefer" tools non-strict, and the session is remembered so its later
// requests go non-strict at once: the tool set rarely changes, and flipping back would rewrite
// the tool definitions and miss the prompt cache. Bedrock checks schemas before it streams, so
// the retry never repeats output.

const LIMIT_MESSAGES = [
	"The compiled grammar is too large",
	"Too many strict tools (",
	"Schemas contains too many parameters with union types (",
];

/** Bounds memory for callers that never end sessions; a forgotten session pays one more rejection. */
const MAX_REMEMBERED_SESSIONS = 10_000;
const sessionsOverLimits = new Set<string>();

export function isStrictToolLimitError(message: string): boolean {
	return LIMIT_MESSAGES.some((limit) => message.includes(limit));
}

export function rememberStrictToolLimitsExceeded(sessionId: string | undefined): void {
	if (sessionId === undefined) return;
	sessionsOverLimits.add(sessionId);
	if (sessionsOverLimits.size > MAX_REMEMBERED_SESSIONS) {
		const oldest = sessionsOverLimits.values().next().value;
		if (oldest !== undefined) sessionsOverLimits.delete(oldest);
	}
}

export function hasExceededStrictToolLimits(sessionId: string | undefined): boolean {
	return sessionId !== undefined && sessionsOverLimits.has(sessionId);
}

/** Forgets one session, or every session without an id (for tests and long-lived hosts). */
export function forgetStrictToolLimits(sessionId?: string): void {
	if (sessionId === undefined) sessionsOverLimits.clear();
	else sessionsOverLimits.delete(sessionId);
}
