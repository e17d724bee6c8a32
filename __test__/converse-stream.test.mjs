// The native converseStream() against the fake Bedrock: decoded events per scenario, auth,
// typed errors, retries, watchdogs, abort, connection reuse and bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { BedrockError, converseStream } from '../dist/index.js';
import {
  HTTP_ERRORS,
  STOP_REASONS,
  httpError,
  plainResponse,
  TEST_ACCESS_KEY_ID,
  TEST_BEARER_TOKEN,
  TEST_SECRET_ACCESS_KEY,
  UNKNOWN_STOP_REASON,
  midStream,
  noArgTool,
  reasoning,
  redactedReasoning,
  startFakeBedrock,
  stoppedWith,
  streamException,
  text,
  toolUse,
  unknownEvent,
  usage,
  events,
} from '../fake-bedrock/index.mjs';
import { setEnvForTest } from './helpers/aws-env.mjs';
import { startCountingProxy } from './helpers/proxy.mjs';
import { useIsolatedFake } from './helpers/robustness.mjs';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const hello = { modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Hello' }] }] };

const fake = useIsolatedFake();
let options;
beforeEach(() => {
  options = { endpoint: fake.url, region: 'us-east-1', retryBaseDelayMs: 5 };
});

async function collect(request = hello, opts = options) {
  const events = [];
  try {
    for await (const event of converseStream(request, opts)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Runs `fn` against a server of its own, so its connection count is not mixed with pooled ones. */
async function withOwnServer(fn) {
  const own = await startFakeBedrock();
  try {
    return await fn(own, { ...options, endpoint: own.url });
  } finally {
    await own.close();
  }
}

function withoutResponse(events) {
  return events.filter((e) => e.type !== 'response');
}

function textOf(events) {
  return events
    .filter((e) => e.type === 'contentBlockDelta' && e.delta.text !== undefined)
    .map((e) => e.delta.text)
    .join('');
}

describe('decoded events', () => {
  test('a text answer arrives in order, in the API shape', async () => {
    fake.respondWith(text('Hello there', { chunks: ['Hello', ' there'], usage: usage({ inputTokens: 3, outputTokens: 2 }), latencyMs: 17 }));
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.equal(events[0].type, 'response');
    assert.equal(events[0].httpStatus, 200);
    assert.match(events[0].requestId, /[0-9a-f-]{36}/);
    assert.deepEqual(withoutResponse(events), [
      { type: 'messageStart', role: 'assistant' },
      { type: 'contentBlockDelta', contentBlockIndex: 0, delta: { text: 'Hello' } },
      { type: 'contentBlockDelta', contentBlockIndex: 0, delta: { text: ' there' } },
      { type: 'contentBlockStop', contentBlockIndex: 0 },
      { type: 'messageStop', stopReason: 'end_turn' },
      { type: 'metadata', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, metrics: { latencyMs: 17 } },
    ]);
  });

  test('a tool call streams its partial JSON fragments', async () => {
    fake.respondWith(toolUse({ id: 't-1', name: 'calc', inputFragments: ['{"a":', '1}'], text: 'Let me compute.' }));
    const { events } = await collect();
    const start = events.find((e) => e.type === 'contentBlockStart');
    assert.deepEqual(start, { type: 'contentBlockStart', contentBlockIndex: 1, start: { toolUse: { toolUseId: 't-1', name: 'calc' } } });
    const fragments = events.filter((e) => e.delta?.toolUse).map((e) => e.delta.toolUse.input);
    assert.deepEqual(fragments, ['{"a":', '1}']);
    assert.equal(events.find((e) => e.type === 'messageStop').stopReason, 'tool_use');
  });

  test('a tool call without arguments has no input fragments', async () => {
    fake.respondWith(noArgTool({ id: 't-2', name: 'now' }));
    const { events } = await collect();
    assert.equal(events.filter((e) => e.delta?.toolUse).length, 0);
    assert.equal(events.find((e) => e.type === 'contentBlockStart').start.toolUse.name, 'now');
  });

  test('reasoning text and signature are separate deltas', async () => {
    fake.respondWith(reasoning({ text: 'Think.', signature: 'sig==', thenText: 'Answer.' }));
    const { events } = await collect();
    const reasoningDeltas = events.filter((e) => e.delta?.reasoningContent).map((e) => e.delta.reasoningContent);
    assert.equal(reasoningDeltas.map((d) => d.text ?? '').join(''), 'Think.');
    assert.deepEqual(reasoningDeltas.at(-1), { signature: 'sig==' });
    assert.equal(textOf(events), 'Answer.');
  });

  test('redacted reasoning keeps its exact bytes as base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]).toString('base64');
    fake.respondWith(redactedReasoning({ bytesBase64: bytes }));
    const { events } = await collect();
    const redacted = events.find((e) => e.delta?.reasoningContent?.redactedContent);
    assert.equal(redacted.delta.reasoningContent.redactedContent, bytes);
  });

  test('every stop reason, known or not, is passed on raw', async () => {
    for (const reason of [...STOP_REASONS, UNKNOWN_STOP_REASON]) {
      fake.respondWith(stoppedWith(reason));
      const { events, error } = await collect();
      assert.equal(error, undefined, reason);
      assert.equal(events.find((e) => e.type === 'messageStop').stopReason, reason);
    }
  });

  test('usage carries cache reads, writes and the per-TTL split', async () => {
    const cacheDetails = [{ inputTokens: 100, ttl: '1h' }];
    fake.respondWith(text('ok', { usage: usage({ inputTokens: 5, outputTokens: 1, cacheReadInputTokens: 40, cacheWriteInputTokens: 100, cacheDetails }) }));
    const { events } = await collect();
    const meta = events.find((e) => e.type === 'metadata');
    assert.deepEqual(meta.usage, { inputTokens: 5, outputTokens: 1, totalTokens: 146, cacheReadInputTokens: 40, cacheWriteInputTokens: 100, cacheDetails });
  });

  test('an event type the SDK does not know is passed on as unknown and the stream goes on', async () => {
    fake.respondWith(unknownEvent({ thenText: 'Still here.' }));
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.ok(events.some((e) => e.type === 'unknown'));
    assert.equal(textOf(events), 'Still here.');
  });
});

describe('authentication', () => {
  test('SigV4 with the default chain (env keys) is accepted', async () => {
    fake.respondWith(text('signed'));
    const { error } = await collect();
    assert.equal(error, undefined);
    assert.deepEqual(fake.requests[0].auth.kind, 'sigv4');
    assert.equal(fake.requests[0].auth.accessKeyId, TEST_ACCESS_KEY_ID);
    assert.equal(fake.requests[0].modelId, MODEL);
  });

  test('a bearer token option is sent as Authorization: Bearer', async () => {
    const { error } = await collect(hello, { ...options, bearerToken: TEST_BEARER_TOKEN });
    assert.equal(error, undefined);
    assert.equal(fake.requests[0].auth.kind, 'bearer');
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${TEST_BEARER_TOKEN}`);
  });

  test('AWS_BEARER_TOKEN_BEDROCK is used, and a placeholder never is', async (t) => {
    setEnvForTest(t, { AWS_BEARER_TOKEN_BEDROCK: TEST_BEARER_TOKEN });
    await collect();
    assert.equal(fake.requests.at(-1).auth.kind, 'bearer');
    for (const placeholder of ['<authenticated>', '__aws_sdk_auth__']) {
      process.env.AWS_BEARER_TOKEN_BEDROCK = placeholder;
      const { error } = await collect(hello, { ...options, bearerToken: placeholder });
      assert.equal(error, undefined, placeholder);
      assert.equal(fake.requests.at(-1).auth.kind, 'sigv4', placeholder);
    }
  });

  test('a wrong secret key is rejected with a typed 403 error', async (t) => {
    setEnvForTest(t, { AWS_SECRET_ACCESS_KEY: 'not-the-right-secret' });
    const { error, events } = await collect();
    assert.ok(error instanceof BedrockError, String(error));
    assert.equal(error.code, 'InvalidSignatureException');
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.httpStatus, 403);
    assert.equal(error.requestId, fake.requests[0].requestId);
    assert.equal(error.retryable, false);
    assert.equal(error.phase, 'request');
    assert.equal(events.length, 0);
    assert.doesNotMatch(error.message, /not-the-right-secret/);
  });

  test('a wrong bearer token is rejected with a typed 403 error', async () => {
    const { error } = await collect(hello, { ...options, bearerToken: 'wrong-token' });
    assert.equal(error.httpStatus, 403);
    assert.equal(error.code, 'AccessDeniedException');
    assert.doesNotMatch(error.message, /wrong-token/);
  });
});

describe('configuration', () => {
  test('a named profile from the shared files supplies credentials and region', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-profile-'));
    writeFileSync(join(dir, 'config'), '[profile work]\nregion = eu-west-3\n');
    writeFileSync(join(dir, 'credentials'), `[work]\naws_access_key_id = ${TEST_ACCESS_KEY_ID}\naws_secret_access_key = ${TEST_SECRET_ACCESS_KEY}\n`);
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    setEnvForTest(t, {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_REGION: undefined,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    });
    const { error } = await collect(hello, { endpoint: fake.url, profile: 'work' });
    assert.equal(error, undefined);
    assert.equal(fake.requests[0].auth.accessKeyId, TEST_ACCESS_KEY_ID);
    assert.match(fake.requests[0].headers.authorization, /\/eu-west-3\/bedrock\/aws4_request/);
  });

  test('AWS_BEDROCK_SKIP_AUTH=1 signs with dummy credentials, for unauthenticated proxies', async (t) => {
    setEnvForTest(t, { AWS_BEDROCK_SKIP_AUTH: '1' });
    const open = await startFakeBedrock({ skipAuthCheck: true });
    try {
      const { error } = await collect(hello, { ...options, endpoint: open.url, bearerToken: TEST_BEARER_TOKEN });
      assert.equal(error, undefined);
      assert.match(open.requests[0].headers.authorization, /^AWS4-HMAC-SHA256 Credential=skip-auth\//);
    } finally {
      await open.close();
    }
  });

  test('HTTP_PROXY routes requests through the proxy', async (t) => {
    const proxy = await startCountingProxy();
    t.after(() => proxy.close());
    setEnvForTest(t, { HTTP_PROXY: proxy.url });
    const { error } = await collect();
    assert.equal(error, undefined);
    assert.equal(proxy.forwarded, 1);
    assert.equal(fake.requests.length, 1);
  });

  test('NO_PROXY exempts a host from the proxy', async (t) => {
    const proxy = await startCountingProxy();
    t.after(() => proxy.close());
    setEnvForTest(t, { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const { error } = await collect();
    assert.equal(error, undefined);
    assert.equal(proxy.forwarded, 0);
    assert.equal(fake.requests.length, 1);
  });
});

describe('typed errors', () => {
  const cases = [
    ['throttling', HTTP_ERRORS.throttling, 'ThrottlingException', 429, true],
    ['input too long', HTTP_ERRORS.inputTooLong, 'ValidationException', 400, false],
    ['access denied', HTTP_ERRORS.accessDenied, 'AccessDeniedException', 403, false],
    ['not found', HTTP_ERRORS.resourceNotFound, 'ResourceNotFoundException', 404, false],
    ['internal', HTTP_ERRORS.internalServer, 'InternalServerException', 500, true],
    ['unavailable', HTTP_ERRORS.serviceUnavailable, 'ServiceUnavailableException', 503, true],
  ];
  for (const [name, scenario, code, status, retryable] of cases) {
    test(`HTTP ${status} before the stream (${name})`, async () => {
      fake.respondWith(scenario);
      const { error } = await collect(hello, { ...options, maxAttempts: 1 });
      assert.ok(error instanceof BedrockError);
      assert.deepEqual(
        { code: error.code, httpStatus: error.httpStatus, retryable: error.retryable, phase: error.phase },
        { code, httpStatus: status, retryable, phase: 'request' },
      );
      assert.equal(error.requestId, fake.requests[0].requestId);
      assert.equal(error.message, scenario.message);
    });
  }

  test('an in-stream exception after content keeps the content and throws a typed error', async () => {
    fake.respondWith(streamException('throttlingException', { afterText: 'partial ' }));
    const { events, error } = await collect();
    assert.equal(textOf(events), 'partial ');
    assert.equal(error.code, 'ThrottlingException');
    assert.equal(error.httpStatus, 429);
    assert.equal(error.retryable, true);
    assert.equal(error.phase, 'stream');
    assert.equal(error.requestId, fake.requests[0].requestId);
    assert.equal(fake.requests.length, 1, 'no silent retry after content');
  });

  test('each in-stream exception type keeps its name', async () => {
    const expected = {
      internalServerException: 'InternalServerException',
      modelStreamErrorException: 'ModelStreamErrorException',
      validationException: 'ValidationException',
      serviceUnavailableException: 'ServiceUnavailableException',
    };
    for (const [frame, code] of Object.entries(expected)) {
      fake.respondWith(streamException(frame, { afterText: 'x' }));
      const { error } = await collect();
      assert.equal(error?.code, code, frame);
    }
  });

  test('a dropped connection mid-stream is a typed, retryable error', async () => {
    fake.respondWith(midStream('Hel', { destroy: true }));
    const { events, error } = await collect();
    assert.equal(textOf(events), 'Hel');
    assert.ok(error instanceof BedrockError);
    assert.equal(error.phase, 'stream');
  });

  test('a 200 that is no event stream is a typed error and is not retried', async () => {
    fake.respondWith(plainResponse('<html><body>Proxy login</body></html>'));
    const { error } = await collect();
    assert.equal(error.code, 'ResponseError');
    assert.equal(error.retryable, false);
    assert.equal(fake.requests.length, 1);
  });

  test('a corrupt CRC is a typed error, not a crash', async () => {
    fake.respondWith(midStream('Hel', { corrupt: 'message' }, { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } }));
    const { error } = await collect();
    assert.ok(error instanceof BedrockError);
    assert.equal(error.code, 'ResponseError');
  });
});

describe('retries and watchdogs', () => {
  test('a 429 then success is one clean stream; the server saw two requests', async () => {
    fake.enqueue(HTTP_ERRORS.throttling);
    fake.respondWith(text('after retry'));
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.equal(fake.requests.length, 2);
    assert.equal(events.filter((e) => e.type === 'messageStart').length, 1);
    assert.equal(events[0].attempts, 2);
    assert.equal(textOf(events), 'after retry');
  });

  test("the service's Retry-After is honoured before retrying", async () => {
    fake.enqueue(httpError(429, 'ThrottlingException', 'Too many requests, please wait.', { 'retry-after': '1' }));
    fake.respondWith(text('waited'));
    const started = Date.now();
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.equal(textOf(events), 'waited');
    // A lower bound only: a slow machine cannot make it fail.
    assert.ok(Date.now() - started >= 950, 'waited for the hinted second');
  });

  test('an in-stream throttle before any content is retried invisibly', async () => {
    fake.enqueue(streamException('throttlingException'));
    fake.respondWith(text('second try'));
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.equal(fake.requests.length, 2);
    assert.equal(events.filter((e) => e.type === 'messageStart').length, 1);
    assert.equal(textOf(events), 'second try');
  });

  test('a streaming-tools rejection is served by one non-streaming Converse call', async () => {
    fake.enqueue(httpError(400, 'ValidationException', "This model doesn't support tool use in streaming mode."));
    fake.respondWith(toolUse({ id: 't-9', name: 'calc', inputFragments: ['{"a":', '1}'], text: 'Computing.' }));
    const { events, error } = await collect();
    assert.equal(error, undefined);
    assert.deepEqual(fake.requests.map((r) => r.operation), ['converseStream', 'converse']);
    assert.equal(textOf(events), 'Computing.');
    const start = events.find((e) => e.type === 'contentBlockStart');
    assert.deepEqual(start.start, { toolUse: { toolUseId: 't-9', name: 'calc' } });
    const input = events.filter((e) => e.delta?.toolUse).map((e) => e.delta.toolUse.input).join('');
    assert.deepEqual(JSON.parse(input), { a: 1 });
    assert.equal(events.find((e) => e.type === 'messageStop').stopReason, 'tool_use');
    assert.ok(events.find((e) => e.type === 'metadata').usage);
  });

  test('the message start is passed on at once, not held until content', async () => {
    fake.respondWith({ steps: [events.messageStart(), { stall: true }] });
    const controller = new AbortController();
    const seen = [];
    try {
      for await (const event of converseStream(hello, { ...options, signal: controller.signal })) {
        seen.push(event.type);
        if (event.type === 'messageStart') controller.abort();
      }
    } catch (error) {
      assert.equal(error.code, 'AbortError');
    }
    assert.deepEqual(seen, ['response', 'messageStart']);
  });

  test('a retry after the message start shows one start and announces itself', async () => {
    fake.enqueue({ steps: [events.messageStart(), { exception: 'throttlingException', message: 'slow down' }] });
    fake.respondWith(text('second try'));
    const { events: seen, error } = await collect();
    assert.equal(error, undefined);
    assert.deepEqual(seen.slice(0, 3).map((e) => e.type), ['response', 'messageStart', 'retry']);
    assert.equal(seen.filter((e) => e.type === 'messageStart').length, 1);
    assert.equal(seen[2].attempts, 2);
    assert.equal(seen[2].requestId, fake.requests[1].requestId);
    assert.equal(textOf(seen), 'second try');
  });

  test('attempts are bounded', async () => {
    fake.respondWith(HTTP_ERRORS.throttling);
    const { error } = await collect(hello, { ...options, maxAttempts: 3 });
    assert.equal(error.code, 'ThrottlingException');
    assert.equal(fake.requests.length, 3);
  });

  test('a stall mid-stream ends with a retryable idle-timeout error and closes the connection', async () => {
    await withOwnServer(async (own, ownOptions) => {
      own.respondWith(midStream('Hel', { stall: true }));
      const { events, error } = await collect(hello, { ...ownOptions, idleTimeoutMs: 300 });
      assert.equal(textOf(events), 'Hel');
      assert.equal(error.code, 'TimeoutError');
      assert.equal(error.retryable, true);
      await own.waitForConnectionsClosed(2000);
    });
  });

  test('a server that never answers hits the first-event timeout', async () => {
    fake.respondWith({ steps: [{ stall: true }] });
    const { error } = await collect(hello, { ...options, firstEventTimeoutMs: 300, maxAttempts: 1 });
    assert.equal(error.code, 'TimeoutError');
  });
});

describe('cancellation and connections', () => {
  test('abort mid-stream ends the iterator promptly and closes the connection', async () => {
    await withOwnServer(async (own, ownOptions) => {
      own.respondWith(midStream('Hel', { stall: true }));
      const controller = new AbortController();
      const started = Date.now();
      const seen = [];
      let thrown;
      try {
        for await (const event of converseStream(hello, { ...ownOptions, signal: controller.signal })) {
          seen.push(event);
          if (event.delta?.text) controller.abort();
        }
      } catch (error) {
        thrown = error;
      }
      assert.ok(Date.now() - started < 2000, 'ended within 2 s');
      assert.equal(thrown?.code, 'AbortError');
      assert.equal(textOf(seen), 'Hel');
      await own.waitForConnectionsClosed(2000);
    });
  });

  test('breaking out of for await closes the connection', async () => {
    await withOwnServer(async (own, ownOptions) => {
      own.respondWith(midStream('Hel', { stall: true }));
      for await (const event of converseStream(hello, ownOptions)) {
        if (event.delta?.text) break;
      }
      await own.waitForConnectionsClosed(2000);
    });
  });

  test('an already-aborted signal sends nothing', async () => {
    const { error } = await collect(hello, { ...options, signal: AbortSignal.abort() });
    assert.equal(error.code, 'AbortError');
    assert.equal(fake.requests.length, 0);
  });

  test('a second request on the same client reuses the connection', async () => {
    await withOwnServer(async (own, ownOptions) => {
      await collect(hello, ownOptions);
      await collect(hello, ownOptions);
      assert.equal(own.requests.length, 2);
      assert.equal(own.connections.opened, 1);
    });
  });
});

describe('bad input never reaches the server', () => {
  const cases = [
    ['an unknown content block', { modelId: MODEL, messages: [{ role: 'user', content: [{ hologram: {} }] }] }, /hologram/],
    ['invalid image bytes', { modelId: MODEL, messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: '%%%not base64' } } }] }] }, /bytes/],
    ['a missing modelId', { messages: [] }, /modelId/],
    ['an unknown top-level field', { ...hello, temperature: 1 }, /temperature/],
  ];
  for (const [name, request, pattern] of cases) {
    test(name, async () => {
      const { error } = await collect(request);
      assert.ok(error instanceof BedrockError);
      assert.equal(error.code, 'InvalidRequest');
      assert.equal(error.phase, 'client');
      assert.match(error.message, pattern);
      assert.equal(fake.requests.length, 0);
    });
  }

  test('a non-object request', async () => {
    for (const request of [[1, 2], 'text', 42, null]) {
      const { error } = await collect(request);
      assert.equal(error?.code, 'InvalidRequest', JSON.stringify(request));
    }
    assert.equal(fake.requests.length, 0);
  });

  test('a circular request', async () => {
    const circular = { ...hello };
    circular.self = circular;
    const { error } = await collect(circular);
    assert.equal(error.code, 'InvalidRequest');
    assert.match(error.message, /serialis/);
  });

  test('Uint8Array image bytes are sent as the same bytes', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const request = { modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'see' }, { image: { format: 'png', source: { bytes: new Uint8Array(png) } } }] }] };
    const { error } = await collect(request);
    assert.equal(error, undefined);
    assert.equal(fake.requests[0].body.messages[0].content[1].image.source.bytes, png.toString('base64'));
  });
});
