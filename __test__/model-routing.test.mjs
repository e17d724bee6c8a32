// Models Bedrock refuses the obvious way, served anyway and invisibly, against the fake with the
// realistic catalogue and its rules on: a bare id that only inference profiles serve is retried
// once with the profile for the caller's region (from discovery when it ran, else by the
// region's geography) and the substitution is remembered; a model that cannot stream is served
// through non-streaming Converse as the same events. Each test uses a region of its own, since
// what worked is remembered per region for the process.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { converseStream, discoverBedrockModels, streamBedrock, BEDROCK_DIAGNOSTIC_TYPE } from '../dist/index.js';
import { clearDiscoveryCache } from '../dist/testing.js';
import { MODEL_IDS, REALISTIC_CATALOG, startFakeBedrock } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock({ catalog: REALISTIC_CATALOG, catalogRules: true, frameGapMs: 0 });
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  clearDiscoveryCache();
});

const ask = (modelId) => ({ modelId, messages: [{ role: 'user', content: [{ text: 'Hello there' }] }] });

async function collect(modelId, region) {
  const events = [];
  for await (const event of converseStream(ask(modelId), { endpoint: fake.url, region, retryBaseDelayMs: 5 })) events.push(event);
  return events;
}

const called = () => fake.requests.filter((r) => r.operation !== undefined && !r.path.startsWith('/foundation') && !r.path.startsWith('/inference')).map((r) => [r.operation, r.modelId]);
const answerText = (events) => events.filter((e) => e.type === 'contentBlockDelta').map((e) => e.delta.text).join('');
const response = (events) => events.find((e) => e.type === 'response');

describe('a bare id Bedrock serves only through inference profiles', () => {
  it('is retried once with the region\'s geography profile, reported on the response, before any content', async () => {
    const events = await collect(MODEL_IDS.nova2Lite, 'us-west-2');
    assert.deepEqual(called(), [
      ['converseStream', MODEL_IDS.nova2Lite],
      ['converseStream', `us.${MODEL_IDS.nova2Lite}`],
    ]);
    assert.deepEqual(events.map((e) => e.type).slice(0, 2), ['response', 'messageStart'], 'one response, one start: the refusal is invisible');
    assert.equal(events.filter((e) => e.type === 'messageStart').length, 1);
    assert.deepEqual(response(events).substitution, { requested: MODEL_IDS.nova2Lite, used: `us.${MODEL_IDS.nova2Lite}`, source: 'region' });
    assert.equal(response(events).attempts, 2);
    assert.match(answerText(events), /You said: "Hello there"/);
  });

  it('is remembered: the next call goes straight to the profile', async () => {
    await collect(MODEL_IDS.claudeHaiku45, 'us-east-2');
    fake.reset();
    const events = await collect(MODEL_IDS.claudeHaiku45, 'us-east-2');
    assert.deepEqual(called(), [['converseStream', `us.${MODEL_IDS.claudeHaiku45}`]]);
    assert.deepEqual(response(events).substitution, { requested: MODEL_IDS.claudeHaiku45, used: `us.${MODEL_IDS.claudeHaiku45}`, source: 'remembered' });
    assert.equal(response(events).attempts, 1);
  });

  it('takes the profile discovery listed: the geography\'s when there is one, else global', async () => {
    const region = 'eu-central-1';
    await discoverBedrockModels({ endpoint: fake.url, region, refreshInterval: 0 });
    fake.reset();
    const sonnet = await collect(MODEL_IDS.claudeSonnet45, region);
    assert.deepEqual(response(sonnet).substitution, { requested: MODEL_IDS.claudeSonnet45, used: `eu.${MODEL_IDS.claudeSonnet45}`, source: 'discovery' });
    // Opus 4.6 has us. and global. profiles only: eu. (the region's guess) does not exist.
    const opus = await collect(MODEL_IDS.claudeOpus46, region);
    assert.deepEqual(response(opus).substitution, { requested: MODEL_IDS.claudeOpus46, used: `global.${MODEL_IDS.claudeOpus46}`, source: 'discovery' });
    assert.match(answerText(opus), /You said: "Hello there"/);
  });

  it('fails with Bedrock\'s own refusal, naming the profile tried, when the profile is refused too', async () => {
    // No listing in this region, and the geography's guess is not a listed profile.
    const error = await collect(MODEL_IDS.claudeOpus46, 'eu-west-1').then(() => assert.fail('expected a failure'), (e) => e);
    assert.equal(error.code, 'ValidationException');
    assert.match(error.message, /with on-demand throughput isn't supported/);
    assert.match(error.message, new RegExp(`eu\\.${MODEL_IDS.claudeOpus46.replaceAll('.', '\\.')}`));
    assert.equal(called().length, 2, 'one retry, not more');
  });

  it('leaves profile ids, ARNs and on-demand models alone', async () => {
    const events = await collect(MODEL_IDS.claude3Haiku, 'us-west-1');
    assert.equal(response(events).substitution, undefined);
    assert.deepEqual(called(), [['converseStream', MODEL_IDS.claude3Haiku]]);
  });

  it('reaches pi-ai\'s message: the diagnostics name the substitution', async () => {
    const model = {
      id: MODEL_IDS.claudeSonnet45,
      name: 'Claude Sonnet 4.5',
      api: 'bedrock-converse-stream',
      provider: 'amazon-bedrock',
      baseUrl: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com',
      reasoning: false,
      input: ['text'],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 200000,
      maxTokens: 4096,
    };
    const stream = streamBedrock(model, { messages: [{ role: 'user', content: 'Hello there', timestamp: Date.now() }] }, { region: 'ap-southeast-2', endpoint: fake.url });
    const message = await stream.result();
    assert.equal(message.stopReason, 'stop', message.errorMessage);
    const details = message.diagnostics.find((d) => d.type === BEDROCK_DIAGNOSTIC_TYPE).details;
    assert.deepEqual(details.modelSubstitution, { requested: MODEL_IDS.claudeSonnet45, used: `apac.${MODEL_IDS.claudeSonnet45}`, source: 'region' });
  });
});

describe('a model that cannot stream', () => {
  const J2 = 'ai21.j2-ultra-v1';

  it('is served through non-streaming Converse as the same events, then remembered', async () => {
    const events = await collect(J2, 'ca-central-1');
    assert.deepEqual(called(), [['converseStream', J2], ['converse', J2]]);
    assert.deepEqual(events.map((e) => e.type), ['response', 'messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    assert.equal(response(events).nonStreaming, true);
    assert.match(answerText(events), /You said: "Hello there"/);
    fake.reset();
    const again = await collect(J2, 'ca-central-1');
    assert.deepEqual(called(), [['converse', J2]]);
    assert.match(answerText(again), /You said: "Hello there"/);
  });

  it('goes straight to Converse when discovery listed it as not streaming (and discovery offers it)', async () => {
    const region = 'ap-northeast-1';
    const discovery = await discoverBedrockModels({ endpoint: fake.url, region, refreshInterval: 0 });
    const listed = discovery.models.find((m) => m.id === J2);
    assert.ok(listed, 'offered by discovery');
    assert.equal(listed.streaming, false);
    fake.reset();
    const events = await collect(J2, region);
    assert.deepEqual(called(), [['converse', J2]]);
    assert.equal(response(events).nonStreaming, true);
  });
});
