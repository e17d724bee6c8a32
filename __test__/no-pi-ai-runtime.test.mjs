// The product needs no pi-ai package at run time (issue 12): in a process where resolving
// either pi-ai package throws, the package entries load and a streamed turn with tool calls,
// reasoning and partial arguments runs against the fake Bedrock.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakeBedrock } from '../fake-bedrock/server.mjs';
import { isolateAwsEnvironment } from './helpers/aws-env.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let fake;
before(async () => {
  isolateAwsEnvironment();
  fake = await startFakeBedrock();
});
after(() => fake.close());

/** A resolve hook that refuses both pi-ai packages, whoever asks. */
const BLOCK_PI_AI = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (/^@(mariozechner|earendil-works)\\\\/pi-ai(\\\\/|$)/.test(specifier)) throw new Error('pi-ai is not installed: ' + specifier);
  return next(specifier, context);
}\`));
`)}`;

const TURN = `
import { streamBedrock } from 'bedrock-native';
import * as entry from 'bedrock-native/bedrock-provider';
const blocked = await import('@mariozechner/pi-ai').then(() => false, () => true);
const model = { id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', name: 'Claude Sonnet 4.5', api: 'bedrock-converse-stream', provider: 'amazon-bedrock',
  baseUrl: process.env.FAKE_URL, reasoning: true, input: ['text'], cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, contextWindow: 200000, maxTokens: 64000 };
const context = { messages: [{ role: 'user', content: 'Weather?', timestamp: 1 }], tools: [{ name: 'get_weather', description: 'w', parameters: { type: 'object', properties: { city: { type: 'string' } } } }] };
const partials = [];
const stream = entry.streamSimpleBedrock(model, context, { reasoning: 'low' });
for await (const event of stream) if (event.type === 'toolcall_delta') partials.push(structuredClone(event.partial.content[event.contentIndex].arguments));
const message = await stream.result();
console.log(JSON.stringify({ blocked, same: entry.streamBedrock === streamBedrock, partials, stopReason: message.stopReason, errorMessage: message.errorMessage, content: message.content }));
`;

test('without any pi-ai package, the entries load and a tool turn streams', async () => {
  fake.respondWith({
    steps: [
      { event: 'messageStart', payload: { role: 'assistant' } },
      { event: 'contentBlockStart', payload: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't1', name: 'get_weather' } } } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { toolUse: { input: '{"city": "Pa' } } } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { toolUse: { input: 'ris"}' } } } },
      { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
      { event: 'messageStop', payload: { stopReason: 'tool_use' } },
    ],
  });
  const env = { ...process.env, FAKE_URL: fake.url };
  // Asynchronously: the fake Bedrock answers from this process.
  const child = await promisify(execFile)(process.execPath, ['--import', BLOCK_PI_AI, '--input-type=module', '-e', TURN], { cwd: root, env, timeout: 30_000 });
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1));
  assert.equal(result.blocked, true, 'the hook really hides pi-ai');
  assert.deepEqual([result.stopReason, result.errorMessage], ['toolUse', undefined]);
  assert.deepEqual(result.partials, [{ city: 'Pa' }, { city: 'Paris' }]);
  assert.deepEqual([result.stopReason, result.errorMessage], ['toolUse', undefined]);
  assert.deepEqual(result.content, [{ type: 'toolCall', id: 't1', name: 'get_weather', arguments: { city: 'Paris' } }]);
});

test('no shipped module names a pi-ai package', () => {
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : []);
  const naming = files(join(root, 'dist')).filter((file) => /["']@(mariozechner|earendil-works)\/pi-ai/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(naming, []);
});
