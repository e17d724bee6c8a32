// The same scenarios through pi-ai 0.73.1's own TypeScript Bedrock provider (AWS SDK) and
// through ours, both behind pi-ai's stream()/streamSimple(), against one fake server: event
// sequences, final messages (minus timestamps) and the request bodies must match, except for
// the intended differences that `withoutIntendedDifferences` erases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import {
  collect,
  context,
  describeEvent,
  fakeModel,
  lastRequestBody,
  NOVA_PRO,
  OPUS_4_6,
  PNG_BASE64,
  piAi,
  startFakeAws,
  useNativeProvider,
  usePiOwnProvider,
  userMessage,
  weatherTool,
  withoutTimestamp,
} from './helpers/pi-ai.mjs';

const { events: step } = scenarios;

let fake;
before(async () => {
  fake = await startFakeAws();
});
after(() => {
  useNativeProvider();
  return fake.close();
});

const hello = () => context([userMessage('Hello')]);
const withTools = (text = 'Weather in Paris?') => context([userMessage(text)], { tools: [weatherTool] });
const image = { type: 'image', data: PNG_BASE64, mimeType: 'image/png' };

/**
 * Runs one scenario through a provider. `abortOn`: abort the signal when this event type is
 * consumed.
 */
async function runWith(useProvider, { scenario, start, abortOn }) {
  useProvider();
  fake.reset();
  fake.respondWith(scenario);
  const controller = new AbortController();
  const stream = start(fake, controller.signal);
  const events = [];
  for await (const event of stream) {
    events.push(describeEvent(event));
    if (event.type === abortOn) controller.abort();
  }
  const userAgent = fake.requests.at(-1)?.headers['user-agent'];
  const streamedStopReason = scenario.steps?.find((step) => step.event === 'messageStop')?.payload.stopReason;
  return { events, message: withoutTimestamp(await stream.result()), body: lastRequestBody(fake), userAgent, streamedStopReason };
}

/**
 * An aborted request's `errorMessage` is pi-ai's abort-path wording, which depends on where the
 * AWS SDK noticed the abort ("Request aborted", "aborted", "Request was aborted", …); ours is
 * always "Request was aborted". Only the `aborted` stop reason carries meaning.
 */
function withoutAbortWording(result) {
  for (const message of [result.message, ...result.events.map((event) => event.error).filter(Boolean)]) {
    if (message.stopReason === 'aborted') message.errorMessage = '<aborted>';
  }
  return result;
}

/**
 * Our improvements present in every scenario, checked and then erased (README, "Where we differ
 * from pi-ai 0.73.1"): the final message carries a `bedrock.response` diagnostics entry, the
 * tool list ends with a cache point for Claude, and consecutive same-role turns are merged.
 */
function withoutGeneralDifferences(ours, theirs) {
  for (const message of [ours.message, ...ours.events.map((event) => event.message ?? event.error).filter(Boolean)]) {
    assert.deepEqual(message.diagnostics?.map((entry) => entry.type), ['bedrock.response']);
    delete message.diagnostics;
    withoutPiAi16Fields(message, ours.streamedStopReason);
  }
  const tools = ours.body?.toolConfig?.tools;
  if (tools?.at(-1)?.cachePoint && !theirs.body.toolConfig.tools.at(-1).cachePoint) tools.pop();
  if (theirs.body) theirs.body.messages = mergeSameRoleTurns(theirs.body.messages);
}

/**
 * The message fields pi-ai 1.6 added, which 0.73.1 lacks (README, "pi-ai 1.6's stream
 * contract"): Bedrock's own stop reason, `cost.totalFromProvider: false` once usage is priced,
 * and the 1h part of the cache writes when Bedrock reports a TTL split. Checked, then erased.
 */
function withoutPiAi16Fields(message, streamedStopReason) {
  // Set once messageStop arrived: on every finished turn, on failures only when it came first.
  if (message.stopReason === 'error' || message.stopReason === 'aborted') assert.ok([undefined, streamedStopReason].includes(message.rawStopReason));
  else assert.equal(message.rawStopReason, streamedStopReason);
  delete message.rawStopReason;
  if (message.usage.cost.totalFromProvider !== undefined) assert.equal(message.usage.cost.totalFromProvider, false);
  delete message.usage.cost.totalFromProvider;
  if (message.usage.cacheWrite1h !== undefined) assert.ok(message.usage.cacheWrite1h <= message.usage.cacheWrite);
  delete message.usage.cacheWrite1h;
}

