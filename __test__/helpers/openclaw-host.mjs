// The real OpenClaw (fixtures/openclaw, run by the runtimes fixture's Node 24) in a sandbox: its own
// HOME, state and config, the fake Bedrock (and, on request, a fake IMDS) on 127.0.0.1, and no way
// off the machine: every proxy variable points at a closed local port, ClawHub and the npm registry
// at that port too, update checks and telemetry are off, and the network guard preloaded into each
// Node process refuses (and logs) any connection or lookup outside loopback.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REALISTIC_CATALOG } from '../../fake-bedrock/catalog.mjs';
import { ECS_KEY_PAIR, IMDS_KEY_PAIR, startFakeEcs, startFakeImds } from '../../fake-bedrock/imds.mjs';
import { TEST_ACCESS_KEY_ID, TEST_BEARER_TOKEN, TEST_KEY_PAIR, TEST_SECRET_ACCESS_KEY, startFakeBedrock } from '../../fake-bedrock/server.mjs';
import { refusedUrl } from './credential-env.mjs';
import { packForLocalInstall } from './release-tarballs.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE24 = join(REPO_ROOT, '__test__/fixtures/runtimes/node_modules/node24/bin/node');
export const OPENCLAW_ENTRY = join(REPO_ROOT, '__test__/fixtures/openclaw/node_modules/openclaw/openclaw.mjs');
const NETWORK_GUARD = pathToFileURL(fileURLToPath(new URL('./network-guard.mjs', import.meta.url))).href;
// An agent turn on a loaded 2-core machine takes up to a few minutes (most of it OpenClaw's setup).
const COMMAND_TIMEOUT_MS = 300_000;

/** Throws a message naming the install command when a fixture is missing (never a silent skip). */
export function assertOpenClawFixtures() {
  for (const [path, install] of [
    [NODE24, 'npm ci --prefix __test__/fixtures/runtimes'],
    [OPENCLAW_ENTRY, 'npm ci --prefix __test__/fixtures/openclaw'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`${install}\``);
  }
}

/** The package as a registry install delivers it (main + platform package), as one `npm-pack:` tarball. */
export function packPlugin() {
  return packForLocalInstall();
}

/**
 * Starts the sandbox. `credentials`: 'keys' (default, a key pair in the environment), 'bearer'
 * (a Bedrock API key only), 'imds' (an EC2 instance role only), 'container' (ECS/EKS container
 * credentials only) or 'none'.
 */
export async function startOpenClawHost({ credentials = 'keys' } = {}) {
  assertOpenClawFixtures();
  const root = mkdtempSync(join(tmpdir(), 'bedrock-native-openclaw-'));
  const dirs = { home: join(root, 'home'), state: join(root, 'state'), work: join(root, 'work') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const configPath = join(dirs.state, 'openclaw.json');
  const netLog = join(root, 'network-attempts.jsonl');
  const [fake, imds, ecs, closedPort] = await Promise.all([
    startFakeBedrock({ catalog: REALISTIC_CATALOG, keyPairs: [TEST_KEY_PAIR, IMDS_KEY_PAIR, ECS_KEY_PAIR], bearerTokens: [TEST_BEARER_TOKEN] }),
    credentials === 'imds' ? startFakeImds() : undefined,
    credentials === 'container' ? startFakeEcs() : undefined,
    refusedUrl(),
  ]);
  const env = {
    PATH: process.env.PATH,
    HOME: dirs.home,
    TMPDIR: tmpdir(),
    LANG: 'C.UTF-8',
    OPENCLAW_STATE_DIR: dirs.state,
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_NO_RESPAWN: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    OPENCLAW_TELEMETRY: '0',
    OPENCLAW_CLAWHUB_URL: closedPort,
    CLAWHUB_URL: closedPort,
    npm_config_registry: `${closedPort}/`,
    // npm looks up the optional peer (pi-ai) even though it installs no peers: fail that at once.
    npm_config_fetch_retries: '0',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    HTTP_PROXY: closedPort,
    HTTPS_PROXY: closedPort,
    ALL_PROXY: closedPort,
    http_proxy: closedPort,
    https_proxy: closedPort,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    NODE_USE_ENV_PROXY: '1',
    NODE_OPTIONS: `--import=${NETWORK_GUARD}`,
    BEDROCK_NATIVE_NET_LOG: netLog,
    NO_COLOR: '1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dirs.home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dirs.home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_BEDROCK: fake.url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.url,
    ...credentialEnv(credentials, { imds, ecs }),
  };
  const host = {
    root,
    dirs,
    configPath,
    fake,
    imds,
    ecs,
    env,
    /** Runs `openclaw ...args`; resolves `{ code, stdout, stderr }` (never rejects on a non-zero exit). */
    run: (args, { extraEnv = {}, timeoutMs = COMMAND_TIMEOUT_MS } = {}) =>
      runProcess(NODE24, [OPENCLAW_ENTRY, ...args], { cwd: dirs.work, env: { ...env, ...extraEnv }, timeoutMs }),
    readConfig: () => JSON.parse(readFileSync(configPath, 'utf8')),
    writeConfig: (config) => writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`),
    /** Every connection or lookup outside loopback any OpenClaw process tried (refused). */
    networkAttempts: () =>
      existsSync(netLog)
        ? readFileSync(netLog, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [],
    close: async () => {
      await Promise.all([fake.close(), imds?.close(), ecs?.close()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return host;
}

function credentialEnv(credentials, { imds, ecs }) {
  const noInstanceRole = { AWS_EC2_METADATA_DISABLED: 'true' };
  switch (credentials) {
    case 'keys':
      return { ...noInstanceRole, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };
    case 'bearer':
      return { ...noInstanceRole, AWS_BEARER_TOKEN_BEDROCK: TEST_BEARER_TOKEN };
    case 'imds':
      return { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url };
    case 'container':
      return { ...noInstanceRole, AWS_CONTAINER_CREDENTIALS_FULL_URI: ecs.fullUri };
    case 'none':
      return noInstanceRole;
    default:
      throw new Error(`unknown credentials kind: ${credentials}`);
  }
}

// Its own process group, so that a timeout also ends whatever OpenClaw started (workers, npm)
// and nothing holds the pipes open afterwards.
function runProcess(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // leftovers of a finished command
      const code = timedOut ? `killed after ${timeoutMs} ms` : (exitCode ?? signal);
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() });
    });
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function execFileText(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve({ stdout, stderr }),
    );
  });
}
