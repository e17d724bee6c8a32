// Runs the real `pi` CLI (pi-coding-agent 1.6.0 or 0.73.1, from __test__/fixtures/pi) the way a
// user does, but sealed off: its own HOME and PI_CODING_AGENT_DIR, the fake Bedrock on
// 127.0.0.1, and no way out to the internet. pi's own network calls (the pi.dev version check,
// install telemetry, package-update checks, model-catalogue refreshes) are switched off by
// PI_OFFLINE / PI_SKIP_VERSION_CHECK / PI_TELEMETRY; anything else that tries to leave goes through
// HTTP(S)_PROXY (which both pi lines install as undici's global dispatcher, Node 24 honours with
// NODE_USE_ENV_PROXY, and the native client honours) to a tripwire proxy that records the attempt
// and refuses it at once. npm, which `pi install` runs, gets the tripwire as its registry.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../fake-bedrock/server.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PI_FIXTURE_DIR = join(REPO_ROOT, '__test__/fixtures/pi');
/** pi 1.6 needs Node >= 22.19; every host test runs on this one runtime. */
export const NODE24 = join(REPO_ROOT, '__test__/fixtures/runtimes/node_modules/node24/bin/node');

export const PI_CLIS = Object.freeze({
  '1.6': join(PI_FIXTURE_DIR, 'node_modules/@earendil-works/pi-coding-agent/dist/bundle/cli.js'),
  '0.73': join(PI_FIXTURE_DIR, 'node_modules/@mariozechner/pi-coding-agent/dist/cli.js'),
});

const LOOPBACK_HOSTS = '127.0.0.1,localhost';
const DEFAULT_RUN_TIMEOUT_MS = 60_000;

/**
 * Why the host tests cannot run here, or undefined when they can. In CI (`CI` set) a missing
 * fixture is a failure, not a skip: .ci/run installs it.
 */
export function piHostMissing() {
  const missing = [NODE24, ...Object.values(PI_CLIS)].filter((path) => !existsSync(path));
  if (missing.length === 0) return undefined;
  const reason = `pi host fixture not installed (npm ci --prefix __test__/fixtures/pi; npm ci --prefix __test__/fixtures/runtimes): missing ${missing.join(', ')}`;
  if (process.env.CI) throw new Error(reason);
  return reason;
}

/**
 * A forward proxy on 127.0.0.1 that lets nothing through: every request and CONNECT is recorded
 * in `attempts` and refused at once, so a stray connection fails fast and the test can see it.
 */
