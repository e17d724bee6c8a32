// How long detectCredentials() takes for every source, and off EC2 (instance metadata refusing,
// silent, or the real 169.254.169.254 of this host). Each case runs in a fresh child process, so
// nothing is cached; the time is that of the detectCredentials() call alone.
// Run: node bench/credential-detection.mjs [runs]
import { childEnv, detectInChild, makeAwsHome, startCredentialCases } from '../__test__/helpers/credential-env.mjs';

const runs = Number(process.argv[2] ?? 5);
const { cases, close } = await startCredentialCases();
const realImds = { name: 'nothing, this host\'s real instance metadata', env: childEnv(makeAwsHome(), { AWS_EC2_METADATA_DISABLED: undefined }) };

console.log(`detectCredentials(), ${runs} runs per case, milliseconds`);
console.log(`${'case'.padEnd(46)} ${'median'.padStart(8)} ${'max'.padStart(8)}  source`);
for (const { name, env, options } of [...cases, realImds]) {
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
