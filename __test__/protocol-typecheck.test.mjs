// The package's declarations against both pi-ai lines: a consumer that plugs bedrock-native into
// @mariozechner/pi-ai 0.73.1 (the devDependency) and one for @earendil-works/pi-ai 1.6 (the pi
// fixture, __test__/fixtures/pi) must pass tsc with each package's own types. The package names
// itself (`bedrock-native`) through its `exports`, so the consumers see the published .d.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const pi16 = join(here, 'fixtures', 'pi', 'node_modules', '@earendil-works', 'pi-ai');
const scratch = mkdtempSync(join(tmpdir(), 'bedrock-native-typecheck-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function typecheck(consumer, paths = {}) {
  const config = join(scratch, `${consumer}.tsconfig.json`);
  writeFileSync(config, JSON.stringify({
    extends: join(here, 'typecheck', 'tsconfig.base.json'),
    compilerOptions: { paths },
    files: [join(here, 'typecheck', consumer)],
  }));
  const result = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim() + (result.status === 0 ? '' : `\n(exit ${result.status})`);
}

test('the declarations plug into @mariozechner/pi-ai 0.73.1', () => {
  assert.equal(typecheck('pi-ai-073.ts'), '');
});

test('the declarations plug into @earendil-works/pi-ai 1.6 (ProviderStreams, setBedrockProviderModule, createProvider)', () => {
  assert.ok(existsSync(join(pi16, 'package.json')), 'the pi fixture is installed (npm ci --prefix __test__/fixtures/pi)');
  const dist = join(pi16, 'dist');
  assert.equal(typecheck('pi-ai-16.ts', {
    '@earendil-works/pi-ai': [join(dist, 'index.d.ts')],
    '@earendil-works/pi-ai/compat': [join(dist, 'compat.d.ts')],
    '@earendil-works/pi-ai/api/*': [join(dist, 'api', '*.d.ts')],
  }), '');
});

test('the declarations need no pi-ai package, and a consumer breaking them fails', () => {
  // Every .d.ts checked (no skipLibCheck), with both pi-ai packages made unresolvable.
  const file = join(here, 'typecheck', 'no-pi-ai.ts');
  const config = join(scratch, 'no-pi-ai.tsconfig.json');
  const nowhere = [join(scratch, 'no-such-package.d.ts')];
  writeFileSync(config, JSON.stringify({
    extends: join(here, 'typecheck', 'tsconfig.base.json'),
    compilerOptions: { skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], paths: { '@mariozechner/pi-ai': nowhere, '@earendil-works/pi-ai': nowhere, '@mariozechner/pi-ai/*': nowhere, '@earendil-works/pi-ai/*': nowhere } },
    files: [file],
  }));
  const result = spawnSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8' });
  const errors = result.stdout.trim().split('\n');
  assert.equal(errors.length, 1, result.stdout);
  assert.match(errors[0], /no-pi-ai\.ts\(9,7\): error TS2322/);
});
