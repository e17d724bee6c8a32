// The benchmark suite: bedrock-native against pi-ai 0.73.1's own TypeScript Bedrock provider,
// side by side against the same local fake Bedrock, each measurement in fresh child processes.
//
//   npm run bench                 full run (a few minutes on 2 cores)
//   node bench/run.mjs --smoke    tiny sizes, a few seconds (what the test suite runs)
//   options: --out <file> (default bench/results/latest.json), --runs <n>, --only <a,b,...>
//            (sections: import, flood, concurrent, warm, toolArgs, discover)
//
// Builds nothing: it uses the committed/built addon (index.js + .node) and dist/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { flood, startFakeBedrock, TEST_BEARER_TOKEN, text, toolUse } from '../fake-bedrock/index.mjs';
import { childEnvironment, DELTA, interleaved, MODEL_ID, precompiled } from './setup.mjs';
import { makeCertificates } from './tls.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const CHILD = join(here, 'child.mjs');
const PROVIDERS = ['ours', 'theirs'];

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    runs: { type: 'string' },
    only: { type: 'string' },
  },
});

const FULL = {
  importRuns: 7,
  floodCount: 20_000,
  floodRuns: 5,
  concurrency: [32, 256],
  concurrentCount: 2_000,
  concurrentRuns: 5,
  warmRuns: 3,
  warmRequests: 10,
  toolArgSizes: [256 * 1024, 1024 * 1024],
  toolFragment: 2048,
  toolRuns: 2,
  discoverRuns: 3,
  discoverCallers: 100,
};
const SMOKE = {
  importRuns: 1,
  floodCount: 300,
  floodRuns: 1,
  concurrency: [4, 8],
  concurrentCount: 50,
  concurrentRuns: 1,
  warmRuns: 1,
  warmRequests: 2,
  toolArgSizes: [4 * 1024, 16 * 1024],
  toolFragment: 256,
  toolRuns: 1,
  discoverRuns: 1,
  discoverCallers: 10,
};
const config = { ...(args.smoke ? SMOKE : FULL) };
if (args.runs) {
  const runs = Number(args.runs);
  for (const key of Object.keys(config)) if (key.endsWith('Runs')) config[key] = runs;
}
const sections = new Set((args.only ?? 'import,flood,concurrent,warm,toolArgs,discover').split(','));
const outFile = args.out ?? join(here, 'results', 'latest.json');

function runChild(task, env, timeoutMs = 240_000) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, JSON.stringify(task)], { cwd: root, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop();
      let result;
      try {
        result = JSON.parse(line);
      } catch {
        result = undefined;
      }
      if (result?.ok) return resolve(result);
      const why = result?.error ?? error?.message ?? 'no result';
      reject(new Error(`${task.task} (${task.provider ?? 'ours'}) failed: ${why}\n${stderr.slice(-2000)}`));
    });
  });
}

