// The pi-ai 1.x provider's model list: the shipped copy of pi-ai's static Bedrock catalogue
// (data/pi-bedrock-models.json) matches the fixture's @earendil-works/pi-ai, and discovered
// models merge over it by id keeping the 1.x fields.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readPiBedrockCatalogue, serialize } from '../data/generate-pi-bedrock-models.mjs';
import { catalogueById, mergeWithCatalogue, piBedrockCatalogue, toPiBedrockModel } from '../dist/hosts/pi-catalogue.js';
import { piHostMissing } from './helpers/pi-host.mjs';

const SONNET_4_5_BASE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const FAKE_URL = 'http://127.0.0.1:1';

function discovered(overrides) {
  return {
    id: 'vendor.model-v1:0',
    name: 'Vendor Model',
    provider: 'Vendor',
    baseModelId: 'vendor.model-v1:0',
    source: 'foundation-model',
    reasoning: false,
    input: ['text'],
    cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
    contextWindow: 32000,
    maxTokens: 4096,
    legacy: false,
    known: false,
    ...overrides,
  };
}

describe('the shipped pi-ai Bedrock catalogue', () => {
  it('is what data/generate-pi-bedrock-models.mjs makes from the fixture\'s pi-ai', { skip: piHostMissing() }, () => {
    const shipped = readFileSync(new URL('../data/pi-bedrock-models.json', import.meta.url), 'utf8');
    assert.equal(shipped, serialize(readPiBedrockCatalogue()), 'run node data/generate-pi-bedrock-models.mjs');
  });

  it('holds 1.x chat models only, with their 1.x fields', () => {
    const models = piBedrockCatalogue();
    assert.equal(models.length, 208);
    assert.ok(models.every((model) => model.type === 'chat' && model.api === 'bedrock-converse-stream' && model.provider === 'amazon-bedrock'));
    assert.ok(models.filter((model) => model.compat?.supportsStrictMode).length > 100);
    assert.ok(models.some((model) => model.cost.tiers?.length > 0));
  });
});

describe('merging discovered models over the catalogue', () => {
  it('keeps a catalogued model\'s fields and takes only id, name and endpoint from discovery', () => {
    const entry = catalogueById().get(SONNET_4_5_BASE);
    const merged = toPiBedrockModel(
      discovered({ id: SONNET_4_5_BASE, name: 'Claude Sonnet 4.5 (listed)', baseModelId: SONNET_4_5_BASE, cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } }),
      FAKE_URL,
      catalogueById(),
    );
    assert.deepEqual(merged, { ...entry, baseUrl: FAKE_URL });
  });

  it('gives an inference profile the catalogue entry of its base model, under its own id and name', () => {
    const entry = catalogueById().get(SONNET_4_5_BASE);
    const profile = toPiBedrockModel(
      discovered({ id: 'apac.anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'APAC Claude Sonnet 4.5', baseModelId: SONNET_4_5_BASE, source: 'inference-profile' }),
      FAKE_URL,
      catalogueById(),
    );
    assert.equal(profile.id, 'apac.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.equal(profile.name, 'APAC Claude Sonnet 4.5');
    assert.deepEqual(profile.compat, entry.compat);
    assert.deepEqual(profile.inputLimits, entry.inputLimits);
    assert.equal(profile.maxTokens, entry.maxTokens);
  });

  it('keeps discovery\'s own fields for a model pi does not know, as a chat model', () => {
    const model = toPiBedrockModel(discovered({}), FAKE_URL, catalogueById());
    assert.deepEqual(model, {
      id: 'vendor.model-v1:0',
      name: 'Vendor Model',
      api: 'bedrock-converse-stream',
      provider: 'amazon-bedrock',
      baseUrl: FAKE_URL,
      reasoning: false,
      input: ['text'],
      cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 32000,
      maxTokens: 4096,
      type: 'chat',
    });
  });

  it('replaces catalogue entries by id and appends new models', () => {
    const replacement = { ...catalogueById().get(SONNET_4_5_BASE), baseUrl: FAKE_URL };
    const added = toPiBedrockModel(discovered({}), FAKE_URL, catalogueById());
    const merged = mergeWithCatalogue([replacement, added]);
    assert.equal(merged.length, 209);
    assert.equal(merged.find((model) => model.id === SONNET_4_5_BASE).baseUrl, FAKE_URL);
    assert.equal(merged.at(-1).id, 'vendor.model-v1:0');
  });
});
