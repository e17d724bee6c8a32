// This machine's napi target (the glibc/musl split as Node reports it), from package.json's
// napi.targets: what the loader and the platform packages call it.
import { readFileSync } from 'node:fs';
import { parseTriple } from '@napi-rs/cli';

const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

export function thisNapiTarget() {
  const libc = process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl';
  const target = root.napi.targets
    .map(parseTriple)
    .find((t) => t.platform === process.platform && t.arch === process.arch && (t.platform !== 'linux' || t.abi === libc));
  if (!target) throw new Error(`this machine (${process.platform}-${process.arch}) is none of napi.targets`);
  return target;
}
