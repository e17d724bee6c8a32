// The README's first command: `npm start` runs the demo when no AWS credentials are configured,
// and the demo drives models list, doctor and chat against the bundled fake Bedrock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** Bun from the runtimes fixture (`npm ci --prefix __test__/fixtures/runtimes`). */
const BUN = fileURLToPath(new URL('./fixtures/runtimes/node_modules/.bin/bun', import.meta.url));

/** The environment of a machine with no AWS configuration at all. */
function bareEnvironment() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: '/nonexistent/bedrock-native-demo/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bedrock-native-demo/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function runCli(args, runtime = process.execPath) {
  return spawnSync(runtime, [CLI, ...args], { env: bareEnvironment(), encoding: 'utf8', timeout: 60_000 });
}

test('start without credentials runs the demo end to end', () => {
  const result = runCli(['start', 'Say hi']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /No AWS credentials are configured: running the demo/);
  assert.match(result.stdout, /\$ bedrock-native models list/);
  assert.match(result.stdout, /global\.anthropic\.claude-sonnet-4-5-20250929-v1:0 .* profile/);
  assert.match(result.stdout, /ok +ListFoundationModels +allowed/);
  assert.match(result.stdout, /ok +ConverseStream/);
  assert.match(result.stdout, /You said: "Say hi"/);
});

// Bun keeps process.env apart from the C environment: the demo's credentials, set from
// JavaScript, reach the native credential chain only because every native call passes them.
test('under Bun the demo signs in with the credentials it sets from JavaScript', () => {
  assert.ok(existsSync(BUN), `Bun is missing at ${BUN}: run npm ci --prefix __test__/fixtures/runtimes`);
  const result = runCli(['start', 'Say hi'], BUN);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /ok +ListFoundationModels +allowed/);
  assert.match(result.stdout, /ok +ConverseStream/);
  assert.match(result.stdout, /You said: "Say hi"/);
});

test('chat needs a prompt', () => {
  const result = runCli(['chat']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /usage: bedrock-native chat/);
});

test('chat reports a failure as an error line and exit code 1', () => {
  const result = runCli(['chat', 'hello', '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /error: /);
});
