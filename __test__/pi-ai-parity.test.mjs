// Our provider behind pi-ai 0.73.1's own stream()/streamSimple()/complete(), registered with
// setBedrockProviderModule, against the fake Bedrock server.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { TEST_BEARER_TOKEN } from '../fake-bedrock/server.mjs';
import {
  collect,
  context,
  fakeModel,
  lastRequestBody,
  OPUS_4_6,
  PNG_BASE64,
  piAi,
  SONNET_4_5,
  startFakeAws,
  useNativeProvider,
  userMessage,
  weatherTool,
} from './helpers/pi-ai.mjs';

const { events: step } = scenarios;

let fake;
before(async () => {
  fake = await startFakeAws();
  useNativeProvider();
});
after(() => fake.close());
beforeEach(() => fake.reset());

const hello = () => context([userMessage('Hello')]);

describe('text', () => {
  it('complete() returns the streamed answer with usage and cost from the model prices', async () => {
    fake.respondWith(scenarios.text('Hello there, friend.', { usage: scenarios.usage({ inputTokens: 1000, outputTokens: 200 }) }));
    const model = fakeModel(fake);
    const message = await piAi.complete(model, hello());

    assert.equal(message.stopReason, 'stop');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello there, friend.' }]);
    assert.equal(message.api, 'bedrock-converse-stream');
    assert.equal(message.provider, 'amazon-bedrock');
    assert.equal(message.model, SONNET_4_5);
    assert.deepEqual(message.usage, {
      input: 1000,
      output: 200,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 1200,
      // `totalFromProvider`: pi-ai 1.6's marker (0.73.1 has no such field) that the total comes from the model's prices.
      cost: { input: 0.003, output: 0.003, cacheRead: 0, cacheWrite: 0, total: 0.006, totalFromProvider: false },
    });
  });

  it('stream() emits start, text_start/delta/end and done on one shared partial', async () => {
    fake.respondWith(scenarios.text('One two three', { chunks: ['One ', 'two ', 'three'] }));
    const { events, partials, message } = await collect(piAi.stream(fakeModel(fake), hello()));

    assert.deepEqual(
      events.map((event) => [event.type, event.contentIndex, event.delta ?? event.content]),
      [
        ['start', undefined, undefined],
        ['text_start', 0, undefined],
        ['text_delta', 0, 'One '],
        ['text_delta', 0, 'two '],
        ['text_delta', 0, 'three'],
        ['text_end', 0, 'One two three'],
        ['done', undefined, undefined],
      ],
    );
    // pi's contract: `partial` is the one mutable output object, also the final message.
    assert.equal(partials.size, 1);
    assert.equal([...partials][0], message);
    assert.equal(events.at(-1).reason, 'stop');
  });

  it('sends the request pi-ai builds: system prompt, inference config, no tools', async () => {
    fake.respondWith(scenarios.text('ok'));
    await piAi.complete(fakeModel(fake), hello(), { maxTokens: 321, temperature: 0.5 });
    const request = fake.requests.at(-1);
    // Sent by the native client, not by pi-ai's own AWS SDK for JavaScript provider.
    assert.doesNotMatch(request.headers['user-agent'], /aws-sdk-js/);
    assert.equal(request.path, `/model/${encodeURIComponent(SONNET_4_5)}/converse-stream`);
    assert.deepEqual(lastRequestBody(fake), {
      messages: [{ role: 'user', content: [{ text: 'Hello' }, { cachePoint: { type: 'default' } }] }],
      system: [{ text: 'You are a test assistant.' }, { cachePoint: { type: 'default' } }],
      inferenceConfig: { maxTokens: 321, temperature: 0.5 },
    });
  });

  it('reports the response to onResponse with its request id', async () => {
    fake.respondWith(scenarios.text('ok'));
    const responses = [];
    await piAi.complete(fakeModel(fake), hello(), { onResponse: (response) => responses.push(response) });
    assert.deepEqual(responses, [{ status: 200, headers: { 'x-amzn-requestid': fake.requests.at(-1).requestId } }]);
  });
});

