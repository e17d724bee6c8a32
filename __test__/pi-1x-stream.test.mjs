// pi-ai 1.6's request and response rules, through our stream functions against the fake
// Bedrock: what streamSimple sends (toolChoice, maxTokens, the max level, block binding, GPT
// reasoning, strict tools and their fallback) and what the stream shows (pending, rawStopReason,
// cacheWrite1h and cost, onProviderStreamEvent, the redacted delta, no parser state on blocks,
// argumentsError).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { streamBedrock, streamSimpleBedrock } from '../dist/index.js';
import { forgetStrictToolLimits } from '../dist/request/strict-tool-limits.js';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { collect, context, converseStreamRequests, lastRequestBody, userMessage, useFakeBedrock } from './helpers/correctness.mjs';

const { events: step } = scenarios;
const fake = useFakeBedrock();

/** A 1.6 catalogue-style model pointed at the fake. */
function model(id, fields = {}) {
  return {
    id,
    name: fields.name ?? id,
    api: 'bedrock-converse-stream',
    provider: 'amazon-bedrock',
    baseUrl: fake.url,
    reasoning: true,
    input: ['text', 'image'],
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    contextWindow: 200_000,
    maxTokens: 64_000,
    ...fields,
  };
}

const SONNET_4_5 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const OPUS_4_7 = 'us.anthropic.claude-opus-4-7';
const hello = () => context([userMessage('Hello')]);
const readTool = {
  name: 'read',
  description: 'Read a file',
  parameters: { type: 'object', properties: { path: { type: 'string' }, offset: { type: 'number' } }, required: ['path'] },
  constrainedSampling: { type: 'json_schema', strict: 'prefer' },
};

describe('streamSimple requests (pi-ai 1.6)', () => {
  it('toolChoice "none" sends no tools; "auto" sends them with an auto choice', async () => {
    const ctx = context([userMessage('Hi')], { tools: [readTool] });
    fake.respondWith(scenarios.text('ok'));
    await collect(streamSimpleBedrock(model(SONNET_4_5), ctx, { toolChoice: 'none' }));
    assert.equal(lastRequestBody(fake).toolConfig, undefined);
    await collect(streamSimpleBedrock(model(SONNET_4_5), ctx, { toolChoice: 'auto' }));
    assert.deepEqual(lastRequestBody(fake).toolConfig.toolChoice, { auto: {} });
  });

  it("maxTokens defaults to the model's limit, clamped to the context window", async () => {
    fake.respondWith(scenarios.text('ok'));
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello()));
    assert.deepEqual(lastRequestBody(fake).inferenceConfig, { maxTokens: 64_000 });
    const small = model(SONNET_4_5, { contextWindow: 40_000 });
    await collect(streamSimpleBedrock(small, hello()));
    assert.ok(lastRequestBody(fake).inferenceConfig.maxTokens < 40_000 - 4096 + 1);
  });

  it('the max level gives budget-based Claude a budget and the model limit', async () => {
    fake.respondWith(scenarios.text('ok'));
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { reasoning: 'max' }));
    const body = lastRequestBody(fake);
    assert.deepEqual(body.inferenceConfig, { maxTokens: 64_000 });
    assert.deepEqual(body.additionalModelRequestFields.thinking, { type: 'enabled', budget_tokens: 16_384, display: 'summarized' });
  });

  it('Opus 4.7 gets thinking.block_binding and its beta; Opus 4.6 does not', async () => {
    fake.respondWith(scenarios.text('ok'));
    await collect(streamSimpleBedrock(model(OPUS_4_7), hello(), { reasoning: 'high' }));
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, {
      thinking: { type: 'adaptive', display: 'summarized', block_binding: { prefix_mismatch_behavior: 'drop_block' } },
      output_config: { effort: 'high' },
      anthropic_beta: ['thinking-binding-controls-2026-08-01'],
    });
    await collect(streamSimpleBedrock(model('us.anthropic.claude-opus-4-6-v1'), hello(), { reasoning: 'high' }));
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, {
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'high' },
    });
  });

  it('GPT-5.x/6 take reasoning.effort, gpt-oss a flat reasoning_effort', async () => {
    fake.respondWith(scenarios.text('ok'));
    await collect(streamSimpleBedrock(model('us.openai.gpt-6-sol'), hello(), { reasoning: 'high' }));
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, { reasoning: { effort: 'high' } });
    await collect(streamSimpleBedrock(model('us.openai.gpt-6-sol'), hello(), { reasoning: 'minimal' }));
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, { reasoning: { effort: 'low' } });
    await collect(streamSimpleBedrock(model('openai.gpt-oss-120b-1:0'), hello(), { reasoning: 'max' }));
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, { reasoning_effort: 'high' });
  });
});

