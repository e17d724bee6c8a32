// Load and soak at CI size (bench/soak.mjs runs the full size): concurrent streams all served and
// returned to the connection pool, sequential requests with RSS and Node's handles flat and the
// pooled connections reused, and an abort storm leaving no connection or handle behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { abortStorm, concurrentStreams, sequentialRequests, settle, snapshot } from '../bench/soak.mjs';
import { startFakeBedrock } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';
import { activeResources, assertNoResourceGrowth, trapUnhandledRejections } from './helpers/robustness.mjs';

const CONCURRENT = 100;
const SEQUENTIAL = 500;
const ABORTED = 100;
/** Generous: a leak of even 100 KB per request would show as 50 MB over 500 requests. */
const MAX_RSS_GROWTH_MB = 40;

let fake;
let rejections;
let baseline;
before(async () => {
  isolateAwsEnvironment();
  rejections = trapUnhandledRejections();
  baseline = activeResources();
  fake = await startFakeBedrock();
});
after(() => fake.close());

test(`${CONCURRENT} concurrent streams are all held at once, all served, and pooled afterwards`, async () => {
  const result = await concurrentStreams(fake, CONCURRENT);
  assert.deepEqual(result.outcomes, { done: CONCURRENT / 2, stop: CONCURRENT / 2 });
  assert.ok(result.peakHeld >= CONCURRENT * 0.9, `peak ${result.peakHeld} connections held`);
  assert.ok((await settle(fake, CONCURRENT)) <= CONCURRENT, 'no more connections than streams');
});

test(`${SEQUENTIAL} sequential requests keep RSS, handles and connections flat`, async () => {
  const openedBefore = fake.connections.opened;
  const { before: start, after: end, outcomes } = await sequentialRequests(fake, SEQUENTIAL);
  assert.deepEqual(outcomes, { done: SEQUENTIAL / 2, stop: SEQUENTIAL / 2 });
  assert.ok(end.rssMb - start.rssMb < MAX_RSS_GROWTH_MB, `RSS ${start.rssMb} → ${end.rssMb} MB`);
  assert.ok(end.handles <= start.handles, `handles ${start.handles} → ${end.handles}`);
  assert.ok(end.serverConnections <= start.serverConnections, `connections ${start.serverConnections} → ${end.serverConnections}`);
  assert.ok(fake.connections.opened - openedBefore <= 2, 'the pooled connections were reused');
});

test(`an abort storm of ${ABORTED} streams leaves nothing behind`, async () => {
  const pooled = fake.connections.active;
  const { outcomes } = await abortStorm(fake, ABORTED);
  assert.deepEqual(outcomes, { AbortError: ABORTED / 2, aborted: ABORTED / 2 });
  const left = await settle(fake, pooled);
  assert.ok(left <= pooled, `${left} connections open after the storm (pool: ${pooled})`);
});

test('Node handles are back to the baseline, no unhandled rejection', async () => {
  const end = snapshot(fake);
  await fake.close();
  await assertNoResourceGrowth(baseline);
  assert.ok(end.serverConnections <= CONCURRENT);
  assert.deepEqual(rejections, []);
});
