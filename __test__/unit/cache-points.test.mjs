// Cache-point placement (request/cache-points.ts), a pure rule: automatic points on tools,
// system and the last user turn; at most 4 per request, automatic ones dropped first; a 1h
// point never after a 5m one, nor on a model without 1h. No addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachePoint, MAX_CACHE_POINTS, placeCachePoints } from '../../dist/request/cache-points.js';

const CLAUDE = { tools: true, longTtl: true };
const NOVA = { tools: false, longTtl: false };
const tool = { toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: {} } } };

function prompt({ tools = [tool], system = [{ text: 'Be brief.' }], messages } = {}) {
  return {
    toolConfig: tools && { tools: [...tools] },
    system: system && [...system],
    messages: messages ?? [{ role: 'user', content: [{ text: 'Hi' }] }],
  };
}
const points = (list) => list.filter((block) => 'cachePoint' in block).map((block) => block.cachePoint);
const allPoints = (p) => [p.toolConfig?.tools ?? [], p.system ?? [], ...p.messages.map((m) => m.content)].flatMap(points);

describe('automatic cache points', () => {
  it('Claude, short retention: one point without TTL after tools, system and the last user turn', () => {
    const p = prompt();
    placeCachePoints(p, CLAUDE, 'short');
    assert.deepEqual(p.toolConfig.tools.at(-1), { cachePoint: { type: 'default' } });
    assert.deepEqual(p.system.at(-1), { cachePoint: { type: 'default' } });
    assert.deepEqual(p.messages[0].content, [{ text: 'Hi' }, { cachePoint: { type: 'default' } }]);
  });

  it('Claude, long retention: the points ask for 1h', () => {
    const p = prompt();
    placeCachePoints(p, CLAUDE, 'long');
    assert.deepEqual(allPoints(p), [1, 2, 3].map(() => ({ type: 'default', ttl: '1h' })));
  });

  it('Nova: no point in the tool list and no 1h even for long retention', () => {
    const p = prompt();
    placeCachePoints(p, NOVA, 'long');
    assert.deepEqual(points(p.toolConfig.tools), []);
    assert.deepEqual(allPoints(p), [{ type: 'default' }, { type: 'default' }]);
  });

  it('no point on a last turn that is not the user\'s', () => {
    const p = prompt({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }, { role: 'assistant', content: [{ text: 'Hello' }] }] });
    placeCachePoints(p, CLAUDE, 'short');
    assert.deepEqual(p.messages.map((m) => points(m.content).length), [0, 0]);
  });

  it('none for retention "none" or a model family without caching; the caller\'s points stay', () => {
    for (const [policy, retention] of [[CLAUDE, 'none'], [undefined, 'short'], [undefined, 'long']]) {
      const p = prompt({ messages: [{ role: 'user', content: [{ text: 'Hi' }, cachePoint()] }] });
      placeCachePoints(p, policy, retention);
      assert.deepEqual(allPoints(p), [{ type: 'default' }], `${retention}`);
    }
  });
});

describe('the 4-point budget', () => {
  it('drops automatic points first, earliest first', () => {
    const callerTurn = (text) => ({ role: 'user', content: [{ text }, cachePoint()] });
    const p = prompt({ messages: [callerTurn('a'), { role: 'assistant', content: [{ text: 'b' }] }, callerTurn('c'), callerTurn('d')] });
    const [a, c] = [p.messages[0].content[1], p.messages[2].content[1]];
    placeCachePoints(p, CLAUDE, 'short');
    assert.equal(allPoints(p).length, MAX_CACHE_POINTS);
    assert.deepEqual([points(p.toolConfig.tools).length, points(p.system).length], [0, 0]);
    assert.equal(p.messages[0].content[1], a);
    assert.equal(p.messages[2].content[1], c);
    assert.equal(points(p.messages[3].content).length, 2, 'the caller\'s point and the automatic one on the last turn');
  });

  it('drops the caller\'s earliest points when they alone exceed it', () => {
    const p = prompt({ tools: undefined, system: undefined, messages: [{ role: 'user', content: [1, 2, 3, 4, 5].flatMap((n) => [{ text: `${n}` }, cachePoint()]) }] });
    placeCachePoints(p, undefined, 'short');
    assert.deepEqual(p.messages[0].content.map((block) => block.text ?? '·').join(''), '12·3·4·5·');
  });
});

describe('TTL order', () => {
  it('a 1h point after a 5m one becomes 5m', () => {
    const p = prompt({ tools: undefined, messages: [{ role: 'user', content: [{ text: 'a' }, cachePoint(), { text: 'b' }, cachePoint('1h')] }] });
    p.system.push(cachePoint('1h'));
    placeCachePoints(p, CLAUDE, 'none');
    assert.deepEqual(allPoints(p), [{ type: 'default', ttl: '1h' }, { type: 'default' }, { type: 'default' }]);
  });

  it('a 1h point on a model without 1h becomes 5m', () => {
    const p = prompt({ messages: [{ role: 'user', content: [{ text: 'a' }, cachePoint('1h')] }] });
    placeCachePoints(p, NOVA, 'none');
    assert.deepEqual(allPoints(p), [{ type: 'default' }]);
  });
});
