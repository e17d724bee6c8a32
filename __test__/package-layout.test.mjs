// The published package's shape: each subpath of `exports` resolves (by the package's own name)
// to the modules it promises, the test hooks live on `bedrock-native/testing` only, and the
// packed file list carries the `bin` and the fake Bedrock the demo runs, but nothing of __test__/,
// no addon (the platform packages carry it) and no install script.
// Loading the entries needs no addon: it is required on the first native call only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('the published subpaths', () => {
  it('bedrock-native: the provider, registration, discovery and the native call', async () => {
    const entry = await import('bedrock-native');
    for (const name of ['streamBedrock', 'streamSimpleBedrock', 'bedrockProviderModule', 'registerBedrockNative',
      'converseStream', 'BedrockError', 'buildConverseRequest', 'discoverBedrockModels', 'discoverModels',
      'toPiAiModel', 'detectCredentials', 'resolveBedrockProvider', 'BEDROCK_DIAGNOSTIC_TYPE', 'countTokens',
      'countContextTokens']) {
      assert.ok(name in entry, `bedrock-native exports ${name}`);
    }
  });

  it('bedrock-native keeps the test hooks out of its entry', async () => {
    const entry = await import('bedrock-native');
    assert.equal('setDiscoveryClock' in entry, false);
    assert.equal('clearDiscoveryCache' in entry, false);
  });

  it('bedrock-native/testing: the discovery cache hooks', async () => {
    const testing = await import('bedrock-native/testing');
    assert.deepEqual(Object.keys(testing).sort(), ['clearDiscoveryCache', 'setDiscoveryClock']);
  });

  it('bedrock-native/bedrock-provider: the provider module and its pi-ai registration', async () => {
    const provider = await import('bedrock-native/bedrock-provider');
    assert.deepEqual(Object.keys(provider).sort(),
      ['bedrockProviderModule', 'registerBedrockNative', 'streamBedrock', 'streamSimpleBedrock']);
    assert.equal(provider.bedrockProviderModule.stream, provider.streamBedrock);
  });

  it('bedrock-native/native resolves to the generated loader', () => {
    assert.equal(import.meta.resolve('bedrock-native/native'), new URL('../index.cjs', import.meta.url).href);
  });
});

describe('the packed file list', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: new URL('..', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  }))[0].files.map((file) => file.path);

  it('holds the bin', () => {
    assert.ok(packed.includes(manifest.bin['bedrock-native']), manifest.bin['bedrock-native']);
  });

  it('holds every module of the fake Bedrock the demo starts', () => {
    for (const name of ['index', 'server', 'catalog', 'catalog-rules', 'count-tokens', 'scenarios', 'eventstream', 'sigv4', 'loopback', 'imds']) {
      assert.ok(packed.includes(`fake-bedrock/${name}.mjs`), `fake-bedrock/${name}.mjs is packed`);
    }
  });

  it('holds the model-facts data the addon is built from', () => {
    for (const file of ['data/pi-bedrock-models.json', 'data/bedrock-models-extra.json']) assert.ok(packed.includes(file), file);
  });

  it('holds nothing of __test__/', () => {
    assert.deepEqual(packed.filter((path) => path.startsWith('__test__/')), []);
  });

  it('holds no addon: the platform packages carry it', () => {
    assert.deepEqual(packed.filter((path) => path.endsWith('.node')), []);
  });

  it('runs nothing at install (no install script, no binding.gyp for node-gyp)', () => {
    for (const script of ['preinstall', 'install', 'postinstall']) assert.equal(manifest.scripts[script], undefined, `no ${script} script`);
    assert.equal(packed.includes('binding.gyp'), false);
  });
});
