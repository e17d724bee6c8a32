// Secrets audit: every error path (HTTP errors, in-stream errors, timeouts, resets, bad input,
// abort, wrong credentials) runs in a child process with known fake secrets, and none of them may
// appear in anything it writes — events, errors, onPayload objects, logs — nor in the CLI's
// `doctor` output. The placeholders `<authenticated>` and `__aws_sdk_auth__` are never sent as
// credentials, and TLS certificates are verified.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { makeCertificates } from '../bench/tls.mjs';
import { HTTP_ERRORS, beforeHeaders, midStream, startFakeBedrock, streamException, text } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { rawRequest, runNative } from './helpers/robustness.mjs';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./helpers/secrets-child.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

const ACCESS_KEY_ID = 'AKIDSECRETSAUDIT0001';
const SECRETS = {
  secretAccessKey: 'secret-key-MUST-NOT-LEAK-5f2c9a',
  sessionToken: 'session-token-MUST-NOT-LEAK-8d1e47',
  bearerToken: 'bearer-token-MUST-NOT-LEAK-3b6f10',
  wrongSecret: 'wrong-secret-MUST-NOT-LEAK-77aa01',
  wrongSessionToken: 'wrong-session-MUST-NOT-LEAK-19cd02',
  wrongBearer: 'wrong-bearer-MUST-NOT-LEAK-42ef03',
};
const PLACEHOLDERS = ['<authenticated>', '__aws_sdk_auth__'];

/** What the fake answers, by model id: one scenario per error path. */
const SCENARIOS = {
  ok: text('fine'),
  throttling: HTTP_ERRORS.throttling,
  internal: HTTP_ERRORS.internalServer,
  denied: HTTP_ERRORS.accessDenied,
  'stream-exception': streamException('throttlingException', { afterText: 'partial' }),
  'stall-first': beforeHeaders('stall'),
  'stall-mid': midStream('partial', { stall: true }),
  reset: midStream('partial', { destroy: true }),
  corrupt: midStream('partial', { corrupt: 'message' }, { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } }),
};

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock({
    keyPairs: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRETS.secretAccessKey, sessionToken: SECRETS.sessionToken }],
    bearerTokens: [SECRETS.bearerToken],
    defaultScenario: (request) => SCENARIOS[request.modelId] ?? SCENARIOS.ok,
  });
});
after(() => fake.close());

function childEnvironment(extra = {}) {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
    AWS_SESSION_TOKEN: SECRETS.sessionToken,
    SECRET_BEARER_TOKEN: SECRETS.bearerToken,
    WRONG_SECRET: SECRETS.wrongSecret,
    WRONG_SESSION_TOKEN: SECRETS.wrongSessionToken,
    WRONG_BEARER: SECRETS.wrongBearer,
    // Every log switch we know of, so that a secret logged anywhere would show.
    RUST_LOG: 'trace',
    RUST_BACKTRACE: '1',
    NODE_DEBUG: 'http,http2,net,tls,fetch',
    DEBUG: '*',
    ...extra,
  };
}

function assertNoSecret(output, where) {
  for (const [name, secret] of Object.entries(SECRETS)) {
    assert.ok(!output.includes(secret), `${name} appears in ${where}`);
  }
}

describe('every error path, in a child process', () => {
  let output;
  before(async () => {
    const env = childEnvironment({ FAKE_URL: fake.url, SCENARIO_IDS: Object.keys(SCENARIOS).join(',') });
    const { stdout, stderr } = await run(process.execPath, [CHILD], { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    output = { stdout, stderr };
  });

  test('ran every path', () => {
    const cases = JSON.parse(/^cases (\d+)$/m.exec(output.stdout)?.[1] ?? '0');
    assert.equal(cases, 7 * (Object.keys(SCENARIOS).length * 2 + 4));
    for (const code of ['InvalidSignatureException', 'UnrecognizedClientException', 'AccessDeniedException', 'ThrottlingException', 'TimeoutError', 'ConnectionError', 'ResponseError', 'InvalidRequest', 'AbortError']) {
      assert.ok(output.stdout.includes(`"code":"${code}"`), `a ${code} was reported`);
    }
    assert.match(output.stdout, /payload \{"modelId"/, 'onPayload objects were written');
  });

  test('no secret in any event, error, payload or log line', () => {
    assertNoSecret(output.stdout, 'stdout');
    assertNoSecret(output.stderr, 'stderr');
  });

  test('the placeholders were never sent as credentials, nor the secret key', () => {
    const authorizations = fake.requests.map((request) => request.headers.authorization ?? '');
    assert.ok(authorizations.some((header) => header.startsWith('Bearer ')), 'bearer requests were made');
    for (const header of authorizations) {
      for (const placeholder of PLACEHOLDERS) assert.ok(!header.includes(placeholder), `${placeholder} sent: ${header}`);
      assert.ok(!header.includes(SECRETS.secretAccessKey));
    }
    const placeholderRuns = fake.requests.filter((request) => request.headers['x-amz-security-token'] === SECRETS.sessionToken && request.auth.kind === 'sigv4');
    assert.ok(placeholderRuns.length > 0, 'placeholder runs fell back to SigV4');
  });
});

describe('the doctor command', { skip: !existsSync(CLI) && 'dist/cli/main.js is not built' }, () => {
  const doctor = (extra) =>
    run(process.execPath, [CLI, 'doctor', '--endpoint', fake.url, '--region', 'us-east-1'], { env: childEnvironment(extra), timeout: 30_000 }).catch(
      (failed) => failed, // a failing diagnosis exits non-zero; its output is still checked
    );

  for (const [name, extra] of [
    ['key pair with session token', {}],
    ['bearer token', { AWS_BEARER_TOKEN_BEDROCK: SECRETS.bearerToken }],
    ['wrong secret key', { AWS_SECRET_ACCESS_KEY: SECRETS.wrongSecret }],
    ['wrong bearer token', { AWS_BEARER_TOKEN_BEDROCK: SECRETS.wrongBearer }],
  ]) {
    test(`shows no secret (${name})`, async () => {
      const { stdout, stderr } = await doctor(extra);
      assert.match(stdout + stderr, /\S/, 'doctor printed a diagnosis');
      assertNoSecret(stdout, 'doctor stdout');
      assertNoSecret(stderr, 'doctor stderr');
    });
  }
});

describe('TLS', () => {
  let certificates;
  let tlsFake;
  before(async () => {
    certificates = makeCertificates();
    tlsFake = await startFakeBedrock({ tls: certificates.tls });
  });
  after(async () => {
    await tlsFake?.close();
    certificates?.cleanup();
  });

  test('a certificate the system does not trust is rejected, nothing is sent', async () => {
    const { error } = await runNative(rawRequest(), { endpoint: tlsFake.url, region: 'us-east-1', maxAttempts: 1 });
    assert.equal(error?.code, 'ConnectionError', String(error));
    assert.match(error.message, /certificate|UnknownIssuer/i);
    assert.equal(tlsFake.requests.length, 0);
  });
});

test('converseStream errors never echo the credentials they were given', async () => {
  const { error } = await runNative(rawRequest(), { endpoint: fake.url, region: 'us-east-1', maxAttempts: 1, bearerToken: SECRETS.wrongBearer });
  assert.equal(error?.code, 'AccessDeniedException');
  assertNoSecret(JSON.stringify({ ...error, message: error.message, stack: error.stack }), 'the error');
});