describe('tool calls', () => {
  it('streams partial JSON under one contentIndex with arguments always an object', async () => {
    fake.respondWith(
      scenarios.toolUse({ text: 'Let me check.', inputFragments: ['{"ci', 'ty": "Pa', 'ris"', '}'] }),
    );
    const model = fakeModel(fake);
    const { events, argumentsSeen, message } = await collect(
      piAi.stream(model, context([userMessage('Weather in Paris?')], { tools: [weatherTool] })),
    );

    const toolEvents = events.filter((event) => event.type.startsWith('toolcall_'));
    assert.deepEqual(
      toolEvents.map((event) => [event.type, event.contentIndex]),
      [['toolcall_start', 1], ['toolcall_delta', 1], ['toolcall_delta', 1], ['toolcall_delta', 1], ['toolcall_delta', 1], ['toolcall_end', 1]],
    );
    assert.deepEqual(
      toolEvents.filter((event) => event.type === 'toolcall_delta').map((event) => event.delta),
      ['{"ci', 'ty": "Pa', 'ris"', '}'],
    );
    for (const args of argumentsSeen) assert.equal(typeof args, 'object');
    assert.deepEqual(toolEvents.at(-1).toolCall, { type: 'toolCall', id: 'tooluse_fake0001', name: 'get_weather', arguments: { city: 'Paris' } });
    assert.equal(message.stopReason, 'toolUse');
    assert.deepEqual(message.content, [
      { type: 'text', text: 'Let me check.' },
      { type: 'toolCall', id: 'tooluse_fake0001', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    // Beyond pi-ai, the tool list is cached too (correctness-cache-points.test.mjs).
    assert.deepEqual(lastRequestBody(fake).toolConfig, {
      tools: [
        { toolSpec: { name: 'get_weather', description: 'Current weather of a city', inputSchema: { json: JSON.parse(JSON.stringify(weatherTool.parameters)) } } },
        { cachePoint: { type: 'default' } },
      ],
    });
  });

  it('gives the same partial arguments pi-ai gives while the JSON grows', async () => {
    // Gaps between the deltas let the consumer read each state before the next one lands.
    const fragments = ['{"city": "Par', 'is", "days": [1, 2', '], "unit": "c'];
    fake.respondWith({
      steps: [
        step.messageStart(),
        step.toolUseStart(0, 'tooluse_fake0001', 'get_weather'),
        ...fragments.flatMap((fragment) => [step.toolUseDelta(0, fragment), { delay: 30 }]),
        step.contentBlockStop(0),
        step.messageStop('tool_use'),
        step.metadata(),
      ],
    });
    const { argumentsSeen, message } = await collect(
      piAi.stream(fakeModel(fake), context([userMessage('Weather?')], { tools: [weatherTool] })),
    );
    const piPartials = ['{"city": "Par', '{"city": "Paris", "days": [1, 2', '{"city": "Paris", "days": [1, 2], "unit": "c'].map(
      (buffer) => piAi.parseStreamingJson(buffer),
    );
    assert.deepEqual(argumentsSeen, piPartials);
    // The stream ended with the JSON unfinished: pi-ai 0.73.1 keeps the partial object as the
    // call's arguments; we follow pi-ai 1.6 (README, differences): `{}` and an argumentsError
    // quoting the text, so a truncated call is never run as if complete.
    assert.deepEqual(message.content[0].arguments, {});
    assert.match(message.content[0].argumentsError, /\n\nReceived arguments:\n\{"city": "Paris", "days": \[1, 2\], "unit": "c$/);
  });

  for (const emptyInputDelta of [false, true]) {
    it(`a tool without arguments gets {} (${emptyInputDelta ? 'one empty delta' : 'no delta'})`, async () => {
      fake.respondWith(scenarios.noArgTool({ emptyInputDelta }));
      const message = await piAi.complete(fakeModel(fake), context([userMessage('Time?')], { tools: [weatherTool] }));
      assert.deepEqual(message.content, [{ type: 'toolCall', id: 'tooluse_fake0002', name: 'get_time', arguments: {} }]);
      assert.equal(message.stopReason, 'toolUse');
    });
  }

  it('maps toolChoice, and "none" drops toolConfig entirely', async () => {
    fake.respondWith(scenarios.text('ok'));
    const ctx = context([userMessage('Hi')], { tools: [weatherTool] });
    const choices = [
      ['auto', { auto: {} }],
      ['any', { any: {} }],
      [{ type: 'tool', name: 'get_weather' }, { tool: { name: 'get_weather' } }],
    ];
    for (const [toolChoice, expected] of choices) {
      await piAi.complete(fakeModel(fake), ctx, { toolChoice });
      assert.deepEqual(lastRequestBody(fake).toolConfig.toolChoice, expected);
    }
    await piAi.complete(fakeModel(fake), ctx, { toolChoice: 'none' });
    assert.equal('toolConfig' in lastRequestBody(fake), false);
  });
});

describe('thinking', () => {
  const thinkingThenTool = {
    steps: [
      step.messageStart(),
      step.reasoningTextDelta(0, 'I should look '),
      step.reasoningTextDelta(0, 'up the weather.'),
      step.reasoningSignatureDelta(0, 'sig-part-1/'),
      step.reasoningSignatureDelta(0, 'sig-part-2'),
      step.contentBlockStop(0),
      step.toolUseStart(1, 'tooluse_w1', 'get_weather'),
      step.toolUseDelta(1, '{"city":"Paris"}'),
      step.contentBlockStop(1),
      step.messageStop('tool_use'),
      step.metadata(),
    ],
  };

  it('streams signed thinking and replays it with tool results and images', async () => {
    const model = fakeModel(fake);
    const ctx = context(
      [userMessage([{ type: 'text', text: 'Weather where this photo was taken?' }, { type: 'image', data: PNG_BASE64, mimeType: 'image/png' }])],
      { tools: [weatherTool] },
    );

    fake.respondWith(thinkingThenTool);
    const first = await collect(piAi.streamSimple(model, ctx, { reasoning: 'medium' }));
    assert.deepEqual(
      first.events.map((event) => [event.type, event.contentIndex]).filter(([type]) => type.startsWith('thinking')),
      [['thinking_start', 0], ['thinking_delta', 0], ['thinking_delta', 0], ['thinking_end', 0]],
    );
    assert.deepEqual(first.message.content[0], {
      type: 'thinking',
      thinking: 'I should look up the weather.',
      thinkingSignature: 'sig-part-1/sig-part-2',
    });
    const firstBody = lastRequestBody(fake);
    // streamSimple: maxTokens = the model's limit (pi-ai 1.6; 0.73.1 sends min(32000 + budget,
    // model max) = 40192); budget-based thinking + interleaved beta.
    assert.deepEqual(firstBody.inferenceConfig, { maxTokens: 64000 });
    assert.deepEqual(firstBody.additionalModelRequestFields, {
      thinking: { type: 'enabled', budget_tokens: 8192, display: 'summarized' },
      anthropic_beta: ['interleaved-thinking-2025-05-14'],
    });
    assert.deepEqual(firstBody.messages[0].content[1], { image: { format: 'png', source: { bytes: PNG_BASE64 } } });

    ctx.messages.push(first.message, {
      role: 'toolResult',
      toolCallId: 'tooluse_w1',
      toolName: 'get_weather',
      content: [{ type: 'text', text: 'Sunny, 21°C' }, { type: 'image', data: PNG_BASE64, mimeType: 'image/png' }],
      isError: false,
      timestamp: Date.now(),
    });
    fake.respondWith(scenarios.text('It is sunny.'));
    const second = await piAi.completeSimple(model, ctx, { reasoning: 'medium' });
    assert.equal(second.stopReason, 'stop');

    const replay = lastRequestBody(fake).messages;
    assert.deepEqual(replay[1], {
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'I should look up the weather.', signature: 'sig-part-1/sig-part-2' } } },
        { toolUse: { toolUseId: 'tooluse_w1', name: 'get_weather', input: { city: 'Paris' } } },
      ],
    });
    assert.deepEqual(replay[2], {
      role: 'user',
      content: [
        {
          toolResult: {
            toolUseId: 'tooluse_w1',
            content: [{ text: 'Sunny, 21°C' }, { image: { format: 'png', source: { bytes: PNG_BASE64 } } }],
            status: 'success',
          },
        },
        { cachePoint: { type: 'default' } },
      ],
    });
  });

  it('sends adaptive thinking with effort "max" for Opus 4.6 at xhigh, without the beta', async () => {
    fake.respondWith(scenarios.reasoning());
    const payloads = [];
    const message = await piAi.completeSimple(fakeModel(fake, OPUS_4_6), hello(), {
      reasoning: 'xhigh',
      onPayload: (payload) => {
        payloads.push(structuredClone(payload));
      },
    });
    assert.equal(message.stopReason, 'stop');
    assert.deepEqual(payloads[0].additionalModelRequestFields, {
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'max' },
    });
    // Adaptive models get the plain streamSimple cap: the model's limit (pi-ai 1.6; 0.73.1 caps at 32000).
    assert.deepEqual(payloads[0].inferenceConfig, { maxTokens: 128000 });
    assert.deepEqual(lastRequestBody(fake).additionalModelRequestFields, payloads[0].additionalModelRequestFields);
  });

  it('keeps redacted reasoning (pi-ai 0.73.1 leaves an empty thinking block)', async () => {
    fake.respondWith(scenarios.redactedReasoning());
    const message = await piAi.complete(fakeModel(fake), hello());
    assert.deepEqual(message.content, [
      {
        type: 'thinking',
        thinking: '[Reasoning redacted]',
        thinkingSignature: Buffer.from('fake redacted thinking').toString('base64'),
        redacted: true,
      },
      { type: 'text', text: 'Here is my answer.' },
    ]);
  });
});

