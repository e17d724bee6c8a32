// Bad input from callers, through the pi provider (a pi Context) and converseStream() (a raw
// Converse request): a request that cannot be valid ends in one clear error naming the problem
// and nothing reaches the server; input that is merely unusual (huge, lone surrogates, odd model
// ids) is sent, correctly encoded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { streamBedrock } from '../dist/index.js';
import { findContextProblem, isBase64 } from '../dist/request/validate.js';
import { text } from '../fake-bedrock/index.mjs';
import {
  assertNativeRefusedBeforeSending,
  assertPiRefusedBeforeSending,
  piModel,
  rawRequest,
  runNative,
  runPi,
  trapUnhandledRejections,
  useIsolatedFake,
  userText,
} from './helpers/robustness.mjs';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_BASE64, 'base64');
const OVER_IMAGE_LIMIT = Buffer.alloc(3_932_161);
const OVER_DOCUMENT_LIMIT = Buffer.alloc(4_718_593);
const HUGE_TEXT = 'lorem ipsum '.repeat(700_000); // ~8 MB
const MODEL_IDS = [
  'my model/with slashes and spaces',
  'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
];

// Not the default echo: echoing a huge context back would stream it word by word.
const fake = useIsolatedFake(text('ok'));
const rejections = trapUnhandledRejections();

const circular = () => {
  const value = { a: 1 };
  value.self = value;
  return value;
};

// ---------------------------------------------------------------------------------------------
// pi Contexts

const image = (data, mimeType = 'image/png') => ({ type: 'image', data, mimeType });
const userWith = (content) => ({ role: 'user', content, timestamp: 1 });

function toolTurn(args) {
  return [
    userText('compute'),
    {
      role: 'assistant',
      content: [{ type: 'toolCall', id: 't1', name: 'calc', arguments: args }],
      api: 'bedrock-converse-stream',
      provider: 'amazon-bedrock',
      model: piModel('').id,
      usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
      stopReason: 'toolUse',
      timestamp: 1,
    },
    { role: 'toolResult', toolCallId: 't1', toolName: 'calc', content: [{ type: 'text', text: 'ok' }], isError: false, timestamp: 1 },
  ];
}

const calcTool = (overrides = {}) => ({ name: 'calc', description: 'adds', parameters: { type: 'object' }, ...overrides });

