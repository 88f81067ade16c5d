/**
 * `npm run bench:bundles`: the Lambda bundles as deployed. Builds them (`npm run build:lambdas`),
 * then for each function prints the bundle's size, its deflated size (what the deploy archive
 * holds), the size of the source map kept out of the archive, and the time to load the handler
 * module in a fresh Node.js process with the function's environment from the dev plan (the init
 * phase of a cold start, a proxy: Lambda adds its own runtime start and the archive download).
 * Checks issue 16's goal: every bundle under 1.5 MB.
 *
 * Usage: npm run bench:bundles [-- --runs N]   (N fresh processes per function, default 7)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { buildLambdas, FUNCTIONS_ROOT, SOURCE_MAP_DIR } from "../scripts/buildLambdas";
import { planStack, PROJECT_DIR } from "../test/deployed/plannedStack";

/** Issue 16's goal for every bundle. */
export const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

const LOAD_SCRIPT = `
const t = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag === -1 ? 7 : Number(process.argv[runsFlag + 1]);
  const built = Date.now();
  await buildLambdas();
  const buildSeconds = (Date.now() - built) / 1000;
  const plan = await planStack("dev");
  process.stdout.write(
    `Lambda bundles: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} (times scale with it); build ${buildSeconds.toFixed(1)} s\n`,
  );
  process.stdout.write(
    "function                        bundle KB  archive KB  map KB (not deployed)  load ms p50 (min-max)\n",
  );
  let over = 0;
  for (const fn of plan.functions) {
    const file = path.resolve(PROJECT_DIR, fn.codePath, "index.js");
    const bundle = fs.readFileSync(file);
    const name = path.basename(fn.codePath);
    const map = path.join(FUNCTIONS_ROOT, SOURCE_MAP_DIR, name, "index.js.map");
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(process.execPath, ["-e", LOAD_SCRIPT, file], {
        env: {
          PATH: process.env.PATH,
          ...fn.environment,
          AWS_REGION: fn.region,
          AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
        },
        stdio: ["ignore", "pipe", "ignore"],
      });
      times.push(Number(out.toString()));
    }
    const isOver = bundle.length >= MAX_BUNDLE_BYTES;
    over += isOver ? 1 : 0;
    process.stdout.write(
      `${fn.functionName.padEnd(32)}${(bundle.length / 1024).toFixed(0).padStart(9)}` +
        `${(zlib.deflateRawSync(bundle, { level: 9 }).length / 1024).toFixed(0).padStart(12)}` +
        `${(fs.statSync(map).size / 1024).toFixed(0).padStart(23)}` +
        `${median(times).toFixed(0).padStart(14)} (${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)})` +
        `${isOver ? "  OVER 1.5 MB" : ""}\n`,
    );
  }
  process.stdout.write(
    over === 0
      ? "goal met: every bundle under 1.5 MB\n"
      : `goal missed: ${over} bundle(s) at 1.5 MB or more\n`,
  );
  process.exitCode = over === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:bundles: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