describe('onPayload and bad input', () => {
  it('shows onPayload the SDK-shaped request (Uint8Array bytes) and sends its replacement', async () => {
    fake.respondWith(scenarios.text('ok'));
    let seen;
    await piAi.complete(
      fakeModel(fake),
      context([userMessage([{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }])]),
      {
        onPayload: async (payload) => {
          seen = payload;
          return { ...payload, inferenceConfig: { maxTokens: 7 } };
        },
      },
    );
    const bytes = seen.messages[0].content[0].image.source.bytes;
    assert.ok(bytes instanceof Uint8Array && !Buffer.isBuffer(bytes));
    assert.equal(Buffer.from(bytes).toString('base64'), PNG_BASE64);
    assert.equal(seen.modelId, SONNET_4_5);
    assert.deepEqual(lastRequestBody(fake).inferenceConfig, { maxTokens: 7 });
  });

  it('turns a throwing onPayload into an error event without any request', async () => {
    const requestsBefore = fake.requests.length;
    const { events, message } = await collect(
      piAi.stream(fakeModel(fake), hello(), {
        onPayload: () => {
          throw new Error('payload rejected');
        },
      }),
    );
    assert.deepEqual(events.map((event) => event.type), ['error']);
    assert.equal(message.stopReason, 'error');
    assert.equal(message.errorMessage, 'payload rejected');
    assert.equal(fake.requests.length, requestsBefore);
  });

  it('turns an unknown image type into an error event', async () => {
    const message = await piAi.complete(
      fakeModel(fake),
      context([userMessage([{ type: 'image', data: PNG_BASE64, mimeType: 'image/bmp' }])]),
    );
    assert.equal(message.stopReason, 'error');
    assert.equal(message.errorMessage, 'Unknown image type: image/bmp');
  });
});

