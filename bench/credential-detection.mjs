// How long detectCredentials() takes for every source, and off EC2: instance metadata disabled,
// refusing connections, or accepting and never answering (the 500 ms read timeout bounds it; a
// host that drops the packets is bounded by the 250 ms connect timeout). The host's own
// 169.254.169.254 is never asked. Each case runs in a fresh child process, so nothing is cached;
// the time is that of the detectCredentials() call alone.
// Run: node bench/credential-detection.mjs [runs]
import { detectInChild, startCredentialCases } from '../__test__/helpers/credential-env.mjs';

const runs = Number(process.argv[2] ?? 5);
const { cases, close } = await startCredentialCases();

console.log(`detectCredentials(), ${runs} runs per case, milliseconds`);
console.log(`${'case'.padEnd(46)} ${'median'.padStart(8)} ${'max'.padStart(8)}  source`);
for (const { name, env, options } of cases) {
  const times = [];
  let source;
  for (let run = 0; run < runs; run += 1) {
    const { report, elapsedMs } = await detectInChild(env, options);
    times.push(elapsedMs);
    source = report.source;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(46)} ${median.toFixed(1).padStart(8)} ${times.at(-1).toFixed(1).padStart(8)}  ${source}`);
}
await close();
