// Prompt-cache checkpoints. Bedrock allows at most 4 per request, counted across tools, system
// and messages, and rejects the whole request on a fifth; a checkpoint with a longer TTL must
// not follow one with a shorter TTL. Automatic points go on tools, system and the last user
// turn (the cache prefix order); points the caller placed count first.
import type { CacheRetention } from "../protocol/types.js";
import type { CachePolicy } from "../models.js";

export type CacheTtl = "5m" | "1h";
export interface CachePointBlock {
	cachePoint: { type: "default"; ttl?: CacheTtl };
}

/** The parts of a Converse request that can hold cache points. */
export interface CacheablePrompt {
	system: object[] | undefined;
	messages: { role: string; content: object[] }[];
	toolConfig: { tools: object[] } | undefined;
}

export const MAX_CACHE_POINTS = 4;

/** Points we add ourselves: they give way to the caller's when the budget is short. */
const automaticPoints = new WeakSet<object>();

export function isCachePoint(block: object): block is CachePointBlock {
	return "cachePoint" in block;
}

export function cachePoint(ttl?: CacheTtl): CachePointBlock {
	return { cachePoint: { type: "default", ...(ttl && { ttl }) } };
}

function automaticCachePoint(ttl: CacheTtl | undefined): CachePointBlock {
	const point = cachePoint(ttl);
	automaticPoints.add(point);
	return point;
}

/**
 * Adds the automatic points, then makes the request valid: at most 4 points, 1h only where the
 * model takes it, and no 1h after a 5m.
 */
export function placeCachePoints(
	prompt: CacheablePrompt,
	policy: CachePolicy | undefined,
	retention: CacheRetention,
): void {
	if (policy && retention !== "none") addAutomaticCachePoints(prompt, policy, retention);
	keepWithinBudget(prompt);
	orderTtls(prompt, policy?.longTtl ?? true);
}

/** pi-ai's "short" sends no TTL (Bedrock's default, 5m); "long" asks for 1h where the model has it. */
function addAutomaticCachePoints(prompt: CacheablePrompt, policy: CachePolicy, retention: CacheRetention): void {
	const ttl = retention === "long" && policy.longTtl ? "1h" : undefined;
	if (policy.tools && prompt.toolConfig?.tools.length) prompt.toolConfig.tools.push(automaticCachePoint(ttl));
	if (prompt.system?.length) prompt.system.push(automaticCachePoint(ttl));
	const last = prompt.messages[prompt.messages.length - 1];
	if (last?.role === "user") last.content.push(automaticCachePoint(ttl));
}

interface CachePointSlot {
	list: object[];
	point: CachePointBlock;
}

/** Every cache point in cache-prefix order: tools, system, then messages. */
function cachePointSlots(prompt: CacheablePrompt): CachePointSlot[] {
	const lists = [prompt.toolConfig?.tools ?? [], prompt.system ?? [], ...prompt.messages.map((message) => message.content)];
	return lists.flatMap((list) => list.filter(isCachePoint).map((point) => ({ list, point })));
}

/**
 * Drops points beyond the budget: automatic ones first, the earliest first (a later point also
 * covers the prefix before it, so the conversation's tail is worth most); then the caller's,
 * also earliest first.
 */
function keepWithinBudget(prompt: CacheablePrompt): void {
	const slots = cachePointSlots(prompt);
	const excess = slots.length - MAX_CACHE_POINTS;
	if (excess <= 0) return;
	const automatic = slots.filter((slot) => automaticPoints.has(slot.point));
	const callers = slots.filter((slot) => !automaticPoints.has(slot.point));
	for (const { list, point } of [...automatic, ...callers].slice(0, excess)) list.splice(list.indexOf(point), 1);
}

/**
 * A 1h point after a 5m one, or on a model without 1h, becomes 5m: cheaper than upgrading the
 * earlier one, and the request stays valid.
 */
function orderTtls(prompt: CacheablePrompt, modelTakesLongTtl: boolean): void {
	let seenShort = false;
	for (const { point } of cachePointSlots(prompt)) {
		if (point.cachePoint.ttl === "1h" && (seenShort || !modelTakesLongTtl)) delete point.cachePoint.ttl;
		if (point.cachePoint.ttl !== "1h") seenShort = true;
	}
}
