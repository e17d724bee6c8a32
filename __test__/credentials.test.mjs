// detectCredentials(): every source of the seed's order and of the default chain, each probed in
// a child process with an environment of its own (fake IMDS, ECS, STS and SSO on 127.0.0.1).
// How long each case takes is measured by bench/credential-detection.mjs, not asserted here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { detectInChild, startCredentialCases } from './helpers/credential-env.mjs';

let fixture;
before(async () => {
  fixture = await startCredentialCases();
});
after(() => fixture.close());

describe('detectCredentials', () => {
  it('reports the expected source for every case', async () => {
    for (const { name, env, options, expected } of fixture.cases) {
      const { report } = await detectInChild(env, options);
      const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, report[key]]));
      assert.deepEqual(actual, expected, `${name}: ${JSON.stringify(report)}`);
      if (expected.detected === undefined) assert.equal(report.detected, true, name);
    }
  });

  it('never returns a secret or a key id', async () => {
    for (const { name, env, options } of fixture.cases) {
      const { report } = await detectInChild(env, options);
      const text = JSON.stringify(report);
      for (const [variable, value] of Object.entries(env)) {
        if (/SECRET|TOKEN|ACCESS_KEY/.test(variable) && !variable.endsWith('_FILE')) assert.ok(!text.includes(value), `${name} leaks ${variable}`);
      }
      assert.doesNotMatch(text, /secret|AKID|ASIA/i, name);
    }
  });

  it('asks the fake IMDS for a token, the role and its credentials', async () => {
    const ec2 = fixture.cases.find((c) => c.name.startsWith('EC2 instance role'));
    const before = { ...fixture.imds.counts };
    await detectInChild(ec2.env);
    assert.equal(fixture.imds.counts.token - before.token, 1);
    assert.equal(fixture.imds.counts.credentials - before.credentials, 1);
    assert.equal(fixture.imds.counts.rejected, 0);
  });

  it('does not call instance metadata when an earlier source applies', async () => {
    const keys = fixture.cases.find((c) => c.name === 'access key pair');
    const before = fixture.imds.requests.length;
    await detectInChild({ ...keys.env, AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: fixture.imds.url });
    assert.equal(fixture.imds.requests.length, before);
  });

  it('a broken profile is reported with its error, not skipped', async () => {
    const profile = fixture.cases.find((c) => c.name === 'AWS_PROFILE with static keys');
    const { report } = await detectInChild({ ...profile.env, AWS_PROFILE: 'broken' });
    assert.equal(report.detected, false);
    assert.equal(report.source, 'profile');
    assert.match(report.error, /broken/);
  });
});
