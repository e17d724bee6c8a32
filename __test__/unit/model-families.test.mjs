// Every model id the model-facts table knows (pi-ai 1.6's Bedrock catalogue plus our extra rows)
// run through the TypeScript family predicates: what the table says about a model (vendor,
// pi-ai's thinking levels, cache prices) and what the predicates decide from its id must agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  claudeGeneration,
  isClaudeModel,
  isNova2Model,
  isNovaModel,
  isOpenAiModel,
  promptCachePolicy,
  rejectsTemperature,
  supportsAdaptiveThinking,
  supportsNativeXhighEffort,
} from '../../dist/models.js';

const readModels = (file) => JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')).models;
const CATALOGUE = readModels('pi-bedrock-models.json');
const EXTRA = readModels('bedrock-models-extra.json');
const KNOWN = [...CATALOGUE, ...EXTRA];
const GEO_PREFIX = /^(?:global|us|us-gov|eu|apac|jp|au|ca|in)\./;

/** No AWS_BEDROCK_FORCE_CACHE: the families decide alone. */
const NO_ENV = Object.freeze({});
const vendorOf = (id) => id.replace(GEO_PREFIX, '').split('.')[0];
const levels = (model) => model.thinkingLevelMap ?? {};

/** The ids whose predicate result differs from the table's, for one readable failure. */
function disagreements(models, predicate, expected) {
  return models.filter((model) => predicate(model) !== expected(model)).map((model) => model.id);
}

describe('TS model-family predicates agree with the model-facts table for every known id', () => {
  const claude = KNOWN.filter((model) => vendorOf(model.id) === 'anthropic');
  const nova = KNOWN.filter((model) => vendorOf(model.id) === 'amazon' && model.id.includes('nova'));

  it('the table is big enough to mean something (catalogue and extra rows, every geography)', () => {
    assert.ok(CATALOGUE.length >= 200 && EXTRA.length >= 20, `${CATALOGUE.length} + ${EXTRA.length}`);
    assert.ok(claude.length >= 50 && nova.length >= 5);
    for (const prefix of ['us.', 'eu.', 'jp.', 'au.', 'global.']) assert.ok(KNOWN.some((model) => model.id.startsWith(prefix)), prefix);
  });

  it('vendor families: Claude, Nova, Nova 2 and OpenAI exactly by the id\'s vendor', () => {
    assert.deepEqual(disagreements(KNOWN, isClaudeModel, (m) => vendorOf(m.id) === 'anthropic'), []);
    assert.deepEqual(disagreements(KNOWN, isNovaModel, (m) => nova.includes(m)), []);
    assert.deepEqual(disagreements(KNOWN, isNova2Model, (m) => nova.includes(m) && /nova-2-/.test(m.id)), []);
    assert.deepEqual(disagreements(KNOWN, isOpenAiModel, (m) => vendorOf(m.id) === 'openai'), []);
  });

  it('every Claude id names a generation', () => {
    assert.deepEqual(claude.filter((model) => !claudeGeneration(model)).map((model) => model.id), []);
  });

  it('adaptive thinking: exactly the Claude models pi-ai gives the `max` level', () => {
    assert.deepEqual(disagreements(claude, supportsAdaptiveThinking, (m) => 'max' in levels(m)), []);
    assert.deepEqual(disagreements(KNOWN.filter((m) => !claude.includes(m)), supportsAdaptiveThinking, () => false), []);
  });

  it('native xhigh effort: exactly the Claude models pi-ai maps `xhigh` to `xhigh`', () => {
    assert.deepEqual(disagreements(claude, supportsNativeXhighEffort, (m) => levels(m).xhigh === 'xhigh'), []);
  });

  it('cache points: Claude models with a cache-write price get tool caching and 1h TTLs, Nova the 5m system/message policy, others none', () => {
    const cachesTools = (m) => promptCachePolicy(m, NO_ENV)?.tools === true;
    const priced = (m) => m.cost.cacheWrite > 0;
    assert.deepEqual(disagreements(claude.filter((m) => CATALOGUE.includes(m)), cachesTools, priced), []);
    // Older rows: caching implies a cache price. Claude 3.5 Sonnet has one from its preview,
    // but Bedrock's prompt caching never reached it, so it gets no cache points.
    assert.deepEqual(claude.filter((m) => cachesTools(m) && !priced(m)).map((m) => m.id), []);
    assert.deepEqual(claude.filter((m) => priced(m) && !cachesTools(m)).map((m) => m.id), [
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]);
    assert.deepEqual(disagreements(nova, (m) => JSON.stringify(promptCachePolicy(m, NO_ENV)), () => JSON.stringify({ tools: false, longTtl: false })), []);
    const others = KNOWN.filter((m) => !claude.includes(m) && !nova.includes(m));
    assert.deepEqual(disagreements(others, (m) => promptCachePolicy(m, NO_ENV), () => undefined), []);
  });

  it('temperature: only Opus from 4.7 rejects it, with and without a date or profile prefix', () => {
    const rejecting = KNOWN.filter(rejectsTemperature).map((model) => model.id.replace(GEO_PREFIX, ''));
    assert.ok(rejecting.length > 0);
    for (const id of rejecting) {
      const generation = claudeGeneration({ id });
      assert.ok(generation.family === 'opus' && (generation.major > 4 || generation.minor >= 7), id);
    }
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-20250514-v1:0' }), false);
    assert.equal(rejectsTemperature({ id: 'anthropic.claude-opus-4-6-v1' }), false);
  });

  it('names read like ids: an application-profile ARN named after its model', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3';
    assert.deepEqual(claudeGeneration({ id: arn, name: 'Claude Opus 4.7' }), { family: 'opus', major: 4, minor: 7 });
    assert.deepEqual(claudeGeneration({ id: arn, name: 'Claude 3.7 Sonnet' }), { family: 'sonnet', major: 3, minor: 7 });
    assert.equal(supportsAdaptiveThinking({ id: arn, name: 'Claude Sonnet 5' }), true);
    assert.equal(claudeGeneration({ id: arn, name: 'team-chat' }), undefined);
  });
});
