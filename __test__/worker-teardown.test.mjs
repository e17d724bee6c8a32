// Streams outlive neither their worker thread nor their process: when a worker's environment is
// torn down (worker.terminate(), or the worker ending) every stream it started is cancelled and
// its connection closed, and a process that exits with streams open exits cleanly. The fake
// stalls each stream after its first content, so only a cancellation can close the connection.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { midStream, startFakeBedrock } from '../fake-bedrock/index.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';

const STREAMER = fileURLToPath(new URL('./helpers/stream-in-worker.mjs', import.meta.url));
/** The bound: the fake sees every connection closed within a second of the teardown. */
const CLOSED_WITHIN_MS = 1000;

let fake;
/** Every worker a test started, terminated after it even when the test failed. */
const workers = [];
before(() => {
  isolateAwsEnvironment();
  // The main thread loads the addon too, as an application that also streams from it would: the
  // process-wide runtime then outlives every worker, so only the cancellation of the worker's
  // own streams can close their connections.
  createRequire(import.meta.url)('../index.cjs');
});
// A fake per test, closed hard after it: a stream one test leaks cannot hold a connection open
// in the next.
beforeEach(async () => {
  fake = await startFakeBedrock({ defaultScenario: midStream('partial answer', { stall: true }) });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
  await fake.close();
});

/** Starts a worker running `settings` and resolves once its streams show content. */
async function startStreamingWorker(settings) {
  const worker = new Worker(STREAMER, { workerData: { endpoint: fake.url, ...settings } });
  workers.push(worker);
  const [message] = await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => Promise.reject(error)),
  ]);
  assert.equal(message, 'streaming');
  return worker;
}

for (const via of ['converseStream', 'pi']) {
  test(`a worker terminated mid-stream (${via}) leaves no open connection`, async () => {
    const worker = await startStreamingWorker({ via, exit: 'never' });
    assert.equal(fake.connections.active, 1, 'the stream holds its connection');
    await worker.terminate();
    await fake.waitForConnectionsClosed(CLOSED_WITHIN_MS);
  });
}

test('four workers with two streams each, terminated at once, leave no open connection', async () => {
  const four = await Promise.all(
    ['converseStream', 'pi', 'converseStream', 'pi'].map((via) => startStreamingWorker({ via, streams: 2, exit: 'never' })),
  );
  assert.equal(fake.connections.active, 8);
  await Promise.all(four.map((worker) => worker.terminate()));
  await fake.waitForConnectionsClosed(CLOSED_WITHIN_MS);
});

test("a worker's streams are cancelled when it calls process.exit()", async () => {
  const worker = await startStreamingWorker({ via: 'pi', exit: 'process.exit' });
  const [code] = await once(worker, 'exit');
  assert.equal(code, 0);
  await fake.waitForConnectionsClosed(CLOSED_WITHIN_MS);
});

test('terminating one worker leaves the streams of the others running', async () => {
  const [doomed, survivor] = await Promise.all([startStreamingWorker({ via: 'pi', exit: 'never' }), startStreamingWorker({ via: 'pi', exit: 'never' })]);
  await doomed.terminate();
  const deadline = Date.now() + CLOSED_WITHIN_MS;
  while (fake.connections.active > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(fake.connections.active, 1, "the survivor's stream is still open");
  await survivor.terminate();
  await fake.waitForConnectionsClosed(CLOSED_WITHIN_MS);
});

const EXITS = [
  ['process.exit() with pi streams reading', { via: 'pi', exit: 'process.exit' }],
  ['process.exit() with raw streams reading', { via: 'converseStream', exit: 'process.exit' }],
  ['an emptied event loop with raw streams left unread', { via: 'converseStream', exit: 'natural', unread: true }],
];

for (const [name, settings] of EXITS) {
  test(`a process that ends with streams open (${name}) exits cleanly and closes them`, async () => {
    const child = spawn(process.execPath, [STREAMER, JSON.stringify({ endpoint: fake.url, streams: 2, ...settings })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(timer);
    assert.deepEqual({ code, signal, stderr }, { code: 0, signal: null, stderr: '' });
    assert.equal(stdout, 'streaming\n');
    await fake.waitForConnectionsClosed(CLOSED_WITHIN_MS);
  });
}
