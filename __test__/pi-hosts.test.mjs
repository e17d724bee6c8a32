// The real pi hosts on Node 24 (__test__/fixtures/pi, installed by .ci/run), against the fake
// Bedrock on 127.0.0.1 with every other connection refused by a tripwire proxy:
// - pi-ai 1.6.0's Models runtime with amazonBedrockProvider() (the suite in fixtures/pi/suites);
// - a project with only @earendil-works/pi-ai 1.6.0 and the packed tarball installed (a turn, and
//   tsc of a consumer: amazonBedrockProvider() is a 1.x Provider; the protocol-level checks
//   against both pi-ai lines are protocol-typecheck.test.mjs);
// - the pi CLI 1.6.0 and 0.73.1 after `pi install npm:bedrock-native@file:<tarball>`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startFakeBedrock } from '../fake-bedrock/server.mjs';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import {
  createPiHome,
  installBedrockNative,
  jsonEvents,
  NODE24,
  packBedrockNative,
  PI_FIXTURE_DIR,
  piHostMissing,
  runPi,
  startPiRpc,
  startTripwireProxy,
} from './helpers/pi-host.mjs';

const run = promisify(execFile);
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const skip = piHostMissing();
const SONNET_4_5 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const MODEL_ARGS = ['--provider', 'amazon-bedrock', '--model', SONNET_4_5];

let fake;
let tripwire;
before(async () => {
  if (skip) return;
  fake = await startFakeBedrock();
  tripwire = await startTripwireProxy();
});
after(async () => {
  await fake?.close();
  await tripwire?.close();
});

/**
 * Runs a file of node:test suites on Node 24 from the fixture folder (so bare imports are the
 * fixture's packages) and requires every one of its tests to pass. NODE_TEST_CONTEXT is dropped:
 * inherited from this runner, it would make the inner runner report to us instead of running.
 */
async function runNode24Suite(file) {
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  let output;
  try {
    output = await run(NODE24, ['--test', '--test-reporter=spec', join(PI_FIXTURE_DIR, 'suites', file)], {
      cwd: PI_FIXTURE_DIR,
      timeout: 180_000,
      env: { ...env, NO_COLOR: '1' },
    });
  } catch (error) {
    assert.fail(`${file} failed on Node 24:\n${error.stdout}\n${error.stderr}`);
  }
  const count = (name) => Number(output.stdout.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1]);
  assert.ok(count('tests') > 0, `${file} ran no test:\n${output.stdout}`);
  assert.equal(count('pass'), count('tests'), output.stdout);
}

/** The user-agent of the last Converse call: ours is the Rust SDK's, pi's own the JS SDK's. */
function lastConverseUserAgent() {
  return fake.requests.findLast((request) => request.operation === 'converseStream')?.headers['user-agent'] ?? '';
}

describe('pi-ai 1.6.0 Models with amazonBedrockProvider() (Node 24)', { skip }, () => {
  it('passes the Models suite', () => runNode24Suite('pi-ai-models.mjs'));
});

/**
 * A user's project: the packed tarball installed by npm (offline: it has no dependencies) and
 * the given pi-ai packages (name → folder) linked in, nothing else.
 */
async function consumerProject(user, name, piAiPackages) {
  const project = join(user.home, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--legacy-peer-deps', '--no-save', packBedrockNative()], { cwd: project, env: user.env });
  for (const [packageName, folder] of Object.entries(piAiPackages)) {
    mkdirSync(join(project, 'node_modules', dirname(packageName)), { recursive: true });
    symlinkSync(folder, join(project, 'node_modules', packageName));
  }
  return project;
}

/** `tsc --noEmit` of one consumer file in `project`, strict, as a NodeNext ESM project. */
async function typecheck(project, consumerFile) {
  copyFileSync(join(PI_FIXTURE_DIR, 'suites', consumerFile), join(project, consumerFile));
  const compilerOptions = { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: true, types: [] };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [consumerFile] }));
  try {
    await run(process.execPath, [TSC, '-p', project], { cwd: project, timeout: 120_000 });
  } catch (error) {
    assert.fail(`tsc ${consumerFile}:\n${error.stdout}${error.stderr}`);
  }
}

