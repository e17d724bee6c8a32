// The temperature rule of the request builder (request/build.ts, models.ts): Claude with
// thinking on takes neither temperature nor topP; Opus 4.7 and later take no temperature ever;
// everyone else gets what the caller set. No addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConverseRequest } from '../../dist/request/build.js';
import { rejectsTemperature } from '../../dist/models.js';

function model(id, { name = id, reasoning = false } = {}) {
  return {
    id, name, api: 'bedrock-converse-stream', provider: 'amazon-bedrock', baseUrl: '', reasoning, input: ['text'],
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 200000, maxTokens: 8192,
  };
}
const context = { messages: [{ role: 'user', content: 'Hi', timestamp: 0 }] };
const SAMPLING = { temperature: 0.3, topP: 0.9, maxTokens: 100 };
const inference = (m, options) => buildConverseRequest(m, context, { ...SAMPLING, ...options }).inferenceConfig;

describe('temperature and topP in the request', () => {
  it('pass through for models without the rule', () => {
    for (const id of ['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-opus-4-20250514-v1:0']) {
      assert.deepEqual(inference(model(id)), SAMPLING, id);
    }
  });

  it('Claude with thinking on: both dropped', () => {
    const sonnet = model('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { reasoning: true });
    assert.deepEqual(inference(sonnet, { reasoning: 'low' }), { maxTokens: 100 });
  });

  it('thinking asked of a model that does not reason: kept', () => {
    assert.deepEqual(inference(model('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), { reasoning: 'low' }), SAMPLING);
  });

  it('Opus 4.7 and later: temperature dropped always, topP kept without thinking', () => {
    for (const m of [model('us.anthropic.claude-opus-4-7-v1:0'), model('anthropic.claude-opus-5-v1:0'),
      model('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', { name: 'Claude Opus 4.7' })]) {
      assert.deepEqual(inference(m), { topP: 0.9, maxTokens: 100 }, m.name);
    }
  });
});

describe('rejectsTemperature', () => {
  it('reads one- or two-digit minors only: a date is not a version', () => {
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-20250514-v1:0' }), false);
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-6-v1' }), false);
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-7' }), true);
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-10-v1:0' }), true);
  });
});
