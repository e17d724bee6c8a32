// The provider's AssistantMessageEventStream (ts/response/event-stream.ts) against pi-ai 0.73.1's
// own: the same pushes, ends and iterator calls give the same results, in the same order. No
// addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssistantMessageEventStream as PiAiStream } from '@mariozechner/pi-ai';
import { AssistantMessageEventStream } from '../../dist/response/event-stream.js';

const message = (text) => ({ role: 'assistant', content: [{ type: 'text', text }], stopReason: 'stop' });
const delta = (text) => ({ type: 'text_delta', contentIndex: 0, delta: text });
const done = { type: 'done', reason: 'stop', message: message('final') };

/**
 * Runs `script` on a fresh stream of `Stream`: each step is [operation, ...arguments]; `start`
 * begins a `next()` without awaiting it (settled by a later `settle`), the others are awaited.
 * Returns what every step gave.
 */
async function run(Stream, script) {
  const stream = new Stream();
  const iterators = [];
  const started = [];
  const log = [];
  const settled = (promise) => promise.then((value) => ({ value }), (error) => ({ error: String(error) }));
  for (const [operation, ...args] of script) {
    const iterator = () => iterators[args[0] ?? 0];
    switch (operation) {
      case 'iterator': iterators.push(stream[Symbol.asyncIterator]()); break;
      case 'push': stream.push(args[0]); break;
      case 'end': stream.end(args[0]); break;
      case 'next': log.push(['next', await settled(iterator().next())]); break;
      case 'start': started.push(settled(iterator().next())); break;
      case 'settle': log.push(['settled', await started.shift()]); break;
      case 'return': log.push(['return', await settled(iterator().return(args[1]))]); break;
      case 'throw': log.push(['throw', await settled(iterator().throw(new Error(args[1])))]); break;
      case 'result': log.push(['result', await stream.result()]); break;
      case 'forAwait': {
        const seen = [];
        for await (const event of stream) seen.push(event);
        log.push(['forAwait', seen]);
        break;
      }
    }
  }
  return log;
}

const scripts = {
  'queued events, then done': [['push', delta('a')], ['push', delta('b')], ['push', done], ['forAwait'], ['result']],
  'a reader waiting for each push': [['iterator'], ['start'], ['push', delta('a')], ['settle'], ['start'], ['push', done], ['settle'], ['next'], ['next']],
  'end() while a reader waits': [['iterator'], ['start'], ['end', message('ended')], ['settle'], ['next'], ['result']],
  'pushes after done are ignored': [['push', done], ['push', delta('late')], ['forAwait']],
  'end() with events still queued': [['push', delta('a')], ['end'], ['iterator'], ['next'], ['next'], ['next']],
  'return() mid-stream, then next': [['push', delta('a')], ['push', delta('b')], ['iterator'], ['next'], ['return', 0, 'bye'], ['next'], ['iterator'], ['next']],
  'return() before the first next': [['push', delta('a')], ['iterator'], ['return', 0], ['next']],
  'throw() mid-stream, then next': [['push', delta('a')], ['push', delta('b')], ['iterator'], ['next'], ['throw', 0, 'stop'], ['next']],
  'two readers share the queue': [['push', delta('a')], ['push', delta('b')], ['push', delta('c')], ['iterator'], ['iterator'], ['next', 0], ['next', 1], ['next', 0], ['push', done], ['next', 1], ['next', 0], ['next', 1]],
  'two readers waiting': [['iterator'], ['iterator'], ['start', 0], ['start', 1], ['push', delta('a')], ['push', done], ['settle'], ['settle'], ['next', 0]],
};

describe('AssistantMessageEventStream answers as pi-ai 0.73.1\'s', () => {
  for (const [name, script] of Object.entries(scripts)) {
    it(name, async () => {
      const theirs = await run(PiAiStream, script);
      assert.ok(theirs.length > 0);
      assert.deepEqual(await run(AssistantMessageEventStream, script), theirs);
    });
  }
});
