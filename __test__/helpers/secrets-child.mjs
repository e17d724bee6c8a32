// Child process of secrets.test.mjs: runs every error path against the fake Bedrock at
// FAKE_URL with the credentials in its environment, and writes everything a caller could see or
// log — events, errors (message, stack, inspect), onPayload objects — to stdout and stderr. The
// parent then searches that output for the secrets. The scenario is chosen by the model id (see
// the parent's SCENARIOS).
import { inspect } from 'node:util';
import { converseStream, streamBedrock } from '../../dist/index.js';
import { piModel, userText } from './robustness.mjs';

const { FAKE_URL, SCENARIO_IDS, WRONG_SECRET, WRONG_SESSION_TOKEN, WRONG_BEARER } = process.env;
const GOOD = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  sessionToken: process.env.AWS_SESSION_TOKEN,
  bearerToken: process.env.SECRET_BEARER_TOKEN,
};
const WATCHDOGS = { maxAttempts: 1, firstEventTimeoutMs: 400, idleTimeoutMs: 300 };

/** Credential setups: [name, environment changes, extra options]. */
const CREDENTIALS = [
  ['sigv4 with session token', {}, {}],
  ['bearer option', {}, { bearerToken: GOOD.bearerToken }],
  ['bearer environment', { AWS_BEARER_TOKEN_BEDROCK: GOOD.bearerToken }, {}],
  ['wrong secret key', { AWS_SECRET_ACCESS_KEY: WRONG_SECRET }, {}],
  ['wrong session token', { AWS_SESSION_TOKEN: WRONG_SESSION_TOKEN }, {}],
  ['wrong bearer token', {}, { bearerToken: WRONG_BEARER }],
  ['placeholder tokens', { AWS_BEARER_TOKEN_BEDROCK: '<authenticated>' }, { bearerToken: '__aws_sdk_auth__' }],
];

function report(label, value) {
  process.stdout.write(`${label} ${JSON.stringify(value)}\n`);
}

function reportError(label, error) {
  report(label, { message: error?.message, code: error?.code, ...error });
  process.stdout.write(`${label} ${error?.stack}\n`);
  process.stderr.write(`${label} ${inspect(error, { depth: 8, showHidden: true })}\n`);
}

function withEnvironment(changes) {
  const previous = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  Object.assign(process.env, changes);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

async function throughNative(label, request, options) {
  try {
    for await (const event of converseStream(request, options)) report(`${label} event`, event);
  } catch (error) {
    reportError(`${label} error`, error);
  }
}

async function throughPi(label, modelId, context, options) {
  const onPayload = (payload) => report(`${label} payload`, payload);
  const stream = streamBedrock(piModel(FAKE_URL, modelId), context, { ...options, onPayload });
  for await (const event of stream) report(`${label} event`, { ...event, partial: undefined });
  report(`${label} result`, await stream.result());
}

/** Aborts once the first text arrives (the `stall-mid` scenario then hangs until aborted). */
async function abortMidStream(label, options) {
  const controller = new AbortController();
  try {
    for await (const event of converseStream({ modelId: 'stall-mid', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, { ...options, signal: controller.signal })) {
      if (event.delta?.text) controller.abort();
    }
  } catch (error) {
    reportError(`${label} error`, error);
  }
  const piController = new AbortController();
  const stream = streamBedrock(piModel(FAKE_URL, 'stall-mid'), { messages: [userText('hi')] }, { ...options, signal: piController.signal });
  for await (const event of stream) if (event.type === 'text_delta') piController.abort();
  report(`${label} pi result`, await stream.result());
}

async function main() {
  const badRequest = { modelId: 'ok', messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: '%%%' } } }] }] };
  const badContext = { messages: [{ role: 'user', content: [{ type: 'image', mimeType: 'image/png', data: 'not base64!' }], timestamp: 1 }] };
  let cases = 0;
  for (const [name, environment, extra] of CREDENTIALS) {
    const restore = withEnvironment(environment);
    const options = { endpoint: FAKE_URL, region: 'us-east-1', ...WATCHDOGS, ...extra };
    for (const modelId of SCENARIO_IDS.split(',')) {
      const label = `[${name}] ${modelId}`;
      await throughNative(`${label} native`, { modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, options);
      await throughPi(`${label} pi`, modelId, { messages: [userText('hi')] }, { ...WATCHDOGS, ...extra });
      cases += 2;
    }
    await throughNative(`[${name}] bad input native`, badRequest, options);
    await throughPi(`[${name}] bad input pi`, 'ok', badContext, { ...WATCHDOGS, ...extra });
    await abortMidStream(`[${name}] abort`, options);
    cases += 4;
    restore();
  }
  report('cases', cases);
}

await main();
