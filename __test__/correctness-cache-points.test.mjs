// Cache points: automatic on tools, system and the last user turn, never more than Bedrock's 4
// (the caller's own count first), longer TTLs before shorter ones, per-model rules, and usage
// with the 5m/1h write split.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { bedrockDetails, context, fakeModel, turn, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { weatherTool } from './helpers/pi-ai.mjs';

const fake = useFakeBedrock(scenarios.text('ok'));

const point = (ttl) => ({ cachePoint: { type: 'default', ...(ttl && { ttl }) } });

/** Every cache point of a request body, in cache-prefix order, with where it sits. */
function cachePoints(body) {
  const found = [];
  for (const block of body.toolConfig?.tools ?? []) if (block.cachePoint) found.push(['tools', block.cachePoint]);
  for (const block of body.system ?? []) if (block.cachePoint) found.push(['system', block.cachePoint]);
  body.messages.forEach((message, index) => {
    for (const block of message.content) if (block.cachePoint) found.push([`messages/${index}`, block.cachePoint]);
  });
  return found;
}

function withCallerPoints(count, ttl) {
  return Array.from({ length: count }, (_, index) => [
    userMessage([{ type: 'text', text: `Part ${index}` }, { type: 'cachePoint', ...(ttl && { ttl }) }]),
    { role: 'assistant', content: [{ type: 'text', text: `Ack ${index}` }], api: 'x', provider: 'x', model: 'x', usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } }, stopReason: 'stop', timestamp: 1 },
  ]).flat();
}

describe('cache-point budget', () => {
  it('five requested (two by the caller, three automatic) → four sent, the tool point gives way', async () => {
    const ctx = context([...withCallerPoints(2), userMessage('Now?')], { tools: [weatherTool] });
    const { body } = await turn(fake, fakeModel(fake), ctx);
    assert.deepEqual(cachePoints(body), [
      ['system', { type: 'default' }],
      ['messages/0', { type: 'default' }],
      ['messages/2', { type: 'default' }],
      ['messages/4', { type: 'default' }],
    ]);
  });

  it("five of the caller's own → the four latest are sent", async () => {
    const ctx = context([...withCallerPoints(5), userMessage('Now?')]);
    const { body } = await turn(fake, fakeModel(fake), ctx, { cacheRetention: 'none' });
    assert.deepEqual(cachePoints(body).map(([where]) => where), ['messages/2', 'messages/4', 'messages/6', 'messages/8']);
  });

  it('tools, system and the last user turn get points; a 1h point never follows a 5m one', async () => {
    const ctx = context([...withCallerPoints(1, '5m'), userMessage('Now?')], { tools: [weatherTool] });
    const { body } = await turn(fake, fakeModel(fake), ctx, { cacheRetention: 'long' });
    assert.deepEqual(cachePoints(body), [
      ['tools', { type: 'default', ttl: '1h' }],
      ['system', { type: 'default', ttl: '1h' }],
      ['messages/0', { type: 'default', ttl: '5m' }],
      ['messages/2', { type: 'default' }],
    ]);
  });
});

describe('per-model rules', () => {
  it('Nova: system and messages only, never on tools, never 1h', async () => {
    const ctx = context([userMessage('Hi')], { tools: [weatherTool] });
    const { body } = await turn(fake, fakeModel(fake, 'amazon.nova-pro-v1:0'), ctx, { cacheRetention: 'long' });
    assert.deepEqual(cachePoints(body), [['system', { type: 'default' }], ['messages/0', { type: 'default' }]]);
  });

  it('an application-inference-profile ARN is recognised through model.name', async () => {
    const model = fakeModel(fake, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', {
      id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123fake',
      name: 'Claude Sonnet 4.5 (team profile)',
    });
    const { body } = await turn(fake, model, context([userMessage('Hi')], { tools: [weatherTool] }));
    assert.deepEqual(cachePoints(body).map(([where]) => where), ['tools', 'system', 'messages/0']);
  });
});

describe('cache usage', () => {
  it('exposes reads, writes and the 5m/1h write split; 1h writes are priced at 2× input', async () => {
    const usage = scenarios.usage({
      inputTokens: 100,
      outputTokens: 50,
      cacheReadInputTokens: 2000,
      cacheWriteInputTokens: 400,
      cacheDetails: [{ inputTokens: 300, ttl: '5m' }, { inputTokens: 100, ttl: '1h' }],
    });
    fake.respondWith(scenarios.text('ok', { usage }));
    const { message } = await turn(fake, fakeModel(fake), context([userMessage('Hi')]));
    assert.deepEqual([message.usage.cacheRead, message.usage.cacheWrite], [2000, 400]);
    assert.deepEqual(bedrockDetails(message).cacheWriteTokens, { '5m': 300, '1h': 100 });
    // Sonnet 4.5: input $3, 5m write $3.75 per million tokens.
    assert.ok(Math.abs(message.usage.cost.cacheWrite - (300 * 3.75 + 100 * 6) / 1e6) < 1e-12);
    const { input, output, cacheRead, cacheWrite, total } = message.usage.cost;
    assert.ok(Math.abs(total - (input + output + cacheRead + cacheWrite)) < 1e-12);
  });
});
