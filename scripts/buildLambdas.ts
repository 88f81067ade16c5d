/**
 * `npm run build:lambdas`: bundles each function under functions/<fn>/handler.ts with esbuild
 * into functions/dist/<fn>/index.js, the directory the program archives
 * (`new pulumi.asset.FileArchive("functions/dist/<fn>")`).
 */
import { build } from "esbuild";
import * as fs from "fs";
import * as path from "path";

/** The functions to bundle: every directory of functions/ with a handler.ts. */
export function functionNames(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, "handler.ts")))
    .map((d) => d.name)
    .sort();
}

/** Bundles every function of `root` into `root/dist/<fn>/index.js`; returns the names. */
export async function buildLambdas(root: string = FUNCTIONS_ROOT): Promise<string[]> {
  const names = functionNames(root);
  for (const fn of names) {
    await build({
      entryPoints: [path.join(root, fn, "handler.ts")],
      outfile: path.join(root, "dist", fn, "index.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      sourcemap: true,
      // The SDK is bundled too, so the function runs the versions it was tested with.
      logLevel: "warning",
    });
  }
  return names;
}

/** The functions' source directory. */
export const FUNCTIONS_ROOT = path.resolve(__dirname, "../functions");

async function main(): Promise<void> {
  for (const fn of await buildLambdas()) {
    process.stdout.write(`bundled functions/dist/${fn}/index.js\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`build:lambdas: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
