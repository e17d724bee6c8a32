// Tests of the fake Bedrock server itself: framing, SigV4 verification against the real AWS JS
// signer, scenarios over the wire, queueing, connection accounting, control plane, IMDS/ECS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  HTTP_ERRORS,
  IMDS_KEY_PAIR,
  STOP_REASONS,
  TEST_BEARER_TOKEN,
  TEST_KEY_PAIR,
  UNKNOWN_STOP_REASON,
  decodeFrames,
  encodeEvent,
  encodeException,
  encodeFrame,
  events,
  flood,
  midStream,
  noArgTool,
  reasoning,
  redactedReasoning,
  startFakeBedrock,
  startFakeEcs,
  startFakeImds,
  stoppedWith,
  streamException,
  text,
  toolUse,
  unknownEvent,
  usage,
} from '../fake-bedrock/index.mjs';

const COLON_MODEL_ID = 'anthropic.claude-3:0';
const ARN_MODEL_ID = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
const REQUEST_TIMEOUT_MS = 5000;

// The hash constructor @smithy/signature-v4 expects (what @aws-crypto/sha256-js provides in the SDK).
class NodeSha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** Signs like the AWS SDK: path with the model id percent-encoded once, JSON body. */
async function signRequest(fake, { method = 'POST', path, query = {}, body, keyPair = TEST_KEY_PAIR, applyChecksum = true }) {
  const signer = new SignatureV4({ credentials: keyPair, region: 'us-east-1', service: 'bedrock', sha256: NodeSha256, applyChecksum });
  const headers = { host: `127.0.0.1:${fake.port}`, ...(body !== undefined && { 'content-type': 'application/json' }) };
  const signed = await signer.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port: fake.port, path, query, headers, body });
  const queryString = new URLSearchParams(query).toString();
  return { method, path: queryString ? `${path}?${queryString}` : path, headers: signed.headers, body };
}

function converseStreamPath(modelId) {
  return `/model/${encodeURIComponent(modelId)}/converse-stream`;
}

/** One HTTP request on a fresh connection; resolves with whatever arrived, even if the connection broke. */
function send(baseUrl, { method = 'POST', path, headers = {}, body, signal }) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, { method, headers, agent: false, signal, timeout: REQUEST_TIMEOUT_MS });
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks = [];
      const finish = (error) => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks), error });
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => finish());
      response.on('error', finish);
      response.on('aborted', () => finish(new Error('aborted')));
    });
    request.end(body);
  });
}

