// Fake credential endpoints for the AWS default credentials chain: EC2 instance metadata (IMDSv2)
// and the ECS/EKS container credentials endpoint. Point the SDK at them with
// AWS_EC2_METADATA_SERVICE_ENDPOINT=<url> or AWS_CONTAINER_CREDENTIALS_FULL_URI=<url><path>.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { serveOnLoopback } from './loopback.mjs';

// Not frozen, so they can be handed to the AWS JS SDK as credentials (it tags the object).
export const IMDS_KEY_PAIR = {
  accessKeyId: 'ASIAFAKEIMDS00000001',
  secretAccessKey: 'fake-imds-secret-key-0001',
  sessionToken: 'fake-imds-session-token-0001',
};
export const ECS_KEY_PAIR = {
  accessKeyId: 'ASIAFAKEECS000000001',
  secretAccessKey: 'fake-ecs-secret-key-0001',
  sessionToken: 'fake-ecs-session-token-0001',
};

const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';
const MAX_TOKEN_TTL_SECONDS = 21600;
const CREDENTIAL_LIFETIME_MS = 6 * 60 * 60 * 1000;

/**
 * Starts a fake IMDSv2. Every metadata GET needs a token from `PUT /latest/api/token`.
 * @param {{ port?: number, roleName?: string, region?: string,
 *   keyPair?: { accessKeyId: string, secretAccessKey: string, sessionToken: string } }} [opts]
 * @returns handle `{ url, port, requests, counts, connections, close() }`; `counts` has
 *   `token`, `roleName`, `credentials`, `region`, `rejected`
 */
export async function startFakeImds({ port = 0, roleName = 'fake-bedrock-role', region = 'us-east-1', keyPair = IMDS_KEY_PAIR } = {}) {
  const tokens = new Set();
  const counts = { token: 0, roleName: 0, credentials: 0, region: 0, rejected: 0 };
  const routes = {
    [`GET ${CREDENTIALS_PATH}`]: () => ({ counter: 'roleName', text: roleName }),
    [`GET ${CREDENTIALS_PATH}${roleName}`]: () => ({ counter: 'credentials', json: imdsCredentials(keyPair) }),
    'GET /latest/meta-data/placement/region': () => ({ counter: 'region', text: region }),
  };
  return startCountingServer(port, counts, (req) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') return issueToken(req, tokens);
    const route = routes[`${req.method} ${req.url}`];
    if (!route) return { status: 404, counter: 'rejected', text: 'Not Found' };
    if (!tokens.has(req.headers['x-aws-ec2-metadata-token'])) return { status: 401, counter: 'rejected', text: 'Unauthorized' };
    return route();
  });
}

/**
 * Starts a fake container credentials endpoint serving `GET <path>`.
 * @param {{ port?: number, path?: string, authorizationToken?: string,
 *   keyPair?: { accessKeyId: string, secretAccessKey: string, sessionToken: string } }} [opts]
 *   with `authorizationToken`, requests must carry it as the Authorization header
 * @returns handle `{ url, fullUri, port, requests, counts, connections, close() }`;
 *   `counts` has `credentials`, `rejected`
 */
export async function startFakeEcs({ port = 0, path = '/v2/credentials/fake-task', authorizationToken, keyPair = ECS_KEY_PAIR } = {}) {
  const counts = { credentials: 0, rejected: 0 };
  const handle = await startCountingServer(port, counts, (req) => {
    if (req.method !== 'GET' || req.url !== path) return { status: 404, counter: 'rejected', json: { code: 'NotFound', message: 'Not Found' } };
    if (authorizationToken !== undefined && req.headers.authorization !== authorizationToken) {
      return { status: 401, counter: 'rejected', json: { code: 'Unauthorized', message: 'Authorization token is invalid' } };
    }
    return { counter: 'credentials', json: containerCredentials(keyPair) };
  });
  return { ...handle, fullUri: `${handle.url}${path}` };
}

function issueToken(req, tokens) {
  const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) return { status: 400, counter: 'rejected', text: 'Bad Request' };
  const token = `fake-imds-token-${randomUUID()}`;
  tokens.add(token);
  return { counter: 'token', text: token, headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) } };
}

function imdsCredentials({ accessKeyId, secretAccessKey, sessionToken }) {
  return {
    Code: 'Success',
    LastUpdated: isoSeconds(Date.now()),
    Type: 'AWS-HMAC',
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    Token: sessionToken,
    Expiration: isoSeconds(Date.now() + CREDENTIAL_LIFETIME_MS),
  };
}

function containerCredentials({ accessKeyId, secretAccessKey, sessionToken }) {
  return {
    AccessKeyId: accessKeyId,
    SecretAccessKey: secretAccessKey,
    Token: sessionToken,
    Expiration: isoSeconds(Date.now() + CREDENTIAL_LIFETIME_MS),
  };
}

// `route(req)` returns { status?, counter, text | json, headers? }; the named counter is bumped.
async function startCountingServer(port, counts, route) {
  const requests = [];
  const server = http.createServer((req, res) => {
    req.resume();
    requests.push({ method: req.method, path: req.url, headers: { ...req.headers } });
    const { status = 200, counter, text, json, headers } = route(req);
    counts[counter] += 1;
    const contentType = json === undefined ? 'text/plain' : 'application/json';
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(json === undefined ? text : JSON.stringify(json));
  });
  const loopback = await serveOnLoopback(server, port);
  return {
    url: `http://127.0.0.1:${loopback.port}`,
    port: loopback.port,
    requests,
    counts,
    connections: loopback.connections,
    close: loopback.close,
  };
}

// The credential endpoints use second precision, e.g. 2026-11-25T13:00:00Z.
function isoSeconds(epochMs) {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
