// Checks shared by the robustness-* suites (issue 14): a failure is one typed error whose text is
// bounded, carries no panic text and no secret; memory stays bounded; a dropped stream's
// connection closes once the garbage collector has run. Also the CLI run as a child.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { BedrockError } from '../../dist/index.js';

/** The longest error message the addon may produce (README, robustness). */
export const MAX_ERROR_MESSAGE_CHARS = 2048;

const PANIC_TEXT = /panick|panic in|called `(Option|Result)::unwrap|RUST_BACKTRACE|stack backtrace/i;

/** Asserts `text` (an error message, CLI output) shows no Rust panic and none of `secrets`. */
export function assertClean(text, secrets = []) {
  assert.doesNotMatch(text, PANIC_TEXT, `panic text leaked: ${text.slice(0, 500)}`);
  for (const secret of secrets) assert.ok(!text.includes(secret), `secret ${JSON.stringify(secret)} leaked: ${text.slice(0, 500)}`);
}

/** Asserts `error` is a BedrockError with `code` (a string or a RegExp) and a bounded, clean message. */
export function assertTypedError(error, code, { secrets = [], messageMatches } = {}) {
  assert.ok(error instanceof BedrockError, `expected a BedrockError, got ${error?.constructor?.name}: ${error?.message ?? error}`);
  if (code instanceof RegExp) assert.match(error.code, code);
  else assert.equal(error.code, code, `code of: ${error.message}`);
  assert.ok(error.message.length <= MAX_ERROR_MESSAGE_CHARS, `message of ${error.message.length} chars`);
  if (messageMatches) assert.match(error.message, messageMatches);
  assertClean(error.message, secrets);
}

/** Same for an `error` event of a pi stream: its errorMessage is bounded and clean. */
export function assertPiError(terminal, { secrets = [], messageMatches } = {}) {
  assert.equal(terminal.type, 'error', `expected an error event, got ${terminal.type} (${terminal.message?.stopReason})`);
  const message = terminal.error.errorMessage ?? '';
  assert.ok(message.length > 0, 'the error says what failed');
  assert.ok(message.length <= MAX_ERROR_MESSAGE_CHARS + 200, `errorMessage of ${message.length} chars`);
  if (messageMatches) assert.match(message, messageMatches);
  assertClean(message, secrets);
}

let gcFunction;
/** A full garbage collection (exposed at run time, so no command-line flag is needed). */
export async function collectGarbage() {
  if (!gcFunction) {
    setFlagsFromString('--expose-gc');
    gcFunction = runInNewContext('gc');
  }
  for (let round = 0; round < 4; round += 1) {
    gcFunction();
    await sleep(20);
  }
}

/** Resident set size in MB. */
export function rssMb() {
  return process.memoryUsage.rss() / (1024 * 1024);
}

/** Rejects when `promise` takes longer than `ms` (the bound a failure must end within). */
export async function within(ms, promise, what = 'the call') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Runs the CLI in a child process (asynchronously: a fake Bedrock may answer from this process)
 * with the test's environment plus `env` (undefined removes a variable).
 */
export function runCli(args, env = {}) {
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: merged, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}
