// pi-ai 1.6's request and response rules that need no Bedrock: strict tool schemas and their
// fallback memory, the streamSimple output cap, and cost with tiers and 1h cache writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceUsage } from '../../dist/response/cost.js';
import { clampMaxTokensToContext, estimateContextTokens } from '../../dist/request/max-tokens.js';
import { prefersStrictSampling, strictJsonSchema, usesStrictSampling } from '../../dist/request/strict-schema.js';
import {
  forgetStrictToolLimits,
  hasExceededStrictToolLimits,
  isStrictToolLimitError,
  rememberStrictToolLimitsExceeded,
} from '../../dist/request/strict-tool-limits.js';

const READ_TOOL = {
  name: 'read',
  description: 'Read a file',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, offset: { type: 'number' }, limit: { type: ['number', 'null'] } },
    required: ['path'],
  },
  constrainedSampling: { type: 'json_schema', strict: 'prefer' },
};

describe('strict tool schemas', () => {
  it('makes every property required, optional ones nullable, and forbids others (as pi does for read)', () => {
    assert.deepStrictEqual(strictJsonSchema(READ_TOOL.parameters), {
      type: 'object',
      properties: {
        path: { type: 'string' },
        offset: { anyOf: [{ type: 'number' }, { type: 'null' }] },
        limit: { type: ['number', 'null'] },
      },
      required: ['path', 'offset', 'limit'],
      additionalProperties: false,
    });
    assert.deepStrictEqual(READ_TOOL.parameters.required, ['path'], "the tool's own schema is left alone");
  });

  it('recurses into nested objects, arrays and anyOf', () => {
    const schema = strictJsonSchema({
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }, u: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
      required: ['list', 'u'],
    });
    assert.deepStrictEqual(schema.properties.list.items, {
      type: 'object',
      properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      required: ['a'],
      additionalProperties: false,
    });
  });

  for (const [label, schema] of [
    ['$ref', { type: 'object', properties: { a: { $ref: '#/x' } } }],
    ['untyped property', { type: 'object', properties: { a: {} } }],
    ['object unions', { type: 'object', properties: { a: { anyOf: [{ type: 'object' }, { type: 'string' }] } } }],
    ['open objects', { type: 'object', additionalProperties: true }],
    ['a non-object root', { type: 'string' }],
    ['tuples', { type: 'object', properties: { a: { type: 'array', items: [{ type: 'string' }] } } }],
  ]) {
    it(`a "prefer" tool with ${label} goes non-strict; a "require" tool fails naming it`, () => {
      const tool = { name: 't', description: '', parameters: schema, constrainedSampling: { type: 'json_schema', strict: 'prefer' } };
      assert.equal(usesStrictSampling(tool, true), false);
      assert.throws(
        () => usesStrictSampling({ ...tool, constrainedSampling: { type: 'json_schema', strict: 'require' } }, true),
        /^Error: Tool "t" requires JSON-schema constrained sampling, but .+\.$/,
      );
    });
  }

  it('strict only where the model supports it; "require" without support is an error', () => {
    assert.equal(usesStrictSampling(READ_TOOL, true), true);
    assert.equal(usesStrictSampling(READ_TOOL, false), false);
    assert.equal(usesStrictSampling({ ...READ_TOOL, constrainedSampling: undefined }, true), false);
    assert.equal(usesStrictSampling({ ...READ_TOOL, constrainedSampling: false }, true), false);
    assert.throws(
      () => usesStrictSampling({ ...READ_TOOL, constrainedSampling: { type: 'json_schema', strict: 'require' } }, false),
      /requires JSON-schema constrained sampling, but strict tools are unsupported\./,
    );
    assert.equal(prefersStrictSampling(READ_TOOL), true);
    assert.equal(prefersStrictSampling({ ...READ_TOOL, constrainedSampling: { type: 'json_schema', strict: 'require' } }), false);
  });

  it('remembers sessions whose strict tools exceeded the limits', () => {
    forgetStrictToolLimits();
    assert.equal(isStrictToolLimitError('ValidationException: Too many strict tools (21 > 20)'), true);
    assert.equal(isStrictToolLimitError('The compiled grammar is too large'), true);
    assert.equal(isStrictToolLimitError('Malformed input request'), false);
    rememberStrictToolLimitsExceeded(undefined);
    assert.equal(hasExceededStrictToolLimits(undefined), false);
    rememberStrictToolLimitsExceeded('s1');
    assert.equal(hasExceededStrictToolLimits('s1'), true);
    assert.equal(hasExceededStrictToolLimits('s2'), false);
    forgetStrictToolLimits('s1');
    assert.equal(hasExceededStrictToolLimits('s1'), false);
  });
});

