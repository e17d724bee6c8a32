// Issue 14, class 4: options are checked at the edge. A numeric option outside its documented
// range is clamped (a "forever" value to the maximum) or rejected with a BedrockError naming it;
// a wrong type, or a `signal` that is no AbortSignal, is rejected the same way. Nothing wraps
// (-1 attempts used to mean 4,294,967,295) and no NaN becomes a 0 ms watchdog.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { BedrockError, converseStream, discoverBedrockModels, streamBedrock, streamSimpleBedrock } from '../dist/index.js';
import { clearDiscoveryCache } from '../dist/testing.js';
import { native } from '../dist/native/binding.js';
import { HTTP_ERRORS, midStream, text } from '../fake-bedrock/index.mjs';
import { assertPiError, assertTypedError, within } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runNative, runPi, trapUnhandledRejections, useIsolatedFake, userText } from './helpers/robustness.mjs';

const BOUND_MS = 5000;

const fake = useIsolatedFake();
const rejections = trapUnhandledRejections();
beforeEach(() => {
  clearDiscoveryCache();
});

/** Option values that must be rejected, and the option the message must name. */
const REJECTED = [
  { option: 'maxAttempts', value: -1 },
  { option: 'maxAttempts', value: 0 },
  { option: 'maxAttempts', value: 1.5 },
  { option: 'maxAttempts', value: Number.NaN },
  { option: 'maxAttempts', value: '3' },
  { option: 'firstEventTimeoutMs', value: Number.NaN },
  { option: 'firstEventTimeoutMs', value: 0 },
  { option: 'firstEventTimeoutMs', value: -5 },
  { option: 'idleTimeoutMs', value: Number.NaN },
  { option: 'idleTimeoutMs', value: '1000' },
  { option: 'retryBaseDelayMs', value: -1 },
  { option: 'retryBaseDelayMs', value: Number.NaN },
  { option: 'region', value: 5 },
  { option: 'endpoint', value: { url: 'http://x' } },
  { option: 'profile', value: ['a'] },
  { option: 'bearerToken', value: 42 },
  { option: 'skipAuth', value: 'yes' },
  { option: 'signal', value: { aborted: false } },
  { option: 'signal', value: 'abort' },
  { option: 'signal', value: new EventTarget() },
];

const describeValue = (value) => (typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value));

describe('converseStream rejects invalid options with a BedrockError naming the option', () => {
  for (const { option, value } of REJECTED) {
    test(`${option}: ${describeValue(value)}`, async () => {
      const { error, events } = await within(BOUND_MS, runNative(rawRequest(), { endpoint: fake.url, [option]: value }));
      assertTypedError(error, 'InvalidOption', { messageMatches: new RegExp(`\\b${option}\\b`) });
      assert.equal(error.phase, 'client');
      assert.deepEqual(events, []);
      assert.equal(fake.requests.length, 0, 'nothing was sent');
    });
  }

  test('the options object itself must be an object', async () => {
    const { error } = await within(BOUND_MS, runNative(rawRequest(), 'us-east-1'));
    assertTypedError(error, 'InvalidOption', { messageMatches: /options/ });
  });

  test('the request must be an object', async () => {
    for (const request of [null, 'hello', 42]) {
      const { error } = await within(BOUND_MS, runNative(request, { endpoint: fake.url }));
      assertTypedError(error, 'InvalidRequest');
    }
  });
});

describe('streamBedrock turns the same options into one error event', () => {
  for (const { option, value } of REJECTED) {
    test(`${option}: ${describeValue(value)}`, async () => {
      const options = { endpoint: fake.url, [option]: value };
      const { terminal } = await within(BOUND_MS, runPi(streamBedrock(piModel(fake.url), { messages: [userText('Hi')] }, options)));
      assertPiError(terminal, { messageMatches: new RegExp(`\\b${option}\\b`) });
      assert.equal(fake.requests.length, 0);
    });
  }

  test("pi's maxRetries: -1 is rejected, naming maxRetries", async () => {
    const stream = streamSimpleBedrock(piModel(fake.url), { messages: [userText('Hi')] }, { maxRetries: -1 });
    const { terminal } = await within(BOUND_MS, runPi(stream));
    assertPiError(terminal, { messageMatches: /maxRetries/ });
  });
});

