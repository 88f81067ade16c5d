/**
 * Runs the repository's commands as a user does: a child process (`node` with the tsx loader,
 * what `npm run <command>` runs, without npm's own second of start-up), in a working directory,
 * with `INIT_CWD` set as `npm run` sets it. Returns the exit code, stdout and stderr.
 *
 * The bad-input suite is a table of {@link BadInputCase}s run by {@link describeBadInput}; a
 * command of another package (the gate) adds its own table with its own {@link CliCommand}.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "../..");

/** A command as `npm run` starts it: the entry file, relative to a project directory. */
export interface CliCommand {
  /** The name users type (`plan`), used in test names. */
  readonly name: string;
  /** The TypeScript or JavaScript entry point, relative to the project directory. */
  readonly entry: string;
}

/** The commands of this package (package.json `scripts`). */
export const COMMANDS = {
  plan: { name: "plan", entry: "bin/plan.ts" },
  explainEvent: { name: "explain-event", entry: "bin/explainEvent.ts" },
  kpis: { name: "kpis", entry: "bin/kpis.ts" },
  inventory: { name: "inventory", entry: "bin/inventory.ts" },
} as const satisfies Record<string, CliCommand>;

/** What a run printed and how it ended. */
export interface CliResult {
  /** The exit code; null when a signal (the harness's timeout) ended it. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Options of one run. */
export interface CliRunOptions {
  /** The project directory whose `entry` runs. Defaults to {@link ROOT}. */
  readonly project?: string;
  /** Where the user stands (and `INIT_CWD`). Defaults to the project directory. */
  readonly cwd?: string;
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kills the run after this long. Defaults to 120 s. */
  readonly timeoutMs?: number;
}

/**
 * The environment of every run: no AWS credentials (no call can reach AWS, and an attempt fails
 * fast instead of waiting on the instance metadata service), no colour.
 */
const BASE_ENV: Readonly<Record<string, string | undefined>> = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: "/nonexistent/aws-config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
  AWS_EC2_METADATA_DISABLED: "true",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

/** Runs a command with arguments as a child process. */
export function runCli(
  command: CliCommand,
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<CliResult> {
  const project = options.project ?? ROOT;
  const cwd = options.cwd ?? project;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    ...BASE_ENV,
    INIT_CWD: cwd,
    ...options.env,
  })) {
    if (v !== undefined) {
      env[k] = v;
    }
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(project, command.entry), ...args],
      { cwd, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: Date.now() - started,
      });
    });
  });
}

