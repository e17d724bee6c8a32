// Issue 14, class 7: a failure retried both by the host and by us must not multiply. pi's
// coding agent retries a failed turn itself (3 times, passing no maxRetries); pi-ai's own provider
// lets the SDK retry the HTTP request (3 attempts) and never retries an in-stream failure. Through
// the pi provider we do the same unless the caller sets maxAttempts or maxRetries, which are
// honoured exactly; the low-level converseStream() keeps retrying in-stream failures before any
// content. README (robustness) documents the bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { streamBedrock, streamSimpleBedrock } from '../dist/index.js';
import { HTTP_ERRORS, streamException, text } from '../fake-bedrock/index.mjs';
import { within } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runNative, runPi, trapUnhandledRejections, useIsolatedFake, userText } from './helpers/robustness.mjs';

/** What pi's agent does on a retryable error: the same turn again, up to 3 more times. */
const HOST_TURNS = 4;
const FAST = { retryBaseDelayMs: 1 };

const fake = useIsolatedFake();
const rejections = trapUnhandledRejections();

async function hostRetriedTurns(run) {
  for (let turn = 0; turn < HOST_TURNS; turn += 1) {
    const { terminal } = await within(10_000, runPi(run()));
    assert.equal(terminal.type, 'error');
  }
  return fake.requests.length;
}

const context = () => ({ messages: [userText('Hi')] });

describe('under a host that retries turns itself (pi defaults: no maxRetries)', () => {
  for (const type of ['internalServerException', 'serviceUnavailableException', 'throttlingException', 'modelStreamErrorException']) {
    test(`a persistent in-stream ${type} costs one request per host turn, as with pi-ai`, async () => {
      fake.respondWith(streamException(type));
      const requests = await hostRetriedTurns(() => streamSimpleBedrock(piModel(fake.url), context(), {}));
      assert.equal(requests, HOST_TURNS);
    });
  }

  test('a persistent HTTP 500 costs 3 requests per host turn, as the SDK costs pi-ai', async () => {
    fake.respondWith(HTTP_ERRORS.internalServer);
    const requests = await hostRetriedTurns(() => streamBedrock(piModel(fake.url), context(), FAST));
    assert.equal(requests, HOST_TURNS * 3);
  });
});

describe("the host's retry settings are honoured exactly", () => {
  for (const maxRetries of [0, 1, 4]) {
    test(`maxRetries ${maxRetries}: ${maxRetries + 1} requests for a persistent in-stream failure`, async () => {
      fake.respondWith(streamException('internalServerException'));
      const { terminal } = await within(10_000, runPi(streamBedrock(piModel(fake.url), context(), { maxRetries, ...FAST })));
      assert.equal(terminal.type, 'error');
      assert.equal(fake.requests.length, maxRetries + 1);
    });
  }

  test('maxAttempts wins over maxRetries', async () => {
    fake.respondWith(HTTP_ERRORS.throttling);
    await within(10_000, runPi(streamBedrock(piModel(fake.url), context(), { maxAttempts: 2, maxRetries: 5, ...FAST })));
    assert.equal(fake.requests.length, 2);
  });

  test('an in-stream failure before content, retried once by us, then answered', async () => {
    fake.enqueue(streamException('throttlingException'));
    fake.respondWith(text('Recovered.'));
    const { terminal } = await within(10_000, runPi(streamBedrock(piModel(fake.url), context(), { maxRetries: 1, ...FAST })));
    assert.equal(terminal.type, 'done');
    assert.equal(fake.requests.length, 2);
  });
});

test('converseStream() retries in-stream failures before content by default (3 attempts)', async () => {
  fake.respondWith(streamException('internalServerException'));
  const { error } = await within(10_000, runNative(rawRequest(), { endpoint: fake.url, ...FAST }));
  assert.equal(error.code, 'InternalServerException');
  assert.equal(fake.requests.length, 3);
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
