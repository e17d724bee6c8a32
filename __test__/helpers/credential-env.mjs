// Credential detection runs in child processes, each with an environment built from scratch
// (no host AWS variables, files or instance metadata), so cases cannot see each other's
// variables or cached reports. Also the fake STS / SSO portal and dead endpoints some cases need.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveOnLoopback } from '../../fake-bedrock/loopback.mjs';

const CHILD = fileURLToPath(new URL('./detect-credentials-child.mjs', import.meta.url));

export const STS_KEY_ID = 'ASIAFAKESTS000000001';
export const SSO_KEY_ID = 'ASIAFAKESSO000000001';
const SSO_START_URL = 'https://fake.awsapps.com/start';

/** A fresh HOME with `config` / `credentials` files (text, or absent when undefined). */
export function makeAwsHome({ config, credentials } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'bedrock-native-creds-'));
  mkdirSync(join(home, '.aws'));
  if (config !== undefined) writeFileSync(join(home, '.aws', 'config'), config);
  if (credentials !== undefined) writeFileSync(join(home, '.aws', 'credentials'), credentials);
  return home;
}

/** Writes the cached SSO token the SDK looks for (as `aws sso login` would). */
export function writeSsoToken(home) {
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const name = createHash('sha1').update(SSO_START_URL).digest('hex');
  const token = { accessToken: 'fake-sso-access-token', expiresAt: '2099-01-01T00:00:00Z', region: 'us-east-1', startUrl: SSO_START_URL };
  writeFileSync(join(cacheDir, `${name}.json`), JSON.stringify(token));
}

export const SSO_PROFILE = `[profile sso-user]
sso_start_url = ${SSO_START_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = BedrockUser
region = us-west-2
`;

/**
 * The environment of a child: only PATH, HOME and the given variables (undefined removes one).
 * Instance metadata is off unless a case turns it on.
 */
export function childEnv(home, variables = {}) {
  const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...variables };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Runs detectCredentials(options) in a child with `env`; resolves to `{ report, elapsedMs }`. */
export function detectInChild(env, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, JSON.stringify(options)], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** A fake STS (AssumeRoleWithWebIdentity) and SSO portal (GetRoleCredentials) on one port. */
export async function startFakeStsAndSso() {
  const counts = { sts: 0, sso: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url.startsWith('/federation/credentials')) {
        counts.sso += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ roleCredentials: { accessKeyId: SSO_KEY_ID, secretAccessKey: 'fake-sso-secret', sessionToken: 'fake-sso-session', expiration: Date.now() + 3_600_000 } }));
      } else if (body.includes('Action=AssumeRoleWithWebIdentity')) {
        counts.sts += 1;
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(assumeRoleWithWebIdentityResponse());
      } else {
        res.writeHead(404).end();
      }
    });
  });
  const loopback = await serveOnLoopback(server);
  return { url: `http://127.0.0.1:${loopback.port}`, counts, close: loopback.close };
}