describe('a project with only @earendil-works/pi-ai 1.6.0 and the packed package', { skip }, () => {
  let user;
  let project;
  before(async () => {
    if (skip) return;
    user = createPiHome({ fake, tripwire });
    project = await consumerProject(user, 'only-new-scope', { '@earendil-works/pi-ai': join(PI_FIXTURE_DIR, 'node_modules/@earendil-works/pi-ai') });
  });
  after(() => user?.remove());

  it('streams through createModels() + amazonBedrockProvider() with no @mariozechner package anywhere', async () => {
    writeFileSync(join(project, 'turn.mjs'), LIBRARY_TURN);
    fake.reset();
    fake.respondWith(scenarios.text('Only the new scope.'));
    const { stdout } = await run(NODE24, ['turn.mjs', fake.url], { cwd: project, env: user.env, timeout: 60_000 });
    const result = JSON.parse(stdout);
    assert.equal(result.oldScope, 'absent');
    assert.equal(result.stopReason, 'stop', result.errorMessage);
    assert.equal(result.text, 'Only the new scope.');
    assert.doesNotMatch(lastConverseUserAgent(), /aws-sdk-js/);
    assert.deepEqual(tripwire.attempts, []);
  });

  it('type-checks a consumer against pi-ai 1.6\'s types', () => typecheck(project, 'consumer-pi-ai-1.6.ts'));
});

const LIBRARY_TURN = `
import { createModels } from '@earendil-works/pi-ai';
import { amazonBedrockProvider } from 'bedrock-native';
let oldScope = 'absent';
try { import.meta.resolve('@mariozechner/pi-ai'); oldScope = 'present'; } catch {}
const models = createModels();
models.setProvider(amazonBedrockProvider());
const model = { ...models.getModel('amazon-bedrock', '${SONNET_4_5}'), baseUrl: process.argv[2] };
const message = await models.completeSimple(model, { messages: [{ role: 'user', content: 'Hi', timestamp: Date.now() }] });
console.log(JSON.stringify({ oldScope, stopReason: message.stopReason, errorMessage: message.errorMessage, text: message.content.map((block) => block.text).join('') }));
`;

