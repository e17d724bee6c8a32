// Property test of the pi request builder: random pi Contexts (every role, texts with lone
// surrogates, images of any mime type and data, tool calls and results, thinking blocks, odd
// tools) and random options go through streamBedrock with an onPayload that captures the payload
// and throws, so nothing is sent. Whatever the input: no exception escapes, the stream ends in
// exactly one error event, and a captured payload is either accepted by the native request
// converter or refused by it with an error naming its place.
//
// Plain seeded generation (no dependency): `FUZZ_SEED=123 FUZZ_CASES=20000 node --test
// __test__/request-builder.property.test.mjs` replays or runs longer than CI's 300 cases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { converseStream, streamBedrock } from '../dist/index.js';
import { startFakeBedrock } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { SONNET_4_5, piModel, runPi, trapUnhandledRejections } from './helpers/robustness.mjs';
import { seededRandom } from './helpers/seeded-random.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const CASES = Number(process.env.FUZZ_CASES ?? 300);
/** Connections to port 1 are refused at once: a request the converter accepts fails there, unsent. */
const UNREACHABLE = 'http://127.0.0.1:1';
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

class PayloadCaptured extends Error {}

const TEXT_PIECES = ['a', 'Hello', ' ', '\n', 'é', '😀', '\uD800', '\uDC00', '\uDBFF\uDFFF', '"', '\\', '\u0000', '{}', '</s>'];
const MIME_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp', 'image/bmp', 'text/plain', ''];
const NAMES = ['calc', 'get_weather', 'bad name!', 'ns.tool', 'x'.repeat(70), 'ünïcode', ''];
const STOP_REASONS = ['stop', 'toolUse', 'length', 'error', 'aborted'];
const MODELS = [SONNET_4_5, 'us.anthropic.claude-opus-4-6-v1', 'amazon.nova-pro-v1:0', 'meta.llama3-70b-instruct-v1:0'];

function generator(random) {
  const text = () => random.times(6, () => random.pick(TEXT_PIECES)).join('');
  const json = (depth = 0) => {
    const kind = random.int(depth > 2 ? 5 : 7);
    if (kind === 0) return null;
    if (kind === 1) return random.chance(0.5);
    if (kind === 2) return random.pick([0, -1, 1.5, 1e308, Number.NaN, Number.MAX_SAFE_INTEGER + 2]);
    if (kind <= 4) return text();
    if (kind === 5) return random.times(3, () => json(depth + 1));
    return Object.fromEntries(random.times(3, () => [text(), json(depth + 1)]));
  };
  const imageData = () => random.pick([PNG_BASE64, '', 'not base64!', text(), PNG_BASE64.slice(0, 10)]);
  const image = () => ({ type: 'image', mimeType: random.pick(MIME_TYPES), data: imageData() });
  const textBlock = () => ({ type: 'text', text: text() });
  const id = () => random.pick(['t1', 't2', 'tooluse_abc', 'id with spaces', 'x'.repeat(80), text()]);

  const assistantBlock = () =>
    random.pick([
      textBlock,
      () => ({ type: 'thinking', thinking: text(), ...(random.chance(0.5) && { thinkingSignature: text() }), ...(random.chance(0.2) && { redacted: true }) }),
      () => ({ type: 'toolCall', id: id(), name: random.pick(NAMES), arguments: json() }),
    ])();
  const message = () =>
    random.pick([
      () => ({ role: 'user', content: random.chance(0.3) ? text() : random.times(3, () => (random.chance(0.3) ? image() : textBlock())), timestamp: 1 }),
      () => ({
        role: 'assistant',
        content: random.times(3, assistantBlock),
        api: 'bedrock-converse-stream',
        provider: random.pick(['amazon-bedrock', 'anthropic']),
        model: random.pick(MODELS),
        usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
        stopReason: random.pick(STOP_REASONS),
        timestamp: 1,
      }),
      () => ({
        role: 'toolResult',
        toolCallId: id(),
        toolName: random.pick(NAMES),
        content: random.times(2, () => (random.chance(0.3) ? image() : textBlock())),
        isError: random.chance(0.5),
        timestamp: 1,
      }),
    ])();
  const tool = () => ({
    name: random.pick(NAMES),
    description: text(),
    parameters: random.chance(0.8) ? { type: 'object', properties: { a: { type: 'string', description: text() } } } : json(),
  });

  return {
    context: () => ({
      ...(random.chance(0.5) && { systemPrompt: text() }),
      messages: random.times(6, message),
      ...(random.chance(0.5) && { tools: random.times(3, tool) }),
    }),
    model: () => ({ ...piModel(UNREACHABLE, random.pick(MODELS)), input: random.chance(0.8) ? ['text', 'image'] : ['text'] }),
    options: () => ({
      maxAttempts: 1,
      reasoning: random.pick([undefined, 'minimal', 'low', 'medium', 'high', 'xhigh']),
      cacheRetention: random.pick([undefined, 'none', 'short', 'long']),
      toolChoice: random.pick([undefined, 'auto', 'any', 'none', { type: 'tool', name: random.pick(NAMES) }]),
      ...(random.chance(0.5) && { maxTokens: random.int(100_000) }),
      ...(random.chance(0.3) && { temperature: random.int(3) / 2 }),
    }),
  };
}

/** The native converter's verdict on a payload, without sending it: refused, or accepted (then unreachable). */
async function nativeVerdict(payload) {
  try {
    for await (const _event of converseStream(payload, { endpoint: UNREACHABLE, maxAttempts: 1 }));
    return { accepted: true };
  } catch (error) {
    return error.code === 'InvalidRequest' ? { accepted: false, message: error.message } : { accepted: true };
  }
}

let fake;
let rejections;
before(async () => {
  isolateAwsEnvironment();
  rejections = trapUnhandledRejections();
  fake = await startFakeBedrock();
});
after(() => fake.close());

test(`${CASES} random contexts (seed ${SEED}): one error event each, a valid payload or a path-naming refusal`, async () => {
  const random = seededRandom(SEED);
  const make = generator(random);
  const tally = { accepted: 0, refusedNatively: 0, refusedBeforePayload: 0 };
  for (let index = 0; index < CASES; index += 1) {
    const where = `case ${index} (FUZZ_SEED=${SEED})`;
    let payload;
    const onPayload = (captured) => {
      payload = captured;
      throw new PayloadCaptured('captured');
    };
    const model = { ...make.model(), baseUrl: fake.url };
    const { terminal } = await runPi(streamBedrock(model, make.context(), { ...make.options(), onPayload }));
    assert.equal(terminal.type, 'error', where);
    assert.match(terminal.error.errorMessage, /\S/, where);
    if (payload === undefined) {
      tally.refusedBeforePayload += 1;
      continue;
    }
    assert.equal(terminal.error.errorMessage, 'captured', where);
    const verdict = await nativeVerdict(payload);
    if (verdict.accepted) tally.accepted += 1;
    else {
      tally.refusedNatively += 1;
      assert.match(verdict.message, /^invalid request at \S+: /, `${where}: ${verdict.message}`);
    }
  }
  assert.equal(fake.requests.length, 0, 'nothing was sent');
  assert.ok(tally.accepted > CASES / 4, `most random contexts make valid payloads: ${JSON.stringify(tally)}`);
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
