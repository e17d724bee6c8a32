// Reasoning round trip: redacted and signature-only blocks survive replay byte for byte,
// unsigned reasoning never reaches Claude as reasoning, and non-Claude reasoning families get
// their own reasoning parameters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { assistantTurn, context, fakeModel, toolResult, turn, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { weatherTool } from './helpers/pi-ai.mjs';

const { events: step } = scenarios;

const fake = useFakeBedrock();

/** Bytes that are no valid UTF-8 and whose base64 has padding, streamed in two chunks. */
const REDACTED_BYTES = Buffer.from([0xff, 0x00, 0xfe, 0x10, 0x80, 0x7f, 0x01]);

describe('reasoning replay', () => {
  it('replays redacted reasoning with the identical bytes', async () => {
    const model = fakeModel(fake);
    fake.respondWith({
      steps: [
        step.messageStart(),
        step.redactedReasoningDelta(0, REDACTED_BYTES.subarray(0, 4).toString('base64')),
        step.redactedReasoningDelta(0, REDACTED_BYTES.subarray(4).toString('base64')),
        step.contentBlockStop(0),
        step.toolUseStart(1, 'tooluse_r1', 'get_weather'),
        step.toolUseDelta(1, '{"city":"Paris"}'),
        step.contentBlockStop(1),
        step.messageStop('tool_use'),
        step.metadata(),
      ],
    });
    const first = await turn(fake, model, context([userMessage('Weather?')], { tools: [weatherTool] }), { reasoning: 'high' });
    assert.equal(first.message.stopReason, 'toolUse');
    assert.deepEqual(first.message.content[0], {
      type: 'thinking',
      thinking: '[Reasoning redacted]',
      thinkingSignature: REDACTED_BYTES.toString('base64'),
      redacted: true,
    });

    fake.respondWith(scenarios.text('Sunny.'));
    const history = [userMessage('Weather?'), first.message, toolResult('tooluse_r1', 'Sunny')];
    const second = await turn(fake, model, context(history, { tools: [weatherTool] }), { reasoning: 'high' });
    const replayed = second.body.messages[1].content[0];
    assert.deepEqual(Buffer.from(replayed.reasoningContent.redactedContent, 'base64'), REDACTED_BYTES);
  });

  it('replays a signature-only block with its signature and empty text', async () => {
    const model = fakeModel(fake);
    const history = [
      userMessage('Weather?'),
      assistantTurn(model, [
        { type: 'thinking', thinking: '', thinkingSignature: 'sig-only==' },
        { type: 'toolCall', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } },
      ], 'toolUse'),
      toolResult('t1', 'Sunny'),
    ];
    fake.respondWith(scenarios.text('Sunny.'));
    const { body } = await turn(fake, model, context(history, { tools: [weatherTool] }), { reasoning: 'high' });
    assert.deepEqual(body.messages[1].content[0], { reasoningContent: { reasoningText: { text: '', signature: 'sig-only==' } } });
  });

  it('sends signed blocks unaltered and unsigned Claude reasoning never as reasoning', async () => {
    const model = fakeModel(fake);
    const signedText = '  thought, spaces and all ';
    const history = [
      userMessage('Q1'),
      assistantTurn(model, [
        { type: 'thinking', thinking: signedText, thinkingSignature: 'sig==' },
        { type: 'thinking', thinking: 'unsigned thought' },
        { type: 'text', text: 'A1' },
      ]),
      userMessage('Q2'),
    ];
    fake.respondWith(scenarios.text('A2'));
    const { body } = await turn(fake, model, context(history));
    assert.deepEqual(body.messages[1].content, [
      { reasoningContent: { reasoningText: { text: signedText, signature: 'sig==' } } },
      { text: 'unsigned thought' },
      { text: 'A1' },
    ]);
  });
});

describe('reasoning parameters beyond Claude', () => {
  it('Nova 2 gets reasoningConfig with a three-level effort', async () => {
    fake.respondWith(scenarios.text('ok'));
    const { body } = await turn(fake, fakeModel(fake, 'amazon.nova-2-lite-v1:0'), context([userMessage('Hi')]), { reasoning: 'minimal' });
    assert.deepEqual(body.additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } });
  });

  it('gpt-oss gets reasoning_effort', async () => {
    fake.respondWith(scenarios.text('ok'));
    const { body } = await turn(fake, fakeModel(fake, 'openai.gpt-oss-120b-1:0'), context([userMessage('Hi')]), { reasoning: 'xhigh' });
    assert.deepEqual(body.additionalModelRequestFields, { reasoning_effort: 'high' });
  });

  it('DeepSeek gets no unknown field (R1 always reasons)', async () => {
    fake.respondWith(scenarios.text('ok'));
    const { body } = await turn(fake, fakeModel(fake, 'deepseek.r1-v1:0'), context([userMessage('Hi')]), { reasoning: 'high' });
    assert.equal(body.additionalModelRequestFields, undefined);
  });

  it("the caller's additionalModelRequestFields win over computed ones", async () => {
    fake.respondWith(scenarios.text('ok'));
    const { body } = await turn(fake, fakeModel(fake, 'openai.gpt-oss-120b-1:0'), context([userMessage('Hi')]), {
      reasoning: 'low',
      additionalModelRequestFields: { reasoning_effort: 'medium', top_k: 5 },
    });
    assert.deepEqual(body.additionalModelRequestFields, { reasoning_effort: 'medium', top_k: 5 });
  });
});
