// Issue 14, class 1: legal but unusual AWS settings must not break anything. The AWS CLI documents
// `AWS_RETRY_MODE=legacy` and `retry_mode = legacy`; `AWS_MAX_ATTEMPTS` can hold anything. We retry
// ourselves, so the SDK's retry settings are irrelevant: every call answers as pi-ai's does, and
// nothing panics (a panic used to end the stream with no event at all: an empty "success").
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { detectCredentials, discoverBedrockModels, streamBedrock } from '../dist/index.js';
import { clearDiscoveryCache } from '../dist/testing.js';
import { native } from '../dist/native/binding.js';
import { text } from '../fake-bedrock/index.mjs';
import { setEnvForTest } from './helpers/aws-env.mjs';
import { assertClean, within, runCli } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runNative, runPi, trapUnhandledRejections, useIsolatedFake, userText } from './helpers/robustness.mjs';

const BOUND_MS = 10_000;

const fake = useIsolatedFake();
const rejections = trapUnhandledRejections();
beforeEach(() => {
  native().clearClientCache();
  clearDiscoveryCache();
});

function configFile(body) {
  const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-settings-'));
  const path = join(dir, 'config');
  writeFileSync(path, body);
  return path;
}

const HOSTILE_SETTINGS = [
  { name: 'AWS_RETRY_MODE=legacy', env: { AWS_RETRY_MODE: 'legacy' } },
  { name: 'AWS_RETRY_MODE=nonsense', env: { AWS_RETRY_MODE: 'nonsense' } },
  { name: 'AWS_MAX_ATTEMPTS=0', env: { AWS_MAX_ATTEMPTS: '0' } },
  { name: 'AWS_MAX_ATTEMPTS=abc', env: { AWS_MAX_ATTEMPTS: 'abc' } },
  { name: 'AWS_MAX_ATTEMPTS out of range', env: { AWS_MAX_ATTEMPTS: '99999999999' } },
  { name: 'AWS_MAX_ATTEMPTS=-1', env: { AWS_MAX_ATTEMPTS: '-1' } },
  { name: 'retry_mode = legacy in ~/.aws/config', env: () => ({ AWS_CONFIG_FILE: configFile('[default]\nretry_mode = legacy\n') }) },
  { name: 'max_attempts = 0 in ~/.aws/config', env: () => ({ AWS_CONFIG_FILE: configFile('[default]\nmax_attempts = 0\n') }) },
  {
    name: 'retry_mode = legacy in the named profile',
    env: () => ({ AWS_CONFIG_FILE: configFile('[profile work]\nretry_mode = legacy\nmax_attempts = abc\n'), AWS_PROFILE: 'work' }),
  },
];

const envOf = (setting) => (typeof setting.env === 'function' ? setting.env() : setting.env);

describe('unusual AWS retry settings are ignored: we retry ourselves', () => {
  for (const setting of HOSTILE_SETTINGS) {
    test(`${setting.name}: converseStream answers`, async (t) => {
      setEnvForTest(t, envOf(setting));
      fake.respondWith(text('All good.'));
      const { events, error } = await within(BOUND_MS, runNative(rawRequest(), { endpoint: fake.url, maxAttempts: 1 }));
      assert.equal(error, undefined, `no error expected, got ${error?.code}: ${error?.message}`);
      const answer = events.filter((e) => e.type === 'contentBlockDelta').map((e) => e.delta.text).join('');
      assert.equal(answer, 'All good.');
      assert.ok(events.some((e) => e.type === 'messageStop'));
    });

    test(`${setting.name}: streamBedrock answers (done, with the text)`, async (t) => {
      setEnvForTest(t, envOf(setting));
      fake.respondWith(text('All good.'));
      const { terminal } = await within(BOUND_MS, runPi(streamBedrock(piModel(fake.url), { messages: [userText('Hi')] }, { maxAttempts: 1 })));
      assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
      assert.deepEqual(terminal.message.content.map((block) => block.text), ['All good.']);
    });

    test(`${setting.name}: discovery resolves with models and no errors`, async (t) => {
      setEnvForTest(t, envOf(setting));
      const discovery = await within(BOUND_MS, discoverBedrockModels({ endpoint: fake.url, refreshInterval: 0 }));
      assert.deepEqual(discovery.errors, []);
      assert.ok(discovery.models.length > 0);
    });

    test(`${setting.name}: detectCredentials resolves`, async (t) => {
      setEnvForTest(t, envOf(setting));
      const report = await within(BOUND_MS, detectCredentials());
      assert.equal(report.detected, true, report.error);
      assert.equal(report.source, 'environment');
    });
  }
});


describe('the CLI under unusual settings', () => {
  for (const setting of HOSTILE_SETTINGS.slice(0, 4)) {
    test(`${setting.name}: chat, models list and doctor succeed without a stack trace`, async () => {
      const env = envOf(setting);
      fake.respondWith(text('All good.'));
      const chat = await runCli(['chat', 'Hi', '--endpoint', fake.url], env);
      assert.equal(chat.code, 0, chat.stderr);
      assert.match(chat.stdout, /All good\./);
      for (const args of [['models', 'list', '--endpoint', fake.url], ['doctor', '--endpoint', fake.url]]) {
        const run = await runCli(args, env);
        assert.equal(run.code, 0, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assertClean(run.stdout + run.stderr);
      }
    });
  }
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