describe('"forever" and oversized values are clamped to the documented maximum', () => {
  test('maxAttempts above 10 makes at most 10 attempts', async () => {
    fake.respondWith(HTTP_ERRORS.throttling);
    const { error } = await within(10_000, runNative(rawRequest(), { endpoint: fake.url, maxAttempts: 1_000_000, retryBaseDelayMs: 1 }));
    assertTypedError(error, 'ThrottlingException');
    assert.equal(fake.requests.length, 10);
  });

  test('the native binding, given 2^32-1 attempts, still stops at 10', async () => {
    fake.respondWith(HTTP_ERRORS.throttling);
    const stream = native().converseStream(JSON.stringify(rawRequest()), { endpoint: fake.url, maxAttempts: 4_294_967_295, retryBaseDelayMs: 1 });
    const batches = [];
    for await (const batch of stream) batches.push(...JSON.parse(batch));
    assert.equal(batches.at(-1).type, 'error');
    assert.equal(fake.requests.length, 10);
  });

  test('Infinity timeouts mean the maximum, not 0 ms: a healthy slow answer completes', async () => {
    fake.respondWith({ ...text('Slow but fine.'), frameGapMs: 150 });
    const { error, events } = await within(BOUND_MS, runNative(rawRequest(), {
      endpoint: fake.url,
      firstEventTimeoutMs: Number.POSITIVE_INFINITY,
      idleTimeoutMs: Number.POSITIVE_INFINITY,
      retryBaseDelayMs: Number.POSITIVE_INFINITY,
    }));
    assert.equal(error, undefined, error?.message);
    assert.equal(events.map((e) => e.delta?.text ?? '').join(''), 'Slow but fine.');
  });

  test('a huge idle timeout still lets abort end a stalled stream at once', async () => {
    fake.respondWith(midStream('Hel', { stall: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await within(BOUND_MS, runNative(rawRequest(), { endpoint: fake.url, idleTimeoutMs: 1e12, signal: controller.signal }));
    assertTypedError(error, 'AbortError');
    assert.ok(ms < 1000);
  });
});

describe('discovery options', () => {
  const DISCOVERY_REJECTED = [
    { option: 'refreshInterval', value: -1 },
    { option: 'refreshInterval', value: Number.NaN },
    { option: 'timeoutMs', value: 0 },
    { option: 'timeoutMs', value: Number.NaN },
    { option: 'defaultContextWindow', value: -100 },
    { option: 'defaultMaxTokens', value: 1.5 },
    { option: 'providerFilter', value: 'anthropic' },
    { option: 'includeLegacy', value: 'yes' },
    { option: 'region', value: 7 },
  ];
  for (const { option, value } of DISCOVERY_REJECTED) {
    test(`${option}: ${describeValue(value)} resolves with an InvalidOption error naming it`, async () => {
      const discovery = await within(BOUND_MS, discoverBedrockModels({ endpoint: fake.url, [option]: value }));
      assert.deepEqual(discovery.models, []);
      assert.equal(discovery.partial, true);
      assert.equal(discovery.errors.length, 1);
      assert.equal(discovery.errors[0].code, 'InvalidOption');
      assert.match(discovery.errors[0].message, new RegExp(`\\b${option}\\b`));
      assert.equal(fake.requests.length, 0);
    });
  }

  test('refreshInterval 1e300 and Infinity are clamped: discovery resolves and caches', async () => {
    for (const refreshInterval of [1e300, Number.POSITIVE_INFINITY]) {
      clearDiscoveryCache();
      const first = await within(BOUND_MS, discoverBedrockModels({ endpoint: fake.url, refreshInterval }));
      assert.deepEqual(first.errors, []);
      const second = await within(BOUND_MS, discoverBedrockModels({ endpoint: fake.url, refreshInterval }));
      assert.equal(second.fromCache, true);
    }
  });

  test('the native binding never rejects, whatever the numbers', async () => {
    for (const options of [{ refreshInterval: 1e300 }, { refreshInterval: -1e300 }, { timeoutMs: 4_294_967_295 }, { defaultContextWindow: 4_294_967_295 }]) {
      const discovery = await within(BOUND_MS, native().discoverModels({ endpoint: fake.url, ...options }));
      assert.ok(Array.isArray(discovery.models));
    }
  });
});

test('BedrockError is what every rejection is', async () => {
  const iterator = converseStream(rawRequest(), { maxAttempts: -1 });
  await assert.rejects(iterator.next(), (error) => error instanceof BedrockError && error.code === 'InvalidOption');
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
