// pi-ai 1.6.0's own Bedrock provider and amazonBedrockProvider(), both in a createModels()
// runtime, through the same scenarios against one fake Bedrock, compared event by event, message
// by message and request body by request body (the suite: fixtures/pi/suites/pi-ai-1x-compare.mjs;
// the differences it allows are README.md's "Where we differ" and "pi-ai 1.6's stream contract").
// pi-ai 1.6 needs Node >= 22.19, so the suite runs in one Node 24 child process.
import { describe, it } from 'node:test';
import { piHostMissing, runNode24Suite } from './helpers/pi-host.mjs';

describe('pi-ai 1.6.0 own Bedrock provider vs amazonBedrockProvider() (Node 24)', { skip: piHostMissing() }, () => {
  it('passes the compare suite', () => runNode24Suite('pi-ai-1x-compare.mjs'));
});
