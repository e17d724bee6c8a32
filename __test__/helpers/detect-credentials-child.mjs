// Child process of credential-env.mjs: one detectCredentials() call, timed, printed as JSON.
import { performance } from 'node:perf_hooks';
// The module alone rather than the package entry: the child should load no more than it needs.
import { detectCredentials } from '../../dist/discovery/credentials.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const start = performance.now();
const report = await detectCredentials(options);
process.stdout.write(JSON.stringify({ report, elapsedMs: performance.now() - start }));