describe('strict tools (pi-ai 1.6)', () => {
  const strictModel = () => model(SONNET_4_5, { compat: { supportsStrictMode: true } });
  const withTools = () => context([userMessage('Read it')], { tools: [readTool] });

  it('a "prefer" tool goes out strict with its strict schema where the model supports it', async () => {
    fake.respondWith(scenarios.text('ok'));
    await collect(streamBedrock(strictModel(), withTools()));
    const [spec] = lastRequestBody(fake).toolConfig.tools.map((tool) => tool.toolSpec).filter(Boolean);
    assert.equal(spec.strict, true);
    assert.deepEqual(spec.inputSchema.json, {
      type: 'object',
      properties: { path: { type: 'string' }, offset: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
      required: ['path', 'offset'],
      additionalProperties: false,
    });
    await collect(streamBedrock(model(SONNET_4_5), withTools()));
    const plain = lastRequestBody(fake).toolConfig.tools[0].toolSpec;
    assert.equal(plain.strict, undefined, 'no compat.supportsStrictMode: not strict');
    assert.deepEqual(plain.inputSchema.json, readTool.parameters);
  });

  it('a "require" tool on a model without strict mode fails the turn, naming the tool', async () => {
    const tool = { ...readTool, constrainedSampling: { type: 'json_schema', strict: 'require' } };
    const { events, message } = await collect(streamBedrock(model(SONNET_4_5), context([userMessage('x')], { tools: [tool] })));
    assert.equal(events.at(-1).type, 'error');
    assert.match(message.errorMessage, /^Tool "read" requires JSON-schema constrained sampling, but strict tools are unsupported\.$/);
    assert.equal(converseStreamRequests(fake).length, 0);
  });

  it('when Bedrock refuses the strict tools, sends them non-strict and remembers the session', async () => {
    forgetStrictToolLimits();
    fake.respondWith((request) =>
      request.body.toolConfig.tools.some((tool) => tool.toolSpec?.strict)
        ? scenarios.httpError(400, 'ValidationException', 'Too many strict tools (24 > 20)')
        : scenarios.text('ok'),
    );
    const first = await collect(streamBedrock(strictModel(), withTools(), { sessionId: 'session-1' }));
    assert.equal(first.message.stopReason, 'stop');
    const sent = converseStreamRequests(fake).map((request) => request.body.toolConfig.tools[0].toolSpec.strict);
    assert.deepEqual(sent, [true, undefined]);
    const fallback = first.message.diagnostics.find((entry) => entry.type === 'bedrock_strict_tools_fallback');
    assert.deepEqual(fallback.details, { reason: 'strict_tool_limits_exceeded' });
    assert.match(fallback.error.message, /Too many strict tools/);

    await collect(streamBedrock(strictModel(), withTools(), { sessionId: 'session-1' }));
    assert.equal(converseStreamRequests(fake).length, 3, 'the session goes non-strict at once');
    assert.equal(lastRequestBody(fake).toolConfig.tools[0].toolSpec.strict, undefined);

    const other = await collect(streamBedrock(strictModel(), withTools(), { sessionId: 'session-2' }));
    assert.equal(other.message.stopReason, 'stop');
    assert.equal(converseStreamRequests(fake).length, 5, 'another session tries strict first');
  });

  it('other validation errors are not retried', async () => {
    forgetStrictToolLimits();
    fake.respondWith(scenarios.HTTP_ERRORS.inputTooLong);
    const { message } = await collect(streamBedrock(strictModel(), withTools(), { sessionId: 's' }));
    assert.equal(message.stopReason, 'error');
    assert.equal(converseStreamRequests(fake).length, 1);
  });
});

describe('stream contract (pi-ai 1.6)', () => {
  it('the message is pending while it streams and carries rawStopReason at the end', async () => {
    fake.respondWith(scenarios.text('Hello there', { chunks: 2 }));
    const seen = [];
    const stream = streamBedrock(model(SONNET_4_5), hello());
    for await (const event of stream) seen.push([event.type, (event.partial ?? event.message ?? event.error).stopReason]);
    assert.deepEqual(seen.slice(0, -1).map(([, reason]) => reason), Array(seen.length - 1).fill('pending'));
    assert.deepEqual(seen.at(-1), ['done', 'stop']);
    const message = await stream.result();
    assert.equal(message.rawStopReason, 'end_turn');
  });

  it('splits 1h cache writes into cacheWrite1h and prices them (and the tiers) like pi-ai 1.6', async () => {
    const usage = scenarios.usage({ inputTokens: 100, outputTokens: 10, cacheWriteInputTokens: 1000, cacheDetails: [{ inputTokens: 400, ttl: '1h' }, { inputTokens: 600, ttl: '5m' }] });
    fake.respondWith(scenarios.text('ok', { usage }));
    const tiered = model(SONNET_4_5, { cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, tiers: [{ inputTokensAbove: 1000, input: 6, output: 30, cacheRead: 0.6, cacheWrite: 7.5 }] } });
    const { message } = await collect(streamBedrock(tiered, hello()));
    assert.equal(message.usage.cacheWrite, 1000);
    assert.equal(message.usage.cacheWrite1h, 400);
    // 1100 input tokens with cache writes: above the tier.
    assert.ok(Math.abs(message.usage.cost.cacheWrite - (7.5 * 600 + 6 * 2 * 400) / 1e6) < 1e-12);
    assert.ok(Math.abs(message.usage.cost.input - (6 * 100) / 1e6) < 1e-12);
    assert.equal(message.usage.cost.totalFromProvider, false);
  });

  it('awaits onProviderStreamEvent with each stream event in the SDK shape, before translating it', async () => {
    fake.respondWith(scenarios.text('Hi', { chunks: 1 }));
    const calls = [];
    let release;
    const gate = new Promise((resolve) => {
      release = resolve;
    });
    const stream = streamBedrock(model(SONNET_4_5), hello(), {
      onProviderStreamEvent: async (data) => {
        calls.push(structuredClone(data));
        // The text delta waits here until the test lets it through.
        if (data.contentBlockDelta) await gate;
      },
    });
    const events = stream[Symbol.asyncIterator]();
    assert.equal((await events.next()).value.type, 'start');
    const nothingYet = await Promise.race([events.next().then(() => 'an event'), delay(100).then(() => 'nothing')]);
    assert.equal(nothingYet, 'nothing', 'the delta is not translated while its callback runs');
    release();
    const message = await stream.result();
    assert.equal(message.content[0].text, 'Hi');
    assert.deepEqual(calls.map((data) => Object.keys(data)), [['messageStart'], ['contentBlockDelta'], ['contentBlockStop'], ['messageStop'], ['metadata']]);
    assert.deepEqual(calls[0], { messageStart: { role: 'assistant' } });
    assert.deepEqual(calls[1], { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hi' } } });
    assert.deepEqual(calls[3], { messageStop: { stopReason: 'end_turn' } });
  });

  it('a failing onProviderStreamEvent fails the turn with its error', async () => {
    fake.respondWith(scenarios.text('Hi'));
    const { message } = await collect(streamBedrock(model(SONNET_4_5), hello(), { onProviderStreamEvent: () => { throw new Error('callback broke'); } }));
    assert.deepEqual([message.stopReason, message.errorMessage], ['error', 'callback broke']);
  });

  it('redacted reasoning shows one "[Reasoning redacted]" delta, the bytes at the end', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x10, 0x80]);
    fake.respondWith({
      steps: [
        step.messageStart(),
        step.redactedReasoningDelta(0, bytes.subarray(0, 2).toString('base64')),
        step.redactedReasoningDelta(0, bytes.subarray(2).toString('base64')),
        step.contentBlockStop(0),
        step.messageStop('end_turn'),
        step.metadata(),
      ],
    });
    const { events, message } = await collect(streamBedrock(model(SONNET_4_5), hello(), { reasoning: 'high' }));
    assert.deepEqual(events.filter((e) => e.type.startsWith('thinking')).map((e) => [e.type, e.delta ?? e.content]), [
      ['thinking_start', undefined],
      ['thinking_delta', '[Reasoning redacted]'],
      ['thinking_end', '[Reasoning redacted]'],
    ]);
    assert.deepEqual(message.content[0], { type: 'thinking', thinking: '[Reasoning redacted]', thinkingSignature: bytes.toString('base64'), redacted: true });
  });

  it('tool-call blocks never show parser state; arguments grow as they stream', async () => {
    fake.respondWith(scenarios.toolUse({ inputFragments: ['{"city"', ': "Par', 'is"}'] }));
    const keys = [];
    const args = [];
    const stream = streamBedrock(model(SONNET_4_5), hello());
    for await (const event of stream) {
      if (event.type !== 'toolcall_delta') continue;
      const block = event.partial.content[event.contentIndex];
      keys.push(Object.keys(block).join(','));
      args.push(structuredClone(block.arguments));
    }
    assert.deepEqual(keys, Array(3).fill('type,id,name,arguments'));
    assert.deepEqual(args, [{}, { city: 'Par' }, { city: 'Paris' }]);
    assert.deepEqual((await stream.result()).content[0], { type: 'toolCall', id: 'tooluse_fake0001', name: 'get_weather', arguments: { city: 'Paris' } });
  });

  it('finished arguments that are no JSON object get argumentsError (and {} arguments)', async () => {
    fake.respondWith(scenarios.toolUse({ inputFragments: ['{"city": "Par', 'is"'] }));
    const { message } = await collect(streamBedrock(model(SONNET_4_5), hello()));
    const [call] = message.content;
    assert.deepEqual(call.arguments, {});
    assert.match(call.argumentsError, /\n\nReceived arguments:\n\{"city": "Paris"$/);
    assert.equal(message.stopReason, 'toolUse');
  });
});
