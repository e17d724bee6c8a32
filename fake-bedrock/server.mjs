// A local fake of Amazon Bedrock (runtime: converse-stream, converse; control plane:
// count-tokens; foundation-models, inference-profiles) for tests, the demo and the benchmarks.
// Run it alone with `node __test__/fake-bedrock/server.mjs [--port N]`.
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalogRefusal } from './catalog-rules.mjs';
import { countTokens } from './count-tokens.mjs';
import { encodeEvent, encodeException } from './eventstream.mjs';
import { serveOnLoopback } from './loopback.mjs';
import { echoLastUserText, httpError, isHttpError, toConverseResult } from './scenarios.mjs';
import { verifySigV4 } from './sigv4.mjs';

export const TEST_ACCESS_KEY_ID = 'AKIDFAKEBEDROCK0001';
export const TEST_SECRET_ACCESS_KEY = 'fake-secret-key-0001';
// Not frozen: the AWS JS SDK tags the credentials object it is given, and throws if it cannot.
export const TEST_KEY_PAIR = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };
export const TEST_BEARER_TOKEN = 'fake-bedrock-api-key';

const ERROR_TYPE_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';
const MAX_PAGE_SIZE = 1000;
const AUTH_FAILURE_MESSAGES = {
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  InvalidSignatureException:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  IncompleteSignatureException: 'Authorization header requires Credential, SignedHeaders and Signature parameters.',
  MissingAuthenticationTokenException: 'Missing Authentication Token',
  AccessDeniedException: 'Authentication failed: Please make sure your API Key is valid.',
};

export const DEFAULT_CATALOG = Object.freeze(buildDefaultCatalog());

/**
 * @typedef {object} FakeBedrockOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] serve HTTPS instead of HTTP
 * @property {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string }[]} [keyPairs] accepted SigV4 keys
 * @property {string[]} [bearerTokens] accepted Bedrock API keys
 * @property {boolean} [skipAuthCheck] accept any request, signed or not
 * @property {{ foundationModels: object[], inferenceProfiles: object[] }} [catalog] control-plane data
 * @property {number} [frameGapMs] pause between stream frames unless a scenario sets its own (default 1)
 * @property {number} [inferenceProfilesPageSize] page size when the client sends no maxResults (default 20)
 * @property {number} [idleShutdownMs] close after this long without requests (default 10 minutes)
 * @property {object | Function} [defaultScenario] initial respondWith() value (default: echo the user)
 * @property {boolean} [keepProcessAlive] let the listening socket hold the process open (the CLI)
 * @property {boolean} [catalogRules] refuse what Bedrock refuses for the catalogue's models before
 *   any scenario: bare ids of profile-only models, ConverseStream to non-streaming models,
 *   unlisted profiles (see catalog-rules.mjs)
 */

/** @param {FakeBedrockOptions} [opts] */
export async function startFakeBedrock(opts = {}) {
  const fake = new FakeBedrock(opts);
  await fake.listen();
  return fake;
}

class FakeBedrock {
  /** @type {object[]} every request received, oldest first */
  requests = [];
  url = '';
  port = 0;
  /** @type {{ opened: number, closed: number, readonly active: number }} socket counts */
  connections;

  #options;
  #server;
  #loopback;
  #defaultScenario;
  #queue = [];
  #controlPlaneFailures = new Map();
  #idleTimer;

  constructor(opts) {
    this.#options = {
      keyPairs: [TEST_KEY_PAIR],
      bearerTokens: [TEST_BEARER_TOKEN],
      catalog: DEFAULT_CATALOG,
      frameGapMs: 1,
      inferenceProfilesPageSize: 20,
      idleShutdownMs: 10 * 60 * 1000,
      defaultScenario: echoLastUserText,
      ...opts,
    };
    this.#defaultScenario = this.#options.defaultScenario;
    const handler = (req, res) => this.#handle(req, res).catch((error) => sendInternalError(res, error));
    this.#server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  }

