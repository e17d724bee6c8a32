// Every fault the fake Bedrock can produce, through both converseStream() and the pi provider
// streamBedrock. For each: exactly one terminal outcome (one typed error from the iterator, one
// `done`/`error` event from pi) within a bounded time, no unhandled rejection, no connection left
// behind (a healthy request afterwards still fits in the one pooled connection) and no growth of
// Node's active sockets or timers.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { BedrockError, streamBedrock } from '../dist/index.js';
import { native } from '../dist/native/binding.js';
import {
  HTTP_ERRORS,
  STREAM_EXCEPTIONS,
  beforeHeaders,
  encodeEvent,
  events as step,
  hugeDelta,
  midStream,
  neverCloses,
  plainResponse,
  rawPayloadEvent,
  startFakeBedrock,
  streamException,
  text,
  unknownEvent,
} from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import {
  activeResources,
  assertNoResourceGrowth,
  piModel,
  rawRequest,
  runNative,
  runPi,
  trapUnhandledRejections,
  userText,
  waitUntil,
} from './helpers/robustness.mjs';

const WATCHDOGS = { maxAttempts: 1, firstEventTimeoutMs: 1000, idleTimeoutMs: 500 };
/** Generous: the slowest fault (a stall) ends on a 1 s watchdog. */
const TERMINAL_WITHIN_MS = 5000;
const HUGE_FRAME_CHARS = 6 * 1024 * 1024;

let rejections;
before(() => {
  isolateAwsEnvironment();
  rejections = trapUnhandledRejections();
});

const textDelta = step.textDelta(0, 'lo');
const halfFrame = () => encodeEvent(textDelta.event, textDelta.payload).subarray(0, 20);
const exceptionCode = (type) => type[0].toUpperCase() + type.slice(1);

/**
 * converseStream() sends a bare id: refused on demand, it is retried once with the region's
 * inference profile (one more request); refused again (this scenario refuses everything), the
 * error is the first refusal naming the profile tried. The pi model is a profile id already.
 */
function nativeCase(scenario, expect) {
  if (scenario !== HTTP_ERRORS.onDemandNotSupported) return { expect, requests: 1 };
  const message = `${expect.message} (tried inference profile us.${rawRequest().modelId}: ${expect.message})`;
  return { expect: { ...expect, message }, requests: 2 };
}

/** `expect`: the typed error (code, and httpStatus/phase where they are fixed), or `{ text }` for a clean answer. */
const FAULTS = [
  ...Object.values(HTTP_ERRORS)
    .filter((error) => error.errorType !== 'ModelNotReadyException')
    .map((error) => ({
      name: `HTTP ${error.status} ${error.errorType} before the stream`,
      scenario: error,
      expect: { code: error.errorType, httpStatus: error.status, phase: 'request', message: error.message },
    })),
  ...Object.entries(STREAM_EXCEPTIONS).flatMap(([type, { status, message }]) => [
    {
      name: `in-stream ${type} before any content`,
      scenario: streamException(type),
      expect: { code: exceptionCode(type), httpStatus: status, phase: 'stream', message },
    },
    {
      name: `in-stream ${type} after content`,
      scenario: streamException(type, { afterText: 'partial' }),
      expect: { code: exceptionCode(type), httpStatus: status, phase: 'stream', message, partial: 'partial' },
    },
  ]),
  { name: 'a stall before the first byte', scenario: beforeHeaders('stall'), expect: { code: 'TimeoutError' } },
  { name: 'a stall after the headers, before the first event', scenario: { steps: [{ stall: true }] }, expect: { code: 'TimeoutError' } },
  { name: 'a stall mid-stream', scenario: midStream('Hel', { stall: true }), expect: { code: 'TimeoutError', partial: 'Hel' } },
  { name: 'a connection reset before the headers', scenario: beforeHeaders('destroy'), expect: { code: 'ConnectionError' } },
  { name: 'a connection reset mid-frame', scenario: midStream('Hel', { truncate: true }, textDelta), expect: { code: 'ConnectionError', partial: 'Hel' } },
  { name: 'a connection reset between frames', scenario: midStream('Hel', { destroy: true }), expect: { code: 'ConnectionError', partial: 'Hel' } },
  { name: 'a truncated frame at a clean end of the body', scenario: midStream('Hel', { raw: halfFrame() }), expect: { code: 'ResponseError', partial: 'Hel' } },
  { name: 'a corrupt prelude CRC', scenario: midStream('Hel', { corrupt: 'prelude' }, textDelta), expect: { code: 'ResponseError', partial: 'Hel' } },
  { name: 'a corrupt message CRC', scenario: midStream('Hel', { corrupt: 'message' }, textDelta), expect: { code: 'ResponseError', partial: 'Hel' } },
  { name: 'an unknown event type', scenario: unknownEvent({ thenText: 'Still here.' }), expect: { text: 'Still here.' } },
  {
    name: 'a malformed JSON payload',
    scenario: midStream('Hel', rawPayloadEvent('contentBlockDelta', '{"contentBlockIndex":0,"delta":')),
    expect: { code: 'ResponseError', partial: 'Hel' },
  },
  {
    name: 'invalid UTF-8 in a payload',
    scenario: midStream(
      'Hel',
      rawPayloadEvent('contentBlockDelta', Buffer.concat([Buffer.from('{"contentBlockIndex":0,"delta":{"text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')])),
    ),
    expect: { code: 'ResponseError', partial: 'Hel' },
  },
  { name: 'a frame of several MB', scenario: hugeDelta(HUGE_FRAME_CHARS), expect: { text: 'x'.repeat(HUGE_FRAME_CHARS) } },
  { name: 'a 200 with an HTML body', scenario: plainResponse('<html><body>Proxy login</body></html>'), expect: { code: 'ResponseError' } },
  { name: 'a 200 with a JSON body', scenario: plainResponse('{"output":{}}', { contentType: 'application/json' }), expect: { code: 'ResponseError' } },
  { name: 'a server that never closes after the last frame', scenario: neverCloses('All said.'), expect: { text: 'All said.' } },
];

