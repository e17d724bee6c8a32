// Issue 14, classes 2 and 3: a response that ends early is an error, never a silent "done"; an
// announced frame size is checked before anything is buffered; requests that cannot be sent
// (a model id too long for a URL, an endpoint that is no URL) fail before sending with a bounded
// message that never echoes the request body.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { streamBedrock } from '../dist/index.js';
import { native } from '../dist/native/binding.js';
import { encodeFrame, events as step, httpError, text } from '../fake-bedrock/index.mjs';
import { assertPiError, assertTypedError, rssMb, within } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runNative, runPi, trapUnhandledRejections, useIsolatedFake, userText, waitUntil } from './helpers/robustness.mjs';

const BOUND_MS = 5000;
const ONE_ATTEMPT = { maxAttempts: 1, firstEventTimeoutMs: 3000, idleTimeoutMs: 3000 };

const fake = useIsolatedFake();
const rejections = trapUnhandledRejections();

const textOf = (events) => events.map((event) => event.delta?.text ?? '').join('');
const nativeRun = (request, options = ONE_ATTEMPT) => within(BOUND_MS, runNative(request, { endpoint: fake.url, ...options }));
const piRun = (options = ONE_ATTEMPT, context = { messages: [userText('Hi')] }, model = piModel(fake.url)) =>
  within(BOUND_MS, runPi(streamBedrock(model, context, options)));

describe('a 200 response that ends before messageStop is a retryable error', () => {
  const TRUNCATIONS = [
    { name: 'an empty body', scenario: { steps: [] }, partial: '' },
    { name: 'only messageStart', scenario: { steps: [step.messageStart()] }, partial: '' },
    { name: 'cut after some text', scenario: { steps: [step.messageStart(), step.textDelta(0, 'Hel')] }, partial: 'Hel' },
    {
      name: 'cut after a whole content block',
      scenario: { steps: [step.messageStart(), step.textDelta(0, 'Hello'), step.contentBlockStop(0)] },
      partial: 'Hello',
    },
  ];
  for (const { name, scenario, partial } of TRUNCATIONS) {
    test(`converseStream: ${name}`, async () => {
      fake.respondWith(scenario);
      const { events, error } = await nativeRun(rawRequest());
      assertTypedError(error, 'IncompleteStreamError', { messageMatches: /messageStop/ });
      assert.equal(error.retryable, true);
      assert.equal(error.phase, 'stream');
      assert.equal(textOf(events), partial);
      assert.equal(fake.requests.length, 1);
    });

    test(`streamBedrock: ${name} ends in an error event, never done`, async () => {
      fake.respondWith(scenario);
      const { terminal } = await piRun();
      assertPiError(terminal, { messageMatches: /messageStop|incomplete|truncated/i });
      assert.equal(terminal.error.stopReason, 'error');
    });
  }

  test('a truncation before any content is retried invisibly', async () => {
    fake.enqueue({ steps: [] }, { steps: [step.messageStart()] });
    fake.respondWith(text('Fine now.'));
    const { events, error } = await nativeRun(rawRequest(), { maxAttempts: 3, retryBaseDelayMs: 1 });
    assert.equal(error, undefined, error?.message);
    assert.equal(textOf(events), 'Fine now.');
    assert.equal(events.filter((e) => e.type === 'messageStart').length, 1);
    assert.equal(events.filter((e) => e.type === 'retry').length, 2);
    assert.equal(fake.requests.length, 3);
  });

  test('a truncation after content is not retried', async () => {
    fake.respondWith({ steps: [step.messageStart(), step.textDelta(0, 'Hel')] });
    const { error } = await nativeRun(rawRequest(), { maxAttempts: 3, retryBaseDelayMs: 1 });
    assertTypedError(error, 'IncompleteStreamError');
    assert.equal(fake.requests.length, 1);
  });

  test('messageStop without metadata is a complete answer', async () => {
    fake.respondWith({ steps: [step.messageStart(), step.textDelta(0, 'Done.'), step.contentBlockStop(0), step.messageStop('end_turn')] });
    const { events, error } = await nativeRun(rawRequest());
    assert.equal(error, undefined, error?.message);
    assert.equal(textOf(events), 'Done.');
  });
});

