// Scenario library: each scenario describes one response of the fake Bedrock server.
//
// A scenario is either
//   - a pre-stream HTTP error: { status, errorType, message, headers? },
//   - a failure before any response byte: { beforeHeaders: 'stall' | 'destroy' },
//   - a response that is not an event stream: { response: { status, contentType, body } }, or
//   - a 200 event stream: { steps, frameGapMs? } where each step is one of
//       { event, payload }        an event frame (payload in the real Converse shape)
//       { exception, message }    an exception frame, e.g. 'throttlingException'
//       { delay: ms }             pause before the next step
//       { stall: true }           send nothing more and never close
//       { destroy: true }         drop the TCP connection
//       { raw: Buffer }           write these bytes as they are
//       { corrupt: 'prelude' | 'message' }  break that CRC of the next frame
//       { truncate: true }        send half of the next frame, then drop the connection
// The same scenario also answers the non-streaming /converse call (see toConverseResult).
import { encodeFrame } from './eventstream.mjs';

export const STOP_REASONS = Object.freeze([
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'guardrail_intervened',
  'content_filtered',
  'malformed_model_output',
  'malformed_tool_use',
  'model_context_window_exceeded',
]);

/** A stop reason AWS might add later; clients must pass it through rather than fail. */
export const UNKNOWN_STOP_REASON = 'future_stop_reason';

/** In-stream exception types with the HTTP status and message they carry. */
export const STREAM_EXCEPTIONS = Object.freeze({
  throttlingException: { status: 429, message: 'Too many tokens, please wait before trying again.' },
  internalServerException: {
    status: 500,
    message: 'The system encountered an unexpected error during processing. Try your request again.',
  },
  modelStreamErrorException: {
    status: 424,
    message: 'The model returned an error while streaming the response. Try your request again.',
  },
  validationException: { status: 400, message: 'Input is too long for requested model.' },
  serviceUnavailableException: { status: 503, message: 'Bedrock is unable to process your request.' },
});

/** Builds a pre-stream HTTP error scenario. */
export function httpError(status, errorType, message, headers) {
  return { status, errorType, message, ...(headers && { headers }) };
}