function textOf(events) {
  return events.map((event) => event.delta?.text ?? '').join('');
}

/** Runs `fault` through one path on a server of its own and checks what it leaves behind. */
async function isolatedCase(scenario, runFault, runHealthy, requests = 1) {
  const baseline = activeResources();
  const fake = await startFakeBedrock();
  try {
    fake.respondWith(scenario);
    const outcome = await runFault(fake);
    assert.ok(outcome.ms < TERMINAL_WITHIN_MS, `terminal outcome after ${Math.round(outcome.ms)} ms`);
    assert.equal(fake.requests.length, requests, 'one attempt, as configured (plus a profile standing in for a refused bare id)');
    await assertNoConnectionLeft(fake, runHealthy);
  } finally {
    await fake.close();
  }
  await assertNoResourceGrowth(baseline);
}

/**
 * A connection the fault left half-used stays open while its owner lives. Once the healthy
 * request is done and the cached clients are dropped, every pooled connection closes, so any
 * connection still open then was leaked.
 */
async function assertNoConnectionLeft(fake, runHealthy) {
  fake.respondWith(text('healthy'));
  await runHealthy(fake);
  native().clearClientCache();
  await waitUntil(() => fake.connections.active === 0, () => `${fake.connections.active} connections left open`);
}

const nativeOptions = (fake) => ({ endpoint: fake.url, region: 'us-east-1', ...WATCHDOGS });
const piStream = (fake) => streamBedrock(piModel(fake.url), { messages: [userText('Hello')] }, WATCHDOGS);

function checkNative({ events, error }, expect) {
  if (expect.text !== undefined) {
    assert.equal(error, undefined, `no error expected, got ${error?.code}: ${error?.message}`);
    assert.equal(textOf(events), expect.text);
    return;
  }
  assert.ok(error instanceof BedrockError, `a BedrockError, got ${error}`);
  assert.equal(error.code, expect.code, error.message);
  if (expect.httpStatus !== undefined) assert.equal(error.httpStatus, expect.httpStatus);
  if (expect.phase !== undefined) assert.equal(error.phase, expect.phase);
  if (expect.message !== undefined) assert.equal(error.message, expect.message);
  assert.equal(textOf(events), expect.partial ?? '');
}

function checkPi({ terminal }, expect) {
  if (expect.text !== undefined) {
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    assert.deepEqual(terminal.message.content, [{ type: 'text', text: expect.text }]);
    return;
  }
  assert.equal(terminal.type, 'error');
  assert.equal(terminal.reason, 'error');
  assert.match(terminal.error.errorMessage, /\S/);
  if (expect.message !== undefined) assert.ok(terminal.error.errorMessage.endsWith(expect.message), terminal.error.errorMessage);
  const partialText = terminal.error.content.filter((block) => block.type === 'text').map((block) => block.text).join('');
  assert.equal(partialText, expect.partial ?? '');
}

describe('converseStream()', () => {
  for (const { name, scenario, expect: faultExpect } of FAULTS) {
    test(name, async () => {
      const { expect, requests } = nativeCase(scenario, faultExpect);
      await isolatedCase(
        scenario,
        async (fake) => {
          const outcome = await runNative(rawRequest(), nativeOptions(fake));
          checkNative(outcome, expect);
          return outcome;
        },
        async (fake) => assert.equal((await runNative(rawRequest(), nativeOptions(fake))).error, undefined),
        requests,
      );
    });
  }
});

describe('streamBedrock (pi)', () => {
  for (const { name, scenario, expect } of FAULTS) {
    test(name, async () => {
      await isolatedCase(
        scenario,
        async (fake) => {
          const outcome = await runPi(piStream(fake));
          checkPi(outcome, expect);
          return outcome;
        },
        async (fake) => assert.equal((await runPi(piStream(fake))).terminal.type, 'done'),
      );
    });
  }
});

test('no unhandled rejection in the whole matrix', () => {
  assert.deepEqual(rejections, []);
});