function bearerHeaders(token = TEST_BEARER_TOKEN) {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

function postStream(fake, modelId = 'amazon.nova-lite-v1:0', { signal } = {}) {
  return send(fake.url, { path: converseStreamPath(modelId), headers: bearerHeaders(), body: '{"messages":[]}', signal });
}

function eventTypes(frames) {
  return frames.map((frame) => frame.headers[':event-type'] ?? `!${frame.headers[':exception-type']}`);
}

function streamedText(frames) {
  return frames.map((frame) => frame.json?.delta?.text ?? '').join('');
}

function stripPadding({ p, ...rest }) {
  assert.equal(typeof p, 'string');
  return rest;
}

describe('event-stream framing', () => {
  test('an event frame round-trips with headers, CRCs and the padding field', () => {
    const frame = encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi ✓' } });
    const [decoded] = decodeFrames(frame);
    assert.deepEqual(decoded.headers, {
      ':event-type': 'contentBlockDelta',
      ':content-type': 'application/json',
      ':message-type': 'event',
    });
    assert.deepEqual(stripPadding(decoded.json), { contentBlockIndex: 0, delta: { text: 'Hi ✓' } });
  });

  test('exception and raw frames decode in sequence', () => {
    const buffer = Buffer.concat([
      encodeException('throttlingException', 'slow down'),
      encodeFrame({ custom: 'yes' }, Buffer.from([1, 2, 3])),
    ]);
    const [exception, raw] = decodeFrames(buffer);
    assert.equal(exception.headers[':message-type'], 'exception');
    assert.equal(exception.headers[':exception-type'], 'throttlingException');
    assert.deepEqual(exception.json, { message: 'slow down' });
    assert.deepEqual([...raw.payload], [1, 2, 3]);
    assert.equal(raw.json, undefined);
  });

  test('corrupt options break exactly the chosen CRC', () => {
    assert.throws(() => decodeFrames(encodeEvent('messageStart', { role: 'assistant' }, { corrupt: 'prelude' })), /prelude CRC/);
    assert.throws(() => decodeFrames(encodeEvent('messageStart', { role: 'assistant' }, { corrupt: 'message' })), /message CRC/);
    assert.throws(() => decodeFrames(encodeEvent('messageStart', {}).subarray(0, 20)), /truncated/);
  });
});

describe('fake Bedrock server', () => {
  let fake;
  before(async () => {
    fake = await startFakeBedrock({ keyPairs: [TEST_KEY_PAIR, IMDS_KEY_PAIR], frameGapMs: 0 });
  });
  after(() => fake.close());

  describe('SigV4', () => {
    for (const modelId of [COLON_MODEL_ID, ARN_MODEL_ID]) {
      test(`accepts an SDK-signed converse-stream for ${modelId}`, async () => {
        fake.reset();
        const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'ping' }] }] });
        const response = await send(fake.url, await signRequest(fake, { path: converseStreamPath(modelId), body }));
        assert.equal(response.status, 200, response.body.toString());
        assert.equal(response.headers['content-type'], 'application/vnd.amazon.eventstream');
        assert.match(streamedText(decodeFrames(response.body)), /You said: "ping"/);
        const [recorded] = fake.requests;
        assert.equal(recorded.modelId, modelId);
        assert.deepEqual(recorded.auth, { kind: 'sigv4', ok: true, accessKeyId: TEST_KEY_PAIR.accessKeyId, region: 'us-east-1' });
        assert.equal(JSON.stringify(recorded).includes(TEST_KEY_PAIR.secretAccessKey), false);
      });
    }

    test('accepts a signature without x-amz-content-sha256 and a signed query string', async () => {
      const signed = await signRequest(fake, { method: 'GET', path: '/inference-profiles', query: { maxResults: '2', type: 'SYSTEM_DEFINED' }, applyChecksum: false });
      assert.equal(signed.headers['x-amz-content-sha256'], undefined);
      const response = await send(fake.url, signed);
      assert.equal(response.status, 200, response.body.toString());
    });

    test('accepts temporary credentials only with their session token', async () => {
      const body = '{}';
      const withToken = await send(fake.url, await signRequest(fake, { path: converseStreamPath(COLON_MODEL_ID), body, keyPair: IMDS_KEY_PAIR }));
      assert.equal(withToken.status, 200);
      const { sessionToken, ...withoutTokenPair } = IMDS_KEY_PAIR;
      const withoutToken = await send(fake.url, await signRequest(fake, { path: converseStreamPath(COLON_MODEL_ID), body, keyPair: withoutTokenPair }));
      assert.equal(withoutToken.status, 403);
      assert.match(withoutToken.headers['x-amzn-errortype'], /^UnrecognizedClientException:/);
    });

    const rejections = [
      ['a wrong secret', { keyPair: { ...TEST_KEY_PAIR, secretAccessKey: 'wrong' } }, 'InvalidSignatureException'],
      ['an unknown access key', { keyPair: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } }, 'UnrecognizedClientException'],
      ['a tampered body with its hash header', { tamper: true }, 'InvalidSignatureException'],
      ['a tampered body without a hash header', { tamper: true, applyChecksum: false }, 'InvalidSignatureException'],
    ];
    for (const [name, { tamper, ...signOptions }, errorType] of rejections) {
      test(`rejects ${name}`, async () => {
        const signed = await signRequest(fake, { path: converseStreamPath(COLON_MODEL_ID), body: '{"a":1}', ...signOptions });
        const response = await send(fake.url, { ...signed, body: tamper ? '{"a":2}' : signed.body });
        assert.equal(response.status, 403);
        assert.equal(response.headers['x-amzn-errortype'], `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
        assert.equal(typeof JSON.parse(response.body).message, 'string');
        assert.ok(response.headers['x-amzn-requestid']);
      });
    }
  });

  // The AWS JS SDK (a dependency of pi-ai) exercises signing, framing and retries end to end.
  test('the AWS JS SDK client streams through retries and in-stream exceptions', async () => {
    fake.reset();
    const client = new BedrockRuntimeClient({
      endpoint: fake.url,
      region: 'us-east-1',
      credentials: { ...TEST_KEY_PAIR },
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler(), // HTTP/1.1, as the Rust SDK speaks over plain http
    });
    const collect = async (modelId) => {
      const { stream } = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
      const received = [];
      for await (const event of stream) received.push(event);
      return received;
    };
    fake.enqueue(HTTP_ERRORS.throttling, text('after a retry'), streamException('validationException', { afterText: 'Hel' }));
    try {
      const received = await collect(ARN_MODEL_ID);
      assert.equal(received.map((event) => event.contentBlockDelta?.delta.text ?? '').join(''), 'after a retry');
      assert.deepEqual(received.at(-1).metadata.metrics, { latencyMs: 42 });
      assert.deepEqual(fake.requests.map((request) => request.modelId), [ARN_MODEL_ID, ARN_MODEL_ID]);
      await assert.rejects(collect(COLON_MODEL_ID), { name: 'ValidationException', message: 'Input is too long for requested model.' });
    } finally {
      client.destroy(); // its keep-alive socket would spoil the connection counts below
    }
  });

  describe('bearer tokens', () => {
    test('a known API key is accepted', async () => {
      fake.reset();
      const response = await postStream(fake);
      assert.equal(response.status, 200);
      assert.deepEqual(fake.requests[0].auth, { kind: 'bearer', ok: true });
    });

    test('an unknown API key or no auth at all is a 403 with x-amzn-ErrorType', async () => {
      for (const headers of [bearerHeaders('not-a-key'), { 'content-type': 'application/json' }]) {
        const response = await send(fake.url, { path: converseStreamPath('m'), headers, body: '{}' });
        assert.equal(response.status, 403);
        assert.match(response.headers['x-amzn-errortype'], /^(AccessDeniedException|MissingAuthenticationTokenException):http:/);
      }
    });

    test('skipAuthCheck accepts anything and still records what was sent', async () => {
      const open = await startFakeBedrock({ skipAuthCheck: true });
      try {
        const response = await send(open.url, { path: converseStreamPath('m'), body: '{}' });
        assert.equal(response.status, 200);
        assert.equal(open.requests[0].auth.kind, 'none');
      } finally {
        await open.close();
      }
    });
  });

  describe('scenarios over the wire', () => {
    test('enqueued responses are used in order before the default', async () => {
      fake.reset();
      fake.respondWith(text('default answer'));
      fake.enqueue(HTTP_ERRORS.throttling, (request) => text(`second for ${request.modelId}`));
      const first = await postStream(fake, 'm1');
      assert.equal(first.status, 429);
      assert.equal(first.headers['x-amzn-errortype'], 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/');
      assert.deepEqual(JSON.parse(first.body), { message: 'Too many requests, please wait before trying again.' });
      assert.equal(streamedText(decodeFrames((await postStream(fake, 'm2')).body)), 'second for m2');
      assert.equal(streamedText(decodeFrames((await postStream(fake, 'm3')).body)), 'default answer');
      assert.deepEqual(fake.requests.map((request) => request.modelId), ['m1', 'm2', 'm3']);
      const requestIds = new Set(fake.requests.map((request) => request.requestId));
      assert.equal(requestIds.size, 3);
    });

    test('a text answer streams the real event sequence', async () => {
      const custom = usage({ inputTokens: 5, outputTokens: 3, cacheReadInputTokens: 100, cacheWriteInputTokens: 7, cacheDetails: [{ inputTokens: 7, ttl: '5m' }] });
      fake.respondWith(text('Hello there', { chunks: 2, usage: custom, latencyMs: 99 }));
      const frames = decodeFrames((await postStream(fake)).body);
      assert.deepEqual(eventTypes(frames), ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
      assert.equal(streamedText(frames), 'Hello there');
      const metadata = stripPadding(frames.at(-1).json);
      assert.deepEqual(metadata, { usage: { ...custom, totalTokens: 115 }, metrics: { latencyMs: 99 } });
    });

    test('tool use, reasoning and redacted reasoning have the Converse shapes', async () => {
      fake.respondWith(toolUse({ id: 't1', name: 'calc', inputFragments: ['{"a":', '1}'], text: 'Calling.' }));
      const toolFrames = decodeFrames((await postStream(fake)).body);
      const start = toolFrames.find((frame) => frame.headers[':event-type'] === 'contentBlockStart');
      assert.deepEqual(stripPadding(start.json), { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name: 'calc' } } });
      assert.equal(toolFrames.map((frame) => frame.json.delta?.toolUse?.input ?? '').join(''), '{"a":1}');
      assert.equal(toolFrames.find((frame) => frame.json.stopReason).json.stopReason, 'tool_use');

      fake.respondWith(reasoning({ text: 'hmm', signature: 'sig', thenText: 'ok' }));
      const reasoningDeltas = decodeFrames((await postStream(fake)).body).map((frame) => frame.json.delta?.reasoningContent).filter(Boolean);
      assert.equal(reasoningDeltas.map((delta) => delta.text ?? '').join(''), 'hmm');
      assert.equal(reasoningDeltas.at(-1).signature, 'sig');

      fake.respondWith(redactedReasoning({ bytesBase64: 'AAEC', thenText: 'ok' }));
      const redacted = decodeFrames((await postStream(fake)).body).find((frame) => frame.json.delta?.reasoningContent);
      assert.deepEqual(redacted.json.delta, { reasoningContent: { redactedContent: 'AAEC' } });
    });

    test('a no-argument tool sends no input delta', () => {
      const types = noArgTool({ name: 'now' }).steps.map((step) => step.event);
      assert.deepEqual(types, ['messageStart', 'contentBlockStart', 'contentBlockStop', 'messageStop', 'metadata']);
    });

    test('every stop reason, known or not, reaches messageStop', () => {
      for (const stopReason of [...STOP_REASONS, UNKNOWN_STOP_REASON]) {
        const messageStop = stoppedWith(stopReason).steps.find((step) => step.event === 'messageStop');
        assert.equal(messageStop.payload.stopReason, stopReason);
      }
    });

    test('in-stream exceptions and unknown events are framed as such', async () => {
      fake.respondWith(streamException('throttlingException', { afterText: 'Hel' }));
      const frames = decodeFrames((await postStream(fake)).body);
      assert.deepEqual(eventTypes(frames), ['messageStart', 'contentBlockDelta', '!throttlingException']);
      assert.deepEqual(frames.at(-1).json, { message: 'Too many tokens, please wait before trying again.' });

      fake.respondWith(unknownEvent({ eventType: 'novelty' }));
      assert.equal(eventTypes(decodeFrames((await postStream(fake)).body))[1], 'novelty');
    });

    test('corrupt, truncate and destroy steps break the stream as promised', async () => {
      fake.respondWith(midStream('Hel', { corrupt: 'message' }, events.textDelta(0, 'lo')));
      const corrupted = await postStream(fake);
      assert.throws(() => decodeFrames(corrupted.body), /message CRC/);

      fake.respondWith(midStream('Hel', { truncate: true }, events.textDelta(0, 'lo')));
      const truncated = await postStream(fake);
      assert.ok(truncated.error, 'the response must end abnormally');
      assert.throws(() => decodeFrames(truncated.body), /truncated/);

      fake.respondWith(midStream('Hel', { destroy: true }));
      const destroyed = await postStream(fake);
      assert.ok(destroyed.error, 'the response must end abnormally');
      assert.equal(streamedText(decodeFrames(destroyed.body)), 'Hel');
    });

    test('a stalled stream stays open until the client gives up', async () => {
      fake.respondWith(midStream('Hel', { stall: true }));
      const controller = new AbortController();
      const started = Date.now();
      const stalled = postStream(fake, 'm', { signal: controller.signal });
      setTimeout(() => controller.abort(), 150);
      const outcome = await stalled.catch((error) => error);
      assert.ok(Date.now() - started >= 140, 'the stall must hold the stream open');
      assert.ok(outcome instanceof Error || outcome.error);
      await fake.waitForConnectionsClosed(2000);
    });

    test('a flood of deltas arrives complete', async () => {
      fake.respondWith(flood(5000, { delta: 'x' }));
      const frames = decodeFrames((await postStream(fake)).body);
      assert.equal(frames.length, 5000 + 4);
      assert.equal(streamedText(frames).length, 5000);
    });

    test('the non-streaming converse route answers from the same scenario', async () => {
      const converse = (modelId) => send(fake.url, { path: `/model/${encodeURIComponent(modelId)}/converse`, headers: bearerHeaders(), body: '{}' });
      fake.respondWith(toolUse({ id: 't1', name: 'calc', inputFragments: ['{"a":', '1}'], text: 'Calling.' }));
      const ok = JSON.parse((await converse('m')).body);
      assert.deepEqual(ok.output.message.content, [{ text: 'Calling.' }, { toolUse: { toolUseId: 't1', name: 'calc', input: { a: 1 } } }]);
      assert.equal(ok.stopReason, 'tool_use');
      assert.equal(ok.usage.totalTokens, 20);

      fake.respondWith(streamException('modelStreamErrorException'));
      const failed = await converse('m');
      assert.equal(failed.status, 424);
      assert.match(failed.headers['x-amzn-errortype'], /^ModelStreamErrorException:/);
    });
  });

  describe('connections', () => {
    test('sockets are counted as they open and close', async () => {
      fake.respondWith(text('hi'));
      await fake.waitForConnectionsClosed(2000);
      const before = { ...fake.connections, active: fake.connections.active };
      await Promise.all([postStream(fake), postStream(fake)]);
      await fake.waitForConnectionsClosed(2000);
      assert.equal(fake.connections.opened - before.opened, 2);
      assert.equal(fake.connections.closed - before.closed, 2);
      assert.equal(fake.connections.active, 0);
    });

    test('waitForConnectionsClosed times out while a connection stays open', async () => {
      fake.respondWith(midStream('Hel', { stall: true }));
      const controller = new AbortController();
      const stalled = postStream(fake, 'm', { signal: controller.signal }).catch(() => {});
      await waitUntil(() => fake.connections.active === 1);
      await assert.rejects(fake.waitForConnectionsClosed(50), /still open/);
      controller.abort();
      await stalled;
      await fake.waitForConnectionsClosed(2000);
    });

    test('the idle shutdown stops an unused server', async () => {
      const shortLived = await startFakeBedrock({ idleShutdownMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await assert.rejects(postStream(shortLived), { code: 'ECONNREFUSED' });
    });
  });

  describe('control plane', () => {
    const get = (path) => send(fake.url, { method: 'GET', path, headers: bearerHeaders() });

    test('foundation models are filtered like AWS does', async () => {
      const all = JSON.parse((await get('/foundation-models')).body).modelSummaries;
      assert.ok(all.length >= 3);
      const anthropic = JSON.parse((await get('/foundation-models?byProvider=anthropic&byOutputModality=TEXT')).body).modelSummaries;
      assert.ok(anthropic.length > 0 && anthropic.every((model) => model.providerName === 'Anthropic'));
      const onDemand = JSON.parse((await get('/foundation-models?byInferenceType=ON_DEMAND')).body).modelSummaries;
      assert.ok(onDemand.every((model) => model.inferenceTypesSupported.includes('ON_DEMAND')));
      assert.ok(onDemand.length < all.length);
    });

    test('inference profiles paginate with nextToken and filter by type', async () => {
      const collected = [];
      let nextToken;
      let pages = 0;
      do {
        const query = new URLSearchParams({ maxResults: '2', ...(nextToken && { nextToken }) });
        const page = JSON.parse((await get(`/inference-profiles?${query}`)).body);
        collected.push(...page.inferenceProfileSummaries);
        nextToken = page.nextToken;
        pages += 1;
      } while (nextToken && pages < 10);
      assert.equal(pages, 3);
      assert.equal(new Set(collected.map((profile) => profile.inferenceProfileArn)).size, 5);
      const applications = JSON.parse((await get('/inference-profiles?type=APPLICATION')).body).inferenceProfileSummaries;
      assert.deepEqual(applications.map((profile) => profile.type), ['APPLICATION']);
      assert.equal((await get('/inference-profiles?nextToken=garbage')).status, 400);
      assert.equal((await get('/inference-profiles?maxResults=0')).status, 400);
    });

    test('failControlPlane fails the given path the given number of times', async () => {
      fake.failControlPlane('/foundation-models', HTTP_ERRORS.internalServer, { times: 2 });
      assert.equal((await get('/foundation-models')).status, 500);
      assert.equal((await get('/inference-profiles')).status, 200);
      assert.equal((await get('/foundation-models')).status, 500);
      assert.equal((await get('/foundation-models')).status, 200);
    });
  });
});

describe('credential endpoints', () => {
  test('IMDSv2: token, role name, credentials and region', async () => {
    const imds = await startFakeImds({ roleName: 'my-role', region: 'eu-west-3' });
    try {
      const token = await send(imds.url, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } });
      assert.equal(token.status, 200);
      const withToken = { 'x-aws-ec2-metadata-token': token.body.toString() };
      const get = (path, headers = withToken) => send(imds.url, { method: 'GET', path, headers });

      assert.equal((await get('/latest/meta-data/iam/security-credentials/', {})).status, 401);
      const role = (await get('/latest/meta-data/iam/security-credentials/')).body.toString();
      assert.equal(role, 'my-role');
      const credentials = JSON.parse((await get(`/latest/meta-data/iam/security-credentials/${role}`)).body);
      assert.equal(credentials.Code, 'Success');
      assert.equal(credentials.Type, 'AWS-HMAC');
      assert.equal(credentials.AccessKeyId, IMDS_KEY_PAIR.accessKeyId);
      assert.equal(credentials.Token, IMDS_KEY_PAIR.sessionToken);
      assert.ok(Date.parse(credentials.Expiration) > Date.now());
      assert.equal((await get('/latest/meta-data/placement/region')).body.toString(), 'eu-west-3');
      assert.deepEqual(imds.counts, { token: 1, roleName: 1, credentials: 1, region: 1, rejected: 1 });
      assert.equal((await send(imds.url, { method: 'PUT', path: '/latest/api/token' })).status, 400);
    } finally {
      await imds.close();
    }
  });

  test('ECS container credentials, with an authorization token', async () => {
    const ecs = await startFakeEcs({ authorizationToken: 'secret-auth' });
    try {
      const path = new URL(ecs.fullUri).pathname;
      assert.equal((await send(ecs.url, { method: 'GET', path })).status, 401);
      const credentials = JSON.parse((await send(ecs.url, { method: 'GET', path, headers: { authorization: 'secret-auth' } })).body);
      assert.ok(credentials.AccessKeyId && credentials.SecretAccessKey && credentials.Token && credentials.Expiration);
      assert.deepEqual(ecs.counts, { credentials: 1, rejected: 1 });
    } finally {
      await ecs.close();
    }
  });
});

test('the CLI prints its URL and serves the echo answer', async () => {
  const serverPath = fileURLToPath(new URL('../fake-bedrock/server.mjs', import.meta.url));
  const child = spawn(process.execPath, [serverPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const killTimer = setTimeout(() => child.kill(), REQUEST_TIMEOUT_MS);
  try {
    const [firstChunk] = await once(child.stdout, 'data');
    const { url } = JSON.parse(firstChunk.toString().split('\n')[0]);
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello cli' }] }] });
    const response = await send(url, { path: converseStreamPath('m'), headers: bearerHeaders(), body });
    assert.equal(streamedText(decodeFrames(response.body)), 'Hello from the fake Bedrock server! You said: "hello cli"');
  } finally {
    clearTimeout(killTimer);
    child.kill();
  }
});

async function waitUntil(condition, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
