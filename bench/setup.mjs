// What every benchmark process shares: the child environment (a key-pair user cut off from the
// host's AWS settings), the model, and the fake's scenarios pre-encoded. Used by run.mjs (the
// comparison) and profile.mjs (one child under a profiler).
import { encodeEvent } from '../fake-bedrock/eventstream.mjs';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../fake-bedrock/index.mjs';

export const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
export const DELTA = 'token ';

// ---------------------------------------------------------------------------------------------
// Environment: a key-pair user in us-east-1, cut off from the host's AWS files, proxies and IMDS.

const HOST_VARIABLES = [
  'AWS_PROFILE', 'AWS_DEFAULT_REGION', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_BEDROCK_SKIP_AUTH', 'AWS_BEDROCK_FORCE_CACHE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_BEDROCK',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'PI_CACHE_RETENTION', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'NODE_OPTIONS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS',
];

export function childEnvironment(caFile) {
  const env = { ...process.env };
  for (const name of HOST_VARIABLES) delete env[name];
  return {
    ...env,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/bedrock-native-bench/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bedrock-native-bench/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    // pi-ai's provider speaks HTTP/2 by default; the fake is HTTP/1.1.
    AWS_BEDROCK_FORCE_HTTP1: '1',
    // Trust for the HTTPS fake: Node (pi-ai) and rustls' native roots (bedrock-native).
    ...(caFile && { NODE_EXTRA_CA_CERTS: caFile, SSL_CERT_FILE: caFile }),
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios, pre-encoded once so the fake server spends little CPU per frame.

export function precompiled(scenario) {
  const cache = new Map();
  const steps = scenario.steps.map((step) => {
    if (!step.event) return step;
    const key = `${step.event}\u0000${JSON.stringify(step.payload)}`;
    if (!cache.has(key)) cache.set(key, { raw: encodeEvent(step.event, step.payload) });
    return cache.get(key);
  });
  return { ...scenario, steps, frameGapMs: 0 };
}

/**
 * Concurrent streams: the fake is one JavaScript thread, and with no gap between frames it would
 * write each response in one burst before reading the next request, so "slowest first event"
 * would time the fake's own queue. A 1 ms pause every 100 frames makes the streams interleave,
 * as independent streams of a real service do.
 */
export function interleaved(scenario, every = 100) {
  const steps = [];
  scenario.steps.forEach((step, index) => {
    steps.push(step);
    if (index > 0 && index % every === 0) steps.push({ delay: 1 });
  });
  return { ...scenario, steps };
}

