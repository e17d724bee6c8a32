// countTokens (the low-level call, with the converseStream request JSON), countContextTokens (a
// pi-ai conversation, converted as the stream converts it) and `bedrock-native tokens`, against
// the fake's CountTokens.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, it } from 'node:test';
import { BedrockError, buildConverseRequest, countContextTokens, countTokens } from '../dist/index.js';
import { countConverseTokens, MODEL_IDS } from '../fake-bedrock/index.mjs';
import { useIsolatedFake } from './helpers/robustness.mjs';

const HAIKU = MODEL_IDS.claude3Haiku;
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

const fake = useIsolatedFake();
let options;
beforeEach(() => {
  options = { endpoint: fake.url, region: 'us-east-1', retryBaseDelayMs: 5 };
});

const request = {
  modelId: HAIKU,
  messages: [{ role: 'user', content: [{ text: 'How long is this conversation?' }] }],
  system: [{ text: 'You are terse.' }],
  toolConfig: { tools: [{ toolSpec: { name: 'lookup', description: 'finds things', inputSchema: { json: { type: 'object', properties: {} } } } }] },
  inferenceConfig: { maxTokens: 100, temperature: 0.2 },
};
const expected = (converse) => countConverseTokens({ messages: converse.messages, system: converse.system, toolConfig: converse.toolConfig });

describe('countTokens', () => {
  it('counts the converseStream request JSON: messages, system and tools, without the inference config', async () => {
    const count = await countTokens(request, options);
    assert.deepEqual(count, { inputTokens: expected(request), modelId: HAIKU });
    const sent = fake.requests.at(-1);
    assert.equal(sent.operation, 'countTokens');
    assert.deepEqual(Object.keys(sent.body.input.converse).sort(), ['messages', 'system', 'toolConfig']);
  });

  it('counts a system profile id by the model it routes to', async () => {
    const count = await countTokens({ ...request, modelId: `us.${HAIKU}` }, options);
    assert.equal(count.modelId, HAIKU);
    assert.equal(fake.requests.at(-1).modelId, HAIKU);
  });

  it('rejects with a typed BedrockError when the model cannot count, or the request is invalid, without sending it', async () => {
    const refused = await countTokens({ ...request, modelId: MODEL_IDS.novaLite }, options).catch((e) => e);
    assert.ok(refused instanceof BedrockError);
    assert.deepEqual([refused.code, refused.httpStatus, refused.retryable], ['ValidationException', 400, false]);
    assert.equal(refused.message, "The provided model doesn't support counting tokens.");
    fake.reset();
    const invalid = await countTokens({ modelId: HAIKU, messages: [{ role: 'user', content: [{ txet: 'typo' }] }] }, options).catch((e) => e);
    assert.equal(invalid.code, 'InvalidRequest');
    assert.match(invalid.message, /txet/);
    assert.equal(fake.requests.length, 0);
  });

  it('retries throttling, and an abort rejects at once', async () => {
    fake.enqueue({ status: 429, errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
    const count = await countTokens(request, options);
    assert.equal(count.inputTokens, expected(request));
    const controller = new AbortController();
    controller.abort();
    const aborted = await countTokens(request, { ...options, signal: controller.signal }).catch((e) => e);
    assert.equal(aborted.code, 'AbortError');
  });
});

describe('countContextTokens', () => {
  it('counts a pi-ai conversation as the stream would send it', async () => {
    const model = {
      id: HAIKU, name: 'Claude 3 Haiku', api: 'bedrock-converse-stream', provider: 'amazon-bedrock',
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', reasoning: false, input: ['text'],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 200000, maxTokens: 4096,
    };
    const context = {
      systemPrompt: 'Be kind.',
      messages: [
        { role: 'user', content: 'First question', timestamp: 1 },
        { role: 'assistant', content: [{ type: 'text', text: 'First answer' }], api: 'bedrock-converse-stream', provider: 'amazon-bedrock', model: HAIKU, usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0, totalTokens: 2, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } }, stopReason: 'stop', timestamp: 2 },
        { role: 'user', content: 'Second question', timestamp: 3 },
      ],
    };
    const count = await countContextTokens(model, context, { endpoint: fake.url, region: 'us-east-1' });
    assert.equal(count.inputTokens, expected(buildConverseRequest(model, context, {})));
    assert.equal(fake.requests.at(-1).body.input.converse.messages.length, 3);
  });
});

describe('bedrock-native tokens', () => {
  const run = (args) =>
    new Promise((resolve) => {
      execFile(process.execPath, [CLI, 'tokens', ...args, '--endpoint', fake.url], { timeout: 20_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? error.code : 0, stdout, stderr }),
      );
    });

  it('counts a prompt', async () => {
    const { code, stdout } = await run(['Hello there', '--model', HAIKU, '--system', 'Be brief.']);
    const converse = { messages: [{ role: 'user', content: [{ text: 'Hello there' }] }], system: [{ text: 'Be brief.' }] };
    assert.equal(code, 0);
    assert.equal(stdout, `${countConverseTokens(converse)} input tokens (${HAIKU})\n`);
  });

  it('counts a request file, as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-tokens-'));
    try {
      const file = join(dir, 'request.json');
      writeFileSync(file, JSON.stringify(request));
      const { code, stdout } = await run(['--request', file, '--json']);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout), { inputTokens: expected(request), modelId: HAIKU });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exit 1 with Bedrock\'s reason when the model cannot count, 2 on bad usage', async () => {
    const refused = await run(['Hello', '--model', MODEL_IDS.novaLite]);
    assert.deepEqual([refused.code, refused.stderr], [1, "error: ValidationException: The provided model doesn't support counting tokens.\n"]);
    const nothing = await run([]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /nothing to count/);
    const missing = await run(['--request', '/nonexistent/request.json']);
    assert.deepEqual([missing.code, missing.stderr], [2, 'cannot read /nonexistent/request.json: ENOENT\n']);
  });
});
