// One benchmark measurement (bench/child.mjs) under a profiler, against the same fake and with the
// same environment as `npm run bench`, to see where a figure of the comparison comes from:
//
//   node bench/profile.mjs flood [--provider theirs] [--node-flags=--cpu-prof] [-- wrapper...]
//   node bench/profile.mjs concurrent --streams 256 -- heaptrack -o /tmp/heap
//   node bench/profile.mjs concurrent --streams 256 -- perf record -F 2000 -g -o /tmp/perf.data
//
// Prints the child's result line (per-thread CPU, peak RSS); the wrapper writes its own files.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { flood, startFakeBedrock } from '../fake-bedrock/index.mjs';
import { childEnvironment, DELTA, interleaved, MODEL_ID, precompiled } from './setup.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    provider: { type: 'string', default: 'ours' },
    streams: { type: 'string', default: '32' },
    count: { type: 'string' },
    'node-flags': { type: 'string', default: '' },
  },
});
const [task = 'flood', ...wrapper] = positionals;
if (!['flood', 'concurrent'].includes(task)) throw new Error(`unknown task ${task}: flood or concurrent`);

const count = Number(args.count ?? (task === 'flood' ? 20_000 : 2_000));
const piAi = await import('@mariozechner/pi-ai');
const fake = await startFakeBedrock();
const scenario = precompiled(flood(count, { delta: DELTA }));
fake.respondWith(task === 'flood' ? scenario : interleaved(scenario));
const model = { ...piAi.getModel('amazon-bedrock', MODEL_ID), baseUrl: fake.url };
const childTask = { task, provider: args.provider, model, count, deltaLength: DELTA.length, streams: Number(args.streams) };

const nodeFlags = args['node-flags'].split(' ').filter(Boolean);
const command = [...wrapper, process.execPath, ...nodeFlags, fileURLToPath(new URL('./child.mjs', import.meta.url)), JSON.stringify(childTask)];
const child = spawn(command[0], command.slice(1), { env: childEnvironment(), stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
const code = await new Promise((resolve) => child.on('close', resolve));
process.stdout.write(`${output.trim().split('\n').pop()}\n`);
await fake.close();
process.exitCode = code ?? 1;
