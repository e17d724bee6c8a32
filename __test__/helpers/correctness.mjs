// Shared setup of the correctness suites: our streamBedrock against the fake Bedrock, with
// fast retries, and a way to see the request body and the `bedrock.response` diagnostics.
import { after, before, beforeEach } from 'node:test';
import { streamBedrock } from '../../dist/index.js';
import { collect, context, fakeModel, lastRequestBody, startFakeAws, userMessage } from './pi-ai.mjs';

export { collect, context, fakeModel, lastRequestBody, startFakeAws, userMessage };

/** Runs one turn through streamBedrock: its events, final message and the sent request body. */
export async function turn(fake, model, ctx, options = {}) {
  const result = await collect(streamBedrock(model, ctx, { retryBaseDelayMs: 5, ...options }));
  return { ...result, body: lastRequestBody(fake) };
}

/** The details of the message's `bedrock.response` diagnostics entry. */
export function bedrockDetails(message) {
  return message.diagnostics?.find((entry) => entry.type === 'bedrock.response')?.details;
}

export function converseStreamRequests(fake) {
  return fake.requests.filter((request) => request.operation === 'converseStream');
}

/** An assistant turn of `model` as pi stores it, for replay. */
export function assistantTurn(model, content, stopReason = 'stop') {
  return {
    role: 'assistant',
    content,
    api: model.api,
    provider: model.provider,
    model: model.id,
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
    stopReason,
    timestamp: 1,
  };
}

export function toolResult(toolCallId, text, toolName = 'get_weather') {
  return { role: 'toolResult', toolCallId, toolName, content: [{ type: 'text', text }], isError: false, timestamp: 2 };
}

/**
 * The fake Bedrock of a whole test file: started before its first test, reset before each
 * (answering `defaultScenario` when one is given), closed after the last. The returned object
 * stands for the server once it runs.
 */
export function useFakeBedrock(defaultScenario) {
  let server;
  before(async () => {
    server = await startFakeAws();
  });
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    if (defaultScenario) server.respondWith(defaultScenario);
  });
  return new Proxy({}, {
    get(_target, name) {
      const value = server[name];
      return typeof value === 'function' ? value.bind(server) : value;
    },
  });
}