  async listen() {
    this.#loopback = await serveOnLoopback(this.#server, this.#options.port);
    if (this.#options.keepProcessAlive) this.#server.ref();
    this.port = this.#loopback.port;
    this.url = `${this.#options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
    this.connections = this.#loopback.connections;
    this.#idleTimer = setTimeout(() => this.close(), this.#options.idleShutdownMs).unref();
  }

  /** The response for every data-plane request not served from the queue; a function gets the request. */
  respondWith(scenarioOrFn) {
    this.#defaultScenario = scenarioOrFn;
  }

  /** Responses used once each, in order, before falling back to respondWith's. */
  enqueue(...scenariosOrFns) {
    this.#queue.push(...scenariosOrFns);
  }

  /** Makes the next `times` requests to a control-plane path (e.g. '/foundation-models') fail. */
  failControlPlane(path, errorScenario, { times = 1 } = {}) {
    this.#controlPlaneFailures.set(path, { errorScenario, remaining: times });
  }

  waitForConnectionsClosed(timeoutMs) {
    return this.#loopback.waitForConnectionsClosed(timeoutMs);
  }

  /** Forgets requests, queued and default responses and control-plane failures (not connection counts). */
  reset() {
    this.requests.length = 0;
    this.#queue.length = 0;
    this.#controlPlaneFailures.clear();
    this.#defaultScenario = this.#options.defaultScenario;
  }

  close() {
    clearTimeout(this.#idleTimer);
    return this.#loopback.close();
  }

  async #handle(req, res) {
    this.#idleTimer.refresh();
    const rawBody = await readBody(req);
    const requestId = randomUUID();
    const url = new URL(req.url, 'http://fake-bedrock');
    const route = matchRoute(req.method, url.pathname);
    const auth = this.#authenticate(req, rawBody);
    const request = {
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      operation: route?.operation,
      modelId: route?.modelId,
      headers: { ...req.headers },
      body: parseJsonOrUndefined(rawBody),
      rawBody,
      auth,
      requestId,
    };
    this.requests.push(request);

    if (!auth.ok) return sendHttpError(res, requestId, authFailure(auth), { 'x-fake-bedrock-auth-failure': auth.reason });
    if (!route) return sendHttpError(res, requestId, httpError(404, 'UnknownOperationException', `No operation for ${req.method} ${url.pathname}`));
    return this.#dispatch(route.operation, request, res);
  }

  #dispatch(operation, request, res) {
    const refusal = this.#options.catalogRules && request.modelId && catalogRefusal(this.#options.catalog, operation, request.modelId);
    if (refusal) return sendHttpError(res, request.requestId, refusal);
    switch (operation) {
      case 'countTokens':
        return this.#countTokens(request, res);
      case 'converseStream':
        return this.#converseStream(request, res);
      case 'converse':
        return this.#converse(request, res);
      default:
        return this.#controlPlane(operation, request, res);
    }
  }

  #authenticate(req, rawBody) {
    const authorization = req.headers.authorization ?? '';
    const auth = authorization.startsWith('Bearer ')
      ? this.#checkBearer(authorization.slice('Bearer '.length).trim())
      : this.#checkSigV4(req, rawBody, authorization);
    return this.#options.skipAuthCheck ? { ...auth, ok: true } : auth;
  }

  #checkBearer(token) {
    if (this.#options.bearerTokens.includes(token)) return { kind: 'bearer', ok: true };
    return { kind: 'bearer', ok: false, errorType: 'AccessDeniedException', reason: 'unknown bearer token' };
  }

  #checkSigV4(req, rawBody, authorization) {
    if (!authorization) return { kind: 'none', ok: false, errorType: 'MissingAuthenticationTokenException', reason: 'no Authorization header' };
    const { ok, accessKeyId, region, errorType, reason } = verifySigV4(req, rawBody, this.#options.keyPairs);
    return { kind: 'sigv4', ok, accessKeyId, ...(ok && { region }), ...(!ok && { errorType, reason }) };
  }

  #nextScenario(request) {
    const next = this.#queue.length > 0 ? this.#queue.shift() : this.#defaultScenario;
    return typeof next === 'function' ? next(request) : next;
  }

  async #converseStream(request, res) {
    const scenario = this.#nextScenario(request);
    if (scenario.beforeHeaders) return failBeforeHeaders(res, scenario.beforeHeaders);
    if (scenario.response) return sendRaw(res, request.requestId, scenario.response);
    if (isHttpError(scenario)) return sendHttpError(res, request.requestId, scenario);
    res.writeHead(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-RequestId': request.requestId });
    res.flushHeaders();
    await streamSteps(res, scenario.steps, scenario.frameGapMs ?? this.#options.frameGapMs);
  }

  async #converse(request, res) {
    const result = toConverseResult(this.#nextScenario(request));
    if (result.httpError) return sendHttpError(res, request.requestId, result.httpError);
    if (result.connectionAction) return failBeforeHeaders(res, result.connectionAction);
    if (result.response) return sendRaw(res, request.requestId, result.response);
    if (result.delayMs) await sleep(result.delayMs);
    if (!res.destroyed) sendJson(res, request.requestId, 200, result.body);
    return undefined;
  }

  /** A queued HTTP error (throttling, say) answers a count too; otherwise the count. */
  #countTokens(request, res) {
    const queued = this.#queue[0];
    if (typeof queued === 'object' && queued.status !== undefined) return sendHttpError(res, request.requestId, this.#queue.shift());
    const outcome = countTokens(request.modelId, request.body);
    if (outcome.httpError) return sendHttpError(res, request.requestId, outcome.httpError);
    return sendJson(res, request.requestId, 200, outcome.body);
  }

  #controlPlane(operation, request, res) {
    const failure = this.#controlPlaneFailures.get(request.path);
    if (failure?.remaining > 0) {
      failure.remaining -= 1;
      return sendHttpError(res, request.requestId, failure.errorScenario);
    }
    const outcome =
      operation === 'listFoundationModels'
        ? listFoundationModels(this.#options.catalog.foundationModels, request.query)
        : listInferenceProfiles(this.#options.catalog.inferenceProfiles, request.query, this.#options.inferenceProfilesPageSize);
    if (outcome.httpError) return sendHttpError(res, request.requestId, outcome.httpError);
    return sendJson(res, request.requestId, 200, outcome.body);
  }
}

const RUNTIME_OPERATIONS = { 'converse-stream': 'converseStream', converse: 'converse', 'count-tokens': 'countTokens' };

function matchRoute(method, pathname) {
  const runtime = /^\/model\/([^/]+)\/(converse-stream|converse|count-tokens)$/.exec(pathname);
  if (method === 'POST' && runtime) {
    return { operation: RUNTIME_OPERATIONS[runtime[2]], modelId: decodeURIComponent(runtime[1]) };
  }
  if (method === 'GET' && pathname === '/foundation-models') return { operation: 'listFoundationModels' };
  if (method === 'GET' && pathname === '/inference-profiles') return { operation: 'listInferenceProfiles' };
  return undefined;
}

const FOUNDATION_MODEL_FILTERS = {
  byProvider: (model, value) => model.providerName?.toLowerCase() === value.toLowerCase(),
  byOutputModality: (model, value) => model.outputModalities?.includes(value),
  byInferenceType: (model, value) => model.inferenceTypesSupported?.includes(value),
  byCustomizationType: (model, value) => model.customizationsSupported?.includes(value),
};

function listFoundationModels(foundationModels, query) {
  const active = Object.keys(FOUNDATION_MODEL_FILTERS).filter((name) => query[name] !== undefined);
  const modelSummaries = foundationModels.filter((model) =>
    active.every((name) => FOUNDATION_MODEL_FILTERS[name](model, query[name])),
  );
  return { body: { modelSummaries } };
}

// The SDK sends the type filter as the query parameter `type` (input member `typeEquals`).
function listInferenceProfiles(inferenceProfiles, query, defaultPageSize) {
  const pageSize = query.maxResults === undefined ? defaultPageSize : Number(query.maxResults);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return validationError(`1 validation error detected: Value '${query.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (query.type !== undefined && !['SYSTEM_DEFINED', 'APPLICATION'].includes(query.type)) {
    return validationError(`1 validation error detected: Value '${query.type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`);
  }
  const offset = query.nextToken === undefined ? 0 : decodePageToken(query.nextToken);
  if (offset === undefined) return validationError('The pagination token is invalid.');
  const matching = inferenceProfiles.filter((profile) => query.type === undefined || profile.type === query.type);
  const end = offset + pageSize;
  return {
    body: {
      inferenceProfileSummaries: matching.slice(offset, end),
      ...(end < matching.length && { nextToken: encodePageToken(end) }),
    },
  };
}

function encodePageToken(offset) {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodePageToken(token) {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString());
    return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

function validationError(message) {
  return { httpError: httpError(400, 'ValidationException', message) };
}

function authFailure({ errorType, reason }) {
  return httpError(403, errorType, AUTH_FAILURE_MESSAGES[errorType] ?? reason);
}

/** Writes stream steps in order; `corrupt` and `truncate` steps modify the frame after them. */
async function streamSteps(res, steps, frameGapMs) {
  let nextFrame = {};
  for (const step of steps) {
    if (res.destroyed) return;
    if (step.delay) await sleep(step.delay);
    else if (step.stall) return;
    else if (step.destroy) return dropConnection(res);
    else if (step.corrupt) nextFrame = { ...nextFrame, corrupt: step.corrupt };
    else if (step.truncate) nextFrame = { ...nextFrame, truncate: true };
    else {
      const frame = step.raw ?? encodeStep(step, nextFrame);
      if (nextFrame.truncate) {
        res.write(frame.subarray(0, Math.floor(frame.length / 2)));
        return dropConnection(res);
      }
      nextFrame = {};
      await writeRespectingBackpressure(res, frame);
      if (frameGapMs > 0) await sleep(frameGapMs);
    }
  }
  if (!res.destroyed) res.end();
}

function encodeStep(step, frameOptions) {
  if (step.exception) return encodeException(step.exception, step.message, frameOptions);
  return encodeEvent(step.event, step.payload, frameOptions);
}

// destroySoon flushes what was already written first, so the client sees the earlier frames and
// then a connection closed in the middle of the body.
function dropConnection(res) {
  res.socket?.destroySoon();
}

function writeRespectingBackpressure(res, chunk) {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendHttpError(res, requestId, { status, errorType, message, headers }, extraHeaders) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': `${errorType}:${ERROR_TYPE_NAMESPACE}`,
    ...headers,
    ...extraHeaders,
  });
  res.end(JSON.stringify({ message }));
}