export async function startTripwireProxy() {
  const attempts = [];
  const server = http.createServer((req, res) => {
    attempts.push({ method: req.method, target: req.url, host: req.headers.host });
    res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
    res.end('blocked by the test tripwire: no internet in tests\n');
  });
  server.on('connect', (req, socket) => {
    attempts.push({ method: 'CONNECT', target: req.url, host: req.url });
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  server.unref();
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, attempts, close: () => new Promise((done) => server.close(done)) };
}

/**
 * A fresh user for pi: HOME and the agent dir in a temp folder, the fake Bedrock as the
 * amazon-bedrock endpoint (models.json, as a user re-points a provider), and the sealed
 * environment. `aws` adds to or (undefined values) removes from the AWS environment of a
 * key-pair user; `auth` is written as auth.json; `settings` as settings.json.
 */
export function createPiHome({ fake, tripwire, aws = {}, auth, settings = {} }) {
  const home = mkdtempSync(join(tmpdir(), 'bedrock-native-pi-'));
  const agentDir = join(home, '.pi', 'agent');
  const workDir = join(home, 'project');
  mkdirSync(agentDir, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  writeJson(join(agentDir, 'models.json'), { providers: { 'amazon-bedrock': { baseUrl: fake.url } } });
  writeJson(join(agentDir, 'settings.json'), { enableInstallTelemetry: false, ...settings });
  if (auth) writeJson(join(agentDir, 'auth.json'), auth);

  const awsEnv = {
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...aws,
  };
  const env = {
    PATH: `${dirname(NODE24)}:${process.env.PATH}`,
    HOME: home,
    TMPDIR: tmpdir(),
    TERM: 'dumb',
    NO_COLOR: '1',
    PI_CODING_AGENT_DIR: agentDir,
    PI_OFFLINE: '1',
    PI_SKIP_VERSION_CHECK: '1',
    PI_TELEMETRY: '0',
    ...sealedNetworkEnv(tripwire.url),
    ...npmUserEnv(home),
    ...awsEnv,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return {
    home,
    agentDir,
    workDir,
    env,
    readAuth: () => readJsonIfPresent(join(agentDir, 'auth.json')),
    readSettings: () => readJsonIfPresent(join(agentDir, 'settings.json')),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** npm's global prefix and cache inside the user's HOME: pi 0.73 installs packages with `npm install -g`. */
function npmUserEnv(home) {
  return { npm_config_prefix: join(home, '.npm-global'), npm_config_cache: join(home, '.npm') };
}

function sealedNetworkEnv(tripwireUrl) {
  return {
    HTTP_PROXY: tripwireUrl,
    HTTPS_PROXY: tripwireUrl,
    ALL_PROXY: tripwireUrl,
    http_proxy: tripwireUrl,
    https_proxy: tripwireUrl,
    NO_PROXY: LOOPBACK_HOSTS,
    no_proxy: LOOPBACK_HOSTS,
    NODE_USE_ENV_PROXY: '1',
    npm_config_registry: `${tripwireUrl}/`,
    npm_config_proxy: tripwireUrl,
    npm_config_https_proxy: tripwireUrl,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_fetch_retries: '0',
  };
}

/**
 * Runs `pi ARGS` (line '1.6' or '0.73') in the user's project folder with the sealed environment;
 * resolves with its exit code and output. A run longer than `timeoutMs` is killed and reported.
 */
export function runPi(user, args, { line = '1.6', timeoutMs = DEFAULT_RUN_TIMEOUT_MS, env = {}, cwd = user.workDir } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(NODE24, [PI_CLIS[line], ...args], {
      cwd,
      env: { ...user.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`pi ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts `pi --mode rpc` for a conversation over stdin/stdout: `send(command)` writes one JSON
 * command, `next(predicate, timeoutMs)` resolves with the first event (old or new) it accepts,
 * `close()` ends stdin and resolves with the exit code.
 */
export function startPiRpc(user, args = [], { line = '1.6' } = {}) {
  const child = spawn(NODE24, [PI_CLIS[line], '--mode', 'rpc', ...args], {
    cwd: user.workDir,
    env: user.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events = [];
  const waiters = new Set();
  let stderr = '';
  let buffered = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines.filter((entry) => entry.startsWith('{'))) {
      events.push(JSON.parse(line));
      for (const waiter of waiters) waiter();
    }
  });
  const exited = new Promise((done) => child.on('close', (code) => done(code)));
  return {
    events,
    send: (command) => child.stdin.write(`${JSON.stringify(command)}\n`),
    next: (predicate, timeoutMs = 30_000) =>
      new Promise((done, fail) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          done(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`no matching pi rpc event in ${timeoutMs} ms; events: ${JSON.stringify(events.map((event) => event.type))}; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async (timeoutMs = 30_000) => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return { code, stderr };
    },
  };
}

/** The JSON events of a `pi --mode json` run, one per line. */
export function jsonEvents(stdout) {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

let packedTarball;

/**
 * `npm pack` of this repository (dist, the addon and the manifest, as published), once per
 * process. Scripts are skipped: `prepare` would rebuild the addon.
 */
export function packBedrockNative() {
  if (packedTarball && existsSync(packedTarball)) return packedTarball;
  const destination = mkdtempSync(join(tmpdir(), 'bedrock-native-pack-'));
  const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const [{ filename, files }] = JSON.parse(output);
  const paths = new Set(files.map((file) => file.path));
  const required = ['package.json', 'dist/index.js', 'dist/hosts/pi-extension.js'];
  const absent = required.filter((path) => !paths.has(path));
  if (![...paths].some((path) => path.endsWith('.node'))) absent.push('*.node');
  if (absent.length > 0) throw new Error(`npm pack left out ${absent.join(', ')}`);
  packedTarball = join(destination, filename);
  return packedTarball;
}

/**
 * Installs the packed tarball the way a user installs a local build. pi 1.x:
 * `pi install npm:bedrock-native@file:<tarball>`. pi 0.73 reads `@file:…` as a pinned version
 * that the installed 0.1.0 never matches, so it would reinstall on every start (and, offline,
 * skip the package): there the tarball is unpacked and installed as a local path,
 * `pi install <folder>`, which 0.73 loads through the same `"pi"` manifest.
 */
export async function installBedrockNative(user, tarball, { line = '1.6' } = {}) {
  const source = line === '0.73' ? unpack(tarball, user.home) : `npm:bedrock-native@file:${tarball}`;
  const result = await runPi(user, ['install', source], { line, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`pi install ${source} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

function unpack(tarball, home) {
  const destination = join(home, 'unpacked');
  mkdirSync(destination, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', destination]);
  return join(destination, 'package');
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function readJsonIfPresent(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}
