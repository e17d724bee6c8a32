// Request hygiene (each repair visible in the recorded request), the Converse options beyond
// pi-ai's, and what the final message's diagnostics carry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { assistantTurn, bedrockDetails, context, fakeModel, toolResult, turn, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { PNG_BASE64, weatherTool } from './helpers/pi-ai.mjs';

const { events: step } = scenarios;

const fake = useFakeBedrock(scenarios.text('ok'));

const POINT = { cachePoint: { type: 'default' } };

describe('request hygiene', () => {
  it('blank text blocks are removed, and a turn left empty gets a placeholder', async () => {
    const model = fakeModel(fake);
    const history = [
      userMessage([{ type: 'text', text: '  ' }, { type: 'text', text: 'Real question' }]),
      assistantTurn(model, [{ type: 'toolCall', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }], 'toolUse'),
      { ...toolResult('t1', ''), content: [{ type: 'text', text: ' ' }] },
      assistantTurn(model, [{ type: 'text', text: 'Done.' }]),
      userMessage('\n\t'),
    ];
    const { body } = await turn(fake, model, { systemPrompt: '   ', messages: history, tools: [weatherTool] });
    assert.equal(body.system, undefined);
    assert.deepEqual(body.messages[0].content, [{ text: 'Real question' }]);
    assert.deepEqual(body.messages[2].content[0].toolResult.content, [{ text: '<empty>' }]);
    assert.deepEqual(body.messages[4].content, [{ text: '<empty>' }, POINT]);
  });

  it('tool blocks in the history without tools get a placeholder tool config', async () => {
    const model = fakeModel(fake);
    const history = [
      userMessage('Weather?'),
      assistantTurn(model, [{ type: 'toolCall', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }], 'toolUse'),
      toolResult('t1', 'Sunny'),
      assistantTurn(model, [{ type: 'text', text: 'Sunny.' }]),
      userMessage('Thanks'),
    ];
    for (const [ctx, options] of [[context(history), {}], [context(history, { tools: [weatherTool] }), { toolChoice: 'none' }]]) {
      const { body } = await turn(fake, model, ctx, options);
      assert.deepEqual(body.toolConfig.tools.filter((tool) => tool.toolSpec).map((tool) => tool.toolSpec.name), ['unavailable_tool']);
    }
  });

  it('invalid tool names are renamed on the way out and mapped back on the way in', async () => {
    const longName = `server__${'x'.repeat(70)}`;
    const tools = [
      { ...weatherTool, name: 'mcp.weather/get forecast' },
      { ...weatherTool, name: longName },
    ];
    fake.respondWith((request) => scenarios.toolUse({ name: request.body.toolConfig.tools[0].toolSpec.name }));
    const model = fakeModel(fake);
    const history = [
      userMessage('Earlier'),
      assistantTurn(model, [{ type: 'toolCall', id: 't0', name: longName, arguments: {} }], 'toolUse'),
      toolResult('t0', 'ok', longName),
      userMessage('Forecast?'),
    ];
    const { body, message } = await turn(fake, model, context(history, { tools }), { toolChoice: { type: 'tool', name: longName } });
    const sentNames = body.toolConfig.tools.filter((tool) => tool.toolSpec).map((tool) => tool.toolSpec.name);
    for (const name of sentNames) assert.match(name, /^[a-zA-Z0-9_-]{1,64}$/);
    assert.equal(new Set(sentNames).size, 2);
    assert.equal(body.messages[1].content[0].toolUse.name, sentNames[1]);
    assert.deepEqual(body.toolConfig.toolChoice, { tool: { name: sentNames[1] } });
    assert.equal(message.content[0].name, 'mcp.weather/get forecast');
  });

  it('documents get unique neutral names; empty tool arguments are sent as {}', async () => {
    const model = fakeModel(fake);
    const doc = (text) => ({ type: 'document', format: 'txt', text });
    const history = [
      userMessage([{ type: 'text', text: 'Read these' }, doc('one'), doc('two')]),
      assistantTurn(model, [{ type: 'toolCall', id: 't1', name: 'get_weather', arguments: undefined }], 'toolUse'),
      toolResult('t1', 'ok'),
      userMessage([{ type: 'text', text: 'And this' }, doc('three')]),
    ];
    const { body } = await turn(fake, model, context(history, { tools: [weatherTool] }));
    const names = body.messages.flatMap((message) => message.content.filter((block) => block.document).map((block) => block.document.name));
    assert.deepEqual(names, ['document-1', 'document-2', 'document-3']);
    assert.deepEqual(body.messages[1].content[0].toolUse.input, {});
  });

  it('consecutive same-role turns are merged', async () => {
    const { body } = await turn(fake, fakeModel(fake), context([userMessage('One'), userMessage('Two')]));
    assert.deepEqual(body.messages, [{ role: 'user', content: [{ text: 'One' }, { text: 'Two' }, POINT] }]);
  });

  it('temperature is omitted for Opus 4.7 and, with topP, while Claude thinks', async () => {
    const hello = context([userMessage('Hi')]);
    // Values exact in float32, which the native client sends.
    const sampling = { temperature: 0.25, topP: 0.5, maxTokens: 2000 };
    const opus = await turn(fake, fakeModel(fake, 'us.anthropic.claude-opus-4-7'), hello, sampling);
    assert.deepEqual(opus.body.inferenceConfig, { maxTokens: 2000, topP: 0.5 });
    const thinking = await turn(fake, fakeModel(fake), hello, { ...sampling, reasoning: 'low' });
    assert.deepEqual(thinking.body.inferenceConfig, { maxTokens: 2000 });
    const plain = await turn(fake, fakeModel(fake), hello, sampling);
    assert.deepEqual(plain.body.inferenceConfig, { maxTokens: 2000, temperature: 0.25, topP: 0.5 });
  });

  it('temperature and topP go out at float32 precision, widened to the double Bedrock reads back to the same float32', async () => {
    const { body } = await turn(fake, fakeModel(fake), context([userMessage('Hi')]), { temperature: 0.2, topP: 0.9, maxTokens: 100 });
    assert.deepEqual(body.inferenceConfig, { maxTokens: 100, temperature: 0.20000000298023224, topP: 0.8999999761581421 });
    assert.deepEqual([Math.fround(body.inferenceConfig.temperature), Math.fround(body.inferenceConfig.topP)], [Math.fround(0.2), Math.fround(0.9)]);
  });

  it('a forced tool choice becomes auto while Claude thinks', async () => {
    const ctx = context([userMessage('Weather?')], { tools: [weatherTool] });
    for (const toolChoice of ['any', { type: 'tool', name: 'get_weather' }]) {
      const { body } = await turn(fake, fakeModel(fake), ctx, { toolChoice, reasoning: 'medium' });
      assert.deepEqual(body.toolConfig.toolChoice, { auto: {} });
    }
  });
});

