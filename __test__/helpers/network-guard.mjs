// Preloaded into every Node process of a host under test (NODE_OPTIONS=--import): refuses, at
// once, any TCP connection or DNS lookup that would leave the machine, and appends each attempt
// to the file named by BEDROCK_NATIVE_NET_LOG so the test can assert there was none.
// Loopback addresses and Unix sockets pass; everything else fails with ECONNREFUSED / ENOTFOUND.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const LOG_PATH = process.env.BEDROCK_NATIVE_NET_LOG;
const LOCAL_NAMES = new Set(['localhost', 'localhost.', '']);

function isLoopback(host) {
  if (host === undefined || host === null) return true; // net defaults to localhost
  const name = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  if (LOCAL_NAMES.has(name) || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (net.isIPv4(name)) return name.startsWith('127.');
  if (name.startsWith('::ffff:')) return name.slice(7).startsWith('127.');
  return false;
}

function record(kind, target) {
  if (!LOG_PATH) return;
  appendFileSync(LOG_PATH, `${JSON.stringify({ kind, target, pid: process.pid, argv: process.argv.slice(1, 3) })}\n`);
}

function refusal(code, message) {
  return Object.assign(new Error(message), { code, errno: code === 'ENOTFOUND' ? -3008 : -111, syscall: 'connect' });
}

/** Where a `socket.connect(...)` call would go: `{ path }` or `{ host, port }`. */
function connectTarget(args) {
  const [first, second] = Array.isArray(args[0]) ? args[0] : args;
  if (typeof first === 'object' && first !== null) return first.path ? { path: first.path } : { host: first.host, port: first.port };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof second === 'string' ? second : undefined, port: first };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = connectTarget(args);
  if (target.path !== undefined || isLoopback(target.host)) return originalConnect.apply(this, args);
  record('connect', `${target.host}:${target.port}`);
  process.nextTick(() => this.destroy(refusal('ECONNREFUSED', `network-guard: connection to ${target.host}:${target.port} refused (tests stay on 127.0.0.1)`)));
  return this;
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (isLoopback(hostname) || net.isIP(String(hostname))) return originalLookup.call(this, hostname, options, callback);
  record('dns', String(hostname));
  process.nextTick(() => done(refusal('ENOTFOUND', `network-guard: lookup of ${hostname} refused (tests stay on 127.0.0.1)`)));
  return {};
};
const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname, options) {
  if (isLoopback(hostname) || net.isIP(String(hostname))) return originalPromiseLookup.call(this, hostname, options);
  record('dns', String(hostname));
  throw refusal('ENOTFOUND', `network-guard: lookup of ${hostname} refused (tests stay on 127.0.0.1)`);
};

// Modules that imported `lookup` by name see the guarded functions too.
syncBuiltinESMExports();
