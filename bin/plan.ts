/**
 * `npm run plan -- [--stack NAME] [--inventory FILE | --live-inventory] [--json]`: the offline plan of
 * `Pulumi.NAME.yaml` on Pulumi's mock runtime, with no cloud credentials.
 *
 * The policy pack in policy/ runs over what the program registered, with
 * `policy/config/<stack>.json` (or `--policy-config FILE`).
 *
 * Exit codes: 0 planned with no mandatory policy violation; 1 mandatory violations; 2 configuration
 * or usage error (one line per problem, naming the key; no stack trace), a program that fails,
 * never finishes (`--timeout`), ends the process or registers nothing.
 *
 * Relative paths are relative to the directory the user ran the command from (INIT_CWD).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { firstLine, runCommand } from "../lib/cli/command";
import { InputError, MB, parseJson, readTextFile, resolveUserPath } from "../lib/cli/input";
import { PROGRAM_TIMEOUT_SECONDS, runPlan } from "../lib/offline/plan";
import { checkPolicies, policyConfigFile } from "../lib/offline/policyCheck";
import type { RecordingMonitor } from "../lib/offline/recorder";
import { formatSummary, planDocument } from "../lib/offline/report";
import { PlanUsageError } from "../lib/offline/stackConfig";

const USAGE =
  "usage: npm run plan -- [--stack NAME] [--inventory FILE | --live-inventory] [--policy-config FILE] [--program FILE] [--timeout SECONDS] [--json]";

/** The longest `--timeout` accepted, in seconds: an hour. */
const MAX_TIMEOUT_SECONDS = 3600;

/** The checks of the flags' values, one line per problem. */
function flagProblems(values: {
  inventory?: string;
  "live-inventory"?: boolean;
  program?: string;
  timeout?: string;
}): string[] {
  const problems: string[] = [];
  if (values.inventory !== undefined && values["live-inventory"] === true) {
    problems.push("--inventory and --live-inventory exclude each other; give one of them");
  }
  if (values.program !== undefined && values.inventory !== undefined) {
    problems.push(
      "--inventory applies to this repository's program only; remove it when using --program",
    );
  }
  for (const [flag, value] of [
    ["--inventory", values.inventory],
    ["--program", values.program],
  ] as const) {
    if (value !== undefined && value.trim() === "") {
      problems.push(`${flag} is empty; give a file path`);
    }
  }
  if (
    values.timeout !== undefined &&
    (!/^\d+$/.test(values.timeout) ||
      Number(values.timeout) < 1 ||
      Number(values.timeout) > MAX_TIMEOUT_SECONDS)
  ) {
    problems.push(
      `--timeout (${JSON.stringify(values.timeout.slice(0, 40))}) must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS} (default ${PROGRAM_TIMEOUT_SECONDS})`,
    );
  }
  return problems;
}

/** The directory of the Pulumi project a program file belongs to: the nearest Pulumi.yaml above it. */
export function projectDirOf(programFile: string): string {
  let dir = path.dirname(path.resolve(programFile));
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new PlanUsageError([
        `--program: no Pulumi.yaml in ${path.dirname(path.resolve(programFile))} or above`,
      ]);
    }
    dir = parent;
  }
}

/** Output sinks, replaced in tests. */
export interface PlanIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STD_IO: PlanIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Where the project is, and what records the run; replaced in tests. */
export interface PlanEnv {
  readonly dir?: string;
  readonly programFile?: string;
  readonly monitor?: RecordingMonitor;
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: string[],
  io: PlanIo = STD_IO,
  env: PlanEnv = {},
): Promise<number> {
  const dir = env.dir ?? path.resolve(__dirname, "..");
  let values: {
    stack?: string;
    inventory?: string;
    "live-inventory"?: boolean;
    "policy-config"?: string;
    program?: string;
    timeout?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        inventory: { type: "string" },
        "live-inventory": { type: "boolean" },
        "policy-config": { type: "string" },
        program: { type: "string" },
        timeout: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`plan: ${(err as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const problems = flagProblems(values);
  if (problems.length > 0) {
    problems.forEach((p) => io.err(`plan: ${p}`));
    io.err(USAGE);
    return 2;
  }
  try {
    const foreign = values.program === undefined ? undefined : resolveUserPath(values.program);
    const policyConfig =
      values["policy-config"] === undefined ? undefined : resolveUserPath(values["policy-config"]);
    if (foreign !== undefined) {
      // A missing program would surface as the module loader's multi-line "Cannot find module".
      readTextFile(foreign, `--program ${values.program}`, 16 * MB);
    }
    if (policyConfig !== undefined) {
      // Bounded (size and depth) before the pack's loader reads it, named as the user gave it.
      const shown = `--policy-config ${values["policy-config"]}`;
      parseJson(readTextFile(policyConfig, shown, 4 * MB), shown);
    }
    const common = {
      stack: values.stack ?? "dev",
      monitor: env.monitor,
      timeoutSeconds: values.timeout === undefined ? undefined : Number(values.timeout),
    };
    const result = await runPlan(
      foreign === undefined
        ? {
            ...common,
            dir,
            inventoryFile:
              values.inventory === undefined ? undefined : resolveUserPath(values.inventory),
            liveInventory: values["live-inventory"] === true,
            programFile: env.programFile ?? path.join(dir, "index.ts"),
          }
        : {
            ...common,
            dir: projectDirOf(foreign),
            programFile: foreign,
            isForeignProgram: true,
          },
    );
    // Another team's program gets the pack at its default level unless a config is given.
    const violations = await checkPolicies(
      result,
      policyConfigFile(
        foreign === undefined ? dir : projectDirOf(foreign),
        result.stack,
        policyConfig,
      ),
    );
    io.out(
      values.json === true
        ? JSON.stringify(planDocument(result, violations), null, 2)
        : formatSummary(result, violations),
    );
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
  } catch (err) {
    if (err instanceof PlanUsageError) {
      for (const problem of err.problems) {
        io.err(`plan: ${problem}`);
      }
      return 2;
    }
    io.err(`plan: ${err instanceof InputError ? err.message : firstLine(err)}`);
    return 2;
  }
}

if (require.main === module) {
  runCommand("plan", (io) => main(process.argv.slice(2), io));
}