/** Runs `tasks` with at most `limit` at a time; results in task order. */
export async function inPool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) {
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * A scratch project: a copy of this repository's entry points and project files in a temporary
 * directory, the code itself linked, so that a case can add `Pulumi.<stack>.yaml` files,
 * inventories and event files without touching the working tree. The commands find their
 * project as they always do: the directory above `bin/`.
 */
export function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "badinput-"));
  for (const entry of [
    "lib",
    "stacks",
    "components",
    "functions",
    "policy",
    "examples",
    "node_modules",
  ]) {
    fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  fs.mkdirSync(path.join(dir, "bin"));
  for (const file of fs.readdirSync(path.join(ROOT, "bin"))) {
    fs.copyFileSync(path.join(ROOT, "bin", file), path.join(dir, "bin", file));
  }
  for (const file of [
    "index.ts",
    "Pulumi.yaml",
    "Pulumi.dev.yaml",
    "Pulumi.prod.yaml",
    "package.json",
    "tsconfig.json",
  ]) {
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  return dir;
}

/** Where a case's files are: the scratch project and a directory for the user's files. */
export interface Workspace {
  /** The scratch project (its `Pulumi.<stack>.yaml` files are read by plan and explain-event). */
  readonly project: string;
  /** A directory of the case's own, where the user stands (cwd and INIT_CWD). */
  readonly dir: string;
}

/** One bad input and what the user must see. */
export interface BadInputCase {
  /** What is wrong, as the test's name says it. */
  readonly name: string;
  readonly command: CliCommand;
  /** Writes the case's files (stack files into `ws.project`, others into `ws.dir`). */
  readonly setup?: (ws: Workspace) => void;
  /** The arguments; relative paths are relative to `ws.dir`, where the user stands. */
  readonly args: (ws: Workspace) => string[];
  /** The exact exit code. */
  readonly code: number;
  /**
   * Texts stderr must contain, each within one line: the key, flag, file or line named, and the
   * fix. A function receives the workspace for paths.
   */
  readonly stderr: readonly string[] | ((ws: Workspace) => readonly string[]);
  /** What stdout holds: nothing (default), exactly one JSON document, or a report. */
  readonly stdout?: "empty" | "json" | "text";
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

/** Signs of a crash rather than an error message. */
const CRASH_SIGNS: readonly [RegExp, string][] = [
  [/^\s+at .+/m, "a stack frame"],
  [/^\w*Error: /m, "an error dump"],
  [/Unhandled|unhandled/, "an unhandled error"],
  [/^Node\.js v\d+/m, "node's crash banner"],
  [/\[ERR_[A-Z_]+\]/, "an internal error code"],
];

/** The problems with a run's output for a case, empty when it is right. */
export function checkRun(c: BadInputCase, ws: Workspace, run: CliResult): string[] {
  const problems: string[] = [];
  if (run.code !== c.code) {
    problems.push(`exit code ${String(run.code)}, expected ${c.code}`);
  }
  const lines = run.stderr.split("\n");
  const wanted = typeof c.stderr === "function" ? c.stderr(ws) : c.stderr;
  for (const text of wanted) {
    if (!lines.some((l) => l.includes(text))) {
      problems.push(`stderr has no line with ${JSON.stringify(text)}`);
    }
  }
  for (const [sign, what] of CRASH_SIGNS) {
    const hit = sign.exec(run.stderr) ?? sign.exec(run.stdout);
    if (hit !== null) {
      problems.push(`output has ${what}: ${JSON.stringify(hit[0].slice(0, 120))}`);
    }
  }
  const mode = c.stdout ?? "empty";
  if (mode === "empty" && run.stdout !== "") {
    problems.push(`stdout is not empty: ${JSON.stringify(run.stdout.slice(0, 200))}`);
  }
  if (mode === "json") {
    try {
      JSON.parse(run.stdout);
    } catch {
      problems.push(`stdout is not one JSON document: ${JSON.stringify(run.stdout.slice(0, 200))}`);
    }
  }
  return problems;
}

/** How many runs at once: the machine is shared, and each run starts a Node process. */
export const DEFAULT_CONCURRENCY = Math.max(2, Math.min(6, os.cpus().length * 2));

/**
 * Declares a mocha suite for a table of cases: every case runs once, concurrently with a small
 * pool, in a `before` hook; each case is then one test asserting its run.
 */
export function describeBadInput(
  title: string,
  cases: readonly BadInputCase[],
  concurrency = DEFAULT_CONCURRENCY,
): void {
  describe(title, function () {
    const runs = new Map<BadInputCase, { ws: Workspace; run: CliResult }>();
    let project = "";
    before(async function () {
      this.timeout(30 * 60_000);
      project = scratchProject();
      const tasks = cases.map((c) => async () => {
        const ws: Workspace = { project, dir: fs.mkdtempSync(path.join(project, "user-")) };
        c.setup?.(ws);
        const run = await runCli(c.command, c.args(ws), {
          project,
          cwd: ws.dir,
          env: c.env,
          timeoutMs: c.timeoutMs,
        });
        runs.set(c, { ws, run });
      });
      await inPool(tasks, concurrency);
    });
    after(() => {
      if (project !== "") {
        fs.rmSync(project, { recursive: true, force: true });
      }
    });
    for (const c of cases) {
      it(`${c.command.name}: ${c.name} -> exit ${c.code}`, () => {
        const r = runs.get(c);
        expect(r, "the case did not run").to.not.equal(undefined);
        const { ws, run } = r as { ws: Workspace; run: CliResult };
        expect(
          checkRun(c, ws, run),
          `stderr:\n${run.stderr}\nstdout:\n${run.stdout.slice(0, 500)}`,
        ).to.deep.equal([]);
      });
    }
  });
}