function mergeSameRoleTurns(messages) {
  const merged = [];
  for (const message of messages) {
    if (merged.at(-1)?.role === message.role) merged.at(-1).content.push(...message.content);
    else merged.push({ ...message, content: [...message.content] });
  }
  return merged;
}

/** Drops every cache point of a request body. */
function withoutCachePoints(body) {
  body.system = body.system?.filter((block) => !block.cachePoint);
  for (const message of body.messages) message.content = message.content.filter((block) => !block.cachePoint);
}

/**
 * `difference(ours, theirs)`: asserts a documented, intended difference of the scenario and
 * erases it, so the rest must still match exactly.
 */
function compareScenario(name, spec) {
  it(name, async () => {
    const ours = withoutAbortWording(await runWith(useNativeProvider, spec));
    const theirs = withoutAbortWording(await runWith(usePiOwnProvider, spec));
    if (theirs.userAgent) assert.match(theirs.userAgent, /aws-sdk-js/, "pi-ai's own provider ran");
    if (ours.userAgent) assert.doesNotMatch(ours.userAgent, /aws-sdk-js/, 'the native provider ran');
    withoutGeneralDifferences(ours, theirs);
    spec.difference?.(ours, theirs);
    assert.deepEqual(ours.body, theirs.body, 'request body');
    assert.deepEqual(ours.events, theirs.events, 'events');
    assert.deepEqual(ours.message, theirs.message, 'final message');
  });
}

/** Nova gets cache points on system and the last user turn; pi-ai 0.73.1 sends none to Nova. */
function novaCachePoints(ours) {
  assert.deepEqual(ours.body.system.at(-1), { cachePoint: { type: 'default' } });
  assert.deepEqual(ours.body.messages.at(-1).content.at(-1), { cachePoint: { type: 'default' } });
  withoutCachePoints(ours.body);
}

/**
 * streamSimple's default output cap is the model's limit, clamped to the context window, as in
 * pi-ai 1.6; 0.73.1 uses min(model limit, 32000), plus the thinking budget for budget-based
 * Claude (README, differences).
 */
function modelLimitAsMaxTokens(expected) {
  return (ours, theirs) => {
    assert.equal(ours.body.inferenceConfig.maxTokens, expected);
    assert.ok(theirs.body.inferenceConfig.maxTokens < expected);
    ours.body.inferenceConfig.maxTokens = theirs.body.inferenceConfig.maxTokens;
  };
}

/** Replaces the final message (and its done/error event) of ours by theirs after `check`. */
function finalMessageDiffers(check) {
  return (ours, theirs) => {
    check(ours.message, theirs.message, ours.events.at(-1));
    ours.message = theirs.message;
    ours.events = [...ours.events.slice(0, -1), theirs.events.at(-1)];
  };
}

const thinkingThenTool = {
  steps: [
    step.messageStart(),
    step.reasoningTextDelta(0, 'I should look '),
    step.reasoningTextDelta(0, 'up the weather.'),
    step.reasoningSignatureDelta(0, 'sig-1/'),
    step.reasoningSignatureDelta(0, 'sig-2'),
    step.contentBlockStop(0),
    step.toolUseStart(1, 'tooluse_w1', 'get_weather'),
    step.toolUseDelta(1, '{"city":'),
    step.toolUseDelta(1, '"Paris"}'),
    step.contentBlockStop(1),
    step.messageStop('tool_use'),
    step.metadata(),
  ],
};

/** A finished thinking + tool turn, a tool result with an image, from the same model. */
function replayContext(model) {
  const assistant = {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'I should look up the weather.', thinkingSignature: 'sig-1/sig-2' },
      { type: 'toolCall', id: 'tooluse_w1', name: 'get_weather', arguments: { city: 'Paris' } },
    ],
    api: model.api,
    provider: model.provider,
    model: model.id,
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
    stopReason: 'toolUse',
    timestamp: 1,
  };
  const foreign = { ...assistant, provider: 'openai', api: 'openai-responses', model: 'gpt-5', content: [
    { type: 'thinking', thinking: 'Foreign thought', thinkingSignature: 'x' },
    { type: 'toolCall', id: 'call|with|pipes', name: 'get_weather', arguments: { city: 'Rome' } },
  ] };
  const toolResult = (toolCallId, content) => ({ role: 'toolResult', toolCallId, toolName: 'get_weather', content, isError: false, timestamp: 2 });
  return context(
    [
      userMessage([{ type: 'text', text: 'Weather where this photo was taken?' }, image]),
      assistant,
      toolResult('tooluse_w1', [{ type: 'text', text: 'Sunny' }, image]),
      foreign,
      toolResult('call|with|pipes', [{ type: 'text', text: 'Rainy' }]),
      userMessage('And tomorrow?'),
      { ...assistant, stopReason: 'error', content: [{ type: 'text', text: 'broken turn' }] },
      { ...assistant, content: [{ type: 'toolCall', id: 'orphan', name: 'get_weather', arguments: {} }] },
    ],
    { tools: [weatherTool] },
  );
}