// 'stall' answers nothing and keeps the connection open; 'destroy' resets it.
function failBeforeHeaders(res, action) {
  if (action === 'destroy') res.socket?.destroy();
}

function sendRaw(res, requestId, { status, contentType, body }) {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-RequestId': requestId });
  res.end(body);
}

function sendJson(res, requestId, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId });
  res.end(JSON.stringify(body));
}

function sendInternalError(res, error) {
  if (res.headersSent) return res.destroy();
  return sendHttpError(res, randomUUID(), httpError(500, 'InternalServerException', `fake-bedrock bug: ${error.message}`));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseJsonOrUndefined(buffer) {
  if (buffer.length === 0) return undefined;
  try {
    return JSON.parse(buffer.toString());
  } catch {
    return undefined;
  }
}

// Unref'd: a pending delay must never be what keeps a test process alive.
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function buildDefaultCatalog() {
  const region = 'us-east-1';
  const account = '123456789012';
  const modelArn = (modelId) => `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
  const foundationModel = (modelId, modelName, providerName, { input = ['TEXT'], output = ['TEXT'], inferenceTypes = ['ON_DEMAND'] } = {}) => ({
    modelArn: modelArn(modelId),
    modelId,
    modelName,
    providerName,
    inputModalities: input,
    outputModalities: output,
    responseStreamingSupported: output.includes('TEXT'),
    customizationsSupported: [],
    inferenceTypesSupported: inferenceTypes,
    modelLifecycle: { status: 'ACTIVE' },
  });
  const systemProfile = (geo, modelId, modelName) => ({
    inferenceProfileName: `${geo.toUpperCase()} ${modelName}`,
    description: `Routes requests to ${modelName} in ${geo.toUpperCase()} regions.`,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    inferenceProfileArn: `arn:aws:bedrock:${region}:${account}:inference-profile/${geo}.${modelId}`,
    models: [{ modelArn: modelArn(modelId) }],
    inferenceProfileId: `${geo}.${modelId}`,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  });
  const sonnet = 'anthropic.claude-sonnet-4-20250514-v1:0';
  const haiku = 'anthropic.claude-3-5-haiku-20241022-v1:0';
  const novaLite = 'amazon.nova-lite-v1:0';
  return {
    foundationModels: [
      foundationModel(sonnet, 'Claude Sonnet 4', 'Anthropic', { input: ['TEXT', 'IMAGE'], inferenceTypes: ['INFERENCE_PROFILE'] }),
      foundationModel(haiku, 'Claude 3.5 Haiku', 'Anthropic', { inferenceTypes: ['INFERENCE_PROFILE'] }),
      foundationModel(novaLite, 'Nova Lite', 'Amazon', { input: ['TEXT', 'IMAGE', 'VIDEO'], inferenceTypes: ['ON_DEMAND', 'INFERENCE_PROFILE'] }),
      foundationModel('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', { output: ['EMBEDDING'] }),
    ],
    inferenceProfiles: [
      systemProfile('us', sonnet, 'Claude Sonnet 4'),
      systemProfile('us', haiku, 'Claude 3.5 Haiku'),
      systemProfile('us', novaLite, 'Nova Lite'),
      systemProfile('eu', sonnet, 'Claude Sonnet 4'),
      {
        ...systemProfile('us', sonnet, 'Claude Sonnet 4'),
        inferenceProfileName: 'team-chat',
        description: 'Application inference profile for cost tracking.',
        inferenceProfileArn: `arn:aws:bedrock:${region}:${account}:application-inference-profile/abc123fake`,
        inferenceProfileId: 'abc123fake',
        type: 'APPLICATION',
      },
    ],
  };
}

async function runCli() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const fake = await startFakeBedrock({ port: Number(values.port), keepProcessAlive: true });
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
}

function isRunAsScript() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // no script path (REPL, -e, stdin)
  }
}

if (isRunAsScript()) await runCli();
