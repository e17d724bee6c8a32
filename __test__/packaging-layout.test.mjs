// The napi-rs package layout is consistent: every target in package.json's napi.targets has a
// platform package under npm/ (named, versioned and constrained as napi-rs expects) and an entry
// in the release workflow's build matrix; engines agree everywhere; the main package as packed
// carries no .node and no install script, and contains every file its exports and bin point to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTriple } from '@napi-rs/cli';
import { load as parseYaml } from 'js-yaml';

const ROOT = new URL('../', import.meta.url);
const readJson = (relative) => JSON.parse(readFileSync(new URL(relative, ROOT), 'utf8'));
const root = readJson('package.json');
const targets = root.napi.targets.map(parseTriple);

test('every napi target has a platform package under npm/, and npm/ holds no other', () => {
  const platformDirectories = readdirSync(new URL('npm/', ROOT), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  assert.deepEqual(platformDirectories, targets.map((target) => target.platformArchABI).sort());
});

for (const target of targets) {
  test(`npm/${target.platformArchABI} is the ${target.triple} package`, () => {
    const manifest = readJson(`npm/${target.platformArchABI}/package.json`);
    const binary = `${root.napi.binaryName}.${target.platformArchABI}.node`;
    assert.equal(manifest.name, `${root.name}-${target.platformArchABI}`);
    assert.equal(manifest.version, root.version, 'platform packages are released at the main package version');
    assert.deepEqual(manifest.engines, root.engines);
    assert.equal(manifest.license, root.license);
    assert.equal(manifest.main, binary);
    assert.deepEqual(manifest.files, [binary]);
    assert.deepEqual(manifest.os, [target.platform]);
    assert.deepEqual(manifest.cpu, [target.arch]);
    const libc = { gnu: ['glibc'], musl: ['musl'] }[target.abi];
    assert.deepEqual(manifest.libc, libc, 'linux packages name their libc, others none');
  });
}

test('the release workflow builds exactly the napi targets', () => {
  const workflow = parseYaml(readFileSync(new URL('.github/workflows/release.yml', ROOT), 'utf8'));
  const built = workflow.jobs.build.strategy.matrix.include.map((entry) => entry.target);
  assert.deepEqual([...built].sort(), [...root.napi.targets].sort());
  assert.equal(new Set(built).size, built.length, 'no target is built twice');
});

test('the release workflow tests every target it builds and publishes only after the tests', () => {
  const workflow = parseYaml(readFileSync(new URL('.github/workflows/release.yml', ROOT), 'utf8'));
  const tested = [
    ...workflow.jobs.test.strategy.matrix.settings.map((entry) => entry.target),
    ...workflow.jobs['test-musl'].strategy.matrix.include.map((entry) => entry.target),
  ];
  assert.deepEqual(tested.sort(), [...root.napi.targets].sort());
  assert.deepEqual(workflow.jobs.publish.needs, ['test', 'test-musl']);
});

test('the main package as packed has no .node, no install script, and every file it points to', () => {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const files = JSON.parse(result.stdout)[0].files.map((file) => file.path);
  assert.deepEqual(files.filter((path) => path.endsWith('.node')), [], 'the platform packages carry the addon');
  assert.ok(!files.includes('binding.gyp'), 'a binding.gyp would make npm run node-gyp at install');
  for (const script of ['preinstall', 'install', 'postinstall']) assert.equal(root.scripts[script], undefined, `no ${script} script`);
  const pointedTo = [root.main, root.types, ...Object.values(root.bin), ...exportTargets(root.exports)];
  for (const target of pointedTo) assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is packed`);
});

test('the platform packages are added at release, by napi pre-publish, at the same version', () => {
  // Listing them in the committed package.json would make `npm ci` on a fresh clone fail (the
  // lockfile cannot hold packages that are not published yet) and have every checkout ask the
  // registry for them; napi pre-publish writes them just before the main package is packed.
  assert.match(root.scripts.prepublishOnly, /^napi pre-publish\b/);
  assert.match(root.scripts.artifacts, /^napi artifacts\b/);
  assert.equal(root.optionalDependencies, undefined);
});

function exportTargets(exportsField) {
  if (typeof exportsField === 'string') return [exportsField];
  return Object.values(exportsField).flatMap(exportTargets);
}