describe('Converse options beyond pi-ai', () => {
  it('guardrails, service tier, latency, response field paths, stop sequences, structured output', async () => {
    const options = {
      guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '2', trace: 'enabled', streamProcessingMode: 'async' },
      serviceTier: 'flex',
      performanceConfig: { latency: 'optimized' },
      additionalModelResponseFieldPaths: ['/delta/stop_sequence'],
      stopSequences: ['END'],
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'answer' } } } },
    };
    const { body } = await turn(fake, fakeModel(fake), context([userMessage('Hi')]), options);
    assert.deepEqual(body.guardrailConfig, options.guardrailConfig);
    assert.deepEqual(body.serviceTier, { type: 'flex' });
    assert.deepEqual(body.performanceConfig, { latency: 'optimized' });
    assert.deepEqual(body.additionalModelResponseFieldPaths, ['/delta/stop_sequence']);
    assert.deepEqual(body.inferenceConfig.stopSequences, ['END']);
    assert.deepEqual(body.outputConfig, options.outputConfig);
  });

  it('documents, video and S3 sources in user content', async () => {
    const content = [
      { type: 'text', text: 'Look' },
      { type: 'document', format: 'pdf', data: PNG_BASE64 },
      { type: 'document', format: 'md', s3Uri: 's3://bucket/notes.md', bucketOwner: '123456789012' },
      { type: 'video', format: 'mp4', s3Uri: 's3://bucket/clip.mp4' },
      { type: 'image', mimeType: 'image/png', s3Uri: 's3://bucket/photo.png' },
    ];
    const { body } = await turn(fake, fakeModel(fake, 'amazon.nova-pro-v1:0'), context([userMessage(content)]));
    assert.deepEqual(body.messages[0].content, [
      { text: 'Look' },
      { document: { format: 'pdf', name: 'document-1', source: { bytes: PNG_BASE64 } } },
      { document: { format: 'md', name: 'document-2', source: { s3Location: { uri: 's3://bucket/notes.md', bucketOwner: '123456789012' } } } },
      { video: { format: 'mp4', source: { s3Location: { uri: 's3://bucket/clip.mp4' } } } },
      { image: { format: 'png', source: { s3Location: { uri: 's3://bucket/photo.png' } } } },
      POINT,
    ]);
  });
});

describe('observability', () => {
  it('latency, request id, attempts, echoes and the guardrail trace are on the diagnostics', async () => {
    const guardrailTrace = { modelOutput: ['blocked'] };
    fake.respondWith({
      steps: [
        step.messageStart(),
        step.textDelta(0, 'Hi'),
        step.contentBlockStop(0),
        step.messageStop('end_turn', { stop_sequence: null }),
        {
          event: 'metadata',
          payload: {
            usage: scenarios.usage(),
            metrics: { latencyMs: 321 },
            trace: { guardrail: guardrailTrace },
            serviceTier: { type: 'priority' },
            performanceConfig: { latency: 'optimized' },
          },
        },
      ],
    });
    const { message } = await turn(fake, fakeModel(fake), context([userMessage('Hi')]));
    const entry = message.diagnostics.find((diagnostic) => diagnostic.type === 'bedrock.response');
    assert.equal(typeof entry.timestamp, 'number');
    const { trace, ...details } = entry.details;
    assert.deepEqual(trace.guardrail.modelOutput, guardrailTrace.modelOutput);
    assert.deepEqual(details, {
      requestId: fake.requests.at(-1).requestId,
      attempts: 1,
      stopReason: 'end_turn',
      additionalModelResponseFields: { stop_sequence: null },
      latencyMs: 321,
      serviceTier: 'priority',
      performanceConfig: { latency: 'optimized' },
    });
  });

  it('a failed turn names the exception, its retryability and the request id', async () => {
    fake.respondWith(scenarios.HTTP_ERRORS.accessDenied);
    const { message } = await turn(fake, fakeModel(fake), context([userMessage('Hi')]));
    assert.equal(message.stopReason, 'error');
    const entry = message.diagnostics.find((diagnostic) => diagnostic.type === 'bedrock.response');
    assert.equal(entry.error.code, 'AccessDeniedException');
    assert.deepEqual([entry.details.retryable, entry.details.requestId], [false, fake.requests.at(-1).requestId]);
    assert.equal(bedrockDetails(message).errorCode, 'AccessDeniedException');
  });
});
