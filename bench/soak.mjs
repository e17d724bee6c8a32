// Load and soak: many concurrent streams held open at once, many sequential requests with RSS
// and Node's active handles measured before and after, and an abort storm (streams aborted at
// random points). Half of each workload goes through converseStream(), half through the pi
// provider streamBedrock, against one local fake Bedrock.
//
//   node bench/soak.mjs             full size: 1,000 concurrent, 10,000 sequential, 1,000 aborted
//   node bench/soak.mjs --smoke     tiny sizes
//
// __test__/soak.test.mjs runs the same workloads at CI size.
import { realpathSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { converseStream, streamBedrock } from '../dist/index.js';
import { midStream, startFakeBedrock, text } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from '../__test__/helpers/aws-env.mjs';
import { piModel, rawRequest, userText } from '../__test__/helpers/robustness.mjs';

export const FULL_SIZE = { concurrent: 1000, sequential: 10_000, aborted: 1000 };
const SMOKE_SIZE = { concurrent: 20, sequential: 50, aborted: 20 };
/** Each held stream sends this many deltas this far apart, so all of them are open at once. */
const HELD_DELTAS = 10;
const HELD_GAP_MS = 50;
const ABORT_WITHIN_MS = 150;
const WATCHDOGS = { maxAttempts: 1, firstEventTimeoutMs: 30_000, idleTimeoutMs: 30_000 };

/** One call to its end, through converseStream() (even `index`) or streamBedrock (odd). Returns how it ended. */
export async function runOne(fake, index, { signal } = {}) {
  if (index % 2 === 0) {
    try {
      for await (const _event of converseStream(rawRequest(`request ${index}`), { endpoint: fake.url, region: 'us-east-1', signal, ...WATCHDOGS }));
      return 'done';
    } catch (error) {
      return error.code ?? 'thrown';
    }
  }
  const stream = streamBedrock(piModel(fake.url), { messages: [userText(`request ${index}`)] }, { signal, ...WATCHDOGS });
  let terminals = 0;
  for await (const event of stream) if (event.type === 'done' || event.type === 'error') terminals += 1;
  await stream.result();
  if (terminals !== 1) throw new Error(`pi stream ${index} ended with ${terminals} terminal events`);
  return (await stream.result()).stopReason;
}

export function snapshot(fake) {
  return {
    rssMb: Math.round(process.memoryUsage().rss / 1e5) / 10,
    handles: process.getActiveResourcesInfo().length,
    serverConnections: fake.connections.active,
  };
}

function tally(outcomes) {
  const counts = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/** `count` streams at once, each held open for HELD_DELTAS × HELD_GAP_MS; reports the peak held. */
export async function concurrentStreams(fake, count) {
  fake.respondWith({ ...text('held open '.repeat(HELD_DELTAS), { chunks: HELD_DELTAS }), frameGapMs: HELD_GAP_MS });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, fake.connections.active)), 10);
  try {
    const outcomes = await Promise.all(Array.from({ length: count }, (_, index) => runOne(fake, index)));
    return { streams: count, peakHeld: peak, outcomes: tally(outcomes) };
  } finally {
    clearInterval(sampler);
  }
}

/** `count` requests one after the other, with RSS and handles before and after. */
export async function sequentialRequests(fake, count) {
  fake.respondWith({ ...text('short answer'), frameGapMs: 0 });
  await runOne(fake, 0); // warm both clients
  await runOne(fake, 1);
  const before = snapshot(fake);
  const outcomes = [];
  for (let index = 0; index < count; index += 1) {
    outcomes.push(await runOne(fake, index));
    fake.requests.length = 0; // the fake's request log would otherwise be the growth measured
  }
  globalThis.gc?.();
  return { requests: count, before, after: snapshot(fake), outcomes: tally(outcomes) };
}

/** `count` streams on a stalled answer, each aborted at a random point (some before they start). */
export async function abortStorm(fake, count) {
  fake.respondWith(midStream('partial ', { stall: true }));
  const outcomes = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const controller = new AbortController();
      const delay = Math.floor(Math.random() * ABORT_WITHIN_MS);
      if (delay < 10) controller.abort();
      else setTimeout(() => controller.abort(), delay);
      return runOne(fake, index, { signal: controller.signal });
    }),
  );
  return { aborted: count, outcomes: tally(outcomes) };
}

/** Waits (bounded) until the server's open connections drop to `atMost`. */
export async function settle(fake, atMost, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (fake.connections.active > atMost && Date.now() < deadline) await sleep(20);
  return fake.connections.active;
}

async function main() {
  const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false } } });
  const size = values.smoke ? SMOKE_SIZE : FULL_SIZE;
  isolateAwsEnvironment();
  const fake = await startFakeBedrock();
  try {
    const start = snapshot(fake);
    const concurrent = await concurrentStreams(fake, size.concurrent);
    const pooled = await settle(fake, size.concurrent);
    const sequential = await sequentialRequests(fake, size.sequential);
    const storm = await abortStorm(fake, size.aborted);
    const afterStorm = await settle(fake, pooled);
    fake.reset();
    const report = { size, start, concurrent: { ...concurrent, pooledAfter: pooled }, sequential, abortStorm: { ...storm, connectionsAfter: afterStorm }, end: snapshot(fake) };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await fake.close();
  }
}

function isRunAsScript() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isRunAsScript()) await main();
