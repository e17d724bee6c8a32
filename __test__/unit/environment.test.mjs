// The environment snapshot (environment.ts): the TypeScript layer reads the variables it
// uses once per call, and the rules read that snapshot, never process.env. No addon, no server.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { callerEnvironment, readEnvironment } from '../../dist/environment.js';
import { promptCachePolicy } from '../../dist/models.js';
import { resolveCacheRetention } from '../../dist/request/options.js';
import { buildConverseRequest } from '../../dist/request/build.js';
import { setEnvForTest } from '../helpers/aws-env.mjs';

const TS_ROOT = fileURLToPath(new URL('../../ts/', import.meta.url));
const NATIVE_ENV_RS = fileURLToPath(new URL('../../src/config/env.rs', import.meta.url));

/** The names of src/config/env.rs `RELEVANT_ENV`: besides `AWS_*`, what the native side keeps of a passed environment. */
function nativeRelevantNames() {
  const list = /const RELEVANT_ENV: &\[&str\] = &\[([^\]]*)\]/.exec(readFileSync(NATIVE_ENV_RS, 'utf8'));
  assert.ok(list, 'src/config/env.rs declares RELEVANT_ENV');
  return [...list[1].matchAll(/"([^"]+)"/g)].map((match) => match[1]);
}

function tsSources(dir = TS_ROOT) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative(TS_ROOT, path)] : [];
  });
}

describe('the environment snapshot', () => {
  it('holds the set variables only, frozen, unaffected by later changes', (t) => {
    setEnvForTest(t, { PI_CACHE_RETENTION: 'long', AWS_BEDROCK_FORCE_CACHE: undefined });
    const snapshot = readEnvironment();
    assert.equal(snapshot.PI_CACHE_RETENTION, 'long');
    assert.equal('AWS_BEDROCK_FORCE_CACHE' in snapshot, false);
    assert.ok(Object.isFrozen(snapshot));
    process.env.PI_CACHE_RETENTION = 'short';
    assert.equal(snapshot.PI_CACHE_RETENTION, 'long');
  });

  it('PI_CACHE_RETENTION=long is the default retention; an explicit one wins', () => {
    assert.equal(resolveCacheRetention(undefined, {}), 'short');
    assert.equal(resolveCacheRetention(undefined, { PI_CACHE_RETENTION: 'long' }), 'long');
    assert.equal(resolveCacheRetention('none', { PI_CACHE_RETENTION: 'long' }), 'none');
  });

  it('AWS_BEDROCK_FORCE_CACHE=1 opts in other families, never a Claude the table leaves out', () => {
    const mistral = { id: 'mistral.mistral-large-2402-v1:0' };
    assert.equal(promptCachePolicy(mistral, {}), undefined);
    assert.deepEqual(promptCachePolicy(mistral, { AWS_BEDROCK_FORCE_CACHE: '1' }), { tools: false, longTtl: true });
    assert.equal(promptCachePolicy({ id: 'anthropic.claude-3-haiku-20240307-v1:0' }, { AWS_BEDROCK_FORCE_CACHE: '1' }), undefined);
  });

  describe('buildConverseRequest reads the environment when it is called', () => {
    const model = {
      id: 'mistral.mistral-large-2402-v1:0', name: 'Mistral Large', api: 'bedrock-converse-stream', provider: 'amazon-bedrock',
      baseUrl: '', reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 32000, maxTokens: 4096,
    };
    const context = { systemPrompt: 'Be brief.', messages: [{ role: 'user', content: 'Hi', timestamp: 0 }] };

    it('AWS_BEDROCK_FORCE_CACHE=1 and PI_CACHE_RETENTION=long: a 1h point after the system prompt', (t) => {
      setEnvForTest(t, { AWS_BEDROCK_FORCE_CACHE: '1', PI_CACHE_RETENTION: 'long' });
      assert.deepEqual(buildConverseRequest(model, context, {}).system.at(-1), { cachePoint: { type: 'default', ttl: '1h' } });
    });

    it('neither set: no point', (t) => {
      setEnvForTest(t, { AWS_BEDROCK_FORCE_CACHE: undefined, PI_CACHE_RETENTION: undefined });
      assert.deepEqual(buildConverseRequest(model, context, {}).system, [{ text: 'Be brief.' }]);
    });
  });

  describe('callerEnvironment hands the native side what it reads', () => {
    it('every variable src/config/env.rs keeps, from process.env and from overrides', (t) => {
      const names = nativeRelevantNames();
      assert.ok(names.length > 10 && names.includes('HOME') && names.includes('HTTPS_PROXY'), names.join(' '));
      const half = Math.ceil(names.length / 2);
      setEnvForTest(t, Object.fromEntries(names.slice(0, half).map((name) => [name, `process ${name}`])));
      const passed = callerEnvironment(Object.fromEntries(names.slice(half).map((name) => [name, `override ${name}`])));
      for (const [index, name] of names.entries()) assert.equal(passed[name], `${index < half ? 'process' : 'override'} ${name}`, name);
    });

    it('any AWS_ variable, and no variable the native side ignores', (t) => {
      setEnvForTest(t, { AWS_SDK_UA_APP_ID: 'bench', BEDROCK_NATIVE_UNRELATED: 'x', PI_CACHE_RETENTION: 'long' });
      const passed = callerEnvironment({ AWS_MAX_ATTEMPTS: '2', ANOTHER_UNRELATED: 'y' });
      assert.deepEqual([passed.AWS_SDK_UA_APP_ID, passed.AWS_MAX_ATTEMPTS], ['bench', '2']);
      assert.deepEqual(['BEDROCK_NATIVE_UNRELATED', 'PI_CACHE_RETENTION', 'ANOTHER_UNRELATED', 'PATH'].filter((name) => name in passed), []);
    });

    it('an override of undefined unsets a process variable', (t) => {
      setEnvForTest(t, { AWS_PROFILE: 'from-process' });
      assert.equal('AWS_PROFILE' in callerEnvironment({ AWS_PROFILE: undefined }), false);
      assert.equal(callerEnvironment().AWS_PROFILE, 'from-process');
    });
  });

  it('no module but environment.ts reads process.env', () => {
    const readers = tsSources().filter((file) => file !== 'environment.ts'
      && readFileSync(join(TS_ROOT, file), 'utf8').includes('process.env'));
    assert.deepEqual(readers, []);
  });
});