describe('prompt caching', () => {
  it('puts cache points after the system prompt and on the last user turn for Claude', async () => {
    fake.respondWith(scenarios.text('ok'));
    await piAi.complete(fakeModel(fake), hello(), { cacheRetention: 'long' });
    const body = lastRequestBody(fake);
    assert.deepEqual(body.system[1], { cachePoint: { type: 'default', ttl: '1h' } });
    assert.deepEqual(body.messages[0].content.at(-1), { cachePoint: { type: 'default', ttl: '1h' } });
  });

  it('sends no cache points for Llama, nor with cacheRetention "none"', async () => {
    fake.respondWith(scenarios.text('ok'));
    await piAi.complete(fakeModel(fake, 'meta.llama3-3-70b-instruct-v1:0'), hello());
    assert.equal(JSON.stringify(lastRequestBody(fake)).includes('cachePoint'), false);
    await piAi.complete(fakeModel(fake), hello(), { cacheRetention: 'none' });
    assert.equal(JSON.stringify(lastRequestBody(fake)).includes('cachePoint'), false);
  });

  it('counts cache reads and writes in usage and cost', async () => {
    const usage = scenarios.usage({ inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 2000, cacheWriteInputTokens: 400 });
    fake.respondWith(scenarios.text('ok', { usage }));
    const message = await piAi.complete(fakeModel(fake), hello());
    const { cost, ...tokens } = message.usage;
    assert.deepEqual(tokens, { input: 100, output: 50, cacheRead: 2000, cacheWrite: 400, totalTokens: 2550 });
    const expected = { input: 100 * 3e-6, output: 50 * 15e-6, cacheRead: 2000 * 0.3e-6, cacheWrite: 400 * 3.75e-6 };
    for (const [key, value] of Object.entries(expected)) assert.ok(Math.abs(cost[key] - value) < 1e-12, key);
    assert.ok(Math.abs(cost.total - Object.values(expected).reduce((a, b) => a + b)) < 1e-12);
  });
});

