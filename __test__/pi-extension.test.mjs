// The pi extension registers the right thing for each pi line, and host credentials (pi-ai
// 1.x's `apiKey` and provider-scoped `env`) map onto the native client's options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamSimpleBedrock } from '../dist/bedrock-provider.js';
import { hostCredentials } from '../dist/provider/host-credentials.js';
import bedrockNativePiExtension from '../dist/hosts/pi-extension.js';

function recordingPi(extra = {}) {
  const calls = [];
  return { calls, api: { registerProvider: (...args) => calls.push(args), ...extra } };
}

describe('the pi extension', () => {
  it('registers the whole provider with pi-coding-agent 1.x', () => {
    const pi = recordingPi({ registerVirtualModel() {} });
    bedrockNativePiExtension(pi.api);
    assert.equal(pi.calls.length, 1);
    const [provider] = pi.calls[0];
    assert.equal(provider.id, 'amazon-bedrock');
    assert.equal(typeof provider.auth.apiKey.resolve, 'function');
    assert.equal(typeof provider.refreshModels, 'function');
    assert.equal(provider.getModels().length, 208);
  });

  it('registers the stream function for bedrock-converse-stream with pi-coding-agent 0.73', () => {
    const pi = recordingPi();
    bedrockNativePiExtension(pi.api);
    assert.deepEqual(pi.calls, [['amazon-bedrock', { api: 'bedrock-converse-stream', streamSimple: streamSimpleBedrock }]]);
  });
});

describe('host credentials', () => {
  it('treats a non-placeholder apiKey as a bearer token', () => {
    assert.deepEqual(hostCredentials({ apiKey: 'token-1' }), { bearerToken: 'token-1', profile: undefined, region: undefined });
    for (const placeholder of ['<authenticated>', '__aws_sdk_auth__']) {
      assert.equal(hostCredentials({ apiKey: placeholder }).bearerToken, undefined);
    }
  });

  it('reads bearer token, profile and region from the provider-scoped env', () => {
    const env = { AWS_BEARER_TOKEN_BEDROCK: 'token-env', AWS_PROFILE: 'work', AWS_DEFAULT_REGION: 'eu-west-3' };
    assert.deepEqual(hostCredentials({ env }), { bearerToken: 'token-env', profile: 'work', region: 'eu-west-3' });
    assert.equal(hostCredentials({ env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-3' } }).region, 'us-west-2');
  });

  it('lets explicit Bedrock options win over env, and env over apiKey', () => {
    const env = { AWS_BEARER_TOKEN_BEDROCK: 'token-env', AWS_PROFILE: 'env-profile', AWS_REGION: 'eu-west-1' };
    assert.deepEqual(hostCredentials({ bearerToken: 'token-option', profile: 'p', region: 'r', apiKey: 'token-key', env }), {
      bearerToken: 'token-option',
      profile: 'p',
      region: 'r',
    });
    assert.equal(hostCredentials({ apiKey: 'token-key', env }).bearerToken, 'token-env');
    assert.equal(hostCredentials({ apiKey: 'token-key', env: { AWS_BEARER_TOKEN_BEDROCK: '<authenticated>' } }).bearerToken, 'token-key');
  });
});
