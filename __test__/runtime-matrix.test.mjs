// The runtime matrix: the smoke (demo, converseStream(), a pi-ai stream, discovery) under this
// machine's Node, Node 22, 24 and 26, and Bun, the others taken from the registry's `node` and
// `bun` packages (__test__/fixtures/runtimes, installed by .ci/run). The full suites run on one
// runtime only.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeBedrock } from '../fake-bedrock/server.mjs';
import { RUNTIMES, runSmoke } from './helpers/runtimes.mjs';

const SMOKE = fileURLToPath(new URL('./helpers/runtime-smoke.mjs', import.meta.url));

let fake;
before(async () => {
  fake = await startFakeBedrock();
});
after(() => fake?.close());

for (const runtime of RUNTIMES) {
  test(`smoke under ${runtime.name}`, async () => {
    assert.ok(existsSync(runtime.path), `${runtime.path} is missing: run \`npm ci --prefix __test__/fixtures/runtimes\``);
    const { version, steps } = await runSmoke(runtime, SMOKE, fake.url);
    assert.match(version, runtime.version);
    assert.deepEqual(steps.map((step) => [step.step, step.ok]), [['demo', true], ['converseStream', true], ['piAiStream', true], ['discovery', true]]);
  });
}
