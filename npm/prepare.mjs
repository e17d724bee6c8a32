// Builds the native addon and the TypeScript layer when the package is installed from source
// (a git checkout or a git dependency). Packing (`npm pack`, `npm publish`) builds only the
// TypeScript layer: the published package carries no .node, its platform packages do.
// BEDROCK_NATIVE_SKIP_BUILD=1 skips everything (e.g. when a prebuilt platform package is present).
import { spawnSync } from "node:child_process";

if (process.env.BEDROCK_NATIVE_SKIP_BUILD === "1") {
  console.log("bedrock-native: BEDROCK_NATIVE_SKIP_BUILD=1, skipping the build");
  process.exit(0);
}

const packing = ["pack", "publish"].includes(process.env.npm_command ?? "");
const scripts = packing ? ["build:ts"] : ["build:native", "build:ts"];

for (const script of scripts) {
  const result = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    const needs = script === "build:native" ? "; building from source needs Rust (cargo >= 1.88) and a C compiler" : "";
    console.error(`bedrock-native: 'npm run ${script}' failed${needs}`);
    process.exit(result.status ?? 1);
  }
}
