// The environment comes from JavaScript: every native call reads the `process.env` the caller
// sees, with an explicit `env` (a host's provider-scoped variables) on top. Guards
// ts/environment.ts callerEnvironment, ts/native/binding.ts and src/config/env.rs from_caller.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { converseStream, detectCredentials, discoverBedrockModels } from '../dist/index.js';
import { native, resolveTarget, withCallerEnvironment } from '../dist/native/binding.js';
import { startFakeBedrock, text, TEST_ACCESS_KEY_ID, TEST_BEARER_TOKEN, TEST_SECRET_ACCESS_KEY } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment, setEnvForTest } from './helpers/aws-env.mjs';

const hello = { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text: 'Hello' }] }] };
const NO_KEYS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };
const WRONG_SECRET = 'wrong-secret-value-that-must-stay-hidden';

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock();
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.respondWith(text('ok'));
});

async function call(options) {
  const events = [];
  try {
    for await (const event of converseStream(hello, { endpoint: fake.url, maxAttempts: 1, ...options })) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

describe('what crosses the edge', () => {
  it('exactly the variables the native side keeps: AWS_* and its named ones (proxies, SSL_CERT_FILE, HOME)', (t) => {
    const { prefixes, names } = native().environmentSelection();
    assert.deepEqual(prefixes, ['AWS_']);
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'SSL_CERT_FILE', 'HOME']) {
      assert.ok(names.includes(name), `${name} in ${names.join(' ')}`);
    }
    setEnvForTest(t, { BEDROCK_NATIVE_UNRELATED: 'x', AWS_SDK_UA_APP_ID: 'app' });
    const { env } = withCallerEnvironment({ env: { HOME: '/home/host', PI_CACHE_RETENTION: 'long' } });
    assert.equal(env.HOME, '/home/host');
    assert.equal(env.AWS_SDK_UA_APP_ID, 'app');
    const outside = Object.keys(env).filter((name) => !names.includes(name) && !name.startsWith('AWS_'));
    assert.deepEqual(outside, []);
  });
});

describe('the environment from JavaScript', () => {
  it('a key pair set in process.env after start signs the next request', async (t) => {
    setEnvForTest(t, NO_KEYS);
    const without = await call();
    assert.ok(without.error, 'no credentials: the call fails');
    process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
    const { error } = await call();
    assert.equal(error, undefined);
    assert.equal(fake.requests.at(-1).auth.ok, true);
  });

  it('a key pair given only in options.env is used', async (t) => {
    setEnvForTest(t, NO_KEYS);
    const { error } = await call({ env: { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY } });
    assert.equal(error, undefined);
    assert.equal(fake.requests.at(-1).auth.accessKeyId, TEST_ACCESS_KEY_ID);
    assert.equal(fake.requests.at(-1).auth.ok, true);
  });

  it('a bearer token given only in options.env is sent', async () => {
    const { error } = await call({ env: { AWS_BEARER_TOKEN_BEDROCK: TEST_BEARER_TOKEN } });
    assert.equal(error, undefined);
    assert.equal(fake.requests.at(-1).headers.authorization, `Bearer ${TEST_BEARER_TOKEN}`);
  });

  it('options.env overrides the process for one call only, as part of the client cache key, and never shows in errors', async () => {
    const wrong = await call({ env: { AWS_SECRET_ACCESS_KEY: WRONG_SECRET } });
    assert.ok(wrong.error, 'the overriding secret signs the request, which the fake rejects');
    assert.equal(fake.requests.at(-1).auth.ok, false);
    const shown = `${wrong.error.message} ${JSON.stringify(wrong.error)} ${String(wrong.error.stack)}`;
    assert.ok(!shown.includes(WRONG_SECRET) && !shown.includes(TEST_SECRET_ACCESS_KEY), shown);
    const again = await call();
    assert.equal(again.error, undefined, 'the process environment counts again: no client with the other key is reused');
    assert.equal(fake.requests.at(-1).auth.ok, true);
  });

  it('an explicit undefined unsets a process variable for the call', async () => {
    const { error } = await call({ env: { AWS_SECRET_ACCESS_KEY: undefined } });
    assert.ok(error, 'without the secret there is no key pair');
    assert.ok(!JSON.stringify({ message: error.message }).includes(TEST_SECRET_ACCESS_KEY));
  });

  it('region: options.env wins over process.env, which wins over the default', async (t) => {
    setEnvForTest(t, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: undefined });
    assert.deepEqual([resolveTarget().region, resolveTarget().regionSource], ['eu-west-1', 'AWS_REGION']);
    const passed = resolveTarget({ env: { AWS_REGION: 'ap-southeast-2' } });
    assert.deepEqual([passed.region, passed.runtimeEndpoint], ['ap-southeast-2', 'https://bedrock-runtime.ap-southeast-2.amazonaws.com']);
    const unset = resolveTarget({ env: { AWS_REGION: undefined } });
    assert.deepEqual([unset.region, unset.regionSource], ['us-east-1', 'default']);
  });

  it('discovery and credential detection read options.env', async (t) => {
    setEnvForTest(t, NO_KEYS);
    const env = { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };
    const discovery = await discoverBedrockModels({ endpoint: fake.url, refreshInterval: 0, env });
    assert.deepEqual([discovery.region, discovery.errors], ['eu-central-1', []]);
    const report = await detectCredentials({ env });
    assert.deepEqual([report.detected, report.source, report.region, report.regionSource], [true, 'environment', 'eu-central-1', 'AWS_REGION']);
    const bearer = await detectCredentials({ env: { AWS_BEARER_TOKEN_BEDROCK: 'token-from-env' } });
    assert.equal(bearer.source, 'bearer-token');
    assert.ok(!JSON.stringify(bearer).includes('token-from-env'));
    const none = await detectCredentials();
    assert.equal(none.source, 'none', 'the process environment has no keys: the passed ones were not kept');
  });
});
