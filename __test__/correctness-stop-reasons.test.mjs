// Stop reasons and context overflow: every Bedrock value mapped on purpose with the raw value
// on the message, and every overflow text recognised by pi-ai's own isContextOverflow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { bedrockDetails, context, fakeModel, turn, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { piAi } from './helpers/pi-ai.mjs';

const { events: step } = scenarios;

const fake = useFakeBedrock();

const hello = () => context([userMessage('Hello')]);

describe('stop reasons', () => {
  const expected = {
    end_turn: { stopReason: 'stop' },
    stop_sequence: { stopReason: 'stop' },
    tool_use: { stopReason: 'toolUse' },
    max_tokens: { stopReason: 'length' },
    model_context_window_exceeded: { stopReason: 'length', contextOverflow: true },
    guardrail_intervened: { stopReason: 'error', error: /^Guardrail intervened: .*\(stop reason guardrail_intervened\)$/, retryable: false },
    content_filtered: { stopReason: 'error', error: /^Content filtered: .*\(stop reason content_filtered\)$/, retryable: false },
    malformed_model_output: { stopReason: 'error', error: /^Malformed model output: .*\(stop reason malformed_model_output\)$/, retryable: true },
    malformed_tool_use: { stopReason: 'error', error: /^Malformed tool use: .*\(stop reason malformed_tool_use\)$/, retryable: true },
    // As pi-ai 1.6 says it; nobody can tell whether such a turn is complete.
    [scenarios.UNKNOWN_STOP_REASON]: { stopReason: 'error', error: new RegExp(`^Provider stopped with: ${scenarios.UNKNOWN_STOP_REASON}$`), retryable: false },
  };
  for (const [raw, outcome] of Object.entries(expected)) {
    it(`${raw} → ${outcome.stopReason}, raw value on the diagnostics`, async () => {
      fake.respondWith(scenarios.stoppedWith(raw));
      const { events, message } = await turn(fake, fakeModel(fake), hello());
      assert.equal(message.stopReason, outcome.stopReason);
      const details = bedrockDetails(message);
      assert.equal(details.stopReason, raw);
      assert.equal(details.contextOverflow, outcome.contextOverflow);
      assert.equal(message.content[0].text, `This answer stopped with ${raw}.`);
      if (outcome.error) {
        assert.equal(events.at(-1).type, 'error');
        assert.match(message.errorMessage, outcome.error);
        assert.equal(details.retryable, outcome.retryable);
        assert.equal(piAi.isContextOverflow(message), false);
      } else {
        assert.deepEqual([events.at(-1).type, events.at(-1).reason], ['done', outcome.stopReason]);
      }
    });
  }

  it('end_turn with a tool call is a toolUse stop', async () => {
    fake.respondWith(scenarios.toolUse({ stopReason: 'end_turn' }));
    const { message } = await turn(fake, fakeModel(fake), hello());
    assert.equal(message.stopReason, 'toolUse');
    assert.equal(bedrockDetails(message).stopReason, 'end_turn');
  });

  it('model_context_window_exceeded with no output is an overflow error pi-ai recognises', async () => {
    fake.respondWith({ steps: [step.messageStart(), step.messageStop('model_context_window_exceeded'), step.metadata()] });
    const { message } = await turn(fake, fakeModel(fake), hello());
    assert.equal(message.stopReason, 'error');
    assert.equal(piAi.isContextOverflow(message), true);
    assert.equal(bedrockDetails(message).contextOverflow, true);
  });
});

describe('context overflow texts', () => {
  const texts = [
    'Input is too long for requested model.',
    'input length and `max_tokens` exceed context limit: 190000 + 32000 > 200000',
    'The request has too many total text bytes.',
    'prompt is too long: 213462 tokens > 200000 maximum',
  ];
  for (const text of texts) {
    it(`HTTP 400 "${text}" is an overflow for pi-ai's isContextOverflow`, async () => {
      fake.respondWith(scenarios.httpError(400, 'ValidationException', text));
      const { message } = await turn(fake, fakeModel(fake), hello());
      assert.equal(message.stopReason, 'error');
      assert.match(message.errorMessage, /^Validation error: /);
      assert.ok(message.errorMessage.includes(text));
      assert.equal(piAi.isContextOverflow(message), true, message.errorMessage);
      assert.deepEqual([bedrockDetails(message).contextOverflow, bedrockDetails(message).retryable], [true, false]);
    });

    it(`in-stream validationException "${text}" is an overflow too`, async () => {
      fake.respondWith(scenarios.streamException('validationException', { message: text }));
      const { message } = await turn(fake, fakeModel(fake), hello());
      assert.equal(piAi.isContextOverflow(message), true, message.errorMessage);
    });
  }

  it('other validation errors are no overflow', async () => {
    fake.respondWith(scenarios.HTTP_ERRORS.invalidModelId);
    const { message } = await turn(fake, fakeModel(fake), hello());
    assert.equal(piAi.isContextOverflow(message), false);
    assert.equal(bedrockDetails(message).contextOverflow, undefined);
  });
});
