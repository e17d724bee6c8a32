// The dependency rules of ts/ (README, Development): which folder may import which, so that
// request/ and response/ never import each other, native/ depends on nothing of ours but the
// shared leaves (surrogates.ts, environment.ts), and no folder imports one that is built on it. Type-only imports count too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const TS_ROOT = fileURLToPath(new URL('../../ts/', import.meta.url));
const LEAVES = ['models.ts', 'surrogates.ts', 'environment.ts'];
/** Folders of shared leaves: protocol/ (pi-ai's event protocol, types only). */
const LEAF_FOLDERS = ['protocol/'];
/** Folder (or leaf) → what it may import besides itself. Top-level entry files may import anything. */
const ALLOWED = {
  leaf: ['leaf'],
  native: ['leaf', 'generated'],
  request: ['leaf'],
  response: ['leaf', 'native'],
  provider: ['leaf', 'native', 'request', 'response'],
  hosts: ['leaf', 'provider', 'request', 'discovery'],
  discovery: ['leaf', 'native'],
  cli: ['leaf', 'native', 'request', 'provider', 'discovery'],
};

function tsSources(dir = TS_ROOT) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative(TS_ROOT, path)] : [];
  });
}

/** The layer a ts/-relative path belongs to: its folder, `leaf`, `entry`, or `generated` (index.cjs/.d.ts). */
function layerOf(path) {
  if (path.startsWith('..')) return 'generated';
  if (LEAVES.includes(path) || LEAF_FOLDERS.some((folder) => path.startsWith(folder))) return 'leaf';
  return path.includes('/') ? path.split('/')[0] : 'entry';
}

function relativeImports(file) {
  const text = readFileSync(join(TS_ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\()\s*["'](\.[^"']+)["']/g)].map((match) => match[1]);
  return specifiers.map((specifier) => normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

describe('ts/ module rules', () => {
  const files = tsSources();

  it('finds the layout it checks', () => {
    for (const folder of Object.keys(ALLOWED).filter((name) => name !== 'leaf')) {
      assert.ok(files.some((file) => file.startsWith(`${folder}/`)), `ts/${folder}/ has modules`);
    }
  });

  it('every import goes to the same folder or one the folder may use', () => {
    const violations = files.flatMap((file) => {
      const from = layerOf(file);
      if (from === 'entry') return [];
      return relativeImports(file)
        .filter((target) => layerOf(target) !== from && !ALLOWED[from].includes(layerOf(target)))
        .map((target) => `${file} → ${target}`);
    });
    assert.deepEqual(violations, []);
  });

  it('request/ and response/ never import each other', () => {
    const crossing = files
      .filter((file) => ['request', 'response'].includes(layerOf(file)))
      .flatMap((file) => relativeImports(file).filter((target) => ['request', 'response'].includes(layerOf(target)) && layerOf(target) !== layerOf(file)).map((target) => `${file} → ${target}`));
    assert.deepEqual(crossing, []);
  });

  it('native/ imports only the generated binding, surrogates.ts and environment.ts (the env it passes)', () => {
    const imports = files.filter((file) => layerOf(file) === 'native').flatMap(relativeImports)
      .filter((target) => layerOf(target) !== 'native');
    assert.deepEqual([...new Set(imports)].sort(), ['../index.ts', 'environment.ts', 'surrogates.ts']);
  });
});
