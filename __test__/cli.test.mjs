// The `bedrock-native` command (`models list`, `doctor`, `chat`) run as a child process against
// the fake Bedrock server with the realistic catalogue.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { REALISTIC_CATALOG } from '../fake-bedrock/catalog.mjs';
import { httpError } from '../fake-bedrock/scenarios.mjs';
import { startFakeBedrock, TEST_ACCESS_KEY_ID, TEST_BEARER_TOKEN, TEST_SECRET_ACCESS_KEY } from '../fake-bedrock/server.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { DEFAULT_IDS } from './helpers/discovery-expectations.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock({ catalog: REALISTIC_CATALOG });
});
after(() => fake.close());
beforeEach(() => fake.reset());

/** Runs the CLI (asynchronously: the fake answers from this process); resolves to its output. */
function run(args, env = process.env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

const cells = (line) => line.trim().split(/ {2,}/);
const denied = (action) => httpError(403, 'AccessDeniedException', `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ${action}`);

describe('bedrock-native models list', () => {
  it('prints a table of every discovered model', async () => {
    const { code, stdout } = await run(['models', 'list', '--endpoint', fake.url]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(cells(lines[0]), ['ID', 'NAME', 'INPUT', 'CONTEXT', 'MAX TOKENS', 'SOURCE']);
    const rows = lines.slice(1, -1).map(cells);
    assert.deepEqual(rows.map((row) => row[0]), DEFAULT_IDS);
    assert.deepEqual(
      rows.find((row) => row[0] === 'us.mistral.pixtral-large-2502-v1:0'),
      ['us.mistral.pixtral-large-2502-v1:0', 'US Mistral Pixtral Large 25.02', 'text+image', '128000', '8192', 'profile'],
    );
    assert.deepEqual(rows.find((row) => row[0] === 'cohere.command-r-v1:0').at(-1), 'foundation');
    assert.deepEqual(rows.find((row) => row[1] === 'team-chat').at(-1), 'app profile');
    assert.equal(lines.at(-1), `${DEFAULT_IDS.length} models in us-east-1`);
  });

  it('--json --provider prints the filtered discovery as JSON', async () => {
    const { code, stdout } = await run(['models', 'list', '--json', '--provider', 'Mistral AI', '--endpoint', fake.url]);
    assert.equal(code, 0);
    const discovery = JSON.parse(stdout);
    assert.deepEqual(discovery.models.map((m) => m.id), ['mistral.mistral-large-2402-v1:0', 'us.mistral.pixtral-large-2502-v1:0']);
    assert.deepEqual([discovery.partial, discovery.region, discovery.baseUrl], [false, 'us-east-1', 'https://bedrock-runtime.us-east-1.amazonaws.com']);
  });

  it('warns about a failed listing and still lists the rest', async () => {
    fake.failControlPlane('/inference-profiles', denied('bedrock:ListInferenceProfiles'), { times: 100 });
    const { code, stdout, stderr } = await run(['models', 'list', '--endpoint', fake.url, '--provider', 'cohere']);
    assert.equal(code, 0);
    assert.match(stdout, /^cohere\.command-r-v1:0 /m);
    assert.match(stdout, /1 models in us-east-1 \(partial\)/);
    assert.match(stderr, /warning: ListInferenceProfiles: AccessDeniedException: .*\(missing permission bedrock:ListInferenceProfiles\)/);
  });

  it('rejects unknown options with the usage', async () => {
    const { code, stderr } = await run(['models', 'list', '--bogus']);
    assert.equal(code, 2);
    assert.match(stderr, /usage: bedrock-native models list/);
  });
});

describe('bedrock-native doctor', () => {
  it('reports credentials, region, endpoint and three passing checks', async () => {
    const { code, stdout } = await run(['doctor', '--endpoint', fake.url]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Credentials +environment \(AWS_ACCESS_KEY_ID\)$/m);
    assert.match(stdout, /^Region +us-east-1 \(from AWS_REGION\)$/m);
    assert.match(stdout, new RegExp(`^Endpoint +${fake.url} \\(--endpoint\\)$`, 'm'));
    assert.match(stdout, /^ok +ListFoundationModels +allowed$/m);
    assert.match(stdout, /^ok +ListInferenceProfiles +allowed$/m);
    assert.match(stdout, /^ok +ConverseStream +global\.amazon\.nova-2-lite-v1:0 accepted the request \(HTTP 200\)$/m);
    assert.ok(!stdout.includes(TEST_SECRET_ACCESS_KEY));
    assert.equal(fake.requests.at(-1).modelId, 'global.amazon.nova-2-lite-v1:0');
  });

  it('names the permission each failing call is missing', async () => {
    fake.failControlPlane('/inference-profiles', denied('bedrock:ListInferenceProfiles'), { times: 100 });
    fake.enqueue(denied('bedrock:InvokeModelWithResponseStream'));
    const { code, stdout } = await run(['doctor', '--endpoint', fake.url, '--model', 'us.anthropic.claude-3-haiku-20240307-v1:0']);
    assert.equal(code, 1);
    assert.match(stdout, /^ok +ListFoundationModels/m);
    assert.match(stdout, /^FAIL +ListInferenceProfiles +AccessDeniedException: .* — missing permission bedrock:ListInferenceProfiles$/m);
    assert.match(stdout, /^FAIL +ConverseStream +us\.anthropic\.claude-3-haiku-20240307-v1:0: AccessDeniedException: .* — missing permission bedrock:InvokeModelWithResponseStream$/m);
  });

  it('says when no credentials are found', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const { code, stdout } = await run(['doctor', '--endpoint', fake.url], env);
    assert.equal(code, 1);
    assert.match(stdout, /^Credentials +none found/m);
    assert.match(stdout, /^FAIL +ListFoundationModels +CredentialsError/m);
  });
});

describe('bedrock-native chat honours its connection flags', () => {
  const NO_ENV_CREDENTIALS = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
  const chatRequests = () => fake.requests.filter((request) => request.operation === 'converseStream');

  it('--endpoint: the request goes to the given endpoint', async () => {
    const { code, stdout } = await run(['chat', 'ping', '--endpoint', fake.url]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /You said: "ping"/);
    assert.equal(chatRequests().length, 1);
  });

  it('--region: the request is signed for that region, over AWS_REGION', async () => {
    const { code, stdout } = await run(['chat', 'ping', '--endpoint', fake.url, '--region', 'eu-west-3']);
    assert.equal(code, 0, stdout);
    assert.equal(chatRequests()[0].auth.region, 'eu-west-3');
  });

  it('--profile: the named profile signs the request, not the default one or the environment', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, [
      '[default]', 'aws_access_key_id = AKIDUNKNOWNTOFAKE', 'aws_secret_access_key = not-accepted',
      '[dev]', `aws_access_key_id = ${TEST_ACCESS_KEY_ID}`, `aws_secret_access_key = ${TEST_SECRET_ACCESS_KEY}`, '',
    ].join('\n'));
    const env = { ...process.env, ...NO_ENV_CREDENTIALS, AWS_SHARED_CREDENTIALS_FILE: credentials };
    const { code, stdout, stderr } = await run(['chat', 'ping', '--endpoint', fake.url, '--profile', 'dev'], env);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /You said: "ping"/);
    assert.deepEqual([chatRequests()[0].auth.kind, chatRequests()[0].auth.accessKeyId], ['sigv4', TEST_ACCESS_KEY_ID]);
  });

  it('--bearer-token: the request carries the token instead of a signature', async () => {
    const { code, stdout, stderr } = await run(['chat', 'ping', '--endpoint', fake.url, '--bearer-token', TEST_BEARER_TOKEN],
      { ...process.env, ...NO_ENV_CREDENTIALS });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /You said: "ping"/);
    assert.deepEqual(chatRequests()[0].auth, { kind: 'bearer', ok: true });
    assert.ok(!stdout.includes(TEST_BEARER_TOKEN) && !stderr.includes(TEST_BEARER_TOKEN));
  });
});

describe('bedrock-native doctor --bearer-token', () => {
  it('reports the token as the credentials and every check passes with it', async () => {
    const { code, stdout } = await run(['doctor', '--endpoint', fake.url, '--bearer-token', TEST_BEARER_TOKEN],
      { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Credentials +bearer-token$/m);
    assert.equal(stdout.match(/^ok /gm).length, 3);
    assert.ok(!stdout.includes(TEST_BEARER_TOKEN));
    assert.deepEqual(new Set(fake.requests.map((request) => request.auth.kind)), new Set(['bearer']));
  });
});

describe('bedrock-native models list --bearer-token', () => {
  it('lists with the token instead of a signature', async () => {
    const { code, stdout } = await run(['models', 'list', '--endpoint', fake.url, '--bearer-token', TEST_BEARER_TOKEN],
      { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    assert.equal(code, 0, stdout);
    assert.equal(stdout.trimEnd().split('\n').at(-1), `${DEFAULT_IDS.length} models in us-east-1`);
    assert.deepEqual(new Set(fake.requests.map((request) => request.auth.kind)), new Set(['bearer']));
  });
});
