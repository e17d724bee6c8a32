// The package as a registry install delivers it, made from this checkout: the release steps
// napi-rs runs (`napi artifacts` places the built .node in its platform package, `napi
// pre-publish` writes the platform packages into optionalDependencies), restricted to this
// machine's platform, then `npm pack` of the main and the platform package. Shared by the
// tarball-install test and the host tests (pi, OpenClaw), which install the package the user's way.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thisNapiTarget } from './platform.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const NAPI = join(REPO_ROOT, 'node_modules', '.bin', 'napi');
const TARGET = thisNapiTarget();
export const PLATFORM = TARGET.platformArchABI;
export const PLATFORM_PACKAGE = `${root.name}-${PLATFORM}`;
export const BINARY = `${root.napi.binaryName}.${PLATFORM}.node`;

const quiet = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/**
 * Packs the main package and this platform's package into `scratch`.
 * Returns { stage, mainTarball, platformTarball, packed } (`packed`: the main package.json as published).
 */
export function packRelease(scratch, env = process.env) {
  if (!existsSync(join(REPO_ROOT, BINARY))) throw new Error(`${BINARY} is not built (npm run build:native)`);
  const stage = stageRelease(join(scratch, 'stage'), { ...env, ...quiet });
  const mainTarball = pack(stage, scratch, env);
  const platformTarball = pack(join(stage, 'npm', PLATFORM), scratch, env);
  const packed = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  return { stage, mainTarball, platformTarball, packed };
}

let localInstallTarball;

/**
 * One tarball a host can install by a single spec (`pi install npm:bedrock-native@file:…`,
 * `openclaw plugins install npm-pack:…`): the published main package whose optional platform
 * dependency points at the packed platform package instead of the registry, which has neither
 * here. Made once per process.
 */
export function packForLocalInstall() {
  if (localInstallTarball && existsSync(localInstallTarball)) return localInstallTarball;
  const scratch = mkdtempSync(join(tmpdir(), 'bedrock-native-pack-'));
  const { stage, platformTarball, packed } = packRelease(scratch);
  packed.optionalDependencies = { [PLATFORM_PACKAGE]: `file:${platformTarball}` };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(packed, null, 2)}\n`);
  const localScratch = join(scratch, 'local');
  mkdirSync(localScratch);
  localInstallTarball = pack(stage, localScratch, process.env);
  return localInstallTarball;
}

/** What `npm pack` takes from the repository, plus this platform's package with the addon placed by napi. */
function stageRelease(stage, env) {
  const listing = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', env });
  if (listing.status !== 0) throw new Error(`npm pack --dry-run failed: ${listing.stderr}`);
  for (const { path } of JSON.parse(listing.stdout)[0].files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    copyFileSync(join(REPO_ROOT, path), join(stage, path));
  }
  cpSync(join(REPO_ROOT, 'npm', PLATFORM), join(stage, 'npm', PLATFORM), { recursive: true });
  mkdirSync(join(stage, 'artifacts'));
  copyFileSync(join(REPO_ROOT, BINARY), join(stage, 'artifacts', BINARY));
  // The release builds every target; here only this one exists, so napi sees only this one.
  writeFileSync(join(stage, 'napi.json'), JSON.stringify({ ...root.napi, targets: [TARGET.triple] }));
  const napi = ['--cwd', stage, '--config-path', 'napi.json'];
  execFileSync(NAPI, ['artifacts', ...napi, '--output-dir', 'artifacts', '--npm-dir', 'npm'], { env, stdio: 'pipe' });
  if (!existsSync(join(stage, 'npm', PLATFORM, BINARY))) throw new Error('napi artifacts did not place the addon in its platform package');
  execFileSync(NAPI, ['pre-publish', ...napi, '--npm-dir', 'npm', '--tag-style', 'npm', '--no-gh-release', '--skip-optional-publish'], { env, stdio: 'pipe' });
  return stage;
}

function pack(dir, destination, env) {
  const stdout = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: dir, env: { ...env, ...quiet }, encoding: 'utf8' });
  return join(destination, JSON.parse(stdout)[0].filename);
}
