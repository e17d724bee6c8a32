// The incremental tool-argument parser against pi-ai 0.73.1's own `parseStreamingJson` (the
// oracle, from the devDependency, in tests only): random JSON documents (nested containers,
// escapes, surrogates, numbers, literals, odd whitespace), streamed in random pieces and read
// after every piece or only now and then, must give exactly the oracle's value for every prefix;
// so must mangled documents (the fallback path). Finished arguments follow pi-ai 1.6's
// `parseToolCallArguments`, compared with 1.6's own when that package is at hand.
//
// `FUZZ_SEED=1 FUZZ_CASES=5000 node --test __test__/unit/tool-arguments.property.test.mjs` replays
// or runs longer than CI's default.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { StreamingJsonParser } from '../../dist/response/streaming-json.js';
import { parseToolCallArguments } from '../../dist/response/lenient-json.js';
import { seededRandom } from '../helpers/seeded-random.mjs';

const oraclePath = new URL('./utils/json-parse.js', import.meta.resolve('@mariozechner/pi-ai')).href;
const { parseStreamingJson: oracle } = await import(oraclePath);

const SEED = Number(process.env.FUZZ_SEED ?? 0x70015);
const CASES = Number(process.env.FUZZ_CASES ?? 400);

const STRING_PIECES = ['a', 'b', ' ', '  ', 'é', '😀', '\ud800', '"', '\\', '/', '\n', '\t', '\u0001', '\u2028', '\u00a0', 'x y', 'true', '{', ']', ':', ','];
const NUMBERS = ['0', '-0', '12', '-3.25', '1e5', '2E-3', '-7.5e+12', '1e400', '0.000001'];
const SPACE = ['', '', '', ' ', '\n', '\t ', '\r\n  '];

/** A JSON text with random spacing; escapes written several ways. */
function jsonText(random, depth = 0) {
  const space = () => random.pick(SPACE);
  const kind = depth >= 4 ? random.int(3) : random.int(6);
  if (kind === 0) return stringText(random);
  if (kind === 1) return random.pick(NUMBERS);
  if (kind === 2) return random.pick(['true', 'false', 'null']);
  if (kind === 3 || kind === 4) {
    const keys = Array.from({ length: random.int(5) }, () => stringText(random));
    return `{${space()}${keys.map((key) => `${key}${space()}:${space()}${jsonText(random, depth + 1)}`).join(`${space()},${space()}`)}${space()}}`;
  }
  const items = Array.from({ length: random.int(5) }, () => jsonText(random, depth + 1));
  return `[${space()}${items.join(`${space()},${space()}`)}${space()}]`;
}

