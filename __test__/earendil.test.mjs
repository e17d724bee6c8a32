// The successor package @earendil-works/pi-ai (0.87.1) takes the same module through its
// `setBedrockProviderModule` (keys `stream`/`streamSimple`); its providers get a transcript
// context (system prompt and tools as a leading system message).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as earendil from '@earendil-works/pi-ai/compat';
import { registerBedrockNative } from '../dist/index.js';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { lastRequestBody, SONNET_4_5, startFakeAws } from './helpers/pi-ai.mjs';

let fake;
before(async () => {
  fake = await startFakeAws();
  registerBedrockNative(earendil);
});
after(() => fake.close());
beforeEach(() => fake.reset());

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: earendil.Type.Object({ city: earendil.Type.String() }),
};

function model() {
  return { ...earendil.getModel('amazon-bedrock', SONNET_4_5), baseUrl: fake.url };
}

function context(text, extra = {}) {
  return { systemPrompt: 'You are a test assistant.', messages: [{ role: 'user', content: text, timestamp: Date.now() }], ...extra };
}

describe('@earendil-works/pi-ai 0.87.1 with the native module', () => {
  it('streams a text answer', async () => {
    fake.respondWith(scenarios.text('Hello from native.', { chunks: ['Hello ', 'from ', 'native.'] }));
    const stream = earendil.stream(model(), context('Hi'));
    const types = [];
    for await (const event of stream) types.push(event.type);
    const message = await stream.result();

    assert.deepEqual(types, ['start', 'text_start', 'text_delta', 'text_delta', 'text_delta', 'text_end', 'done']);
    assert.equal(message.stopReason, 'stop');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from native.' }]);
    assert.ok(fake.requests.at(-1).auth.ok);
    // Sent by the native client, not by the package's own AWS SDK for JavaScript provider.
    assert.doesNotMatch(fake.requests.at(-1).headers['user-agent'], /aws-sdk-js/);
    assert.deepEqual(lastRequestBody(fake).system, [{ text: 'You are a test assistant.' }, { cachePoint: { type: 'default' } }]);
  });

  it('streams a tool call, with the tools taken from the transcript', async () => {
    fake.respondWith(scenarios.toolUse({ inputFragments: ['{"city":', ' "Paris"}'] }));
    const message = await earendil.completeSimple(model(), context('Weather in Paris?', { tools: [weatherTool] }));

    assert.equal(message.stopReason, 'toolUse');
    assert.deepEqual(message.content, [
      { type: 'toolCall', id: 'tooluse_fake0001', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    const body = lastRequestBody(fake);
    assert.deepEqual(body.toolConfig.tools, [
      { toolSpec: { name: 'get_weather', description: weatherTool.description, inputSchema: { json: JSON.parse(JSON.stringify(weatherTool.parameters)) } } },
      { cachePoint: { type: 'default' } },
    ]);
    assert.deepEqual(body.messages.map((entry) => entry.role), ['user']);
  });
});
