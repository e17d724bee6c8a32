// discoverModels() against the fake Bedrock control plane serving a realistic catalogue: the
// exact list for each option, partial and failed listings, the cache (clock, expiry, staleness,
// in-flight sharing, credentials) and bearer-token authentication.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { applicationProfileArn, REALISTIC_CATALOG } from '../fake-bedrock/catalog.mjs';
import { DEFAULT_IDS, ON_DEMAND_IDS } from './helpers/discovery-expectations.mjs';
import { httpError } from '../fake-bedrock/scenarios.mjs';
import { startFakeBedrock, TEST_ACCESS_KEY_ID, TEST_BEARER_TOKEN, TEST_KEY_PAIR } from '../fake-bedrock/server.mjs';
import { isolateAwsEnvironment, setEnvForTest } from './helpers/aws-env.mjs';
import { discoverBedrockModels, discoverModels } from '../dist/index.js';
import { clearDiscoveryCache, setDiscoveryClock } from 'bedrock-native/testing';

const OTHER_KEY_PAIR = { accessKeyId: 'AKIDFAKEBEDROCK0002', secretAccessKey: 'fake-secret-key-0002' };
const HOUR_MS = 3600 * 1000;
const T0 = Date.UTC(2026, 0, 1);

const ACCESS_DENIED = (action) =>
  httpError(403, 'AccessDeniedException', `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ${action}`);

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock({ catalog: REALISTIC_CATALOG, keyPairs: [TEST_KEY_PAIR, OTHER_KEY_PAIR], inferenceProfilesPageSize: 10 });
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  clearDiscoveryCache();
  setDiscoveryClock(T0);
});

const discover = (options = {}) => discoverBedrockModels({ endpoint: fake.url, ...options });
const ids = (discovery) => discovery.models.map((model) => model.id);
const countRequests = (path, type) => fake.requests.filter((r) => r.path === path && (type === undefined || r.query.type === type)).length;

