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

  describe('callerEnvironment copies what the native side keeps', () => {
    const keeps = (name) => name.startsWith('AWS_') || name === 'HOME' || name === 'HTTPS_PROXY';

    it('the kept variables, from process.env and from overrides, the overrides winning', (t) => {
      setEnvForTest(t, { AWS_SDK_UA_APP_ID: 'bench', HOME: '/home/process', HTTPS_PROXY: undefined });
      const passed = callerEnvironment(keeps, { HOME: '/home/override', HTTPS_PROXY: 'http://proxy:3128', AWS_MAX_ATTEMPTS: '2' });
      assert.deepEqual([passed.AWS_SDK_UA_APP_ID, passed.AWS_MAX_ATTEMPTS, passed.HOME, passed.HTTPS_PROXY], ['bench', '2', '/home/override', 'http://proxy:3128']);
    });

    it('no variable the predicate leaves out, from either side', (t) => {
      setEnvForTest(t, { BEDROCK_NATIVE_UNRELATED: 'x', PI_CACHE_RETENTION: 'long' });
      const passed = callerEnvironment(keeps, { ANOTHER_UNRELATED: 'y' });
      assert.deepEqual(Object.keys(passed).filter((name) => !keeps(name)), []);
    });

    it('an override of undefined unsets a process variable', (t) => {
      setEnvForTest(t, { AWS_PROFILE: 'from-process' });
      assert.equal('AWS_PROFILE' in callerEnvironment(keeps, { AWS_PROFILE: undefined }), false);
      assert.equal(callerEnvironment(keeps).AWS_PROFILE, 'from-process');
    });
  });

  it('no module but environment.ts reads process.env', () => {
    const readers = tsSources().filter((file) => file !== 'environment.ts'
      && readFileSync(join(TS_ROOT, file), 'utf8').includes('process.env'));
    assert.deepEqual(readers, []);
  });
});
