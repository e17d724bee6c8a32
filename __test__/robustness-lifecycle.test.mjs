// Issue 14, class 5: a stream's life never outlasts its caller. A dropped iterator is collected
// and its connection closed even while a long-lived AbortSignal is shared by many calls; abort
// ends a stream within a bound even while a caller's callback never settles; any invalid model or
// context ends a pi stream with an error event, never a throw or an unhandled rejection.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { converseStream, streamBedrock, streamSimpleBedrock } from '../dist/index.js';
import { native } from '../dist/native/binding.js';
import { midStream, text } from '../fake-bedrock/index.mjs';
import { assertPiError, collectGarbage, within } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runPi, trapUnhandledRejections, useIsolatedFake, userText, waitUntil } from './helpers/robustness.mjs';

const ABORT_BOUND_MS = 1000;

const fake = useIsolatedFake();
const rejections = trapUnhandledRejections();
beforeEach(async () => {
  native().clearClientCache();
  await waitUntil(() => fake.connections.active === 0, () => `${fake.connections.active} connections open before the test`);
});

describe('dropped iterators', () => {
  test('20 iterators dropped without return() while sharing a long-lived signal: every connection closes after GC', async () => {
    const shared = new AbortController();
    fake.respondWith(midStream('Hel', { stall: true }));
    const started = async () => {
      const iterator = converseStream(rawRequest(), { endpoint: fake.url, signal: shared.signal, maxAttempts: 1, idleTimeoutMs: 600_000 });
      const first = await iterator.next();
      assert.equal(first.value.type, 'response');
      // Dropped here: no return(), no abort, the signal lives on.
    };
    for (let i = 0; i < 20; i += 1) await started();
    await waitUntil(() => fake.connections.active >= 20, () => `only ${fake.connections.active} streams started`);
    native().clearClientCache();
    await collectGarbage();
    await waitUntil(
      () => fake.connections.active === 0,
      () => `${fake.connections.active} of 20 connections still open after GC`,
      5000,
    );
    assert.equal(shared.signal.aborted, false);
  });

  test('a stream that ended removes its listener from the shared signal', async () => {
    const shared = new AbortController();
    const listeners = new Set();
    const add = shared.signal.addEventListener.bind(shared.signal);
    const remove = shared.signal.removeEventListener.bind(shared.signal);
    shared.signal.addEventListener = (type, listener, options) => {
      listeners.add(listener);
      add(type, listener, options);
    };
    shared.signal.removeEventListener = (type, listener, options) => {
      listeners.delete(listener);
      remove(type, listener, options);
    };
    fake.respondWith(text('Short.'));
    for (let i = 0; i < 5; i += 1) {
      for await (const _event of converseStream(rawRequest(), { endpoint: fake.url, signal: shared.signal })) {
        // drain
      }
      const { terminal } = await runPi(streamBedrock(piModel(fake.url), { messages: [userText('Hi')] }, { signal: shared.signal }));
      assert.equal(terminal.type, 'done');
    }
    assert.equal(listeners.size, 0, `${listeners.size} listeners left on the shared signal`);
  });
});

describe('abort while a caller callback never settles', () => {
  const never = () => new Promise(() => {});

  for (const hook of ['onPayload', 'onResponse']) {
    test(`${hook} pending forever: abort ends the stream within ${ABORT_BOUND_MS} ms`, async () => {
      fake.respondWith(text('never read'));
      const controller = new AbortController();
      const stream = streamBedrock(piModel(fake.url), { messages: [userText('Hi')] }, { signal: controller.signal, [hook]: never });
      setTimeout(() => controller.abort(), 100);
      const { terminal, ms } = await within(ABORT_BOUND_MS + 2000, runPi(stream));
      assert.equal(terminal.type, 'error');
      assert.equal(terminal.reason, 'aborted');
      assert.equal(terminal.error.errorMessage, 'Request was aborted');
      assert.ok(ms < ABORT_BOUND_MS + 100, `aborted after ${Math.round(ms)} ms`);
      native().clearClientCache();
      await waitUntil(() => fake.connections.active === 0, () => `${fake.connections.active} connections left open`);
    });
  }
});

describe('invalid models and contexts give one error event, never a throw', () => {
  const model = () => piModel(fake.url);
  const context = () => ({ messages: [userText('Hi')] });
  const CASES = [
    { name: 'model null', args: () => [null, context()] },
    { name: 'model undefined', args: () => [undefined, context()] },
    { name: 'model a string', args: () => ['us.anthropic.claude', context()] },
    { name: 'model without id', args: () => [{ ...model(), id: undefined }, context()] },
    { name: 'model with a numeric id', args: () => [{ ...model(), id: 42 }, context()] },
    { name: 'model without input', args: () => [{ ...model(), input: undefined }, context()] },
    { name: 'context null', args: () => [model(), null] },
    { name: 'context without messages', args: () => [model(), {}] },
    { name: 'messages a string', args: () => [model(), { messages: 'Hi' }] },
    { name: 'a message null', args: () => [model(), { messages: [null] }] },
    { name: 'a message with an unknown role', args: () => [model(), { messages: [{ role: 'wizard', content: 'x' }] }] },
    { name: 'content a number', args: () => [model(), { messages: [{ role: 'user', content: 42 }] }] },
    { name: 'tools not an array', args: () => [model(), { ...context(), tools: 'calc' }] },
    { name: 'options a string', args: () => [model(), context(), 'fast'] },
  ];
  for (const { name, args } of CASES) {
    for (const [label, fn] of [['streamBedrock', streamBedrock], ['streamSimpleBedrock', streamSimpleBedrock]]) {
      test(`${label}: ${name}`, async () => {
        let stream;
        assert.doesNotThrow(() => {
          stream = fn(...args());
        });
        const { terminal } = await within(3000, runPi(stream));
        assertPiError(terminal);
        assert.equal(fake.requests.length, 0);
      });
    }
  }
});

test('no unhandled rejection', async () => {
  await collectGarbage();
  assert.deepEqual(rejections, []);
});