function stringText(random) {
  let value = '';
  for (let i = random.int(6); i > 0; i--) value += random.pick(STRING_PIECES);
  const escaped = JSON.stringify(value);
  // Also \u escapes for plain characters, which JSON.stringify never writes.
  return random.chance(0.3) ? escaped.replace(/[a-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : escaped;
}

/** A document that is (usually) no longer JSON. */
function mangle(random, text) {
  const junk = ['\\', '\\q', '\n', '"', ',', '}', ']', '{', '[', ':', 'tru', '-', '1.', 'e', 'NaN', '__proto__', '\u00a0', ' '];
  let result = text;
  for (let i = 1 + random.int(3); i > 0; i--) {
    const at = random.int(result.length + 1);
    result = result.slice(0, at) + random.pick(junk) + result.slice(at);
  }
  return result;
}

function pieces(random, text) {
  const result = [];
  let at = 0;
  while (at < text.length) {
    const size = 1 + random.int(random.chance(0.5) ? 3 : 12);
    result.push(text.slice(at, at + size));
    at += size;
  }
  return result;
}

function checkStream(random, text, label) {
  const eager = new StreamingJsonParser();
  const lazy = new StreamingJsonParser();
  let prefix = '';
  for (const piece of pieces(random, text)) {
    prefix += piece;
    eager.append(piece);
    lazy.append(piece);
    const expected = oracle(prefix);
    assert.deepStrictEqual(eager.snapshot(), expected, `${label}: prefix ${JSON.stringify(prefix)}`);
    if (random.chance(0.2)) assert.deepStrictEqual(lazy.snapshot(), expected, `${label}: late read of ${JSON.stringify(prefix)}`);
  }
  assert.deepStrictEqual(lazy.snapshot(), oracle(text), `${label}: whole ${JSON.stringify(text)}`);
}

test('every prefix of random JSON reads as pi-ai 0.73.1 reads it', () => {
  const random = seededRandom(SEED);
  for (let i = 0; i < CASES; i++) {
    const text = random.chance(0.8) ? `{"k":${jsonText(random)}}` : jsonText(random);
    checkStream(random, text, `case ${i} (seed ${SEED})`);
  }
});

test('mangled documents read as pi-ai 0.73.1 reads them (fallback path)', () => {
  const random = seededRandom(SEED + 1);
  for (let i = 0; i < CASES; i++) {
    checkStream(random, mangle(random, jsonText(random)), `mangled case ${i} (seed ${SEED})`);
  }
});

test('a snapshot never changes after it was returned', () => {
  const parser = new StreamingJsonParser();
  parser.append('{"a": [1, {"b": "x');
  const first = parser.snapshot();
  const copy = structuredClone(first);
  parser.append('yz"}, 2], "c": tr');
  const second = parser.snapshot();
  assert.deepStrictEqual(first, copy);
  assert.deepStrictEqual(second, { a: [1, { b: 'xyz' }, 2], c: true });
  assert.equal(parser.snapshot(), second, 'no new text: the same object');
});

test('reading after every piece costs time linear in the text', () => {
  const time = (length) => {
    const parser = new StreamingJsonParser();
    const started = process.hrtime.bigint();
    parser.append('{"path": "a.txt", "content": "');
    for (let i = 0; i < length; i++) {
      parser.append('lorem ipsum ');
      parser.snapshot();
    }
    parser.append('"}');
    assert.equal(parser.snapshot().content.length, length * 12);
    return Number(process.hrtime.bigint() - started);
  };
  // The fastest of three runs: other processes on a shared machine only ever add time.
  const fastest = (length) => Math.min(time(length), time(length), time(length));
  time(2000); // warm-up
  const small = fastest(10_000);
  const large = fastest(40_000);
  // Quadratic work would take ~16x as long for 4x the text; linear takes ~4x.
  assert.ok(large < small * 9, `4x the text took ${(large / small).toFixed(1)}x as long`);
});

test('finished arguments: an object, or {} with argumentsError quoting the text (pi-ai 1.6)', () => {
  const finish = (text) => {
    const parser = new StreamingJsonParser();
    parser.append(text);
    return parser.finish();
  };
  assert.deepStrictEqual(finish('{"a": 1}'), { arguments: { a: 1 } });
  assert.deepStrictEqual(finish('  '), { arguments: {} });
  assert.deepStrictEqual(finish('{"a": "line\nbreak"}'), { arguments: { a: 'line\nbreak' } }, 'raw control characters are repaired');
  for (const text of ['[1, 2]', '"text"', '12', '{"a": 1', 'not json']) {
    const result = finish(text);
    assert.deepStrictEqual(result.arguments, {}, text);
    assert.match(result.argumentsError, /\n\nReceived arguments:\n/, text);
    assert.ok(result.argumentsError.endsWith(`\n${text}`), text);
  }
  assert.match(finish('[1]').argumentsError, /^Tool arguments must be a JSON object/);
});

test('finished arguments match pi-ai 1.6 where that package is installed', async (t) => {
  // The devDependency, or the pi fixture's copy (__test__/fixtures/pi).
  const candidates = ['../../node_modules/@earendil-works/pi-ai/', '../fixtures/pi/node_modules/@earendil-works/pi-ai/'];
  let reference;
  for (const candidate of candidates) {
    const file = new URL(`${candidate}dist/utils/json-parse.js`, import.meta.url);
    if (!existsSync(file)) continue;
    const module = await import(file.href);
    if (typeof module.parseToolCallArguments === 'function') reference = module;
  }
  if (!reference) return t.skip('no @earendil-works/pi-ai with parseToolCallArguments');
  const random = seededRandom(SEED + 2);
  for (let i = 0; i < CASES; i++) {
    const whole = jsonText(random);
    const text = random.chance(0.5) ? mangle(random, whole) : whole;
    assert.deepStrictEqual(parseToolCallArguments(text), reference.parseToolCallArguments(text), JSON.stringify(text));
  }
});
