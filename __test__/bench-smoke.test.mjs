// The benchmark suite at tiny sizes, so that it cannot rot: it must run to the end and report
// numbers for both providers. No timing is asserted.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));

test('npm run bench --smoke runs and reports both providers', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-bench-smoke-'));
  const out = join(dir, 'smoke.json');
  try {
    const { code, stderr } = await new Promise((resolve) => {
      execFile(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], { cwd: root, timeout: 110_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? (error.code ?? 1) : 0, stderr });
      });
    });
    assert.equal(code, 0, `bench/run.mjs --smoke failed:\n${stderr}`);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    const { sections } = results;
    const bothNumbers = (entry, field, where) => {
      for (const provider of ['ours', 'theirs']) {
        assert.equal(typeof entry[provider]?.[field], 'number', `${where}: ${provider}.${field}`);
      }
    };
    bothNumbers(sections.import.standalone, 'importMs', 'import');
    bothNumbers(sections.import.standalone, 'importPlusFirstStreamMs', 'import');
    for (const field of ['firstEventMs', 'totalMs', 'cpuPer10kEventsMs', 'peakRssMb']) bothNumbers(sections.flood, field, 'flood');
    const concurrent = Object.values(sections.concurrent);
    assert.equal(concurrent.length, 2);
    for (const entry of concurrent) {
      for (const field of ['wallMs', 'cpuMs', 'slowestFirstEventMs', 'peakRssMb']) bothNumbers(entry, field, `${entry.streams} concurrent`);
    }
    bothNumbers(sections.warm, 'warmFirstEventMs', 'warm');
    assert.equal(typeof sections.warm.server.warmFirstEventMs, 'number');
    const toolSizes = Object.values(sections.toolArgs.sizes);
    assert.equal(toolSizes.length, 2);
    for (const entry of toolSizes) bothNumbers(entry, 'cpuMs', 'tool arguments');
    if (sections.discover) assert.equal(typeof sections.discover.ours.cachedMs, 'number');
    else assert.ok(results.skipped.some((entry) => entry.section === 'discover'), 'discover neither measured nor skipped');
    assert.ok(results.targets.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