describe('streamSimple output cap', () => {
  const model = { contextWindow: 200_000 };
  const user = (text) => ({ role: 'user', content: text, timestamp: 1 });

  it("is the model's limit when the conversation leaves room", () => {
    assert.equal(clampMaxTokensToContext(model, { messages: [user('hi')] }, 64_000), 64_000);
  });

  it('shrinks to what the context window leaves, keeping a margin', () => {
    const input = 'x'.repeat(3.5 * 150_000); // ~150k tokens
    const context = { messages: [user(input)] };
    assert.equal(estimateContextTokens(context), 150_000);
    // 200k - 150k - 15% of 150k = 27.5k < 32768: only the fixed 4096 margin, capped at 32768.
    assert.equal(clampMaxTokensToContext(model, context, 64_000), Math.min(32_768, 200_000 - 150_000 - 4096));
  });

  it('counts from the last response usage, and 0.73.1 system prompts and tools', () => {
    const assistant = {
      role: 'assistant', content: [{ type: 'text', text: 'ok' }], api: 'bedrock-converse-stream', provider: 'amazon-bedrock', model: 'm',
      usage: { input: 1000, output: 10, cacheRead: 0, cacheWrite: 0, totalTokens: 1010, cost: {} }, stopReason: 'stop', timestamp: 2,
    };
    assert.equal(estimateContextTokens({ messages: [user('x'.repeat(700)), assistant, user('y'.repeat(35))] }), 1010 + 10);
    assert.equal(estimateContextTokens({ systemPrompt: 'z'.repeat(70), messages: [user('y'.repeat(35))] }), 20 + 10);
    const system = { role: 'system', content: 'z'.repeat(35), sections: { a: 'w'.repeat(33) }, timestamp: 0 };
    assert.equal(estimateContextTokens({ messages: [system] }), Math.ceil((35 + 2 + 33) / 3.5));
  });

  it('never goes below one token', () => {
    assert.equal(clampMaxTokensToContext({ contextWindow: 1000 }, { messages: [user('x'.repeat(10_000))] }, 500), 1);
  });
});

describe('cost', () => {
  const usage = (fields) => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: {}, ...fields });
  const model = {
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, tiers: [{ inputTokensAbove: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }] },
  };

  it('prices per million tokens and says the total is computed here', () => {
    const u = usage({ input: 1_000_000, output: 2_000_000 });
    priceUsage({ cost: { ...model.cost, tiers: undefined } }, u);
    assert.equal(u.cost.input, 3);
    assert.equal(u.cost.output, 30);
    assert.equal(u.cost.totalFromProvider, false);
    assert.equal(u.cost.total, u.cost.input + u.cost.output);
  });

  it('applies the tier the input (with cache reads and writes) is above', () => {
    const below = usage({ input: 100_000, cacheRead: 100_000 });
    priceUsage(model, below);
    assert.equal(below.cost.input, 0.3);
    const above = usage({ input: 100_000, cacheRead: 100_001 });
    priceUsage(model, above);
    assert.equal(above.cost.input, 0.6);
    assert.ok(Math.abs(above.cost.cacheRead - 0.6 * 0.100001) < 1e-12);
  });

  it('prices 1h cache writes at twice the input price', () => {
    const u = usage({ input: 0, cacheWrite: 100_000, cacheWrite1h: 40_000 });
    priceUsage(model, u);
    assert.ok(Math.abs(u.cost.cacheWrite - (3.75 * 0.06 + 3 * 2 * 0.04)) < 1e-12);
    const tiered = usage({ input: 0, cacheWrite: 1_000_000, cacheWrite1h: 400_000 });
    priceUsage(model, tiered);
    assert.ok(Math.abs(tiered.cost.cacheWrite - (7.5 * 0.6 + 6 * 2 * 0.4)) < 1e-12, 'the tier prices both kinds of writes');
  });
});
