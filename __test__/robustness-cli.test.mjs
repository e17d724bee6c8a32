// Issue 14: the CLI exits non-zero on every failure, with one readable line and no stack trace
// or panic text (it used to exit 0 after a silent empty answer).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { HTTP_ERRORS, events as step, midStream, startFakeBedrock, text } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { assertClean, runCli } from './helpers/bounded-failure.mjs';

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock();
});
after(() => fake.close());
beforeEach(() => fake.reset());


function assertFailedCleanly(run, what) {
  assert.ok(typeof run.code === 'number' && run.code !== 0, `${what}: exit code ${run.code}\n${run.stdout}${run.stderr}`);
  assert.doesNotMatch(run.stderr, STACK_TRACE, `${what}: stack trace\n${run.stderr}`);
  assertClean(run.stdout + run.stderr);
}

describe('chat', () => {
  const FAILURES = [
    { name: 'an empty 200 body', scenario: { steps: [] } },
    { name: 'a body cut after some text', scenario: { steps: [step.messageStart(), step.textDelta(0, 'Hel')] } },
    { name: 'a validation error', scenario: HTTP_ERRORS.invalidModelId },
    { name: 'persistent throttling', scenario: HTTP_ERRORS.throttling },
    { name: 'a connection reset mid-stream', scenario: midStream('Hel', { destroy: true }) },
  ];
  for (const { name, scenario } of FAILURES) {
    test(`${name}: non-zero exit and an error line`, async () => {
      fake.respondWith(scenario);
      const run = await runCli(['chat', 'Hi', '--endpoint', fake.url]);
      assertFailedCleanly(run, name);
      assert.match(run.stderr, /^error: .+/m);
    });
  }

  test('a model id too long for a URL', async () => {
    const run = await runCli(['chat', 'Hi', '--endpoint', fake.url, '--model', 'm'.repeat(70_000)]);
    assertFailedCleanly(run, 'long model id');
    assert.match(run.stderr, /modelId/);
    assert.ok(run.stderr.length < 4096, `stderr of ${run.stderr.length} chars`);
  });

  test('an endpoint that is no URL', async () => {
    const run = await runCli(['chat', 'Hi', '--endpoint', 'file:///etc/passwd']);
    assertFailedCleanly(run, 'file endpoint');
  });

  test('a healthy answer still exits 0', async () => {
    fake.respondWith(text('Hello there.'));
    const run = await runCli(['chat', 'Hi', '--endpoint', fake.url]);
    assert.equal(run.code, 0, run.stderr);
  });
});

describe('models list and doctor', () => {
  for (const endpoint of ['file:///etc/passwd', 'http://127.0.0.1:1', 'not a url']) {
    test(`models list --endpoint ${endpoint}`, async () => {
      assertFailedCleanly(await runCli(['models', 'list', '--endpoint', endpoint]), 'models list');
    });
    test(`doctor --endpoint ${endpoint}`, async () => {
      assertFailedCleanly(await runCli(['doctor', '--endpoint', endpoint]), 'doctor');
    });
  }

  test('models list --json with a failing discovery exits non-zero and still prints JSON', async () => {
    const run = await runCli(['models', 'list', '--json', '--endpoint', 'http://127.0.0.1:1']);
    assertFailedCleanly(run, 'models list --json');
    assert.ok(JSON.parse(run.stdout).errors.length > 0);
  });
});
