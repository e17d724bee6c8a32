// The fields OpenClaw's own Bedrock plugin adds to discovered models: thinkingLevelMap for Claude
// models with native max effort, params.canonicalModelId on inference profiles of Claude models.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claudeIdentity, openClawModelExtras } from '../../dist/discovery/openclaw-model-extras.js';

const profile = (id, baseModelId) => ({ id, baseModelId, source: 'inference-profile' });
const foundationModel = (id) => ({ id, baseModelId: id, source: 'foundation-model' });

describe('openClawModelExtras', () => {
  it('Opus 4.6: max effort without xhigh, on the foundation model and its profiles', () => {
    assert.deepEqual(openClawModelExtras(foundationModel('anthropic.claude-opus-4-6-v1')), { thinkingLevelMap: { xhigh: null, max: 'max' } });
    assert.deepEqual(openClawModelExtras(profile('us.anthropic.claude-opus-4-6-v1', 'anthropic.claude-opus-4-6-v1')), {
      thinkingLevelMap: { xhigh: null, max: 'max' },
      params: { canonicalModelId: 'claude-opus-4-6-v1' },
    });
  });

  it('Opus 4.7 / 4.8 and Sonnet 5 offer xhigh too; Fable 5 maps off and minimal to low', () => {
    for (const id of ['anthropic.claude-opus-4-7', 'anthropic.claude-opus-4-8-v1:0', 'anthropic.claude-sonnet-5']) {
      assert.deepEqual(openClawModelExtras(foundationModel(id)).thinkingLevelMap, { xhigh: 'xhigh', max: 'max' }, id);
    }
    assert.deepEqual(openClawModelExtras(foundationModel('anthropic.claude-fable-5')).thinkingLevelMap, { off: 'low', minimal: 'low', xhigh: 'xhigh', max: 'max' });
  });

  it('older Claude models and other vendors carry no thinking map; only profiles of Claude get a canonical id', () => {
    assert.deepEqual(openClawModelExtras(profile('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0')), {
      params: { canonicalModelId: 'claude-sonnet-4-5-20250929-v1:0' },
    });
    assert.deepEqual(openClawModelExtras(foundationModel('anthropic.claude-3-haiku-20240307-v1:0')), {});
    assert.deepEqual(openClawModelExtras(profile('us.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0')), {});
    assert.deepEqual(openClawModelExtras(foundationModel('cohere.command-r-v1:0')), {});
  });

  it('an application profile (opaque ARN) is recognised through its base model', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    assert.deepEqual(openClawModelExtras({ id: arn, baseModelId: 'anthropic.claude-opus-4-6-v1', source: 'application-inference-profile' }), {
      thinkingLevelMap: { xhigh: null, max: 'max' },
      params: { canonicalModelId: 'claude-opus-4-6-v1' },
    });
  });

  it('claudeIdentity: lower case, dots and spaces as dashes, vendor and region prefixes dropped', () => {
    assert.equal(claudeIdentity('eu.anthropic.claude-3-7-sonnet-20250219-v1:0'), 'claude-3-7-sonnet-20250219-v1:0');
    assert.equal(claudeIdentity('anthropic/Claude Opus 4.6'), 'claude-opus-4-6');
    assert.equal(claudeIdentity('amazon.nova-lite-v1:0'), 'amazon-nova-lite-v1:0');
  });
});
