// The fake's catalogue rules and CountTokens, driven through the AWS JS SDK so the wire shapes
// are the real API's: bare ids of profile-only models and ConverseStream to non-streaming models
// are refused as Bedrock refuses them, and CountTokens answers like Bedrock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { MODEL_IDS, REALISTIC_CATALOG, TEST_KEY_PAIR, countConverseTokens, startFakeBedrock } from '../fake-bedrock/index.mjs';

const MESSAGES = [{ role: 'user', content: [{ text: 'How many tokens is this?' }] }];

function sdkClient(fake) {
  return new BedrockRuntimeClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: { ...TEST_KEY_PAIR },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
  assert.fail('expected a rejection');
}

describe('fake Bedrock catalogue rules (catalogRules: true)', () => {
  let fake;
  let client;
  before(async () => {
    fake = await startFakeBedrock({ catalog: REALISTIC_CATALOG, catalogRules: true, frameGapMs: 0 });
    client = sdkClient(fake);
  });
  after(() => fake.close());

  it('refuses the bare id of a profile-only model with Bedrock\'s on-demand message, and serves its profile', async () => {
    const refused = await rejection(client.send(new ConverseCommand({ modelId: MODEL_IDS.claudeSonnet45, messages: MESSAGES })));
    assert.deepEqual(refused, {
      name: 'ValidationException',
      status: 400,
      message: `Invocation of model ID ${MODEL_IDS.claudeSonnet45} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    });
    const served = await client.send(new ConverseCommand({ modelId: `us.${MODEL_IDS.claudeSonnet45}`, messages: MESSAGES }));
    assert.equal(served.stopReason, 'end_turn');
  });

  it('serves an on-demand model by its bare id', async () => {
    const served = await client.send(new ConverseCommand({ modelId: MODEL_IDS.claude3Haiku, messages: MESSAGES }));
    assert.equal(served.stopReason, 'end_turn');
  });

  it('refuses ConverseStream to a model that does not stream, and serves it through Converse', async () => {
    const refused = await rejection(client.send(new ConverseStreamCommand({ modelId: 'ai21.j2-ultra-v1', messages: MESSAGES })));
    assert.deepEqual(refused, { name: 'ValidationException', status: 400, message: 'The model is unsupported for streaming.' });
    const served = await client.send(new ConverseCommand({ modelId: 'ai21.j2-ultra-v1', messages: MESSAGES }));
    assert.equal(served.stopReason, 'end_turn');
  });

  it('refuses a profile the catalogue does not list, and leaves unlisted foundation ids to the scenarios', async () => {
    const refused = await rejection(client.send(new ConverseCommand({ modelId: `eu.${MODEL_IDS.claudeOpus46}`, messages: MESSAGES })));
    assert.deepEqual(refused, { name: 'ValidationException', status: 400, message: 'The provided model identifier is invalid.' });
    const served = await client.send(new ConverseCommand({ modelId: 'acme.unlisted-v1:0', messages: MESSAGES }));
    assert.equal(served.stopReason, 'end_turn');
  });

  it('refuses to count tokens for a profile-only model', async () => {
    const refused = await rejection(client.send(new CountTokensCommand({ modelId: MODEL_IDS.claudeSonnet45, input: { converse: { messages: MESSAGES } } })));
    assert.equal(refused.message, "The provided model doesn't support counting tokens.");
  });
});

describe('fake Bedrock CountTokens', () => {
  let fake;
  let client;
  before(async () => {
    fake = await startFakeBedrock({ frameGapMs: 0 });
    client = sdkClient(fake);
  });
  after(() => fake.close());

  it('counts a Converse input for a Claude foundation model: messages, system and tools, longer is more', async () => {
    const converse = {
      messages: MESSAGES,
      system: [{ text: 'Be brief.' }],
      toolConfig: { tools: [{ toolSpec: { name: 'calc', description: 'adds', inputSchema: { json: { type: 'object' } } } }] },
    };
    const { inputTokens } = await client.send(new CountTokensCommand({ modelId: MODEL_IDS.claude3Haiku, input: { converse } }));
    assert.equal(inputTokens, countConverseTokens(converse));
    const longer = { ...converse, messages: [...MESSAGES, { role: 'assistant', content: [{ text: 'Some.' }] }, ...MESSAGES] };
    const more = await client.send(new CountTokensCommand({ modelId: MODEL_IDS.claude3Haiku, input: { converse: longer } }));
    assert.ok(more.inputTokens > inputTokens, `${more.inputTokens} > ${inputTokens}`);
    assert.deepEqual([fake.requests.at(-1).operation, fake.requests.at(-1).modelId], ['countTokens', MODEL_IDS.claude3Haiku]);
  });

  it('counts an InvokeModel body', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ prompt: 'Hello there' }));
    const { inputTokens } = await client.send(new CountTokensCommand({ modelId: MODEL_IDS.claude3Haiku, input: { invokeModel: { body } } }));
    assert.equal(inputTokens, Math.ceil(JSON.stringify({ prompt: 'Hello there' }).length / 4));
  });

  it('refuses inference-profile ids and models that cannot count, as Bedrock does', async () => {
    for (const modelId of [`us.${MODEL_IDS.claude3Haiku}`, MODEL_IDS.novaLite]) {
      const refused = await rejection(client.send(new CountTokensCommand({ modelId, input: { converse: { messages: MESSAGES } } })));
      assert.deepEqual(refused, { name: 'ValidationException', status: 400, message: "The provided model doesn't support counting tokens." }, modelId);
    }
  });
});
