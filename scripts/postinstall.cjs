/**
 * `npm install`'s postinstall: applies patches/ (the Stryker mocha runner's fix for mocha 12, see
 * docs/mutation.md) with patch-package. The patched package and patch-package are development
 * dependencies: an install without them (`npm ci --omit=dev`) has nothing to patch, so this step
 * then does nothing instead of failing the install.
 */
const { spawnSync } = require("node:child_process");

let bin;
try {
  require.resolve("@stryker-mutator/mocha-runner/package.json");
  bin = require.resolve("patch-package/index.js");
} catch {
  process.exit(0);
}
const run = spawnSync(process.execPath, [bin], { stdio: "inherit" });
process.exit(run.status ?? 1);
