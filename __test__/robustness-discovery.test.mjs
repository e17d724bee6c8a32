// Issue 14, discovery: it always resolves, with failures in `errors`. Endless pagination is cut
// at a documented bound and reported partial (so never cached as complete); a page token too long
// to send is an error, not a panic; `timeoutMs` is part of the in-flight and cache keys, so one
// caller never receives another's short-timeout failure.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { discoverBedrockModels } from '../dist/index.js';
import { clearDiscoveryCache } from '../dist/testing.js';
import { DEFAULT_CATALOG } from '../fake-bedrock/index.mjs';
import { serveOnLoopback } from '../fake-bedrock/loopback.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { assertClean, within } from './helpers/bounded-failure.mjs';
import { trapUnhandledRejections } from './helpers/robustness.mjs';

const BOUND_MS = 10_000;
/** README: at most this many pages per profile listing. */
const MAX_PAGES = 100;

/** A control plane whose inference-profile listing is shaped by `profilesPage(query, n)`. */
async function startControlPlane() {
  const state = { profileRequests: 0, delayMs: 0, profilesPage: () => ({ inferenceProfileSummaries: [] }) };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://control');
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/foundation-models') return res.end(JSON.stringify({ modelSummaries: DEFAULT_CATALOG.foundationModels }));
    if (url.pathname === '/inference-profiles') {
      state.profileRequests += 1;
      return res.end(JSON.stringify(state.profilesPage(Object.fromEntries(url.searchParams), state.profileRequests)));
    }
    res.statusCode = 404;
    return res.end('{}');
  });
  const loopback = await serveOnLoopback(server);
  return { url: `http://127.0.0.1:${loopback.port}`, state, close: loopback.close };
}

let plane;
let rejections;
before(async () => {
  isolateAwsEnvironment();
  rejections = trapUnhandledRejections();
  plane = await startControlPlane();
});
after(() => plane.close());
beforeEach(() => {
  clearDiscoveryCache();
  Object.assign(plane.state, { profileRequests: 0, delayMs: 0, profilesPage: () => ({ inferenceProfileSummaries: [] }) });
});

const discover = (options = {}) => within(BOUND_MS, discoverBedrockModels({ endpoint: plane.url, skipAuth: true, ...options }));

describe('endless pagination', () => {
  test('is cut at the page bound, reported partial with an error, and not cached', async () => {
    plane.state.profilesPage = (_query, n) => ({ inferenceProfileSummaries: [], nextToken: `page-${n}` });
    // The listing timeout covers all pages of a listing: generous, so that on a loaded machine
    // the page bound, not the timeout, ends it.
    const slowMachine = { timeoutMs: 60_000 };
    const first = await within(70_000, discoverBedrockModels({ endpoint: plane.url, skipAuth: true, ...slowMachine }));
    assert.equal(first.partial, true);
    const error = first.errors.find((e) => e.operation === 'ListInferenceProfiles');
    assert.ok(error, JSON.stringify(first.errors));
    assert.equal(error.code, 'TooManyPages');
    assert.match(error.message, new RegExp(String(MAX_PAGES)));
    assert.ok(first.models.length > 0, 'the foundation models still count');
    // Two listings (system and application profiles), each cut at the bound.
    assert.ok(plane.state.profileRequests >= MAX_PAGES && plane.state.profileRequests <= 2 * MAX_PAGES, `${plane.state.profileRequests} page requests`);
    const second = await within(70_000, discoverBedrockModels({ endpoint: plane.url, skipAuth: true, ...slowMachine }));
    assert.equal(second.fromCache, false, 'a partial result is never served from the cache');
    assert.equal(second.partial, true);
  });

  test('a page token too long to send is an error in `errors`, not a panic', async () => {
    plane.state.profilesPage = () => ({ inferenceProfileSummaries: [], nextToken: 't'.repeat(70_000) });
    const discovery = await discover();
    assert.equal(discovery.partial, true);
    const error = discovery.errors.find((e) => e.operation === 'ListInferenceProfiles');
    assert.ok(error, JSON.stringify(discovery.errors).slice(0, 500));
    assert.ok(error.message.length < 2048);
    assertClean(error.message);
  });

  test('a repeated page token ends the listing as an error', async () => {
    // Counted by the token they carry: a request of the previous test's listing (dropped when
    // its sibling listing failed) may still reach the server after this test has begun.
    let repeats = 0;
    plane.state.profilesPage = (query) => {
      if (query.nextToken === 'same-token') repeats += 1;
      return { inferenceProfileSummaries: [], nextToken: 'same-token' };
    };
    const discovery = await discover();
    const error = discovery.errors.find((e) => e.operation === 'ListInferenceProfiles');
    assert.ok(error);
    // One listing each for system and application profiles: each stops at the first repeat.
    assert.ok(repeats >= 1 && repeats <= 2, `${repeats} requests sent the token that never changes`);
  });
});

describe('timeoutMs is part of the in-flight and cache keys', () => {
  test("a long-timeout caller does not get a concurrent short-timeout caller's failure", async () => {
    plane.state.delayMs = 300;
    const [short, long] = await Promise.all([discover({ timeoutMs: 50 }), discover({ timeoutMs: 5000 })]);
    assert.equal(short.partial, true);
    assert.ok(short.errors.some((e) => e.code === 'TimeoutError'));
    assert.deepEqual(long.errors, [], 'the long-timeout caller ran its own discovery');
    assert.ok(long.models.length > 0);
  });
});

describe('discovery always resolves', () => {
  for (const endpoint of ['file:///etc/passwd', 'http://127.0.0.1:1/\r\nX: y', 'not a url']) {
    test(`endpoint ${JSON.stringify(endpoint)}`, async () => {
      const discovery = await discover({ endpoint });
      assert.equal(discovery.partial, true);
      assert.ok(discovery.errors.length > 0);
      for (const error of discovery.errors) {
        assert.ok(error.message.length < 2048);
        assertClean(error.message);
      }
    });
  }
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});
