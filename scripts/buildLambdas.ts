/**
 * `npm run build:lambdas`: bundles each function under functions/<fn>/handler.ts with esbuild
 * into functions/dist/<fn>/index.js, the directory the program archives
 * (`new pulumi.asset.FileArchive("functions/dist/<fn>")`), and its source map into
 * functions/dist/sourcemaps/<fn>/index.js.map, outside the archive.
 *
 * Lean bundles (issue 16): minified, the packages' ES module builds first (`mainFields`), so the
 * AWS SDK's unused commands are tree-shaken, names kept (`keepNames`) so stack traces and
 * `error.name` still read. Source maps are four times the bundle: deployed, they would dominate
 * the archive, and enabled (`--enable-source-maps`) they slow every cold start; they are kept
 * beside the build to resolve a logged position of the same build instead.
 */
import { build } from "esbuild";
import * as fs from "fs";
import * as path from "path";

/** The functions' source directory. */
export const FUNCTIONS_ROOT = path.resolve(__dirname, "../functions");

/** Where the source maps go, relative to the functions' root: not in any archived directory. */
export const SOURCE_MAP_DIR = "dist/sourcemaps";

/** The functions to bundle: every directory of functions/ with a handler.ts. */
export function functionNames(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, "handler.ts")))
    .map((d) => d.name)
    .sort();
}

/** Bundles every function of `root`; returns the names. */
export async function buildLambdas(root: string = FUNCTIONS_ROOT): Promise<string[]> {
  const names = functionNames(root);
  for (const fn of names) {
    const outDir = path.join(root, "dist", fn);
    const mapDir = path.join(root, SOURCE_MAP_DIR, fn);
    fs.rmSync(outDir, { recursive: true, force: true });
    const result = await build({
      entryPoints: [path.join(root, fn, "handler.ts")],
      outfile: path.join(outDir, "index.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify: true,
      keepNames: true,
      mainFields: ["module", "main"],
      legalComments: "none",
      // "external": the map is written, the bundle carries no sourceMappingURL comment.
      sourcemap: "external",
      write: false,
      // The SDK is bundled too, so the function runs the versions it was tested with.
      logLevel: "warning",
    });
    for (const file of result.outputFiles) {
      const isMap = file.path.endsWith(".map");
      const target = isMap ? path.join(mapDir, path.basename(file.path)) : file.path;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.contents);
    }
  }
  return names;
}

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
