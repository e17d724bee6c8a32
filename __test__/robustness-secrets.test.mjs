// Issue 14, classes 6 and 8: no output of a credential process and no URL userinfo ever reaches
// an error, an event or a CLI line; a failing credential_process is reported with a fixed text
// ("credential_process for profile X failed (exit N)"); detectCredentials explains a missing or
// broken profile.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { detectCredentials, discoverBedrockModels, streamBedrock } from '../dist/index.js';
import { clearDiscoveryCache } from '../dist/testing.js';
import { native } from '../dist/native/binding.js';
import { startFakeBedrock, text } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment, setEnvForTest } from './helpers/aws-env.mjs';
import { assertClean, assertPiError, assertTypedError, within, runCli } from './helpers/bounded-failure.mjs';
import { piModel, rawRequest, runNative, runPi, trapUnhandledRejections, userText } from './helpers/robustness.mjs';

const PROCESS_SECRET = 'TOKEN-FROM-CREDENTIAL-PROCESS-9f2c';
const URL_PASSWORD = 'hunter2-url-password';
const BOUND_MS = 10_000;

let fake;
let rejections;
let awsDir;
before(async () => {
  isolateAwsEnvironment();
  rejections = trapUnhandledRejections();
  fake = await startFakeBedrock();
  awsDir = mkdtempSync(join(tmpdir(), 'bedrock-native-secrets-'));
  const script = (name, body) => {
    const path = join(awsDir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const failing = script('failing.sh', `echo "error: token ${PROCESS_SECRET} rejected" >&2\necho "${PROCESS_SECRET}"\nexit 2`);
  const garbage = script('garbage.sh', `echo "{not json ${PROCESS_SECRET}"\necho "${PROCESS_SECRET}" >&2\nexit 0`);
  writeFileSync(
    join(awsDir, 'config'),
    [
      '[profile proc]',
      `credential_process = ${failing} --token ${PROCESS_SECRET}`,
      'region = us-east-1',
      '[profile garbage]',
      `credential_process = ${garbage}`,
      '[profile broken-role]',
      'role_arn = arn:aws:iam::123456789012:role/Bedrock',
      'source_profile = does-not-exist',
      '[profile empty]',
      'region = us-west-2',
      '',
    ].join('\n'),
  );
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  native().clearClientCache();
  clearDiscoveryCache();
});

/** Profile credentials only: the environment's access keys would come first in the chain. */
function useProfiles(t, extra = {}) {
  setEnvForTest(t, {
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_CONFIG_FILE: join(awsDir, 'config'),
    ...extra,
  });
}


describe('a failing credential_process', () => {
  test('detectCredentials reports a fixed text with the exit code', async (t) => {
    useProfiles(t);
    const report = await within(BOUND_MS, detectCredentials({ profile: 'proc' }));
    assert.equal(report.detected, false);
    assert.equal(report.source, 'credential-process');
    assert.equal(report.error, 'credential_process for profile proc failed (exit 2)');
  });

  test('output that is not credentials is reported without the output', async (t) => {
    useProfiles(t);
    const report = await within(BOUND_MS, detectCredentials({ profile: 'garbage' }));
    assert.equal(report.detected, false);
    assert.match(report.error, /^credential_process for profile garbage /);
    assertClean(report.error, [PROCESS_SECRET]);
  });

  test('converseStream and streamBedrock fail with the same fixed text', async (t) => {
    useProfiles(t);
    const { error } = await within(BOUND_MS, runNative(rawRequest(), { endpoint: fake.url, profile: 'proc', maxAttempts: 1 }));
    assertTypedError(error, 'CredentialsError', { secrets: [PROCESS_SECRET], messageMatches: /credential_process for profile proc failed \(exit 2\)/ });
    const { terminal } = await within(BOUND_MS, runPi(streamBedrock(piModel(fake.url), { messages: [userText('Hi')] }, { profile: 'proc', maxAttempts: 1 })));
    assertPiError(terminal, { secrets: [PROCESS_SECRET], messageMatches: /credential_process for profile proc failed/ });
  });

  test('discovery reports it in errors without the output', async (t) => {
    useProfiles(t);
    const discovery = await within(BOUND_MS, discoverBedrockModels({ endpoint: fake.url, profile: 'proc' }));
    assert.ok(discovery.errors.length > 0);
    assertClean(JSON.stringify(discovery), [PROCESS_SECRET]);
  });

  test('no CLI command prints the output, and each exits non-zero', async () => {
    const env = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_CONFIG_FILE: join(awsDir, 'config'), AWS_PROFILE: 'proc' };
    for (const args of [['chat', 'Hi', '--endpoint', fake.url], ['models', 'list', '--endpoint', fake.url], ['doctor', '--endpoint', fake.url]]) {
      const run = await runCli(args, env);
      assert.notEqual(run.code, 0, `${args[0]} exit code`);
      assertClean(run.stdout + run.stderr, [PROCESS_SECRET]);
    }
  });
});

describe('URL userinfo is never printed', () => {
  const withPassword = (url) => url.replace('http://', `http://admin:${URL_PASSWORD}@`);

  test('doctor with --endpoint and with AWS_ENDPOINT_URL_BEDROCK', async () => {
    const viaOption = await runCli(['doctor', '--endpoint', withPassword(fake.url)]);
    assertClean(viaOption.stdout + viaOption.stderr, [URL_PASSWORD]);
    assert.match(viaOption.stdout, /127\.0\.0\.1/);
    const viaEnv = await runCli(['doctor'], { AWS_ENDPOINT_URL_BEDROCK: withPassword(fake.url), AWS_ENDPOINT_URL_BEDROCK_RUNTIME: withPassword(fake.url) });
    assertClean(viaEnv.stdout + viaEnv.stderr, [URL_PASSWORD]);
  });

  test('stream errors for an endpoint or a proxy with a password', async (t) => {
    const { error } = await within(BOUND_MS, runNative(rawRequest(), { endpoint: `http://admin:${URL_PASSWORD}@127.0.0.1:1`, maxAttempts: 1 }));
    assertTypedError(error, /./, { secrets: [URL_PASSWORD] });
    setEnvForTest(t, { HTTPS_PROXY: `http://admin:${URL_PASSWORD}@127.0.0.1:1`, HTTP_PROXY: `http://admin:${URL_PASSWORD}@127.0.0.1:1` });
    native().clearClientCache();
    const proxied = await within(BOUND_MS, runNative(rawRequest(), { endpoint: fake.url, maxAttempts: 1 }));
    if (proxied.error) assertTypedError(proxied.error, /./, { secrets: [URL_PASSWORD] });
    const discovery = await within(BOUND_MS, discoverBedrockModels({ endpoint: `http://admin:${URL_PASSWORD}@127.0.0.1:1`, refreshInterval: 0 }));
    assertClean(JSON.stringify(discovery), [URL_PASSWORD]);
  });
});

describe('detectCredentials explains a missing or broken profile', () => {
  test('AWS_PROFILE names a profile that does not exist', async (t) => {
    useProfiles(t, { AWS_PROFILE: 'nope' });
    const report = await within(BOUND_MS, detectCredentials());
    assert.equal(report.detected, false);
    assert.equal(report.profile, 'nope');
    assert.match(report.error ?? '', /profile nope/);
    assert.match(report.error, /not (found|defined)|missing|does not exist/i);
  });

  test('the profile option names a profile that does not exist', async (t) => {
    useProfiles(t);
    const report = await within(BOUND_MS, detectCredentials({ profile: 'nope' }));
    assert.equal(report.detected, false);
    assert.match(report.error ?? '', /profile nope/);
  });

  test('a profile with a role whose source profile is missing', async (t) => {
    useProfiles(t);
    const report = await within(BOUND_MS, detectCredentials({ profile: 'broken-role' }));
    assert.equal(report.detected, false);
    assert.match(report.error ?? '', /does-not-exist|source_profile/);
  });

  test('a profile without any credentials', async (t) => {
    useProfiles(t);
    const report = await within(BOUND_MS, detectCredentials({ profile: 'empty' }));
    assert.equal(report.detected, false);
    assert.match(report.error ?? '', /profile empty/);
  });
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
