// The napi-rs packages are consistent: every target in package.json's napi.targets has a
// platform package under npm/ (named, versioned and constrained as napi-rs expects) and an entry
// in the release workflow's build and test matrices; engines agree everywhere. (What the main
// package packs: package-layout.test.mjs.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

test('the platform packages are added at release, by napi pre-publish, at the same version', () => {
  // Listing them in the committed package.json would make `npm ci` on a fresh clone fail (the
  // lockfile cannot hold packages that are not published yet) and have every checkout ask the
  // registry for them; napi pre-publish writes them just before the main package is packed.
  assert.match(root.scripts.prepublishOnly, /^napi pre-publish\b/);
  assert.match(root.scripts.artifacts, /^napi artifacts\b/);
  assert.equal(root.optionalDependencies, undefined);
});

test('the test files the release workflow runs exist', () => {
  const text = readFileSync(new URL('.github/workflows/release.yml', ROOT), 'utf8');
  const named = [...text.matchAll(/__test__\/[\w./-]+\.test\.mjs/g)].map((match) => match[0]);
  assert.ok(named.length > 0);
  for (const path of named) assert.ok(existsSync(new URL(path, ROOT)), `${path} exists`);
});
