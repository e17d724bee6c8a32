// The user's install: the release steps napi-rs runs (`napi artifacts` places the built .node in
// its platform package, `napi pre-publish` writes the platform packages into optionalDependencies),
// restricted to this machine's platform, then `npm pack` of the main and the platform package and
// an install of both tarballs into a fresh project with --ignore-scripts and no cargo on PATH.
// From there: the demo, converseStream(), a pi-ai stream and discovery (the runtime smoke), and
// the installed footprint.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeBedrock } from '../fake-bedrock/server.mjs';
import { thisNapiTarget } from './helpers/platform.mjs';
import { runSmoke } from './helpers/runtimes.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const NAPI = join(ROOT, 'node_modules', '.bin', 'napi');
const SMOKE = fileURLToPath(new URL('./helpers/runtime-smoke.mjs', import.meta.url));
const TARGET = thisNapiTarget();
const PLATFORM = TARGET.platformArchABI;
const PLATFORM_PACKAGE = `${root.name}-${PLATFORM}`;
const BINARY = `${root.napi.binaryName}.${PLATFORM}.node`;
const PI_AI_VERSION = root.devDependencies['@mariozechner/pi-ai'];
const MAX_INSTALLED_BYTES = 25 * 1024 * 1024;

const scratch = mkdtempSync(join(tmpdir(), 'bedrock-native-install-'));
const app = join(scratch, 'app');
/** PATH without any directory that holds cargo: the install must not need Rust. */
const env = { ...withoutCargo(process.env), npm_config_ignore_scripts: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
let fake;

before(async () => {
  fake = await startFakeBedrock();
});
after(async () => {
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('the tarballs install into a fresh project without scripts and without cargo, then work there', { timeout: 300_000 }, async (t) => {
  assert.ok(existsSync(join(ROOT, BINARY)), `${BINARY} is built (npm run build:native)`);
  assert.notEqual(spawnSync('cargo', ['--version'], { env }).status, 0, 'cargo is not on the PATH of the install');

  const stage = await stageRelease();
  const mainTarball = await pack(stage);
  const platformTarball = await pack(join(stage, 'npm', PLATFORM));
  const packed = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  assert.deepEqual(packed.optionalDependencies, { [PLATFORM_PACKAGE]: root.version }, 'napi pre-publish declares the platform package at the same version');

  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bedrock-native-consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--ignore-scripts', '--prefer-offline', mainTarball, platformTarball, `@mariozechner/pi-ai@${PI_AI_VERSION}`], { cwd: app, env, timeout: 240_000 });

  const installed = join(app, 'node_modules', root.name);
  const installedPlatform = join(app, 'node_modules', PLATFORM_PACKAGE);
  assert.deepEqual(filesUnder(installed).filter((file) => file.endsWith('.node')), [], 'the main package carries no addon');
  assert.ok(existsSync(join(installedPlatform, BINARY)), 'the platform package carries it');
  assert.ok(existsSync(join(app, 'node_modules', '.bin', 'bedrock-native')), 'the CLI is linked');

  copyFileSync(SMOKE, join(app, 'smoke.mjs'));
  const { steps } = await runSmoke({ name: 'Node (fresh install)', path: process.execPath }, join(app, 'smoke.mjs'), fake.url, { cwd: app, env });
  assert.deepEqual(steps.map((step) => [step.step, step.ok]), [['demo', true], ['converseStream', true], ['piAiStream', true], ['discovery', true]]);

  const footprint = {
    addon: statSync(join(installedPlatform, BINARY)).size,
    mainPackage: bytesUnder(installed),
    platformPackage: bytesUnder(installedPlatform),
    withPiAi: bytesUnder(join(app, 'node_modules')),
  };
  t.diagnostic(`installed footprint: ${JSON.stringify(Object.fromEntries(Object.entries(footprint).map(([k, v]) => [k, `${(v / 1048576).toFixed(1)} MB`])))}`);
  // The package has no runtime dependencies (pi-ai is a peer the host already has).
  assert.deepEqual(packed.dependencies ?? {}, {});
  assert.ok(footprint.mainPackage + footprint.platformPackage <= MAX_INSTALLED_BYTES, `installed size ${footprint.mainPackage + footprint.platformPackage} B is at most 25 MB`);
});

/**
 * A copy of what `npm pack` would take from the repository plus this platform's package
 * directory, with the built addon laid out and placed as the release workflow does it.
 */
async function stageRelease() {
  const stage = join(scratch, 'stage');
  const listing = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(listing.status, 0, listing.stderr);
  for (const { path } of JSON.parse(listing.stdout)[0].files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(stage, path));
  }
  cpSync(join(ROOT, 'npm', PLATFORM), join(stage, 'npm', PLATFORM), { recursive: true });
  mkdirSync(join(stage, 'artifacts'));
  copyFileSync(join(ROOT, BINARY), join(stage, 'artifacts', BINARY));
  // The release builds every target; here only this one exists, so napi sees only this one.
  writeFileSync(join(stage, 'napi.json'), JSON.stringify({ ...root.napi, targets: [TARGET.triple] }));
  const napi = ['--cwd', stage, '--config-path', 'napi.json'];
  await run(NAPI, ['artifacts', ...napi, '--output-dir', 'artifacts', '--npm-dir', 'npm'], { env });
  assert.ok(existsSync(join(stage, 'npm', PLATFORM, BINARY)), 'napi artifacts placed the addon in its platform package');
  await run(NAPI, ['pre-publish', ...napi, '--npm-dir', 'npm', '--tag-style', 'npm', '--no-gh-release', '--skip-optional-publish'], { env });
  return stage;
}

async function pack(dir) {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: dir, env });
  return join(scratch, JSON.parse(stdout)[0].filename);
}

function withoutCargo(environment) {
  const pathEntries = (environment.PATH ?? '').split(delimiter).filter((dir) => dir && !existsSync(join(dir, 'cargo')) && !existsSync(join(dir, 'cargo.exe')));
  const rest = Object.fromEntries(Object.entries(environment).filter(([name]) => !/^(CARGO|RUSTUP)_/.test(name)));
  return { ...rest, PATH: pathEntries.join(delimiter) };
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function bytesUnder(dir) {
  return filesUnder(dir).reduce((sum, file) => sum + statSync(file).size, 0);
}