function assumeRoleWithWebIdentityResponse() {
  return `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>${STS_KEY_ID}</AccessKeyId>
      <SecretAccessKey>fake-sts-secret</SecretAccessKey>
      <SessionToken>fake-sts-session</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:bedrock</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/bedrock/bedrock</Arn>
    </AssumedRoleUser>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>fake-sts-request</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused at once. */
export async function refusedUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A server on 127.0.0.1 that accepts connections and never answers (a filtered IMDS). */
export async function startBlackHole() {
  const sockets = new Set();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/**
 * Every credential source as a case `{ name, env, options, expected }` (expected: fields of the
 * report), with the fakes they need running. Shared by the tests and the timing benchmark.
 */
export async function startCredentialCases() {
  const { startFakeEcs, startFakeImds } = await import('../../fake-bedrock/imds.mjs');
  const { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } = await import('../../fake-bedrock/server.mjs');
  const [imds, ecs, stsSso, blackHole, refused] = await Promise.all([startFakeImds(), startFakeEcs(), startFakeStsAndSso(), startBlackHole(), refusedUrl()]);
  const keys = { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY };
  const empty = makeAwsHome();
  const staticProfiles = makeAwsHome({
    config: '[default]\nregion = ap-southeast-2\n[profile work]\nregion = eu-west-3\n[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/no-source\n[profile tool]\ncredential_process = node -e "console.log(JSON.stringify({Version:1,AccessKeyId:\'AKIDPROCESS\',SecretAccessKey:\'process-secret\'}))"\n',
    credentials: '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n',
  });
  const sso = makeAwsHome({ config: SSO_PROFILE });
  writeSsoToken(sso);
  const tokenFile = join(empty, 'web-identity-token');
  writeFileSync(tokenFile, 'fake-oidc-token');
  const onEc2 = { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url };

  const cases = [
    { name: 'bearer token first', env: childEnv(empty, { AWS_BEARER_TOKEN_BEDROCK: 'fake-api-key', ...keys }), expected: { source: 'bearer-token', envVar: 'AWS_BEARER_TOKEN_BEDROCK' } },
    { name: 'blank bearer token is unset', env: childEnv(empty, { AWS_BEARER_TOKEN_BEDROCK: '  ', ...keys }), expected: { source: 'environment', envVar: 'AWS_ACCESS_KEY_ID' } },
    { name: 'access key pair', env: childEnv(empty, { ...keys, AWS_REGION: 'eu-central-1' }), expected: { source: 'environment', region: 'eu-central-1', regionSource: 'AWS_REGION' } },
    { name: 'key pair beats AWS_PROFILE', env: childEnv(staticProfiles, { ...keys, AWS_PROFILE: 'work' }), expected: { source: 'environment', region: 'eu-west-3', regionSource: 'profile' } },
    { name: 'AWS_PROFILE with static keys', env: childEnv(staticProfiles, { AWS_PROFILE: 'work' }), expected: { source: 'profile', envVar: 'AWS_PROFILE', profile: 'work', region: 'eu-west-3' } },
    { name: 'default profile in the shared files', env: childEnv(staticProfiles), expected: { source: 'profile', region: 'ap-southeast-2', regionSource: 'profile' } },
    { name: 'credential_process profile', env: childEnv(staticProfiles), options: { profile: 'tool' }, expected: { source: 'credential-process', profile: 'tool' } },
    { name: 'SSO profile', env: childEnv(sso, { AWS_PROFILE: 'sso-user', AWS_ENDPOINT_URL_SSO: stsSso.url }), expected: { source: 'sso', envVar: 'AWS_PROFILE', region: 'us-west-2' } },
    {
      name: 'web identity',
      env: childEnv(empty, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/bedrock', AWS_ENDPOINT_URL_STS: stsSso.url, AWS_REGION: 'us-east-1' }),
      expected: { source: 'web-identity' },
    },
    { name: 'ECS container credentials', env: childEnv(empty, { AWS_CONTAINER_CREDENTIALS_FULL_URI: ecs.fullUri }), expected: { source: 'container' } },
    { name: 'EC2 instance role (IMDSv2)', env: childEnv(empty, onEc2), expected: { source: 'imds', region: 'us-east-1', regionSource: 'default' } },
    { name: 'AWS_PROFILE=default on EC2 without files', env: childEnv(empty, { ...onEc2, AWS_PROFILE: 'default' }), expected: { source: 'imds' } },
    { name: 'nothing, instance metadata disabled', env: childEnv(empty), expected: { source: 'none', detected: false } },
    { name: 'nothing, instance metadata refusing', env: childEnv(empty, { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: refused }), expected: { source: 'none', detected: false } },
    { name: 'nothing, instance metadata silent', env: childEnv(empty, { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: blackHole.url }), expected: { source: 'none', detected: false } },
  ];
  const close = async () => {
    blackHole.close();
    await Promise.all([imds.close(), ecs.close(), stsSso.close()]);
  };
  return { cases, imds, ecs, stsSso, close };
}
