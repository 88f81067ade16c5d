/**
 * The inspector-gate package as an application team installs it: `npm pack` of the workspace,
 * `npm install --omit=dev` of the tarball into an empty directory (from the registry npm is
 * configured with), then `npx inspector-gate --help` and one refused input, timed.
 *
 * Goals (issue 16): installed size under 40 MB, `--help` under 1 s after install. Exits 1 when a
 * goal is missed or the installed gate does not behave (help text, exit 2 on bad input).
 *
 * Run: npm run bench:gate [-- --json]
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const MAX_INSTALLED_BYTES = 40 * 1000 * 1000;
const MAX_HELP_MS = 1000;
const HELP_RUNS = 7;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** Bytes of every file under a directory (apparent size, as `du -sb`). */
function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      total += directoryBytes(full);
    } else if (entry.isFile()) {
      total += fs.statSync(full).size;
    }
  }
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function main(): number {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "gate-package-"));
  try {
    const packed = JSON.parse(
      execFileSync(
        NPM,
        ["pack", "-w", "inspector-gate", "--json", "--pack-destination", work, "--loglevel=warn"],
        { cwd: ROOT, encoding: "utf8" },
      ),
    ) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
    const tarball = path.join(work, path.basename(packed[0].filename));
    const app = path.join(work, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), '{ "name": "app", "private": true }\n');
    const install = timed(() =>
      execFileSync(
        NPM,
        ["install", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=warn", tarball],
        { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
      ),
    );
    const installedBytes = directoryBytes(path.join(app, "node_modules"));
    const packages = fs
      .readdirSync(path.join(app, "node_modules"), { recursive: true })
      .filter((p) => String(p).endsWith("package.json") && !String(p).includes("dist")).length;
    const bin = path.join(app, "node_modules", ".bin", "inspector-gate");
    const helpTimes: number[] = [];
    let helpText = "";
    for (let i = 0; i < HELP_RUNS; i++) {
      const run = timed(() => spawnSync(bin, ["--help"], { encoding: "utf8" }));
      helpTimes.push(run.ms);
      helpText = run.result.stdout;
    }
    const npx = timed(() =>
      spawnSync(NPM, ["exec", "--", "inspector-gate", "--help"], { cwd: app, encoding: "utf8" }),
    );
    const bad = spawnSync(bin, ["sbom", "missing.json", "--region", "us-east-1"], {
      cwd: app,
      encoding: "utf8",
    });
    const nodeBare = median(
      Array.from(
        { length: HELP_RUNS },
        () => timed(() => spawnSync(process.execPath, ["-e", "0"])).ms,
      ),
    );
    const figures = {
      node: process.version,
      load: os.loadavg().map((l) => Math.round(l * 100) / 100),
      tarballBytes: packed[0].size,
      packageFiles: packed[0].entryCount,
      installMs: Math.round(install.ms),
      installedBytes,
      installedPackages: packages,
      helpMedianMs: Math.round(median(helpTimes)),
      nodeStartMedianMs: Math.round(nodeBare),
      npxHelpMs: Math.round(npx.ms),
    };
    const problems: string[] = [];
    if (installedBytes > MAX_INSTALLED_BYTES) {
      problems.push(`installed size ${installedBytes} B is over ${MAX_INSTALLED_BYTES} B`);
    }
    if (figures.helpMedianMs > MAX_HELP_MS) {
      problems.push(`--help took ${figures.helpMedianMs} ms (median), over ${MAX_HELP_MS} ms`);
    }
    if (!helpText.startsWith("usage: inspector-gate ecr")) {
      problems.push(`--help printed ${JSON.stringify(helpText.slice(0, 80))}`);
    }
    if (npx.result.status !== 0 || !npx.result.stdout.startsWith("usage: inspector-gate")) {
      problems.push(`npx inspector-gate --help exited ${npx.result.status}`);
    }
    if (bad.status !== 2 || !bad.stderr.startsWith("inspector-gate: SBOM missing.json")) {
      problems.push(`a missing SBOM exited ${bad.status}: ${bad.stderr.slice(0, 200)}`);
    }
    if (process.argv.includes("--json")) {
      process.stdout.write(`${JSON.stringify({ ...figures, problems }, null, 2)}\n`);
    } else {
      const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
      process.stdout.write(
        [
          `inspector-gate package (Node.js ${figures.node}, load ${figures.load.join(" ")})`,
          `  tarball            ${(figures.tarballBytes / 1e3).toFixed(1)} kB (${figures.packageFiles} files)`,
          `  npm install        ${figures.installMs} ms (--omit=dev, from the tarball)`,
          `  installed size     ${mb(installedBytes)} in ${packages} packages (goal < 40 MB)`,
          `  --help             ${figures.helpMedianMs} ms median of ${HELP_RUNS} (node -e 0: ${figures.nodeStartMedianMs} ms; goal < 1000 ms)`,
          `  npx --help         ${figures.npxHelpMs} ms`,
          ...problems.map((p) => `  PROBLEM: ${p}`),
          "",
        ].join("\n"),
      );
    }
    return problems.length === 0 ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