/** Contexts that cannot make a valid request, and what their error must say. */
const INVALID_CONTEXTS = [
  ['unknown image mime type', { messages: [userWith([image(PNG_BASE64, 'image/bmp')])] }, /Unknown image type: image\/bmp/],
  ['an image over 3.75 MB', { messages: [userWith([image(OVER_IMAGE_LIMIT.toString('base64'))])] }, /messages\[0\]\.content\[0\]\.image\.source\.bytes: image of 3932161 bytes is over Bedrock's limit/],
  ['more than 20 images', { messages: [userWith(Array.from({ length: 21 }, () => image(PNG_BASE64)))] }, /messages\[0\]\.content\[20\]\.image: more than 20 images/],
  ['a tool schema that is not an object', { messages: [userText('hi')], tools: [calcTool({ parameters: 'not a schema' })] }, /toolSpec\.inputSchema\.json: expected a JSON Schema object/],
  ['BigInt tool-call arguments', { messages: toolTurn({ n: 10n }) }, /BigInt/],
  ['circular tool-call arguments', { messages: toolTurn(circular()) }, /circular/],
  ['circular tool parameters', { messages: [userText('hi')], tools: [calcTool({ parameters: circular() })] }, /circular/],
  ['an empty messages array', { messages: [] }, /messages: must not be empty/],
];

describe('streamBedrock (pi Context)', () => {
  for (const [name, context, pattern] of INVALID_CONTEXTS) {
    test(name, () => assertPiRefusedBeforeSending(fake, streamBedrock(piModel(fake.url), context, { maxAttempts: 1 }), pattern));
  }

  test('invalid base64 image data', () =>
    assertPiRefusedBeforeSending(
      fake,
      streamBedrock(piModel(fake.url), { messages: [userWith([image('%%% not base64 !!!')])] }, { maxAttempts: 1 }),
      /messages\[0\]\.content\[0\]\.data: image data is not valid base64/,
    ));

  test('a huge context is sent whole', async () => {
    const { terminal } = await runPi(streamBedrock(piModel(fake.url), { messages: [userText(HUGE_TEXT)] }, { maxAttempts: 1 }));
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    assert.equal(fake.requests[0].body.messages[0].content[0].text, HUGE_TEXT);
  });

  test('lone surrogates are dropped everywhere, not fatal', async () => {
    const context = {
      systemPrompt: 'system\uD800',
      messages: [userWith([{ type: 'text', text: 'a\uDC00b' }]), ...toolTurn({ s: 'x\uD800y', 'k\uDC00': 1 }).slice(1)],
      tools: [calcTool({ description: 'adds\uDBFF' })],
    };
    const { terminal } = await runPi(streamBedrock(piModel(fake.url), context, { maxAttempts: 1 }));
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    const body = fake.requests[0].body;
    assert.equal(body.system[0].text, 'system');
    assert.equal(body.messages[0].content[0].text, 'ab');
    assert.deepEqual(body.messages[1].content[0].toolUse.input, { s: 'xy', k: 1 });
    assert.equal(body.toolConfig.tools[0].toolSpec.description, 'adds');
  });

  for (const id of MODEL_IDS) {
    test(`model id ${id} reaches the server URL-encoded`, async () => {
      const { terminal } = await runPi(streamBedrock(piModel(fake.url, id), { messages: [userText('hi')] }, { maxAttempts: 1 }));
      assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
      assert.equal(fake.requests[0].path, `/model/${encodeURIComponent(id)}/converse-stream`);
      assert.equal(fake.requests[0].modelId, id);
    });
  }
});

describe('findContextProblem', () => {
  const model = piModel('http://unused');

  test('names invalid base64 image data by its place', () => {
    const context = { messages: [userText('hi'), userWith([{ type: 'text', text: 'see' }, image('not base64!')])] };
    assert.equal(findContextProblem(model, context), 'messages[1].content[1].data: image data is not valid base64');
    const toolResult = { role: 'toolResult', toolCallId: 't', toolName: 'x', content: [image('a')], isError: false, timestamp: 1 };
    assert.match(findContextProblem(model, { messages: [toolResult] }), /^messages\[0\]\.content\[0\]\.data/);
  });

  test('ignores images a text-only model never receives', () => {
    const textOnly = { ...model, input: ['text'] };
    assert.equal(findContextProblem(textOnly, { messages: [userWith([image('not base64!')])] }), undefined);
  });

  test('names values JSON cannot carry', () => {
    assert.match(findContextProblem(model, { messages: toolTurn({ n: 1n }) }), /^messages\[1\]\.content\[0\]\.arguments: not JSON-serialisable \(.*BigInt/);
    assert.match(findContextProblem(model, { messages: [], tools: [calcTool({ parameters: circular() })] }), /^tools\[0\]\.parameters: not JSON-serialisable/);
    assert.equal(findContextProblem(model, { messages: 'nope' }), 'messages: expected an array of messages');
  });

  test('accepts valid contexts and base64 flavours', () => {
    assert.equal(findContextProblem(model, { messages: [userWith([image(PNG_BASE64)])], tools: [calcTool()] }), undefined);
    for (const valid of ['', 'AA', 'AA==', 'AAA=', 'AAAA', '-_8=']) assert.ok(isBase64(valid), valid);
    for (const invalid of ['A', 'AAAAA', 'A A=', 'AA==AA', '%%%', 'AA===']) assert.ok(!isBase64(invalid), invalid);
  });
});

// ---------------------------------------------------------------------------------------------
// Raw Converse requests

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const rawImage = (bytes, format = 'png') => ({ image: { format, source: { bytes } } });
const rawDocument = (bytes, name = 'doc') => ({ document: { format: 'txt', name, source: { bytes } } });
const withBlocks = (...blocks) => ({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'look' }, ...blocks] }] });
const withTool = (toolSpec) => ({ ...rawRequest('hi', MODEL), toolConfig: { tools: [{ toolSpec }] } });

