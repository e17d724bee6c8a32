// The request JSON for the native side (ts/native/request-json.ts): bytes as base64, lone
// surrogates dropped from strings and keys, and the same JSON whether a request takes the plain
// JSON.stringify (nothing to convert) or the converting replacer. No addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeRequest } from '../../dist/native/request-json.js';

/** What serializeRequest must produce, written the slow way: every value through the conversion. */
function converted(value) {
  return JSON.stringify(value, function (key, item) {
    const original = this[key];
    if (original instanceof Uint8Array) return Buffer.from(original).toString('base64');
    if (typeof item === 'string') return item.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [k.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ''), v]));
  });
}

function nested(depth, leaf) {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { level: value };
  return value;
}

class Point {
  constructor(label) {
    this.label = label;
    this.x = 1;
  }
}

const plain = {
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  messages: [{ role: 'user', content: [{ text: 'Hello 😀' }, { cachePoint: { type: 'default' } }] }],
  inferenceConfig: { maxTokens: 100, temperature: 0.5, stopSequences: [] },
  additionalModelRequestFields: { empty: null, skipped: undefined, flag: true, nan: Number.NaN, holes: [1, , 3] },
};

describe('serializeRequest', () => {
  it('plain data is plain JSON', () => {
    assert.equal(serializeRequest(plain), JSON.stringify(plain));
    assert.equal(serializeRequest(Object.assign(Object.create(null), { a: 'b' })), '{"a":"b"}');
  });

  const converting = {
    'a lone surrogate in a text': { messages: [{ role: 'user', content: [{ text: 'lone \uD83D and \uDE00 but 😀 stays' }] }] },
    'a lone surrogate in a key': { additionalModelRequestFields: { 'k\uD800': 'v' } },
    'a lone surrogate deep in tool input': { messages: [{ content: [{ toolUse: { input: nested(30, { s: 'x\uDC00y' }) } }] }] },
    'Uint8Array bytes': { image: { source: { bytes: new Uint8Array([0, 1, 2, 250, 255]) } } },
    'Buffer bytes': { document: { source: { bytes: Buffer.from('%PDF-1.4 bytes') } } },
    'empty bytes': { image: { source: { bytes: new Uint8Array(0) } } },
    'a toJSON value (Date)': { requestMetadata: { at: new Date(0) } },
    'a toJSON returning a lone surrogate': { field: { toJSON: () => 'v\uD800' } },
    'a hidden toJSON on a plain object': { field: Object.defineProperty({ shown: 'plain' }, 'toJSON', { value: () => 'v\uD800', enumerable: false }) },
    'a class instance with a lone surrogate': { field: new Point('p\uDFFF') },
    'a function and a symbol (left out)': { f: () => 1, s: Symbol('s'), kept: 'k\uD800' },
    'nesting deeper than the plain walk goes': nested(400, 'deep\uD800'),
    'plain nesting deeper than the plain walk goes': nested(400, 'deep'),
  };
  for (const [name, request] of Object.entries(converting)) {
    it(`${name}: converted like every value through the replacer`, () => {
      assert.equal(serializeRequest(request), converted(request));
    });
  }

  it('the conversions themselves: base64 bytes, lone surrogates gone, pairs kept', () => {
    const json = JSON.parse(serializeRequest({ bytes: new Uint8Array([104, 105]), text: 'a\uD800b😀', ['k\uDC00']: 1 }));
    assert.deepEqual(json, { bytes: 'aGk=', text: 'ab😀', k: 1 });
  });

  it('a cycle is JSON.stringify\'s TypeError', () => {
    const request = { messages: [] };
    request.messages.push({ content: [request] });
    assert.throws(() => serializeRequest(request), TypeError);
  });
});
