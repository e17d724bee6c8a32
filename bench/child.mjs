// One measurement in a fresh Node process, so that RSS and CPU belong to one provider and one
// run. Started by bench/run.mjs as `node bench/child.mjs <task-json>`; prints one JSON line.
//
// Tasks: import | flood | concurrent | warm | rawWarm | toolArgs | discover | tlsCheck.
// `provider` is "ours" (bedrock-native's dist/index.js) or "theirs" (pi-ai 0.73.1's own
// provider, @mariozechner/pi-ai/bedrock-provider). Only the provider module is imported: the
// model object comes from the parent, so pi-ai's root entry stays out of the numbers unless a task
// preloads it on purpose (`preloadPiAi`).
import { readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

// The pi-ai provider entries, compared like for like: each package's `bedrock-provider` subpath.
const PROVIDER_MODULES = {
  ours: new URL('../dist/bedrock-provider.js', import.meta.url).href,
  theirs: '@mariozechner/pi-ai/bedrock-provider',
};
const PACKAGE_ENTRY = new URL('../dist/index.js', import.meta.url).href;

const task = JSON.parse(process.argv[2]);
const model = task.model;

function cpuMs(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

/** CPU ms per thread name (Linux): the JS main thread ("node") against the addon's tokio workers, libuv, V8. */
function threadCpu() {
  const out = {};
  try {
    const ticks = 100; // USER_HZ
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
      const key = name === 'node' && Number(tid) === process.pid ? 'js-main' : name;
      out[key] = (out[key] ?? 0) + ms;
    }
  } catch {
    return undefined;
  }
  return out;
}

function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

async function importProvider(provider) {
  const started = performance.now();
  const module = await import(PROVIDER_MODULES[provider]);
  return { module, importMs: performance.now() - started };
}

function context(text = 'Hello', tools) {
  return {
    systemPrompt: 'You are a benchmark assistant.',
    messages: [{ role: 'user', content: text, timestamp: Date.now() }],
    ...(tools && { tools }),
  };
}

/** Drains one pi stream; returns its timings (ms, relative to `origin`) and the final message. */
async function drain(module, ctx, origin = performance.now()) {
  const stream = module.bedrockProviderModule.streamBedrock(model, ctx, {});
  let firstEventMs;
  let events = 0;
  let last;
  for await (const event of stream) {
    if (firstEventMs === undefined) firstEventMs = performance.now() - origin;
    events += 1;
    last = event;
  }
  const totalMs = performance.now() - origin;
  if (last?.type !== 'done') {
    const reason = last?.error?.errorMessage ?? last?.type ?? 'no events';
    throw new Error(`stream did not complete: ${reason}`);
  }
  return { firstEventMs, totalMs, events, message: last.message };
}

const tasks = {
  /** Bare Node: the RSS every process starts with. */
  async baseline() {
    return { peakRssMb: peakRssMb() };
  },

  /** bedrock-native over HTTPS without SSL_CERT_FILE: must fail, proving the variable is what trusts the CA. */
  async tlsCheck() {
    const { module } = await importProvider('ours');
    try {
      await drain(module, context());
      return { trustedWithoutSslCertFile: true };
    } catch (error) {
      return { trustedWithoutSslCertFile: false, error: String(error.message).slice(0, 300) };
    }
  },

  /** Cold import of the provider module; then one short stream to completion. */
  async import() {
    if (task.preloadPiAi) await import('@mariozechner/pi-ai');
    const { module, importMs } = await importProvider(task.provider);
    const streamStarted = performance.now();
    const { totalMs } = await drain(module, context());
    return { importMs, firstStreamMs: totalMs, importPlusFirstStreamMs: importMs + (performance.now() - streamStarted) };
  },

  /** One long text stream. */
  async flood() {
    const { module } = await importProvider(task.provider);
    const cpuBefore = process.cpuUsage();
    const { firstEventMs, totalMs, events, message } = await drain(module, context());
    const cpu = cpuMs(cpuBefore);
    const deltas = message.content[0]?.text.length / task.deltaLength;
    return { firstEventMs, totalMs, cpuMs: cpu, cpuPer10kEventsMs: (cpu / task.count) * 10_000, events, deltas, peakRssMb: peakRssMb(), threadCpuMs: threadCpu() };
  },

  /** Many streams started in the same tick. */
  async concurrent() {
    const { module } = await importProvider(task.provider);
    const cpuBefore = process.cpuUsage();
    const origin = performance.now();
    const results = await Promise.all(Array.from({ length: task.streams }, () => drain(module, context(), origin)));
    const wallMs = performance.now() - origin;
    const cpu = cpuMs(cpuBefore);
    const firsts = results.map((result) => result.firstEventMs).sort((a, b) => a - b);
    return {
      wallMs,
      cpuMs: cpu,
      cpuPer10kEventsMs: (cpu / (task.streams * task.count)) * 10_000,
      slowestFirstEventMs: firsts[firsts.length - 1],
      medianFirstEventMs: firsts[Math.floor(firsts.length / 2)],
      peakRssMb: peakRssMb(),
      threadCpuMs: threadCpu(),
    };
  },

  /** A first request, then warm ones on the same provider: time to the first pi event. */
  async warm() {
    const { module } = await importProvider(task.provider);
    const first = await drain(module, context());
    const warm = [];
    for (let i = 0; i < task.requests; i += 1) warm.push((await drain(module, context())).firstEventMs);
    return { coldFirstEventMs: first.firstEventMs, warmFirstEventMs: warm };
  },

  /**
   * The floor: a minimal keep-alive HTTPS client posting the same request, timed to the first
   * body byte (the messageStart frame). What the fake server itself takes, plus loopback TLS.
   */
  async rawWarm() {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`/model/${encodeURIComponent(model.id)}/converse-stream`, task.url);
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hello' }] }] });
    const once = () =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        let firstByteMs;
        const request = https.request(
          url,
          {
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${task.bearerToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            response.on('data', () => {
              firstByteMs ??= performance.now() - started;
            });
            response.on('end', () => (response.statusCode === 200 ? resolve(firstByteMs) : reject(new Error(`HTTP ${response.statusCode}`))));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const coldFirstByteMs = await once();
    const warm = [];
    for (let i = 0; i < task.requests; i += 1) warm.push(await once());
    agent.destroy();
    return { coldFirstEventMs: coldFirstByteMs, warmFirstEventMs: warm };
  },

  /** One tool call whose JSON arguments arrive in many small fragments. */
  async toolArgs() {
    const { module } = await importProvider(task.provider);
    const tools = [
      {
        name: 'write_file',
        description: 'Writes a file',
        parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
      },
    ];
    const cpuBefore = process.cpuUsage();
    const { totalMs, message } = await drain(module, context('Write the file', tools));
    const cpu = cpuMs(cpuBefore);
    const call = message.content.find((block) => block.type === 'toolCall');
    if (call?.arguments?.content?.length !== task.contentLength) throw new Error('tool arguments came back incomplete');
    return { cpuMs: cpu, totalMs, peakRssMb: peakRssMb() };
  },

  /** discoverModels(): cold, cached, and `callers` concurrent callers in a fresh process. */
  async discover() {
    const module = await import(PACKAGE_ENTRY);
    const options = task.discoverOptions;
    let started = performance.now();
    const cold = await module.discoverModels(options);
    const coldMs = performance.now() - started;
    const cachedRuns = [];
    for (let i = 0; i < 20; i += 1) {
      started = performance.now();
      await module.discoverModels(options);
      cachedRuns.push(performance.now() - started);
    }
    cachedRuns.sort((a, b) => a - b);
    return { coldMs, cachedMs: cachedRuns[Math.floor(cachedRuns.length / 2)], models: countModels(cold) };
  },

  /** `callers` concurrent first calls in a fresh process (one control-plane round is the goal). */
  async discoverConcurrent() {
    const module = await import(PACKAGE_ENTRY);
    const started = performance.now();
    await Promise.all(Array.from({ length: task.callers }, () => module.discoverModels(task.discoverOptions)));
    return { concurrentMs: performance.now() - started };
  },
};

function countModels(result) {
  if (Array.isArray(result)) return result.length;
  if (Array.isArray(result?.models)) return result.models.length;
  return undefined;
}

try {
  const result = await tasks[task.task]();
  process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
  process.exit(0);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: error?.stack ?? String(error) })}\n`);
  process.exitCode = 1;
}