/** A frame prelude announcing `totalLength` bytes, with a valid prelude CRC. */
function preludeAnnouncing(totalLength) {
  const frame = encodeFrame({ ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from('{}'));
  const prelude = Buffer.from(frame.subarray(0, 12));
  prelude.writeUInt32BE(totalLength, 0);
  // The prelude CRC covers the first 8 bytes.
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  return prelude;
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('an oversized frame is refused from its prelude', () => {
  const MB = 1024 * 1024;
  const chunk = Buffer.alloc(MB, 0x61);

  test('a frame announcing ~4 GB followed by a flood: a typed error at once, memory bounded', async () => {
    const floodSteps = Array.from({ length: 256 }, () => ({ raw: chunk }));
    fake.respondWith({ frameGapMs: 0, steps: [step.messageStart(), { raw: preludeAnnouncing(0xfffffff0) }, ...floodSteps] });
    const rssBefore = rssMb();
    const { error, ms } = await nativeRun(rawRequest());
    assertTypedError(error, 'FrameTooLargeError', { messageMatches: /16777216|16 MiB/ });
    assert.equal(error.retryable, false);
    assert.ok(ms < 2000, `refused after ${Math.round(ms)} ms`);
    assert.ok(rssMb() - rssBefore < 150, `RSS grew by ${Math.round(rssMb() - rssBefore)} MB`);
    native().clearClientCache();
    await waitUntil(() => fake.connections.active === 0, () => `${fake.connections.active} connections left open`);
  });

  test('a frame announcing 4 GB and then nothing fails before the idle timeout', async () => {
    fake.respondWith({ steps: [step.messageStart(), { raw: preludeAnnouncing(0xffffffff) }, { stall: true }] });
    const { error, ms } = await nativeRun(rawRequest(), { maxAttempts: 1, idleTimeoutMs: 4000, firstEventTimeoutMs: 4000 });
    assertTypedError(error, 'FrameTooLargeError');
    assert.ok(ms < 2000, `refused after ${Math.round(ms)} ms`);
  });

  test('through streamBedrock: one error event', async () => {
    fake.respondWith({ steps: [step.messageStart(), { raw: preludeAnnouncing(64 * MB) }, { stall: true }] });
    const { terminal } = await piRun();
    assertPiError(terminal, { messageMatches: /frame/i });
  });
});

describe('requests that cannot be sent fail before sending, naming why, without echoing the request', () => {
  const LONG_IDS = [
    { name: 'a 70,000-character model id', id: 'm'.repeat(70_000) },
    { name: 'a model id over 64 KB once URL-encoded', id: `anthropic.${'é'.repeat(11_000)}` },
    { name: 'a model id with 30,000 slashes', id: '/'.repeat(30_000) },
  ];
  for (const { name, id } of LONG_IDS) {
    test(`converseStream: ${name}`, async () => {
      const { error } = await nativeRun(rawRequest('Hi', id));
      assertTypedError(error, 'InvalidRequest', { messageMatches: /modelId/ });
      assert.equal(fake.requests.length, 0);
    });

    test(`streamBedrock: ${name}`, async () => {
      const { terminal } = await piRun(ONE_ATTEMPT, { messages: [userText('Hi')] }, piModel(fake.url, id));
      assertPiError(terminal, { messageMatches: /modelId/ });
      assert.equal(fake.requests.length, 0);
    });
  }

  const CONVERSATION_SECRET = 'PRIVATE-CONVERSATION-MARKER';
  const bigConversation = `${CONVERSATION_SECRET} ${'lorem ipsum '.repeat(90_000)}`;
  const BAD_ENDPOINTS = [
    'file:///etc/passwd',
    'http://127.0.0.1:1/\r\nX-Injected: yes',
    'http://bad\nhost',
    'not a url at all',
    'ftp://127.0.0.1/',
    '',
  ];
  for (const endpoint of BAD_ENDPOINTS) {
    test(`endpoint ${JSON.stringify(endpoint)}: a bounded error without the request body`, async () => {
      const { error, ms } = await nativeRun(rawRequest(bigConversation), { ...ONE_ATTEMPT, endpoint });
      if (endpoint === '') {
        // An empty endpoint means "none": the region's own endpoint is used, which the isolated
        // environment cannot reach; whatever the outcome, it must be bounded and clean.
        if (error) assertTypedError(error, /./, { secrets: [CONVERSATION_SECRET] });
        return;
      }
      assertTypedError(error, /^(InvalidOption|ClientError|ConnectionError)$/, { secrets: [CONVERSATION_SECRET, 'lorem ipsum lorem'] });
      assert.ok(ms < BOUND_MS);
    });
  }

  test('a bad endpoint through streamBedrock: one bounded error event without the conversation', async () => {
    const { terminal } = await piRun({ ...ONE_ATTEMPT, endpoint: 'file:///etc/passwd' }, { messages: [userText(bigConversation)] });
    assertPiError(terminal, { secrets: [CONVERSATION_SECRET, 'lorem ipsum lorem'] });
  });

  test('a service error with a 1 MB message is cut to a bounded size', async () => {
    fake.respondWith(httpError(400, 'ValidationException', `Bad input: ${'x'.repeat(1024 * 1024)}`));
    const { error } = await nativeRun(rawRequest());
    assertTypedError(error, 'ValidationException', { messageMatches: /^Bad input: x+/ });
  });

  test('an in-stream exception with a 1 MB message is cut to a bounded size', async () => {
    fake.respondWith({ steps: [{ exception: 'validationException', message: `Too long: ${'y'.repeat(1024 * 1024)}` }] });
    const { error } = await nativeRun(rawRequest());
    assertTypedError(error, 'ValidationException', { messageMatches: /^Too long: y+/ });
  });
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