function toolArgumentsScenario(contentLength, fragmentSize) {
  let content = '';
  for (let line = 0; content.length < contentLength; line += 1) {
    content += `line ${String(line).padStart(6, '0')}: the quick brown fox jumps over the lazy dog\n`;
  }
  content = content.slice(0, contentLength);
  const json = JSON.stringify({ path: '/tmp/bench/output.txt', content });
  const inputFragments = [];
  for (let start = 0; start < json.length; start += fragmentSize) inputFragments.push(json.slice(start, start + fragmentSize));
  return { scenario: precompiled(toolUse({ name: 'write_file', inputFragments })), fragments: inputFragments.length, jsonBytes: json.length };
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function median(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of every numeric field over the runs. */
function medians(runs) {
  const fields = new Set(runs.flatMap((run) => Object.keys(run)));
  const out = {};
  for (const field of fields) {
    const value = median(runs.map((run) => run[field]));
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function ratio(ours, theirs) {
  return typeof ours === 'number' && typeof theirs === 'number' && theirs > 0 ? ours / theirs : undefined;
}

/**
 * How far the ratio moves from run to run: run i of ours against run i of theirs (the two ran
 * back to back, so they shared the machine's load), as the lowest and highest of those ratios
 * and their difference.
 */
function ratioSpread(section, value) {
  const ours = section?.runs?.ours ?? [];
  const theirs = section?.runs?.theirs ?? [];
  const ratios = ours.map((run, index) => ratio(value(run), theirs[index] && value(theirs[index]))).filter((r) => r !== undefined);
  if (ratios.length < 2) return undefined;
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return { low, high, spread: high - low, ratios };
}

const fmt = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const fmtRatio = (value) => (typeof value === 'number' ? `${value.toFixed(value < 0.1 ? 3 : 2)}×` : '—');

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const piAiVersion = JSON.parse(readFileSync(join(root, 'node_modules/@mariozechner/pi-ai/package.json'), 'utf8')).version;
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpuModel, node: process.version, platform: `${process.platform}-${process.arch}`, piAi: piAiVersion };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const wallStart = performance.now();
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first (the benchmark builds nothing)');

  const piAi = await import('@mariozechner/pi-ai');
  const catalogModel = piAi.getModel('amazon-bedrock', MODEL_ID);
  if (!catalogModel) throw new Error(`pi-ai has no amazon-bedrock model ${MODEL_ID}`);
  const certificates = makeCertificates();
  const env = childEnvironment(certificates.caFile);
  const httpFake = await startFakeBedrock();
  const httpsFake = await startFakeBedrock({ tls: certificates.tls });
  const httpModel = { ...catalogModel, baseUrl: httpFake.url };
  const httpsModel = { ...catalogModel, baseUrl: httpsFake.url };
  const small = precompiled(text('Hello from the benchmark. This answer has a few deltas.', { chunks: 8 }));
  httpFake.respondWith(small);
  httpsFake.respondWith(small);

  const results = { startedAt: startedAt.toISOString(), smoke: args.smoke, machine: machine(), config, sections: {} };
  const log = (message) => process.stderr.write(`${message}\n`);

  /** Runs `runs` rounds, alternating providers, and returns per-provider medians plus raw runs. */
  async function compare(name, makeTask, runs, providers = PROVIDERS) {
    const raw = Object.fromEntries(providers.map((provider) => [provider, []]));
    for (let run = 0; run < runs; run += 1) {
      for (const provider of run % 2 ? [...providers].reverse() : providers) {
        raw[provider].push(await runChild({ provider, ...makeTask(provider) }, env));
      }
    }
    const summary = Object.fromEntries(providers.map((provider) => [provider, medians(raw[provider])]));
    log(`  ${name}: done (${runs} run${runs > 1 ? 's' : ''})`);
    return { ...summary, runs: raw };
  }

  try {
    const baselines = [];
    for (let run = 0; run < 3; run += 1) baselines.push(await runChild({ task: 'baseline' }, env));
    results.baselineRssMb = median(baselines.map((run) => run.peakRssMb));

    if (sections.has('warm')) {
      // rustls takes the platform roots from rustls-native-certs, which reads SSL_CERT_FILE.
      const { SSL_CERT_FILE: _ignored, ...withoutCaFile } = env;
      const check = await runChild({ task: 'tlsCheck', model: httpsModel }, withoutCaFile);
      results.tls = { rustTrustsViaSslCertFile: check.trustedWithoutSslCertFile === false, withoutSslCertFile: check.error ?? 'succeeded' };
    }

    if (sections.has('import')) {
      log('cold import');
      results.sections.import = {
        standalone: await compare('import (provider module alone)', () => ({ task: 'import', model: httpModel }), config.importRuns),
        withPiAi: await compare('import (pi-ai already loaded)', () => ({ task: 'import', model: httpModel, preloadPiAi: true }), config.importRuns),
      };
    }

    if (sections.has('flood')) {
      log(`flood of ${config.floodCount} text deltas`);
      httpFake.respondWith(precompiled(flood(config.floodCount, { delta: DELTA })));
      results.sections.flood = {
        count: config.floodCount,
        ...(await compare('flood', () => ({ task: 'flood', model: httpModel, count: config.floodCount, deltaLength: DELTA.length }), config.floodRuns)),
      };
    }

    if (sections.has('concurrent')) {
      httpFake.respondWith(interleaved(precompiled(flood(config.concurrentCount, { delta: DELTA }))));
      results.sections.concurrent = {};
      for (const streams of config.concurrency) {
        log(`${streams} concurrent streams of ${config.concurrentCount} deltas`);
        results.sections.concurrent[streams] = {
          streams,
          count: config.concurrentCount,
          ...(await compare(`${streams} concurrent`, () => ({ task: 'concurrent', model: httpModel, streams, count: config.concurrentCount }), config.concurrentRuns)),
        };
      }
    }

    if (sections.has('warm')) {
      log('warm time to first event over HTTPS');
      httpsFake.respondWith(small);
      const section = await compare('warm TTFE', () => ({ task: 'warm', model: httpsModel, requests: config.warmRequests }), config.warmRuns);
      const rawRuns = [];
      for (let run = 0; run < config.warmRuns; run += 1) {
        rawRuns.push(await runChild({ task: 'rawWarm', model: httpsModel, url: httpsFake.url, bearerToken: TEST_BEARER_TOKEN, requests: config.warmRequests }, env));
      }
      const summarize = (runs) => ({
        coldFirstEventMs: median(runs.map((run) => run.coldFirstEventMs)),
        warmFirstEventMs: median(runs.map((run) => median(run.warmFirstEventMs))),
      });
      results.sections.warm = {
        ours: summarize(section.runs.ours),
        theirs: summarize(section.runs.theirs),
        server: summarize(rawRuns),
        runs: { ...section.runs, server: rawRuns },
      };
    }

    if (sections.has('toolArgs')) {
      results.sections.toolArgs = { fragmentBytes: config.toolFragment, sizes: {} };
      for (const size of config.toolArgSizes) {
        const { scenario, fragments, jsonBytes } = toolArgumentsScenario(size, config.toolFragment);
        log(`tool call with ${(jsonBytes / 1024).toFixed(0)} KB of JSON arguments in ${fragments} fragments`);
        httpFake.respondWith(scenario);
        results.sections.toolArgs.sizes[size] = {
          jsonBytes,
          fragments,
          ...(await compare(`tool args ${size}`, () => ({ task: 'toolArgs', model: httpModel, contentLength: size }), config.toolRuns)),
        };
      }
    }

    if (sections.has('discover')) {
      log('discoverModels()');
      const discoverOptions = { endpoint: httpFake.url, region: 'us-east-1' };
      const runs = [];
      for (let run = 0; run < config.discoverRuns; run += 1) runs.push(await runChild({ task: 'discover', discoverOptions }, env));
      const concurrentRuns = [];
      for (let run = 0; run < config.discoverRuns; run += 1) {
        httpFake.requests.length = 0;
        const result = await runChild({ task: 'discoverConcurrent', discoverOptions, callers: config.discoverCallers }, env);
        result.controlPlaneRequests = httpFake.requests.filter((request) => request.operation && request.operation !== 'converseStream' && request.operation !== 'converse').length;
        concurrentRuns.push(result);
      }
      results.sections.discover = { callers: config.discoverCallers, ours: { ...medians(runs), ...medians(concurrentRuns) }, runs: { ours: runs, concurrent: concurrentRuns } };
    }
  } finally {
    await Promise.all([httpFake.close(), httpsFake.close()]);
    certificates.cleanup();
  }

  results.totalSeconds = (performance.now() - wallStart) / 1000;
  results.targets = evaluateTargets(results);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdownTable(results);
  process.stdout.write(`${table}\n`);
  // The README table only from full runs written to the default place.
  if (!args.smoke && outFile === join(here, 'results', 'latest.json')) writeFileSync(join(here, 'results', 'README-table.md'), `${table}\n`);
  process.stderr.write(`results: ${outFile} (${results.totalSeconds.toFixed(0)} s)\n`);
}

// ---------------------------------------------------------------------------------------------
// Targets (issues 7 and 16) and the report

function rows(results) {
  const sections = results.sections;
  const base = results.baselineRssMb;
  const above = (value) => (typeof value === 'number' && typeof base === 'number' ? value - base : undefined);
  const out = [];
  const add = (group, metric, ours, theirs, unit, digits = 1, spread) => out.push({ group, metric, ours, theirs, unit, digits, ratio: ratio(ours, theirs), spread });
  const aboveBase = (run) => above(run.peakRssMb);
  const s = sections;
  if (s.import) {
    add('cold import', 'import only, provider module alone', s.import.standalone.ours.importMs, s.import.standalone.theirs.importMs, 'ms');
    add('cold import', 'import + first completed stream, alone', s.import.standalone.ours.importPlusFirstStreamMs, s.import.standalone.theirs.importPlusFirstStreamMs, 'ms');
    add('cold import', 'import only, pi-ai root already loaded', s.import.withPiAi.ours.importMs, s.import.withPiAi.theirs.importMs, 'ms');
    add('cold import', 'import + first stream, pi-ai already loaded', s.import.withPiAi.ours.importPlusFirstStreamMs, s.import.withPiAi.theirs.importPlusFirstStreamMs, 'ms');
  }
  if (s.flood) {
    const g = `flood, ${s.flood.count} deltas`;
    add(g, 'time to first event', s.flood.ours.firstEventMs, s.flood.theirs.firstEventMs, 'ms');
    add(g, 'total time', s.flood.ours.totalMs, s.flood.theirs.totalMs, 'ms', 1, ratioSpread(s.flood, (run) => run.totalMs));
    add(g, 'CPU per 10k events', s.flood.ours.cpuPer10kEventsMs, s.flood.theirs.cpuPer10kEventsMs, 'ms', 1, ratioSpread(s.flood, (run) => run.cpuPer10kEventsMs));
    add(g, 'pi events delivered', s.flood.ours.events, s.flood.theirs.events, '', 0);
    add(g, 'peak RSS', s.flood.ours.peakRssMb, s.flood.theirs.peakRssMb, 'MB');
    add(g, `peak RSS above bare Node (${fmt(base)} MB)`, above(s.flood.ours.peakRssMb), above(s.flood.theirs.peakRssMb), 'MB', 1, ratioSpread(s.flood, aboveBase));
  }
  for (const c of Object.values(s.concurrent ?? {})) {
    const g = `${c.streams} concurrent × ${c.count} deltas`;
    add(g, 'wall time', c.ours.wallMs, c.theirs.wallMs, 'ms');
    add(g, 'CPU', c.ours.cpuMs, c.theirs.cpuMs, 'ms', 0);
    add(g, 'CPU per 10k events', c.ours.cpuPer10kEventsMs, c.theirs.cpuPer10kEventsMs, 'ms', 1, ratioSpread(c, (run) => run.cpuPer10kEventsMs));
    add(g, 'slowest first event', c.ours.slowestFirstEventMs, c.theirs.slowestFirstEventMs, 'ms', 1, ratioSpread(c, (run) => run.slowestFirstEventMs));
    add(g, 'peak RSS', c.ours.peakRssMb, c.theirs.peakRssMb, 'MB');
    add(g, 'peak RSS above bare Node', above(c.ours.peakRssMb), above(c.theirs.peakRssMb), 'MB', 1, ratioSpread(c, aboveBase));
  }
  if (s.warm) {
    add('HTTPS', 'first request: time to first event', s.warm.ours.coldFirstEventMs, s.warm.theirs.coldFirstEventMs, 'ms', 2);
    add('HTTPS', 'warm request: time to first event', s.warm.ours.warmFirstEventMs, s.warm.theirs.warmFirstEventMs, 'ms', 2);
    add('HTTPS', 'server first byte (raw keep-alive client)', s.warm.server.warmFirstEventMs, s.warm.server.warmFirstEventMs, 'ms', 2);
    add('HTTPS', 'warm overhead above server first byte', s.warm.ours.warmFirstEventMs - s.warm.server.warmFirstEventMs, s.warm.theirs.warmFirstEventMs - s.warm.server.warmFirstEventMs, 'ms', 2);
  }
  if (s.toolArgs) {
    for (const entry of Object.values(s.toolArgs.sizes)) {
      add('tool-call arguments', `CPU, ${(entry.jsonBytes / 1024).toFixed(0)} KB in ${entry.fragments} fragments`, entry.ours.cpuMs, entry.theirs.cpuMs, 'ms', 0);
    }
    const growth = toolGrowth(s.toolArgs);
    if (growth) {
      out.push({ group: 'tool-call arguments', metric: `CPU growth for ${growth.sizeFactor.toFixed(1)}× the size (linear ≈ ${growth.sizeFactor.toFixed(1)}, quadratic ≈ ${(growth.sizeFactor ** 2).toFixed(0)})`, ours: growth.ours, theirs: growth.theirs, unit: '×', digits: 1 });
    }
  }
  if (s.discover) {
    const d = s.discover.ours;
    out.push({ group: 'discoverModels()', metric: 'cold (fresh process)', ours: d.coldMs, unit: 'ms', digits: 1 });
    out.push({ group: 'discoverModels()', metric: 'cached', ours: d.cachedMs, unit: 'ms', digits: 3 });
    out.push({ group: 'discoverModels()', metric: `${s.discover.callers} concurrent callers (cold)`, ours: d.concurrentMs, unit: 'ms', digits: 1 });
    out.push({ group: 'discoverModels()', metric: 'control-plane requests for those callers', ours: d.controlPlaneRequests, unit: '', digits: 0 });
  }
  return out;
}

function toolGrowth(toolArgs) {
  const entries = Object.values(toolArgs.sizes);
  if (entries.length < 2) return undefined;
  const [a, b] = [entries[0], entries[entries.length - 1]];
  return { sizeFactor: b.jsonBytes / a.jsonBytes, ours: b.ours.cpuMs / a.ours.cpuMs, theirs: b.theirs.cpuMs / a.theirs.cpuMs };
}

function evaluateTargets(results) {
  const s = results.sections;
  const base = results.baselineRssMb ?? 0;
  const targets = [];
  const target = (name, goal, value, met) => targets.push({ name, goal, value, met: value === undefined ? null : met });
  if (s.import) {
    const r = ratio(s.import.standalone.ours.importMs, s.import.standalone.theirs.importMs);
    target('cold import (provider module alone)', 'ratio ≤ 0.1', r, r <= 0.1);
    const rp = ratio(s.import.withPiAi.ours.importMs, s.import.withPiAi.theirs.importMs);
    target('cold import (pi-ai root already loaded)', 'ratio ≤ 0.1', rp, rp <= 0.1);
  }
  if (s.flood) {
    const r = ratio(s.flood.ours.cpuPer10kEventsMs, s.flood.theirs.cpuPer10kEventsMs);
    target('CPU per 10k events (flood)', 'ratio ≤ 0.33', r, r <= 0.33);
    const rr = ratio(s.flood.ours.peakRssMb, s.flood.theirs.peakRssMb);
    target('peak RSS (flood)', 'ratio ≤ 0.5', rr, rr <= 0.5);
    const ra = ratio(s.flood.ours.peakRssMb - base, s.flood.theirs.peakRssMb - base);
    target('peak RSS above bare Node (flood)', 'ratio ≤ 0.5', ra, ra <= 0.5);
  }
  const biggest = Object.values(s.concurrent ?? {}).sort((a, b) => b.streams - a.streams)[0];
  if (biggest) {
    const r = ratio(biggest.ours.slowestFirstEventMs, biggest.theirs.slowestFirstEventMs);
    target(`slowest first event, ${biggest.streams} concurrent`, 'ratio ≤ 0.25', r, r <= 0.25);
    const rr = ratio(biggest.ours.peakRssMb, biggest.theirs.peakRssMb);
    target(`peak RSS, ${biggest.streams} concurrent`, 'ratio ≤ 0.5', rr, rr <= 0.5);
    const ra = ratio(biggest.ours.peakRssMb - base, biggest.theirs.peakRssMb - base);
    target(`peak RSS above bare Node, ${biggest.streams} concurrent`, 'ratio ≤ 0.5', ra, ra <= 0.5);
  }
  // Issue 16: CPU per event at a fifth of pi-ai's, stable from run to run; memory per stream.
  const cpuTarget = (name, section) => {
    const r = ratio(section.ours.cpuPer10kEventsMs, section.theirs.cpuPer10kEventsMs);
    target(`CPU per 10k events (${name})`, 'ratio ≤ 0.2', r, r <= 0.2);
    const spread = ratioSpread(section, (run) => run.cpuPer10kEventsMs)?.spread;
    target(`CPU per 10k events (${name}), run-to-run spread of the ratio`, '≤ 0.05', spread, spread <= 0.05);
  };
  if (s.flood) cpuTarget('flood', s.flood);
  for (const c of Object.values(s.concurrent ?? {})) cpuTarget(`${c.streams} concurrent`, c);
  if (s.toolArgs) {
    const growth = toolGrowth(s.toolArgs);
    // Linear: CPU grows at most ~1.5× faster than the size (allowing for fixed costs and noise).
    if (growth) target('tool-call arguments linear in size', `growth ≤ 1.5 × ${growth.sizeFactor.toFixed(1)}`, growth.ours, growth.ours <= 1.5 * growth.sizeFactor);
  }
  if (s.warm) {
    const overhead = s.warm.ours.warmFirstEventMs - s.warm.server.warmFirstEventMs;
    target('warm TTFE above server first byte (HTTPS)', '≤ 1 ms', overhead, overhead <= 1);
  }
  if (s.discover) target('cached discoverModels()', '≤ 1 ms', s.discover.ours.cachedMs, s.discover.ours.cachedMs <= 1);
  return targets;
}

function markdownTable(results) {
  const m = results.machine;
  const lines = [];
  lines.push(`Benchmark${results.smoke ? ' (SMOKE sizes: not representative)' : ''}: ${results.startedAt.slice(0, 10)}, ${m.nproc} × ${m.cpuModel}, Node ${m.node} (${m.platform}), pi-ai ${m.piAi}; medians of fresh-process runs (${describeRuns(results.config)}).`);
  lines.push('');
  lines.push('| measurement | | bedrock-native | pi-ai 0.73.1 | ours / theirs | per-run ratios (spread) |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const row of rows(results)) {
    const unit = row.unit ? ` ${row.unit}` : '';
    const cell = (value) => (typeof value === 'number' ? `${fmt(value, row.digits)}${unit}` : '—');
    const theirs = row.theirs === undefined ? 'n/a' : cell(row.theirs);
    const r = row.ratio === undefined ? '' : fmtRatio(row.ratio);
    const spread = row.spread ? `${fmt(row.spread.low, 2)}–${fmt(row.spread.high, 2)} (${fmt(row.spread.spread, 2)})` : '';
    lines.push(`| ${row.group} | ${row.metric} | ${cell(row.ours)} | ${theirs} | ${r} | ${spread} |`);
  }
  if (results.tls) lines.push(`\nHTTPS trust: bedrock-native (rustls, native roots) ${results.tls.rustTrustsViaSslCertFile ? 'trusts the bench CA through SSL_CERT_FILE (and fails without it)' : 'did NOT need SSL_CERT_FILE: check the TLS setup'}; pi-ai through NODE_EXTRA_CA_CERTS.`);
  lines.push('');
  lines.push('| target (issues 7, 16) | goal | measured | met |');
  lines.push('| --- | --- | ---: | :---: |');
  for (const t of results.targets) {
    const value = typeof t.value === 'number' ? fmt(t.value, 3) : '—';
    lines.push(`| ${t.name} | ${t.goal} | ${value} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

/** The sections that ran (`--only`), each with its run count. */
function describeRuns(c) {
  const described = {
    import: `import ×${c.importRuns}`,
    flood: `flood ×${c.floodRuns}`,
    concurrent: `concurrent ×${c.concurrentRuns}`,
    warm: `HTTPS ×${c.warmRuns} with ${c.warmRequests} warm requests each`,
    toolArgs: `tool args ×${c.toolRuns} (${c.toolFragment}-byte fragments)`,
  };
  return Object.entries(described).filter(([section]) => sections.has(section)).map(([, text]) => text).join(', ');
}

await main();