const INVALID_REQUESTS = [
  ['invalid base64 image bytes', withBlocks(rawImage('%%% not base64')), /content\[1\]\.image\.source\.bytes: not valid base64/],
  ['an unknown image format', withBlocks(rawImage(PNG, 'bmp')), /content\[1\]\.image\.format: unknown value "bmp"/],
  ['an image over 3.75 MB', withBlocks(rawImage(OVER_IMAGE_LIMIT)), /image of 3932161 bytes is over Bedrock's limit of 3932160 bytes/],
  ['more than 20 images', withBlocks(...Array.from({ length: 21 }, () => rawImage(PNG))), /content\[21\]\.image: more than 20 images/],
  ['more than 5 documents', withBlocks(...Array.from({ length: 6 }, (_, i) => rawDocument(PNG, `doc${i}`))), /content\[6\]\.document: more than 5 documents/],
  ['a document over 4.5 MB', withBlocks(rawDocument(OVER_DOCUMENT_LIMIT)), /document of 4718593 bytes is over Bedrock's limit of 4718592 bytes/],
  ['a tool schema that is not an object', withTool({ name: 'calc', inputSchema: { json: [] } }), /inputSchema\.json: expected a JSON Schema object, found an array/],
  ['a tool without a name', withTool({ inputSchema: { json: {} } }), /toolSpec\.name: missing required field/],
  ['a tool name Bedrock refuses', withTool({ name: 'bad tool!', inputSchema: { json: {} } }), /toolSpec\.name: "bad tool!" is not a valid tool name/],
  ['a BigInt', { ...rawRequest('hi', MODEL), additionalModelRequestFields: { budget: 10n } }, /cannot be serialised: .*BigInt/],
  ['a circular object', { ...rawRequest('hi', MODEL), additionalModelRequestFields: circular() }, /cannot be serialised: .*circular/],
  ['an empty messages array', { modelId: MODEL, messages: [] }, /messages: must not be empty/],
];

describe('converseStream() (raw request)', () => {
  for (const [name, request, pattern] of INVALID_REQUESTS) {
    test(name, () => assertNativeRefusedBeforeSending(fake, request, pattern));
  }

  test('a huge request is sent whole', async () => {
    const { error } = await runNative(rawRequest(HUGE_TEXT, MODEL), { endpoint: fake.url, maxAttempts: 1 });
    assert.equal(error, undefined);
    assert.equal(fake.requests[0].body.messages[0].content[0].text, HUGE_TEXT);
  });

  test('lone surrogates are dropped, from keys too', async () => {
    const request = { ...rawRequest('lone \uD83D and \uDE00 but 😀 stays', MODEL), additionalModelRequestFields: { 'k\uD800': 'v\uDC00' } };
    const { error } = await runNative(request, { endpoint: fake.url, maxAttempts: 1 });
    assert.equal(error, undefined);
    assert.equal(fake.requests[0].body.messages[0].content[0].text, 'lone  and  but 😀 stays');
    assert.deepEqual(fake.requests[0].body.additionalModelRequestFields, { k: 'v' });
  });

  for (const id of MODEL_IDS) {
    test(`model id ${id} reaches the server URL-encoded`, async () => {
      const { error } = await runNative(rawRequest('hi', id), { endpoint: fake.url, maxAttempts: 1 });
      assert.equal(error, undefined);
      assert.equal(fake.requests[0].path, `/model/${encodeURIComponent(id)}/converse-stream`);
      assert.equal(fake.requests[0].modelId, id);
    });
  }
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