/** Realistic pre-stream errors of ConverseStream / Converse, keyed by a short name. */
export const HTTP_ERRORS = Object.freeze({
  inputTooLong: httpError(400, 'ValidationException', 'Input is too long for requested model.'),
  invalidModelId: httpError(400, 'ValidationException', 'The provided model identifier is invalid.'),
  onDemandNotSupported: httpError(
    400,
    'ValidationException',
    "Invocation of model ID anthropic.claude-3-5-haiku-20241022-v1:0 with on-demand throughput isn't supported. " +
      'Retry your request with the ID or ARN of an inference profile that contains this model.',
  ),
  accessDenied: httpError(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID."),
  resourceNotFound: httpError(
    404,
    'ResourceNotFoundException',
    'Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.',
  ),
  modelTimeout: httpError(408, 'ModelTimeoutException', 'Model has timed out in processing the request. Try your request again.'),
  modelError: httpError(424, 'ModelErrorException', 'The model returned an error. Try your request again.'),
  throttling: httpError(429, 'ThrottlingException', 'Too many requests, please wait before trying again.'),
  modelNotReady: httpError(
    429,
    'ModelNotReadyException',
    'Model is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5 times.',
  ),
  internalServer: httpError(
    500,
    'InternalServerException',
    'The system encountered an unexpected error during processing. Try your request again.',
  ),
  serviceUnavailable: httpError(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.'),
});

/** Single steps in the real Converse event shapes, for composing custom scenarios. */
export const events = Object.freeze({
  messageStart: () => event('messageStart', { role: 'assistant' }),
  toolUseStart: (contentBlockIndex, toolUseId, name) =>
    event('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId, name } } }),
  textDelta: (contentBlockIndex, text) => delta(contentBlockIndex, { text }),
  toolUseDelta: (contentBlockIndex, input) => delta(contentBlockIndex, { toolUse: { input } }),
  reasoningTextDelta: (contentBlockIndex, text) => delta(contentBlockIndex, { reasoningContent: { text } }),
  reasoningSignatureDelta: (contentBlockIndex, signature) => delta(contentBlockIndex, { reasoningContent: { signature } }),
  redactedReasoningDelta: (contentBlockIndex, redactedContent) =>
    delta(contentBlockIndex, { reasoningContent: { redactedContent } }),
  /** A citation of the text block (Bedrock's `CitationsDelta`: title, source, sourceContent, location). */
  citationDelta: (contentBlockIndex, citation) => delta(contentBlockIndex, { citation }),
  contentBlockStop: (contentBlockIndex) => event('contentBlockStop', { contentBlockIndex }),
  messageStop: (stopReason, additionalModelResponseFields) =>
    event('messageStop', { stopReason, ...(additionalModelResponseFields && { additionalModelResponseFields }) }),
  metadata: ({ usage: usageBlock = usage(), latencyMs = 42 } = {}) =>
    event('metadata', { usage: usageBlock, metrics: { latencyMs } }),
});

/**
 * A usage block; totalTokens counts cache reads and writes too, as Bedrock's does
 * (inputTokens excludes them).
 */
export function usage({ inputTokens = 12, outputTokens = 8, cacheReadInputTokens, cacheWriteInputTokens, cacheDetails } = {}) {
  const totalTokens = inputTokens + outputTokens + (cacheReadInputTokens ?? 0) + (cacheWriteInputTokens ?? 0);
  return {
    inputTokens,
    outputTokens,
    totalTokens,
    ...(cacheReadInputTokens !== undefined && { cacheReadInputTokens }),
    ...(cacheWriteInputTokens !== undefined && { cacheWriteInputTokens }),
    ...(cacheDetails && { cacheDetails }),
  };
}

/**
 * A plain text answer.
 * @param {string} answer
 * @param {{ chunks?: number | string[], stopReason?: string, usage?: object, latencyMs?: number,
 *   additionalModelResponseFields?: object }} [options] `chunks`: how many deltas, or the deltas themselves
 */
export function text(answer, { chunks = 3, ...ending } = {}) {
  return message([textBlock(0, answer, chunks)], ending);
}

/**
 * A cited answer (a document sent with citations enabled): one text block per span, each span's
 * text deltas followed by its citation deltas, as Bedrock streams Claude's cited answers.
 * @param {{ text: string, citations?: object[] }[]} spans
 */
export function citedText(spans, ending) {
  const blocks = spans.map(({ text: spanText, citations = [] }, index) => [
    ...splitIntoChunks(spanText, 2).map((piece) => events.textDelta(index, piece)),
    ...citations.map((citation) => events.citationDelta(index, citation)),
    events.contentBlockStop(index),
  ]);
  return message(blocks, ending);
}

/** A tool call, optionally preceded by a text block; `inputFragments` are the partial JSON deltas. */
export function toolUse({ id = 'tooluse_fake0001', name = 'get_weather', inputFragments = ['{"city":', '"Paris"}'], text: preamble, ...ending } = {}) {
  const blocks = preamble === undefined ? [] : [textBlock(0, preamble)];
  blocks.push(toolBlock(blocks.length, { id, name, inputFragments }));
  return message(blocks, { stopReason: 'tool_use', ...ending });
}

/** A tool call without arguments: no input delta at all, or (emptyInputDelta) one empty one. */
export function noArgTool({ id = 'tooluse_fake0002', name = 'get_time', emptyInputDelta = false, ...ending } = {}) {
  const inputFragments = emptyInputDelta ? [''] : [];
  return message([toolBlock(0, { id, name, inputFragments })], { stopReason: 'tool_use', ...ending });
}

/** Signed extended thinking followed by a text answer. */
export function reasoning({ text: thought = 'Let me think about this step by step.', signature = 'ErUBCkgIAxABGAIiQFakeSignature==', thenText = 'Here is my answer.', ...ending } = {}) {
  const thinking = [
    ...splitIntoChunks(thought, 3).map((chunk) => events.reasoningTextDelta(0, chunk)),
    events.reasoningSignatureDelta(0, signature),
    events.contentBlockStop(0),
  ];
  return message([thinking, textBlock(1, thenText)], ending);
}

/** Redacted (encrypted) thinking, whose bytes travel base64-encoded, followed by a text answer. */
export function redactedReasoning({ bytesBase64 = Buffer.from('fake redacted thinking').toString('base64'), thenText = 'Here is my answer.', ...ending } = {}) {
  const redacted = [events.redactedReasoningDelta(0, bytesBase64), events.contentBlockStop(0)];
  return message([redacted, textBlock(1, thenText)], ending);
}

/** A short text answer ending with the given (possibly unknown) stop reason. */
export function stoppedWith(stopReason, options) {
  return text(`This answer stopped with ${stopReason}.`, { stopReason, ...options });
}

/**
 * An exception frame after HTTP 200: right away, or after `afterText` was streamed.
 * @param {keyof typeof STREAM_EXCEPTIONS} exceptionType
 */
export function streamException(exceptionType, { message: exceptionMessage, afterText } = {}) {
  const before = afterText === undefined ? [] : [events.messageStart(), events.textDelta(0, afterText)];
  const messageText = exceptionMessage ?? STREAM_EXCEPTIONS[exceptionType]?.message ?? 'Unexpected error.';
  return { steps: [...before, { exception: exceptionType, message: messageText }] };
}

/** An event type the SDK does not know, followed by a normal text answer. */
export function unknownEvent({ eventType = 'futureEventType', payload = { future: true }, thenText = 'Still here.' } = {}) {
  return {
    steps: [events.messageStart(), event(eventType, payload), ...textBlock(0, thenText), ...messageEnd()],
  };
}

/** `count` text deltas sent without any gap, for benchmarks. */
export function flood(count, { delta: deltaText = 'token ' } = {}) {
  const deltas = Array.from({ length: count }, () => events.textDelta(0, deltaText));
  return {
    frameGapMs: 0,
    steps: [events.messageStart(), ...deltas, events.contentBlockStop(0), ...messageEnd({ usage: usage({ outputTokens: count }) })],
  };
}

/** No response at all: the server holds the request ('stall') or resets the connection ('destroy'). */
export function beforeHeaders(action) {
  return { beforeHeaders: action };
}

/** A response that is no event stream, e.g. a proxy's HTML page with status 200. */
export function plainResponse(body, { status = 200, contentType = 'text/html' } = {}) {
  return { response: { status, contentType, body } };
}

/** A complete text answer after which the server keeps the connection open without ending the body. */
export function neverCloses(answer) {
  return { steps: [...text(answer).steps, { stall: true }] };
}

/** A text answer whose single delta frame carries `bytes` characters. */
export function hugeDelta(bytes) {
  return text('x'.repeat(bytes), { chunks: 1 });
}

/**
 * A well-framed event (valid CRCs) whose JSON payload is given as raw bytes: malformed JSON,
 * invalid UTF-8, ...
 */
export function rawPayloadEvent(eventType, payloadBytes) {
  const headers = { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' };
  return { raw: encodeFrame(headers, Buffer.from(payloadBytes)) };
}

/** Starts a text answer with `partialText`, then runs the given control steps (stall, destroy, ...). */
export function midStream(partialText, ...controlSteps) {
  return { steps: [events.messageStart(), events.textDelta(0, partialText), ...controlSteps] };
}

/** The default answer: a friendly text that echoes the last user text of the request. */
export function echoLastUserText(request) {
  const said = lastUserText(request?.body);
  const answer = said
    ? `Hello from the fake Bedrock server! You said: "${said}"`
    : 'Hello from the fake Bedrock server!';
  return text(answer, { chunks: answer.split(/(?<=\s)/) });
}

/**
 * What the non-streaming /converse call answers for a scenario:
 * `{ httpError }` (an HTTP error scenario, also for in-stream exceptions),
 * `{ connectionAction: 'stall' | 'destroy' }`, `{ response }` (a non-JSON answer), or `{ body, delayMs }`
 * with the Converse JSON response.
 */
export function toConverseResult(scenario) {
  if (scenario.beforeHeaders) return { connectionAction: scenario.beforeHeaders };
  if (scenario.response) return { response: scenario.response };
  if (!scenario.steps) return { httpError: scenario };
  const accumulator = new ConverseAccumulator();
  let delayMs = 0;
  for (const step of scenario.steps) {
    if (step.exception) return { httpError: exceptionAsHttpError(step) };
    if (step.stall) return { connectionAction: 'stall' };
    if (step.destroy || step.truncate) return { connectionAction: 'destroy' };
    if (step.delay) delayMs += step.delay;
    if (step.event) accumulator.add(step.event, step.payload);
  }
  return { body: accumulator.response(), delayMs };
}

/** True when the scenario is a pre-stream HTTP error rather than a 200 stream. */
export function isHttpError(scenario) {
  return !scenario.steps;
}

function event(eventType, payload) {
  return { event: eventType, payload };
}

function delta(contentBlockIndex, deltaBody) {
  return event('contentBlockDelta', { contentBlockIndex, delta: deltaBody });
}

function message(blocks, ending) {
  return { steps: [events.messageStart(), ...blocks.flat(), ...messageEnd(ending)] };
}

function messageEnd({ stopReason = 'end_turn', additionalModelResponseFields, usage: usageBlock, latencyMs } = {}) {
  return [events.messageStop(stopReason, additionalModelResponseFields), events.metadata({ usage: usageBlock, latencyMs })];
}

// Text blocks have no contentBlockStart in real streams: the first delta opens them.
function textBlock(index, answer, chunks = 3) {
  const pieces = Array.isArray(chunks) ? chunks : splitIntoChunks(answer, chunks);
  return [...pieces.map((piece) => events.textDelta(index, piece)), events.contentBlockStop(index)];
}

function toolBlock(index, { id, name, inputFragments }) {
  return [
    events.toolUseStart(index, id, name),
    ...inputFragments.map((fragment) => events.toolUseDelta(index, fragment)),
    events.contentBlockStop(index),
  ];
}

// Splits on code points so no delta carries half a surrogate pair.
function splitIntoChunks(value, count) {
  const codePoints = Array.from(value);
  const size = Math.max(1, Math.ceil(codePoints.length / count));
  const chunks = [];
  for (let start = 0; start < codePoints.length; start += size) chunks.push(codePoints.slice(start, start + size).join(''));
  return chunks;
}

function lastUserText(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const lastUser = messages.findLast((entry) => entry?.role === 'user');
  return (lastUser?.content ?? [])
    .map((block) => block.text)
    .filter((blockText) => typeof blockText === 'string')
    .join(' ')
    .trim();
}

function exceptionAsHttpError({ exception, message: exceptionMessage }) {
  const status = STREAM_EXCEPTIONS[exception]?.status ?? 500;
  return httpError(status, exception[0].toUpperCase() + exception.slice(1), exceptionMessage);
}

// Folds stream events into the non-streaming Converse response shape.
class ConverseAccumulator {
  #content = [];
  #toolInputs = new Map();
  #stop = { stopReason: 'end_turn' };
  #metadata = { usage: usage(), metrics: { latencyMs: 42 } };

  add(eventType, payload) {
    if (eventType === 'contentBlockStart' && payload.start?.toolUse) this.#startToolUse(payload);
    if (eventType === 'contentBlockDelta') this.#addDelta(payload.contentBlockIndex, payload.delta);
    if (eventType === 'messageStop') this.#stop = payload;
    if (eventType === 'metadata') this.#metadata = payload;
  }

  response() {
    for (const [index, inputJson] of this.#toolInputs) this.#content[index].toolUse.input = JSON.parse(inputJson || '{}');
    return {
      output: { message: { role: 'assistant', content: this.#content.filter(Boolean) } },
      stopReason: this.#stop.stopReason,
      ...(this.#stop.additionalModelResponseFields && { additionalModelResponseFields: this.#stop.additionalModelResponseFields }),
      usage: this.#metadata.usage,
      metrics: this.#metadata.metrics,
    };
  }

  #startToolUse({ contentBlockIndex, start }) {
    this.#content[contentBlockIndex] = { toolUse: { ...start.toolUse, input: {} } };
    this.#toolInputs.set(contentBlockIndex, '');
  }

  #addDelta(index, deltaBody) {
    if (deltaBody.text !== undefined) {
      this.#content[index] ??= { text: '' };
      this.#content[index].text += deltaBody.text;
    }
    if (deltaBody.toolUse) this.#toolInputs.set(index, this.#toolInputs.get(index) + (deltaBody.toolUse.input ?? ''));
    if (deltaBody.reasoningContent) this.#addReasoning(index, deltaBody.reasoningContent);
  }

  #addReasoning(index, { text: thought, signature, redactedContent }) {
    if (redactedContent !== undefined) {
      this.#content[index] = { reasoningContent: { redactedContent } };
      return;
    }
    this.#content[index] ??= { reasoningContent: { reasoningText: { text: '' } } };
    const reasoningText = this.#content[index].reasoningContent.reasoningText;
    if (thought !== undefined) reasoningText.text += thought;
    if (signature !== undefined) reasoningText.signature = signature;
  }
}
