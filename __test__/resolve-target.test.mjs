// Guards resolveTarget (src/config/region.rs via lib.rs): the one region / endpoint chain as
// doctor and the TS options see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTarget } from '../dist/native/binding.js';
import { isolateAwsEnvironment, setEnvForTest } from './helpers/aws-env.mjs';

isolateAwsEnvironment();

test('an explicit region wins and both endpoints follow its partition', () => {
  assert.deepEqual(resolveTarget({ region: 'cn-northwest-1' }), {
    region: 'cn-northwest-1',
    regionSource: 'option',
    runtimeEndpoint: 'https://bedrock-runtime.cn-northwest-1.amazonaws.com.cn',
    controlEndpoint: 'https://bedrock.cn-northwest-1.amazonaws.com.cn',
  });
});

test('the environment region and endpoint variables are reported with their source', (t) => {
  setEnvForTest(t, { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'eu-west-3', AWS_ENDPOINT_URL_BEDROCK: 'http://127.0.0.1:7' });
  const target = resolveTarget();
  assert.equal(target.region, 'eu-west-3');
  assert.equal(target.regionSource, 'AWS_DEFAULT_REGION');
  assert.equal(target.runtimeEndpoint, 'https://bedrock-runtime.eu-west-3.amazonaws.com');
  assert.equal(target.controlEndpoint, 'http://127.0.0.1:7');
});

test('a standard baseUrl pins its region only without a configured one', (t) => {
  setEnvForTest(t, { AWS_REGION: undefined });
  const baseUrl = 'https://bedrock-runtime.ap-south-1.amazonaws.com';
  assert.deepEqual(
    [resolveTarget({ baseUrl }).region, resolveTarget({ baseUrl }).regionSource, resolveTarget({ baseUrl }).runtimeEndpoint],
    ['ap-south-1', 'baseUrl', baseUrl],
  );
  const withRegion = resolveTarget({ baseUrl, region: 'us-west-2' });
  assert.equal(withRegion.runtimeEndpoint, 'https://bedrock-runtime.us-west-2.amazonaws.com');
});

test('without any region the default applies', (t) => {
  setEnvForTest(t, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
  assert.deepEqual([resolveTarget().region, resolveTarget().regionSource], ['us-east-1', 'default']);
});
