// The runtimes of the matrix and how to run the smoke under one of them: Node 20 is this
// machine's; the others come from the registry's `node` and `bun` packages in
// __test__/fixtures/runtimes (installed by .ci/run with `npm ci --prefix __test__/fixtures/runtimes`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../fake-bedrock/server.mjs';

const run = promisify(execFile);
const fixture = (relative) => fileURLToPath(new URL(`../fixtures/runtimes/node_modules/${relative}`, import.meta.url));

export const RUNTIMES = [
  { name: 'Node 20 (this machine)', path: process.execPath, version: /^v20\./ },
  { name: 'Node 22', path: fixture('node22/bin/node'), version: /^v22\./ },
  { name: 'Node 24', path: fixture('node24/bin/node'), version: /^v24\./ },
  { name: 'Node 26', path: fixture('node26/bin/node'), version: /^v26\./ },
  { name: 'Bun 1.4', path: fixture('.bin/bun'), version: /^1\.4\./ },
];

/**
 * The environment of a key-pair user of the fake Bedrock, cut off from the host's AWS files,
 * proxies and instance metadata. Credentials are in the starting environment: under Bun the addon
 * does not see variables set from JavaScript.
 */
export function smokeEnvironment(endpoint, base = process.env) {
  const kept = Object.entries(base).filter(([name]) => !name.startsWith('AWS_') && !/^(https?|no|all)_proxy$/i.test(name) && name !== 'NAPI_RS_NATIVE_LIBRARY_PATH');
  return {
    ...Object.fromEntries(kept),
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/bedrock-native-smoke/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bedrock-native-smoke/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    SMOKE_ENDPOINT: endpoint,
  };
}

/**
 * Runs the smoke script under the runtime, asynchronously (the fake Bedrock answers from this
 * process). Resolves to the runtime's version and the smoke's steps; a failed step rejects with
 * its report.
 */
export async function runSmoke(runtime, script, endpoint, { cwd, env = process.env } = {}) {
  const { stdout: version } = await run(runtime.path, ['--version'], { encoding: 'utf8' });
  try {
    const { stdout } = await run(runtime.path, [script], { cwd, env: smokeEnvironment(endpoint, env), encoding: 'utf8', timeout: 120_000 });
    return { version: version.trim(), steps: stdout.trim().split('\n').map((line) => JSON.parse(line)) };
  } catch (error) {
    throw new Error(`smoke failed under ${runtime.name}: ${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout === undefined ? error.message : ''}`);
  }
}
