// resolveBedrockProvider(): an OpenClaw config in, the `amazon-bedrock` provider entry out,
// against the fake Bedrock server with the realistic catalogue.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { REALISTIC_CATALOG } from '../fake-bedrock/catalog.mjs';
import { httpError } from '../fake-bedrock/scenarios.mjs';
import { startFakeBedrock, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../fake-bedrock/server.mjs';
import { isolateAwsEnvironment, setEnvForTest } from './helpers/aws-env.mjs';
import { resolveBedrockProvider } from '../dist/index.js';
import { clearDiscoveryCache } from 'bedrock-native/testing';

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock({ catalog: REALISTIC_CATALOG });
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  clearDiscoveryCache();
});

const resolve = (config, options = {}) => resolveBedrockProvider(config, { endpoint: fake.url, ...options });
const MISTRAL_LARGE = 'mistral.mistral-large-2402-v1:0';

describe('resolveBedrockProvider', () => {
  it('merges hand-written models with discovered ones by id: explicit fields win, extras kept', async () => {
    const entry = await resolve({
      models: {
        bedrockDiscovery: { providerFilter: ['mistral'], defaultMaxTokens: 1234 },
        providers: {
          'amazon-bedrock': {
            models: [
              { id: MISTRAL_LARGE, name: 'My Mistral', maxTokens: 1000 },
              { id: 'custom.model-v1:0', name: 'Custom', contextWindow: 5000 },
            ],
          },
        },
      },
    });
    assert.deepEqual(entry, {
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      api: 'bedrock-converse-stream',
      auth: 'aws-sdk',
      models: [
        { id: MISTRAL_LARGE, name: 'My Mistral', reasoning: false, input: ['text'], cost: { input: 4, output: 12, cacheRead: 0, cacheWrite: 0 }, contextWindow: 32000, maxTokens: 1000 },
        { id: 'custom.model-v1:0', name: 'Custom', contextWindow: 5000 },
        {
          id: 'us.mistral.pixtral-large-2502-v1:0',
          name: 'US Mistral Pixtral Large 25.02',
          reasoning: false,
          input: ['text', 'image'],
          cost: { input: 2, output: 6, cacheRead: 0, cacheWrite: 0 },
          contextWindow: 128000,
          maxTokens: 8192,
        },
      ],
    });
  });

  it('takes the plugin\'s discovery keys over models.bedrockDiscovery', async () => {
    const entry = await resolve({
      models: { bedrockDiscovery: { providerFilter: ['mistral'], includeInferenceProfiles: false } },
      plugins: { entries: { 'amazon-bedrock': { config: { discovery: { providerFilter: ['cohere'] } } } } },
    });
    assert.deepEqual(entry.models.map((m) => m.id), ['cohere.command-r-v1:0']);
  });

  it('enabled: false keeps only the hand-written models, and without them there is no provider', async () => {
    const explicit = { id: MISTRAL_LARGE, name: 'Mine' };
    const entry = await resolve({
      models: { bedrockDiscovery: { enabled: false }, providers: { 'amazon-bedrock': { baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com', models: [explicit] } } },
    });
    assert.deepEqual(entry, { baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com', api: 'bedrock-converse-stream', auth: 'aws-sdk', models: [explicit] });
    assert.equal(await resolve({ models: { bedrockDiscovery: { enabled: false } } }), undefined);
    assert.equal(fake.requests.length, 0);
  });

  it('discovers only when credentials are detected, unless enabled is set', async (t) => {
    setEnvForTest(t, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    assert.equal(await resolve({}), undefined);
    assert.equal(fake.requests.length, 0);
  });

  it('reads the credentials from the env the host hands over (OpenClaw ctx.env), not only the process', async (t) => {
    setEnvForTest(t, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const env = { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };
    const entry = await resolve({ models: { bedrockDiscovery: { providerFilter: ['cohere'] } } }, { env });
    assert.deepEqual(entry.models.map((m) => m.id), ['cohere.command-r-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/cc42cc42cc42']);
    assert.ok(fake.requests.length > 0 && fake.requests.every((request) => request.auth?.accessKeyId === TEST_ACCESS_KEY_ID), JSON.stringify(fake.requests.map((r) => r.auth)));
  });

  it('tells about a partial discovery', async () => {
    fake.failControlPlane('/inference-profiles', httpError(403, 'AccessDeniedException', 'denied'), { times: 100 });
    const warnings = [];
    const entry = await resolve({ models: { bedrockDiscovery: { providerFilter: ['cohere'] } } }, { warn: (w) => warnings.push(w) });
    assert.deepEqual(entry.models.map((m) => m.id), ['cohere.command-r-v1:0']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /some models may be missing: ListInferenceProfiles: AccessDeniedException: denied \(missing permission bedrock:ListInferenceProfiles\)/);
  });
  it('discovered models carry what OpenClaw\'s own Bedrock plugin adds: thinkingLevelMap, params.canonicalModelId', async () => {
    const entry = await resolve({});
    const byId = new Map(entry.models.map((model) => [model.id, model]));
    const opus = byId.get('us.anthropic.claude-opus-4-6-v1');
    assert.deepEqual(opus.thinkingLevelMap, { xhigh: null, max: 'max' });
    assert.deepEqual(opus.params, { canonicalModelId: 'claude-opus-4-6-v1' });
    assert.deepEqual(byId.get('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6').params, {
      canonicalModelId: 'claude-sonnet-4-5-20250929-v1:0',
    });
    const cohere = byId.get('cohere.command-r-v1:0');
    assert.equal('thinkingLevelMap' in cohere || 'params' in cohere, false);
    assert.equal(entry.models.filter((model) => model.thinkingLevelMap).length, 2);
  });
});