describe('pi-ai TS provider vs native provider', () => {
  compareScenario('plain text', {
    scenario: scenarios.text('Hello there, friend.', { chunks: ['Hello ', 'there, ', 'friend.'] }),
    start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal, maxTokens: 100, temperature: 0.5 }),
  });

  compareScenario('streamSimple text with requestMetadata ignored', {
    scenario: scenarios.text('Simple.'),
    difference: modelLimitAsMaxTokens(64000),
    start: (fake, signal) => piAi.streamSimple(fakeModel(fake), hello(), { signal, requestMetadata: { team: 'x' } }),
  });

  compareScenario('tool call with text preamble and partial JSON', {
    scenario: scenarios.toolUse({ text: 'Let me check.', inputFragments: ['{"ci', 'ty": "Pa', 'ris"', '}'] }),
    start: (fake, signal) => piAi.stream(fakeModel(fake), withTools(), { signal, toolChoice: 'auto', requestMetadata: { team: 'x' } }),
  });

  compareScenario('no-argument tool, no delta', {
    scenario: scenarios.noArgTool(),
    start: (fake, signal) => piAi.stream(fakeModel(fake), withTools('Time?'), { signal, toolChoice: { type: 'tool', name: 'get_weather' } }),
  });

  compareScenario('no-argument tool, one empty delta', {
    scenario: scenarios.noArgTool({ emptyInputDelta: true }),
    start: (fake, signal) => piAi.stream(fakeModel(fake), withTools('Time?'), { signal, toolChoice: 'any' }),
  });

  compareScenario('toolChoice "none"', {
    scenario: scenarios.text('No tools.'),
    start: (fake, signal) => piAi.stream(fakeModel(fake), withTools(), { signal, toolChoice: 'none' }),
  });

  compareScenario('thinking with signature, then a tool call (streamSimple, medium)', {
    scenario: thinkingThenTool,
    difference: modelLimitAsMaxTokens(64000),
    start: (fake, signal) =>
      piAi.streamSimple(fakeModel(fake), context([userMessage([{ type: 'text', text: 'Where?' }, image])], { tools: [weatherTool] }), {
        signal,
        reasoning: 'medium',
      }),
  });

  compareScenario('multi-turn replay: thinking, tool results with images, foreign and errored turns', {
    scenario: scenarios.text('Tomorrow too.'),
    difference: modelLimitAsMaxTokens(64000),
    start: (fake, signal) => {
      const model = fakeModel(fake);
      return piAi.streamSimple(model, replayContext(model), { signal, reasoning: 'high', cacheRetention: 'long' });
    },
  });

  compareScenario('replay to a non-Claude model (unsigned reasoning)', {
    scenario: scenarios.text('Nova here.'),
    difference: novaCachePoints,
    start: (fake, signal) => {
      const model = fakeModel(fake, NOVA_PRO);
      return piAi.stream(model, replayContext(fakeModel(fake)), { signal, reasoning: 'high' });
    },
  });

  compareScenario('adaptive thinking for Opus 4.6 at xhigh', {
    scenario: scenarios.reasoning(),
    difference: modelLimitAsMaxTokens(128000),
    start: (fake, signal) => piAi.streamSimple(fakeModel(fake, OPUS_4_6), hello(), { signal, reasoning: 'xhigh' }),
  });

  compareScenario('budget thinking through stream() with custom budgets, interleaving off', {
    scenario: scenarios.reasoning(),
    start: (fake, signal) =>
      piAi.stream(fakeModel(fake), hello(), {
        signal,
        reasoning: 'low',
        thinkingBudgets: { low: 3000 },
        interleavedThinking: false,
        thinkingDisplay: 'omitted',
      }),
  });

  compareScenario('redacted reasoning', {
    scenario: scenarios.redactedReasoning(),
    // pi-ai 0.73.1 drops the bytes and leaves an empty thinking block; we keep them for replay,
    // and show the placeholder as one thinking_delta, as pi-ai 1.6 does.
    difference: (ours, theirs) => {
      const placeholder = ours.events.findIndex((event) => event.type === 'thinking_delta');
      assert.deepEqual(ours.events[placeholder], { type: 'thinking_delta', contentIndex: 0, delta: '[Reasoning redacted]' });
      ours.events.splice(placeholder, 1);
      const redacted = { type: 'thinking', thinking: '[Reasoning redacted]', thinkingSignature: Buffer.from('fake redacted thinking').toString('base64'), redacted: true };
      assert.deepEqual(ours.message.content[0], redacted);
      assert.deepEqual(theirs.message.content[0], { type: 'thinking', thinking: '', thinkingSignature: '' });
      ours.message.content[0] = theirs.message.content[0];
      for (const event of ours.events) {
        if (event.message) event.message.content[0] = theirs.message.content[0];
        if (event.type === 'thinking_end') event.content = '';
      }
    },
    start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
  });

  compareScenario('Nova: cache points on system and messages', {
    scenario: scenarios.text('Nova.'),
    difference: novaCachePoints,
    start: (fake, signal) => piAi.stream(fakeModel(fake, NOVA_PRO), hello(), { signal }),
  });

  compareScenario('usage with cache reads and writes', {
    scenario: scenarios.text('Cached.', {
      usage: scenarios.usage({ inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 2000, cacheWriteInputTokens: 400 }),
    }),
    start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
  });

  compareScenario('unknown event type', {
    scenario: scenarios.unknownEvent(),
    start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
  });

  // pi-ai 0.73.1 fails these four with "An unknown error occurred"; ours name the cause.
  const explainedFailures = ['guardrail_intervened', 'content_filtered', 'malformed_model_output', 'malformed_tool_use'];
  for (const reason of [...scenarios.STOP_REASONS, scenarios.UNKNOWN_STOP_REASON]) {
    let difference;
    if (explainedFailures.includes(reason)) {
      difference = finalMessageDiffers((message, theirMessage) => {
        assert.equal(theirMessage.errorMessage, 'An unknown error occurred');
        assert.match(message.errorMessage, new RegExp(`\\(stop reason ${reason}\\)$`));
        message.errorMessage = theirMessage.errorMessage;
      });
    } else if (reason === scenarios.UNKNOWN_STOP_REASON) {
      // A stop reason newer than this code fails in both; ours in pi-ai 1.6's words.
      difference = finalMessageDiffers((message, theirMessage) => {
        assert.equal(theirMessage.errorMessage, 'An unknown error occurred');
        assert.equal(message.errorMessage, `Provider stopped with: ${reason}`);
        message.errorMessage = theirMessage.errorMessage;
      });
    }
    compareScenario(`stop reason ${reason}`, {
      scenario: scenarios.stoppedWith(reason),
      start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
      difference,
    });
  }

  for (const name of ['throttling', 'inputTooLong', 'accessDenied', 'resourceNotFound']) {
    compareScenario(`HTTP error ${name}`, {
      scenario: scenarios.HTTP_ERRORS[name],
      start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
    });
  }

  for (const exception of Object.keys(scenarios.STREAM_EXCEPTIONS)) {
    compareScenario(`in-stream ${exception}`, {
      scenario: scenarios.streamException(exception, { afterText: 'Partial' }),
      start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
    });
  }

  compareScenario('abort mid-stream', {
    scenario: scenarios.midStream('Partial answer', { stall: true }),
    start: (fake, signal) => piAi.stream(fakeModel(fake), hello(), { signal }),
    abortOn: 'text_delta',
  });

  compareScenario('abort before the request', {
    scenario: scenarios.text('never read'),
    start: (fake) => piAi.stream(fakeModel(fake), hello(), { signal: AbortSignal.abort() }),
  });

  compareScenario('onPayload throwing', {
    scenario: scenarios.text('never sent'),
    start: (fake, signal) =>
      piAi.stream(fakeModel(fake), hello(), {
        signal,
        onPayload: () => {
          throw new Error('payload rejected');
        },
      }),
  });

  compareScenario('unknown image type', {
    scenario: scenarios.text('never sent'),
    start: (fake, signal) =>
      piAi.stream(fakeModel(fake), context([userMessage([{ ...image, mimeType: 'image/bmp' }])]), { signal }),
  });
});
