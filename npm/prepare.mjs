// Builds the native addon and the TypeScript layer when the package is installed from source.
// BEDROCK_NATIVE_SKIP_BUILD=1 skips it (e.g. when a prebuilt platform package is present).
import { spawnSync } from "node:child_process";

if (process.env.BEDROCK_NATIVE_SKIP_BUILD === "1") {
  console.log("bedrock-native: BEDROCK_NATIVE_SKIP_BUILD=1, skipping the build");
  process.exit(0);
}

for (const script of ["build:native", "build:ts"]) {
  const result = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`bedrock-native: 'npm run ${script}' failed; building from source needs Rust (cargo >= 1.88) and a C compiler`);
    process.exit(result.status ?? 1);
  }
}