describe('pi CLI 1.6.0 after pi install npm:bedrock-native@file:<tarball>', { skip }, () => {
  let user;
  before(async () => {
    if (skip) return;
    user = createPiHome({ fake, tripwire });
    await installBedrockNative(user, packBedrockNative());
  });
  after(() => user?.remove());

  it('records the package in the user settings', () => {
    const { packages } = user.readSettings();
    assert.equal(packages.length, 1);
    assert.match(JSON.stringify(packages[0]), /^"npm:bedrock-native@file:\//);
    assert.ok(existsSync(join(user.agentDir, 'npm/node_modules/bedrock-native/package.json')));
    assert.ok(!existsSync(join(user.agentDir, 'npm/node_modules/@mariozechner')), 'no peer was installed');
  });

  it('answers a pi -p text turn through bedrock-native', async () => {
    fake.reset();
    fake.respondWith(scenarios.text('Hello from pi and bedrock-native.'));
    const result = await runPi(user, ['-p', ...MODEL_ARGS, 'Say hi']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'Hello from pi and bedrock-native.');
    assert.doesNotMatch(lastConverseUserAgent(), /aws-sdk-js/);
    assert.deepEqual(tripwire.attempts, []);
  });

  it('runs a tool round trip (pi reads a file, then answers)', async () => {
    writeFileSync(join(user.workDir, 'note.txt'), 'The secret word is pelican.\n');
    fake.reset();
    fake.enqueue(scenarios.toolUse({ id: 'tooluse_read1', name: 'read', inputFragments: ['{"path":', ' "note.txt"}'] }));
    fake.respondWith(scenarios.text('The note says pelican.'));
    const result = await runPi(user, ['-p', '--mode', 'json', ...MODEL_ARGS, 'What does note.txt say?']);
    assert.equal(result.code, 0, result.stderr);

    const converse = fake.requests.filter((request) => request.operation === 'converseStream');
    assert.equal(converse.length, 2);
    const toolResult = converse[1].body.messages.flatMap((entry) => entry.content).find((block) => block.toolResult);
    assert.equal(toolResult.toolResult.toolUseId, 'tooluse_read1');
    assert.match(JSON.stringify(toolResult.toolResult.content), /pelican/);
    const ends = jsonEvents(result.stdout).filter((event) => event.type === 'message_end' && event.message.role === 'assistant');
    assert.deepEqual(ends.map((event) => event.message.stopReason), ['toolUse', 'stop']);
  });

  it('continues a session (--continue) after an aborted turn', async () => {
    fake.reset();
    fake.respondWith(scenarios.midStream('Half an ans', { stall: true }));
    const rpc = startPiRpc(user, MODEL_ARGS);
    rpc.send({ id: 'p1', type: 'prompt', message: 'Tell me a long story' });
    await rpc.next((event) => event.type === 'message_update' && event.assistantMessageEvent?.type === 'text_delta');
    rpc.send({ id: 'a1', type: 'abort' });
    const aborted = await rpc.next((event) => event.type === 'message_end' && event.message.role === 'assistant');
    assert.equal(aborted.message.stopReason, 'aborted');
    const closed = await rpc.close();
    assert.equal(closed.code, 0, closed.stderr);

    fake.reset();
    fake.respondWith(scenarios.text('Picking up where we left off.'));
    const result = await runPi(user, ['-p', '--continue', ...MODEL_ARGS, 'Go on']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'Picking up where we left off.');
    const texts = JSON.stringify(fake.requests.at(-1).body.messages);
    assert.match(texts, /Tell me a long story/);
    assert.match(texts, /Go on/);
    assert.deepEqual(tripwire.attempts, []);
  });

  it('authenticates with the bearer token /login stored in auth.json, with no AWS keys', async (t) => {
    const tokenUser = createPiHome({
      fake,
      tripwire,
      aws: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
      auth: { 'amazon-bedrock': { type: 'api_key', key: 'fake-bedrock-api-key' } },
    });
    t.after(() => tokenUser.remove());
    await installBedrockNative(tokenUser, packBedrockNative());
    fake.reset();
    fake.respondWith(scenarios.text('Token accepted.'));
    const result = await runPi(tokenUser, ['-p', ...MODEL_ARGS, 'Hi']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'Token accepted.');
    assert.deepEqual(fake.requests.at(-1).auth, { kind: 'bearer', ok: true });
  });
});

describe('pi CLI 0.73.1 after pi install of the unpacked tarball', { skip }, () => {
  let user;
  before(async () => {
    if (skip) return;
    user = createPiHome({ fake, tripwire });
    await installBedrockNative(user, packBedrockNative(), { line: '0.73' });
  });
  after(() => user?.remove());

  it('answers a pi -p text turn through bedrock-native', async () => {
    fake.reset();
    fake.respondWith(scenarios.text('Hello from pi 0.73 and bedrock-native.'));
    const result = await runPi(user, ['-p', ...MODEL_ARGS, 'Say hi'], { line: '0.73' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'Hello from pi 0.73 and bedrock-native.');
    assert.doesNotMatch(lastConverseUserAgent(), /aws-sdk-js/);
    assert.deepEqual(tripwire.attempts, []);
  });
});

describe('the sealed pi environment', { skip }, () => {
  it('refuses and records any connection that tries to leave the machine', async (t) => {
    const user = createPiHome({ fake, tripwire });
    t.after(() => user.remove());
    const before = tripwire.attempts.length;
    const started = Date.now();
    const probe = "fetch('https://pi.dev/api/latest-version').then(() => console.log('reached'), () => console.log('refused'))";
    const { stdout } = await run(NODE24, ['-e', probe], { env: user.env, timeout: 10_000 });
    assert.equal(stdout.trim(), 'refused');
    assert.ok(Date.now() - started < 5000, 'fails fast');
    assert.deepEqual(tripwire.attempts.slice(before), [{ method: 'CONNECT', target: 'pi.dev:443', host: 'pi.dev:443' }]);
    tripwire.attempts.length = before;
  });
});