describe('discoverModels: selection', () => {
  it('lists profiles instead of bare ids, drops what cannot be called, sorts global first', async () => {
    const discovery = await discover();
    assert.deepEqual(ids(discovery), DEFAULT_IDS);
    assert.deepEqual(
      { partial: discovery.partial, stale: discovery.stale, errors: discovery.errors, fromCache: discovery.fromCache, region: discovery.region },
      { partial: false, stale: false, errors: [], fromCache: false, region: 'us-east-1' },
    );
  });

  it('follows nextToken through every page of both profile types', async () => {
    await discover();
    assert.equal(countRequests('/foundation-models'), 1);
    assert.equal(countRequests('/inference-profiles', 'SYSTEM_DEFINED'), 3, '24 system profiles, 10 a page');
    assert.equal(countRequests('/inference-profiles', 'APPLICATION'), 1);
  });

  it('describes models as pi-ai models, profiles with their base model capabilities', async () => {
    const models = await discoverModels({ endpoint: fake.url });
    const sonnet = models.find((m) => m.id === 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.deepEqual(sonnet, {
      id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      name: 'Global Anthropic Claude Sonnet 4.5',
      api: 'bedrock-converse-stream',
      provider: 'amazon-bedrock',
      baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      reasoning: true,
      input: ['text', 'image'],
      cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      contextWindow: 200000,
      maxTokens: 64000,
    });
    const teamChat = models.find((m) => m.name === 'team-chat');
    assert.equal(teamChat.id, applicationProfileArn('a1b2c3d4e5f6'));
    assert.equal(teamChat.contextWindow, 200000);
  });

  it('gives unknown models the configured defaults', async () => {
    const discovery = await discover({ defaultContextWindow: 16000, defaultMaxTokens: 2048 });
    const titan = discovery.models.find((m) => m.id === 'amazon.titan-text-express-v1');
    assert.deepEqual([titan.contextWindow, titan.maxTokens, titan.known, titan.cost.input], [16000, 2048, false, 0]);
  });

  it('includeInferenceProfiles: false lists only models callable by their bare id', async () => {
    const discovery = await discover({ includeInferenceProfiles: false });
    assert.deepEqual(ids(discovery), ON_DEMAND_IDS);
    assert.equal(countRequests('/inference-profiles'), 0);
  });

  it('providerFilter matches display names and id vendors, case-insensitively', async () => {
    const mistral = ['mistral.mistral-large-2402-v1:0', 'us.mistral.pixtral-large-2502-v1:0'];
    assert.deepEqual(ids(await discover({ providerFilter: ['mistral'] })), mistral);
    assert.deepEqual(ids(await discover({ providerFilter: ['Mistral AI'] })), mistral);
    assert.deepEqual(ids(await discover({ providerFilter: ['AI21', 'meta'] })), [
      'ai21.jamba-1-5-mini-v1:0',
      'ai21.j2-ultra-v1',
      'meta.llama3-8b-instruct-v1:0',
      'us.meta.llama3-3-70b-instruct-v1:0',
    ]);
  });

  it('includeLegacy adds LEGACY models and their profiles, flagged', async () => {
    const discovery = await discover({ includeLegacy: true, providerFilter: ['anthropic'] });
    const legacy = discovery.models.filter((m) => m.legacy).map((m) => m.id);
    assert.deepEqual(legacy, ['anthropic.claude-v2:1', applicationProfileArn('0legacy0summ'), 'us.anthropic.claude-3-5-sonnet-20240620-v1:0']);
  });
});

describe('discoverModels: failures', () => {
  it('AccessDenied on ListInferenceProfiles: foundation models, partial, not cached', async () => {
    fake.failControlPlane('/inference-profiles', ACCESS_DENIED('bedrock:ListInferenceProfiles'), { times: 100 });
    const discovery = await discover();
    assert.deepEqual(ids(discovery), ON_DEMAND_IDS);
    assert.equal(discovery.partial, true);
    assert.deepEqual(
      discovery.errors.map(({ operation, code, httpStatus }) => ({ operation, code, httpStatus })),
      [{ operation: 'ListInferenceProfiles', code: 'AccessDeniedException', httpStatus: 403 }],
    );
    assert.match(discovery.errors[0].message, /not authorized to perform: bedrock:ListInferenceProfiles/);

    fake.reset();
    const retried = await discover();
    assert.equal(retried.fromCache, false);
    assert.deepEqual(ids(retried), DEFAULT_IDS);
  });

  it('AccessDenied on both: no models, both errors; discoverModels throws', async () => {
    fake.failControlPlane('/inference-profiles', ACCESS_DENIED('bedrock:ListInferenceProfiles'), { times: 100 });
    fake.failControlPlane('/foundation-models', ACCESS_DENIED('bedrock:ListFoundationModels'), { times: 100 });
    const discovery = await discover();
    assert.deepEqual(ids(discovery), []);
    assert.equal(discovery.partial, true);
    assert.deepEqual(discovery.errors.map((e) => e.operation).sort(), ['ListFoundationModels', 'ListInferenceProfiles']);
    await assert.rejects(discoverModels({ endpoint: fake.url }), /ListFoundationModels: AccessDeniedException.*missing permission bedrock:ListFoundationModels/);
  });
});

describe('discoverModels: cache', () => {
  it('serves from the cache until refreshInterval has passed on the clock', async () => {
    await discover();
    const requestsAfterFirst = fake.requests.length;
    setDiscoveryClock(T0 + HOUR_MS - 1);
    const cached = await discover();
    assert.deepEqual([cached.fromCache, ids(cached)], [true, DEFAULT_IDS]);
    assert.equal(fake.requests.length, requestsAfterFirst);
    setDiscoveryClock(T0 + HOUR_MS);
    const refreshed = await discover();
    assert.equal(refreshed.fromCache, false);
    assert.equal(countRequests('/foundation-models'), 2);
  });

  it('honours a custom refreshInterval, and 0 disables the cache', async () => {
    await discover({ refreshInterval: 60 });
    setDiscoveryClock(T0 + 60_000);
    assert.equal((await discover({ refreshInterval: 60 })).fromCache, false);
    await discover({ refreshInterval: 0 });
    assert.equal((await discover({ refreshInterval: 0 })).fromCache, false);
    assert.equal(countRequests('/foundation-models'), 4);
  });

  it('keeps options apart: a filtered discovery is not served to an unfiltered one', async () => {
    await discover({ providerFilter: ['mistral'] });
    const unfiltered = await discover();
    assert.deepEqual([unfiltered.fromCache, ids(unfiltered)], [false, DEFAULT_IDS]);
  });

  it('a failed refresh serves the last complete result, marked stale', async () => {
    await discover();
    setDiscoveryClock(T0 + 2 * HOUR_MS);
    fake.failControlPlane('/inference-profiles', ACCESS_DENIED('bedrock:ListInferenceProfiles'), { times: 100 });
    const stale = await discover();
    assert.deepEqual(ids(stale), DEFAULT_IDS);
    assert.deepEqual([stale.stale, stale.partial, stale.fromCache, stale.errors.length], [true, false, true, 1]);

    fake.reset();
    const fresh = await discover();
    assert.deepEqual([fresh.stale, fresh.fromCache], [false, false]);
  });

  it('concurrent callers share one discovery: one set of requests', async () => {
    const [first, second] = await Promise.all([discover(), discover()]);
    assert.deepEqual(ids(first), DEFAULT_IDS);
    assert.deepEqual(ids(second), DEFAULT_IDS);
    assert.equal(countRequests('/foundation-models'), 1);
    assert.equal(countRequests('/inference-profiles', 'SYSTEM_DEFINED'), 3);
    assert.equal(countRequests('/inference-profiles', 'APPLICATION'), 1);
    assert.deepEqual([first.fromCache, second.fromCache], [false, false]);
  });

  it('other credentials are not served from the first credentials\' cache', async (t) => {
    await discover();
    setEnvForTest(t, { AWS_ACCESS_KEY_ID: OTHER_KEY_PAIR.accessKeyId, AWS_SECRET_ACCESS_KEY: OTHER_KEY_PAIR.secretAccessKey });
    const other = await discover();
    assert.equal(other.fromCache, false);
    const signers = new Set(fake.requests.filter((r) => r.path === '/foundation-models').map((r) => r.auth.accessKeyId));
    assert.deepEqual(signers, new Set([TEST_ACCESS_KEY_ID, OTHER_KEY_PAIR.accessKeyId]));
  });
});

describe('discoverModels: authentication and endpoint', () => {
  it('signs the listings with a Bedrock API key when one is set', async (t) => {
    setEnvForTest(t, { AWS_BEARER_TOKEN_BEDROCK: TEST_BEARER_TOKEN, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const discovery = await discover();
    assert.deepEqual(ids(discovery), DEFAULT_IDS);
    assert.deepEqual(new Set(fake.requests.map((r) => r.auth.kind)), new Set(['bearer']));
  });

  it('reaches the endpoint named by AWS_ENDPOINT_URL_BEDROCK', async (t) => {
    setEnvForTest(t, { AWS_ENDPOINT_URL_BEDROCK: fake.url });
    const discovery = await discoverBedrockModels({ includeInferenceProfiles: false });
    assert.deepEqual(ids(discovery), ON_DEMAND_IDS);
  });

  it('uses the partition of the region for baseUrl', async () => {
    const discovery = await discover({ region: 'cn-north-1', includeInferenceProfiles: false });
    assert.equal(discovery.baseUrl, 'https://bedrock-runtime.cn-north-1.amazonaws.com.cn');
  });
});

describe('discoverModels: prices and limits from the model-facts table', () => {
  const catalogue = JSON.parse(readFileSync(new URL('../data/pi-bedrock-models.json', import.meta.url), 'utf8')).models;
  const byId = new Map(catalogue.map((model) => [model.id, model]));

  it('every discovered id pi-ai 1.6\'s catalogue knows has the catalogue\'s prices (cache and tiers included) and limits', async () => {
    const discovery = await discover();
    const both = discovery.models.filter((model) => byId.has(model.id));
    assert.ok(both.length >= 10, `${both.length} ids in both`);
    for (const model of both) {
      const entry = byId.get(model.id);
      assert.deepEqual(
        { cost: model.cost, contextWindow: model.contextWindow, maxTokens: model.maxTokens, reasoning: model.reasoning, known: model.known },
        { cost: entry.cost, contextWindow: entry.contextWindow, maxTokens: entry.maxTokens, reasoning: entry.reasoning, known: true },
        model.id,
      );
    }
  });

  it('prices regional profiles above global ones, and a geography the catalogue lacks like the other geographies', async () => {
    const models = (await discover()).models;
    const cost = (id) => models.find((model) => model.id === id).cost;
    const sonnet = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    assert.deepEqual(cost(`us.${sonnet}`), { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite: 4.125 });
    assert.deepEqual(cost(`global.${sonnet}`), { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    assert.ok(!byId.has(`apac.${sonnet}`));
    assert.deepEqual(cost(`apac.${sonnet}`), cost(`eu.${sonnet}`));
  });

  it('flags a model that cannot stream', async () => {
    const models = (await discover()).models;
    assert.equal(models.find((model) => model.id === 'ai21.j2-ultra-v1').streaming, false);
    assert.ok(models.filter((model) => model.id !== 'ai21.j2-ultra-v1').every((model) => model.streaming));
  });
});