describe('stop reasons', () => {
  const expected = {
    end_turn: 'stop',
    stop_sequence: 'stop',
    max_tokens: 'length',
    model_context_window_exceeded: 'length',
    tool_use: 'toolUse',
    guardrail_intervened: 'error',
    content_filtered: 'error',
    malformed_model_output: 'error',
    malformed_tool_use: 'error',
    // pi-ai 0.73.1 fails these with "An unknown error occurred"; ours say what stopped the turn
    // (a stop reason newer than this code in pi-ai 1.6's words, correctness-stop-reasons.test.mjs).
    [scenarios.UNKNOWN_STOP_REASON]: 'error',
  };
  for (const [bedrockReason, piReason] of Object.entries(expected)) {
    it(`${bedrockReason} → ${piReason}`, async () => {
      fake.respondWith(scenarios.stoppedWith(bedrockReason));
      const { events, message } = await collect(piAi.stream(fakeModel(fake), hello()));
      assert.equal(message.stopReason, piReason);
      if (piReason === 'error') {
        assert.equal(events.at(-1).type, 'error');
        const wording = bedrockReason === scenarios.UNKNOWN_STOP_REASON ? `^Provider stopped with: ${bedrockReason}$` : `\\(stop reason ${bedrockReason}\\)$`;
        assert.match(message.errorMessage, new RegExp(wording));
        assert.equal(message.content[0].text, `This answer stopped with ${bedrockReason}.`);
      } else {
        assert.deepEqual([events.at(-1).type, events.at(-1).reason], ['done', piReason]);
      }
    });
  }
});

