// Stop-reason mapping (response/stop-reasons.ts): each of Bedrock's stop reasons, no stop
// reason, and an unknown one, with and without tool calls and content. No addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretStopReason } from '../../dist/response/stop-reasons.js';

const TEXT = { hasToolCalls: false, hasContent: true };
const TOOLS = { hasToolCalls: true, hasContent: true };
const EMPTY = { hasToolCalls: false, hasContent: false };

describe('Bedrock stop reasons as pi stop reasons', () => {
  it('finished turns: end_turn, stop_sequence and none', () => {
    for (const raw of ['end_turn', 'stop_sequence', undefined]) {
      assert.deepEqual(interpretStopReason(raw, TEXT), { stopReason: 'stop' }, String(raw));
      assert.deepEqual(interpretStopReason(raw, TOOLS), { stopReason: 'toolUse' }, `${raw} with tool calls: the calls must run`);
    }
  });

  it('a reason newer than this code fails the turn in pi-ai 1.6\'s words, with or without tool calls', () => {
    for (const turn of [TEXT, TOOLS, EMPTY]) {
      assert.deepEqual(interpretStopReason('some_future_reason', turn), {
        stopReason: 'error',
        errorMessage: 'Provider stopped with: some_future_reason',
        retryable: false,
      });
    }
  });

  it('tool_use and max_tokens', () => {
    assert.deepEqual(interpretStopReason('tool_use', TOOLS), { stopReason: 'toolUse' });
    assert.deepEqual(interpretStopReason('max_tokens', TEXT), { stopReason: 'length' });
  });

  it('model_context_window_exceeded: a truncated answer with output, an overflow error without', () => {
    assert.deepEqual(interpretStopReason('model_context_window_exceeded', TEXT), { stopReason: 'length', contextOverflow: true });
    const overflow = interpretStopReason('model_context_window_exceeded', EMPTY);
    assert.equal(overflow.stopReason, 'error');
    assert.equal(overflow.contextOverflow, true);
    assert.equal(overflow.retryable, false);
    assert.match(overflow.errorMessage, /^Context window exceeded: .*\(stop reason model_context_window_exceeded\)$/);
  });

  it('blocked responses are non-retryable errors that say so', () => {
    for (const [raw, wording] of [['guardrail_intervened', /^Guardrail intervened/], ['content_filtered', /^Content filtered/]]) {
      const outcome = interpretStopReason(raw, TEXT);
      assert.deepEqual([outcome.stopReason, outcome.retryable, outcome.contextOverflow], ['error', false, undefined], raw);
      assert.match(outcome.errorMessage, wording);
      assert.ok(outcome.errorMessage.endsWith(`(stop reason ${raw})`));
    }
  });

  it('malformed output and tool use are retryable errors', () => {
    for (const raw of ['malformed_model_output', 'malformed_tool_use']) {
      const outcome = interpretStopReason(raw, TOOLS);
      assert.deepEqual([outcome.stopReason, outcome.retryable], ['error', true], raw);
      assert.match(outcome.errorMessage, /retrying may succeed/);
    }
  });
});
