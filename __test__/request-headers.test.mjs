// pi-ai 1.6's `headers` and `identity` through our stream functions (ts/provider/run.ts →
// src/aws/request_headers.rs), and the GovCloud rule reading the one native region chain
// (ts/request/options.ts → resolveTarget), against the fake Bedrock, which records headers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamBedrock, streamSimpleBedrock } from '../dist/index.js';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { collect, context, lastRequestBody, userMessage, useFakeBedrock } from './helpers/correctness.mjs';
import { setEnvForTest } from './helpers/aws-env.mjs';

const fake = useFakeBedrock(scenarios.text('ok'));
const SONNET_4_5 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

function model(id) {
  return {
    id,
    name: id,
    api: 'bedrock-converse-stream',
    provider: 'amazon-bedrock',
    baseUrl: fake.url,
    reasoning: true,
    input: ['text'],
    cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    contextWindow: 200_000,
    maxTokens: 64_000,
  };
}

const hello = () => context([userMessage('Hello')]);
const lastHeaders = () => fake.requests.at(-1).headers;

describe('request headers (pi-ai 1.6 headers)', () => {
  it('extra headers are sent and signed; null removes one; signing headers are never replaced', async () => {
    const headers = { 'X-Team': 'search', 'Content-Type': null, Authorization: 'Bearer forged', 'X-Amz-Date': '19700101T000000Z', Host: 'evil.example' };
    const { message } = await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { headers }));
    assert.equal(message.stopReason, 'stop', message.errorMessage);
    const sent = lastHeaders();
    assert.equal(sent['x-team'], 'search');
    assert.equal(sent['content-type'], undefined);
    assert.match(sent.authorization, /^AWS4-HMAC-SHA256 /);
    assert.match(sent.authorization, /x-team/, 'the extra header is covered by the signature');
    assert.notEqual(sent['x-amz-date'], '19700101T000000Z');
    assert.equal(sent.host, new URL(fake.url).host);
    assert.equal(fake.requests.at(-1).auth.ok, true);
  });

  it('an invalid header fails the turn by name, without its value', async () => {
    const { message } = await collect(streamBedrock(model(SONNET_4_5), hello(), { headers: { 'x-token': 'secret\nvalue' } }));
    assert.equal(message.stopReason, 'error');
    assert.match(message.errorMessage, /x-token/);
    assert.doesNotMatch(message.errorMessage, /secret/);
    assert.equal(fake.requests.length, 0, 'nothing was sent');
  });
});

describe('User-Agent (pi-ai 1.6 identity)', () => {
  it('the identity is appended to the SDK User-Agent as pi-ai 1.6 forms it', async () => {
    const cases = [
      [{ version: '1.6.0' }, ' pi/1.6.0'],
      [{ userAgent: 'short', version: '1.6.0' }, ' pi'],
      [{ userAgent: { custom: 'my-app/2.0' } }, ' my-app/2.0'],
    ];
    for (const [identity, suffix] of cases) {
      await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { identity }));
      const userAgent = lastHeaders()['user-agent'];
      assert.ok(userAgent.startsWith('aws-sdk-rust/') && userAgent.endsWith(suffix), `${JSON.stringify(identity)}: ${userAgent}`);
    }
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello()));
    assert.doesNotMatch(lastHeaders()['user-agent'], / pi(\/|$)/, 'no identity, no pi claim');
  });
});

describe('GovCloud thinking rule (the native region chain)', () => {
  it('a GovCloud region from options.env, the process or the region option drops thinking.display', async (t) => {
    const thinkingOf = () => lastRequestBody(fake).additionalModelRequestFields.thinking;
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { reasoning: 'high' }));
    assert.equal(thinkingOf().display, 'summarized');
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { reasoning: 'high', env: { AWS_REGION: 'us-gov-west-1' } }));
    assert.equal(thinkingOf().display, undefined);
    await collect(streamBedrock(model(SONNET_4_5), hello(), { reasoning: 'high', region: 'us-gov-east-1' }));
    assert.equal(thinkingOf().display, undefined);
    setEnvForTest(t, { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'us-gov-west-1' });
    await collect(streamSimpleBedrock(model(SONNET_4_5), hello(), { reasoning: 'high' }));
    assert.equal(thinkingOf().display, undefined);
  });
});
