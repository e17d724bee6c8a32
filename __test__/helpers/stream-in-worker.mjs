// Runs in a worker thread (or a child process): starts streams against the fake Bedrock at
// `endpoint` and reports 'streaming' once each has shown content, then keeps them open (the fake
// stalls them) until the test terminates the thread or the process ends as `exit` says:
// 'process.exit' (exit at once, streams open), 'natural' (let the event loop empty), or 'never'.
// A raw stream then waits on its next event, unless `unread` (a pending read holds the event loop
// open, as a socket read does, so only unread streams let a process end by itself).
import { parentPort, workerData } from 'node:worker_threads';
import { converseStream, streamBedrock } from '../../dist/index.js';
import { piModel, rawRequest, userText } from './robustness.mjs';

const settings = workerData ?? JSON.parse(process.argv[2]);
const report = (message) => (parentPort ? parentPort.postMessage(message) : process.stdout.write(`${message}\n`));

/** Reads until the first content, then waits on the next event, which never comes. */
async function openRaw() {
  const iterator = converseStream(rawRequest('stall'), { endpoint: settings.endpoint, maxAttempts: 1 })[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await iterator.next();
    if (done) throw new Error('the stream ended');
    if (value.type === 'contentBlockDelta') break;
  }
  if (!settings.unread) iterator.next().catch(() => {});
  return iterator;
}

/** A pi stream read until its first text delta; its reader stays pending on the next event. */
async function openPi() {
  const stream = streamBedrock(piModel(settings.endpoint), { messages: [userText('stall')] }, { maxAttempts: 1 });
  const events = stream[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error('the stream ended');
    if (value.type === 'error') throw new Error(value.error.errorMessage);
    if (value.type === 'text_delta') return stream;
  }
}

const open = settings.via === 'pi' ? openPi : openRaw;
// Held to the end, so that no stream is cancelled by garbage collection before its teardown.
const streams = await Promise.all(Array.from({ length: settings.streams ?? 1 }, open));
report('streaming');
if (settings.exit === 'process.exit') process.exit(0);
if (settings.exit === 'never') setInterval(() => {}, 1 << 30);
