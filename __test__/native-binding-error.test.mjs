// When no addon loads (no local build, no platform package, or a broken one), every entry point
// fails with one clear error naming this machine's platform, what is missing and the fix, instead
// of the generated loader's "Cannot find native binding ... npm bug" text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseTriple } from '@napi-rs/cli';
import { thisNapiTarget } from './helpers/platform.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'bedrock-native-binding-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const thisPlatform = () => thisNapiTarget().platformArchABI;

/** A copy of the package with no addon anywhere: the loader, the compiled layer, the manifest. */
function packageWithoutAddon(name, manifestChanges = {}) {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const file of ['index.cjs', 'dist']) cpSync(join(ROOT, file), join(dir, file), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...root, ...manifestChanges }));
  return dir;
}

/** Runs each entry point in a fresh process and reports how it failed. */
function failures(dir) {
  const script = `
    const m = await import(${JSON.stringify(join(dir, 'dist', 'index.js'))});
    const out = {};
    try { for await (const e of m.converseStream({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })) {} }
    catch (error) { out.converseStream = { bedrockError: error instanceof m.BedrockError, code: error.code, message: error.message }; }
    try { await m.discoverModels({ region: 'us-east-1' }); }
    catch (error) { out.discoverModels = { name: error.name, code: error.code, platform: error.platform, message: error.message, instance: error instanceof m.NativeBindingError }; }
    const events = [];
    const model = { id: 'm', api: 'bedrock-converse-stream', provider: 'amazon-bedrock', baseUrl: '', reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 1000, maxTokens: 100 };
    for await (const e of m.streamBedrock(model, { messages: [{ role: 'user', content: 'hi', timestamp: 0 }] }, { region: 'us-east-1' })) events.push(e.type === 'error' ? e.error.errorMessage : e.type);
    out.streamBedrock = events;
    console.log(JSON.stringify(out));`;
  const env = { ...process.env };
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function assertSameErrorEverywhere(out, pattern) {
  assert.equal(out.converseStream.bedrockError, true);
  assert.equal(out.converseStream.code, 'NativeBindingUnavailable');
  assert.match(out.converseStream.message, pattern);
  assert.equal(out.discoverModels.name, 'NativeBindingError');
  assert.equal(out.discoverModels.instance, true);
  assert.equal(out.discoverModels.platform, thisPlatform());
  assert.match(out.discoverModels.message, pattern);
  assert.equal(out.streamBedrock.length, 1, 'one terminal error event, nothing else');
  assert.match(out.streamBedrock[0], pattern);
  assert.doesNotMatch(out.discoverModels.message, /npm has a bug/);
}

test('a published install whose platform package was left out names the package and how to install it', () => {
  const platform = thisPlatform();
  const optionalDependencies = Object.fromEntries(root.napi.targets.map((t) => [`${root.name}-${parseTriple(t).platformArchABI}`, root.version]));
  const out = failures(packageWithoutAddon('published', { optionalDependencies }));
  const fix = `npm install ${root.name}-${platform}@${root.version}`.replaceAll('.', '\\.');
  assertSameErrorEverywhere(out, new RegExp(`native addon for ${platform}: its platform package ${root.name}-${platform} is not installed .*Fix: \`${fix}\``));
});

test('a checkout without a build says to build from source', () => {
  const platform = thisPlatform();
  const out = failures(packageWithoutAddon('checkout'));
  assertSameErrorEverywhere(out, new RegExp(`native addon for ${platform}: no local build \\(bedrock-native\\.${platform}\\.node\\).*Rust.*npm run build:native`));
});

test('a platform package that is present but broken is named, with the loader\'s reason', () => {
  const platform = thisPlatform();
  const dir = packageWithoutAddon('broken');
  const platformPackage = join(dir, 'node_modules', `${root.name}-${platform}`);
  cpSync(join(ROOT, 'npm', platform), platformPackage, { recursive: true });
  writeFileSync(join(platformPackage, `bedrock-native.${platform}.node`), 'not a shared library');
  const out = failures(dir);
  assertSameErrorEverywhere(out, new RegExp(`${root.name}-${platform} is installed but failed to load \\(.*(invalid ELF header|too short|not a valid|Exec format).*\\)\\. Fix: reinstall it`));
});
