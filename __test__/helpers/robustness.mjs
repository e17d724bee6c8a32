// Shared plumbing of the robustness suites (fault matrix, bad input, soak, secrets): run one call
// through converseStream() or streamBedrock to its terminal outcome, check pi's one-terminal-event
// contract, trap unhandled rejections, and count Node's active resources.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BedrockError, converseStream } from '../../dist/index.js';
import { startFakeBedrock } from '../../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './aws-env.mjs';

export const SONNET_4_5 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** A pi model whose requests go to `baseUrl` (a non-standard host is always the endpoint). */
export function piModel(baseUrl, id = SONNET_4_5) {
  return {
    id,
    name: `fake ${id}`,
    api: 'bedrock-converse-stream',
    provider: 'amazon-bedrock',
    baseUrl,
    reasoning: true,
    input: ['text', 'image'],
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    contextWindow: 200000,
    maxTokens: 8192,
  };
}

export function userText(text) {
  return { role: 'user', content: text, timestamp: Date.now() };
}

/** A raw Converse request with one user text. */
export function rawRequest(text = 'Hello', modelId = 'anthropic.claude-3-haiku-20240307-v1:0') {
  return { modelId, messages: [{ role: 'user', content: [{ text }] }] };
}

/** Runs converseStream() to its end: the events before a failure, the thrown error, the time taken. */
export async function runNative(request, options) {
  const started = performance.now();
  const events = [];
  let error;
  try {
    for await (const event of converseStream(request, options)) events.push(event);
  } catch (thrown) {
    error = thrown;
  }
  return { events, error, ms: performance.now() - started };
}

/**
 * Drains a pi stream and checks its contract: exactly one terminal `done`/`error` event, the last
 * one, and `result()` resolving to its message. Returns the events, the terminal event and the time.
 */
export async function runPi(stream) {
  const started = performance.now();
  const events = [];
  for await (const event of stream) events.push(event);
  const result = await stream.result();
  const terminals = events.filter((event) => event.type === 'done' || event.type === 'error');
  assert.equal(terminals.length, 1, `exactly one terminal event, got ${events.map((event) => event.type)}`);
  const terminal = events.at(-1);
  assert.equal(terminal, terminals[0], 'the terminal event is the last one');
  assert.equal(result, terminal.message ?? terminal.error, 'result() is the terminal message');
  return { events, terminal, ms: performance.now() - started };
}

/**
 * A fake Bedrock for the whole suite, answering `defaultScenario` (or its own default), its
 * recordings cleared before each test, with no AWS setting of the host in reach. The handle
 * reads the live server.
 */
export function useIsolatedFake(defaultScenario) {
  let server;
  before(async () => {
    isolateAwsEnvironment();
    // Without one, the fake's own default answer (an explicit `undefined` would replace it).
    server = await startFakeBedrock(defaultScenario ? { defaultScenario } : {});
  });
  after(() => server.close());
  beforeEach(() => server.reset());
  return new Proxy({}, {
    get(_target, name) {
      const value = server[name];
      return typeof value === 'function' ? value.bind(server) : value;
    },
  });
}

/** A pi stream that must fail before sending: one `error` terminal matching `pattern`, no request at `fake`. */
export async function assertPiRefusedBeforeSending(fake, stream, pattern) {
  const { terminal } = await runPi(stream);
  assert.equal(terminal.type, 'error');
  assert.match(terminal.error.errorMessage, pattern);
  assert.equal(fake.requests.length, 0, 'nothing sent');
}

/** A raw request that must fail before sending: no event, one client-side InvalidRequest matching `pattern`. */
export async function assertNativeRefusedBeforeSending(fake, request, pattern) {
  const { events, error } = await runNative(request, { endpoint: fake.url, maxAttempts: 1 });
  assert.deepEqual(events, []);
  assert.ok(error instanceof BedrockError, String(error));
  assert.equal(error.code, 'InvalidRequest');
  assert.equal(error.phase, 'client');
  assert.match(error.message, pattern);
  assert.equal(fake.requests.length, 0, 'nothing sent');
}

/** Collects the process's unhandled rejections from now on (check the list in a last test). */
export function trapUnhandledRejections() {
  const rejections = [];
  process.on('unhandledRejection', (reason) => rejections.push(reason));
  return rejections;
}

/** Node's active resources (sockets, timers, ...) counted by type. */
export function activeResources() {
  const counts = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const WATCHED_RESOURCES = ['TCPSocketWrap', 'TCPWrap', 'TCPServerWrap', 'Timeout', 'Immediate', 'PipeWrap'];

/** Resolves once no watched resource type counts more than in `baseline`; fails after `timeoutMs`. */
export async function assertNoResourceGrowth(baseline, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  let grown;
  do {
    const now = activeResources();
    grown = WATCHED_RESOURCES.filter((type) => (now[type] ?? 0) > (baseline[type] ?? 0)).map(
      (type) => `${type}: ${baseline[type] ?? 0} → ${now[type]}`,
    );
    if (grown.length === 0) return;
    await sleep(20);
  } while (Date.now() < deadline);
  assert.fail(`active resources grew: ${grown.join(', ')}`);
}

/** Waits until `condition()` holds, polling; fails with `message` after `timeoutMs`. */
export async function waitUntil(condition, message, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(message());
    await sleep(10);
  }
}