describe('errors', () => {
  const httpCases = [
    ['throttling', 'Throttling error: Too many requests, please wait before trying again.', false],
    ['inputTooLong', 'Validation error: Input is too long for requested model.', true],
    ['accessDenied', "AccessDeniedException: You don't have access to the model with the specified model ID.", false],
  ];
  for (const [name, errorMessage, overflow] of httpCases) {
    it(`HTTP ${scenarios.HTTP_ERRORS[name].status} ${name} → "${errorMessage}"`, async () => {
      fake.respondWith(scenarios.HTTP_ERRORS[name]);
      const { events, message } = await collect(piAi.stream(fakeModel(fake), hello()));
      assert.deepEqual(events.map((event) => [event.type, event.reason]), [['error', 'error']]);
      assert.equal(message.stopReason, 'error');
      assert.equal(message.errorMessage, errorMessage);
      assert.equal(piAi.isContextOverflow(message, 200000), overflow);
    });
  }

  const streamCases = {
    throttlingException: 'Throttling error: Too many tokens, please wait before trying again.',
    internalServerException: 'Internal server error: The system encountered an unexpected error during processing. Try your request again.',
    modelStreamErrorException: 'Model stream error: The model returned an error while streaming the response. Try your request again.',
    validationException: 'Validation error: Input is too long for requested model.',
    serviceUnavailableException: 'Service unavailable: Bedrock is unable to process your request.',
  };
  for (const [exception, errorMessage] of Object.entries(streamCases)) {
    it(`in-stream ${exception} keeps the partial text → "${errorMessage}"`, async () => {
      fake.respondWith(scenarios.streamException(exception, { afterText: 'Partial' }));
      const message = await piAi.complete(fakeModel(fake), hello());
      assert.equal(message.stopReason, 'error');
      assert.equal(message.errorMessage, errorMessage);
      assert.deepEqual(message.content, [{ type: 'text', text: 'Partial' }]);
      // Only Bedrock's throttling wording matches an overflow pattern; its prefix excludes it.
      assert.equal(piAi.isContextOverflow(message, 200000), exception === 'validationException');
    });
  }
});

describe('abort', () => {
  it('ends as "aborted" with the partial content, and the next request works', async () => {
    fake.respondWith(scenarios.midStream('Partial answer', { stall: true }));
    const controller = new AbortController();
    const stream = piAi.stream(fakeModel(fake), hello(), { signal: controller.signal });
    const types = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'text_delta') controller.abort();
    }
    const message = await stream.result();
    assert.deepEqual(types, ['start', 'text_start', 'text_delta', 'error']);
    assert.equal(message.stopReason, 'aborted');
    assert.equal(typeof message.errorMessage, 'string');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Partial answer' }]);
    assert.equal(message.usage.input, 0);

    fake.respondWith(scenarios.text('Back again.'));
    const next = await piAi.complete(fakeModel(fake), context([userMessage('Hello'), message, userMessage('Again')]));
    assert.equal(next.stopReason, 'stop');
    // The aborted turn is not replayed, and the two user turns around it become one (Converse
    // wants alternating roles; pi-ai 0.73.1 sends two user messages).
    assert.deepEqual(lastRequestBody(fake).messages.map((entry) => entry.role), ['user']);
  });

  it('an already aborted signal gives an "aborted" error event', async () => {
    fake.respondWith(scenarios.text('never read'));
    const message = await piAi.complete(fakeModel(fake), hello(), { signal: AbortSignal.abort() });
    assert.equal(message.stopReason, 'aborted');
    assert.deepEqual(message.content, []);
  });
});

describe('credentials and endpoint options', () => {
  it('ignores apiKey (pi passes "<authenticated>") and signs with the environment key pair', async () => {
    fake.respondWith(scenarios.text('ok'));
    const message = await piAi.complete(fakeModel(fake), hello(), { apiKey: '<authenticated>' });
    assert.equal(message.stopReason, 'stop');
    assert.equal(fake.requests.at(-1).auth.kind, 'sigv4');
  });

  it('sends bearerToken as a Bedrock API key', async () => {
    fake.respondWith(scenarios.text('ok'));
    const message = await piAi.complete(fakeModel(fake), hello(), { bearerToken: TEST_BEARER_TOKEN });
    assert.equal(message.stopReason, 'stop');
    assert.equal(fake.requests.at(-1).auth.kind, 'bearer');
  });

  it('lets the native-only `endpoint` option override the model baseUrl', async () => {
    fake.respondWith(scenarios.text('ok'));
    const unreachable = fakeModel(fake, SONNET_4_5, { baseUrl: 'http://127.0.0.1:9' });
    const message = await piAi.complete(unreachable, hello(), { endpoint: fake.url });
    assert.equal(message.stopReason, 'stop');
  });
});
