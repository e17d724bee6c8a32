// Retries before the first content event, the stall watchdog and the streaming-tools fallback,
// seen through streamBedrock: one visible turn however many requests the fake saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { bedrockDetails, context, converseStreamRequests, fakeModel, turn, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { weatherTool } from './helpers/pi-ai.mjs';

const fake = useFakeBedrock();

const hello = () => context([userMessage('Hello')]);

/** Event types without the repeated deltas. */
function eventTypes(events) {
  return [...new Set(events.map((event) => event.type))];
}

describe('retries', () => {
  it('a 429 then success is one turn; the fake saw two requests', async () => {
    fake.enqueue(scenarios.HTTP_ERRORS.throttling);
    fake.respondWith(scenarios.text('After the retry.'));
    const { events, message } = await turn(fake, fakeModel(fake), hello());
    assert.equal(converseStreamRequests(fake).length, 2);
    assert.deepEqual(eventTypes(events), ['start', 'text_start', 'text_delta', 'text_end', 'done']);
    assert.equal(events.filter((event) => event.type === 'start').length, 1);
    assert.deepEqual(message.content, [{ type: 'text', text: 'After the retry.' }]);
    assert.equal(bedrockDetails(message).attempts, 2);
    assert.equal(bedrockDetails(message).requestId, fake.requests.at(-1).requestId);
  });

  // In-stream failures are retried when the host gives a retry setting; without one the host is
  // assumed to retry turns itself (robustness-retry-budget.test.mjs).
  it('an in-stream throttlingException before content then success is one turn (with maxRetries)', async () => {
    fake.enqueue(scenarios.streamException('throttlingException'));
    fake.respondWith(scenarios.text('Second stream.'));
    const { events, message } = await turn(fake, fakeModel(fake), hello(), { maxRetries: 2 });
    assert.equal(converseStreamRequests(fake).length, 2);
    assert.equal(events.filter((event) => event.type === 'start').length, 1);
    assert.equal(message.stopReason, 'stop');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Second stream.' }]);
  });

  it('after content there is no silent retry: the error says it is retryable', async () => {
    fake.respondWith(scenarios.streamException('serviceUnavailableException', { afterText: 'Partial' }));
    const { message } = await turn(fake, fakeModel(fake), hello());
    assert.equal(converseStreamRequests(fake).length, 1);
    assert.equal(message.stopReason, 'error');
    assert.match(message.errorMessage, /^Service unavailable: /);
    assert.deepEqual(message.content, [{ type: 'text', text: 'Partial' }]);
    const details = bedrockDetails(message);
    assert.deepEqual([details.retryable, details.errorCode], [true, 'ServiceUnavailableException']);
  });

  it('maxAttempts bounds the attempts; pi-ai\'s maxRetries counts when it is absent', async () => {
    fake.respondWith(scenarios.HTTP_ERRORS.throttling);
    const { message } = await turn(fake, fakeModel(fake), hello(), { maxAttempts: 2 });
    assert.equal(converseStreamRequests(fake).length, 2);
    assert.equal(bedrockDetails(message).retryable, true);

    fake.reset();
    fake.respondWith(scenarios.HTTP_ERRORS.throttling);
    await turn(fake, fakeModel(fake), hello(), { maxRetries: 0 });
    assert.equal(converseStreamRequests(fake).length, 1);
  });
});

describe('watchdogs', () => {
  it('a stall past the idle timeout ends the turn with a retryable timeout, content kept', async () => {
    fake.respondWith(scenarios.midStream('Partial answer', { stall: true }));
    const started = Date.now();
    const { message } = await turn(fake, fakeModel(fake), hello(), { idleTimeoutMs: 300 });
    assert.ok(Date.now() - started < 5000);
    assert.equal(message.stopReason, 'error');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Partial answer' }]);
    const details = bedrockDetails(message);
    assert.deepEqual([details.errorCode, details.retryable], ['TimeoutError', true]);
  });

  it('no first event within firstEventTimeoutMs is a timeout too', async () => {
    fake.respondWith({ steps: [{ stall: true }] });
    const { message } = await turn(fake, fakeModel(fake), hello(), { firstEventTimeoutMs: 300, maxAttempts: 1 });
    assert.equal(bedrockDetails(message).errorCode, 'TimeoutError');
  });
});

describe('streaming-tools fallback', () => {
  it('a "tool use in streaming mode" rejection is served by non-streaming Converse as the same events', async () => {
    fake.enqueue(scenarios.httpError(400, 'ValidationException', "This model doesn't support tool use in streaming mode."));
    fake.respondWith(scenarios.toolUse({ text: 'Checking.', inputFragments: ['{"city":', '"Paris"}'] }));
    const model = fakeModel(fake, 'meta.llama4-maverick-17b-instruct-v1:0');
    const { events, message } = await turn(fake, model, context([userMessage('Weather?')], { tools: [weatherTool] }));
    assert.deepEqual(fake.requests.map((request) => request.operation), ['converseStream', 'converse']);
    assert.equal(message.stopReason, 'toolUse');
    assert.deepEqual(message.content, [
      { type: 'text', text: 'Checking.' },
      { type: 'toolCall', id: 'tooluse_fake0001', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    assert.ok(events.some((event) => event.type === 'toolcall_end'));
  });
});
