/**
 * `npm run plan -- [--stack NAME] [--inventory FILE] [--json]`: the offline plan of
 * `Pulumi.NAME.yaml` on Pulumi's mock runtime, with no cloud credentials.
 *
 * The policy pack in policy/ runs over what the program registered, with
 * `policy/config/<stack>.json` (or `--policy-config FILE`).
 *
 * Exit codes: 0 planned with no mandatory policy violation; 1 mandatory violations; 2 configuration
 * or usage error (one line per problem, naming the key; no stack trace).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as pulumi from "@pulumi/pulumi";
import { runPlan } from "../lib/offline/plan";
import { checkPolicies, policyConfigFile } from "../lib/offline/policyCheck";
import type { RecordingMonitor } from "../lib/offline/recorder";
import { formatSummary, planDocument } from "../lib/offline/report";
import { PlanUsageError } from "../lib/offline/stackConfig";

const USAGE =
  "usage: npm run plan -- [--stack NAME] [--inventory FILE] [--policy-config FILE] [--program FILE] [--json]";

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
    "policy-config"?: string;
    program?: string;
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        inventory: { type: "string" },
        "policy-config": { type: "string" },
        program: { type: "string" },
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
  try {
    const foreign = values.program;
    const result = await runPlan(
      foreign === undefined
        ? {
            dir,
            stack: values.stack ?? "dev",
            inventoryFile: values.inventory,
            programFile: env.programFile ?? path.join(dir, "index.ts"),
            monitor: env.monitor,
          }
        : {
            dir: projectDirOf(foreign),
            stack: values.stack ?? "dev",
            programFile: path.resolve(foreign),
            monitor: env.monitor,
            isForeignProgram: true,
          },
    );
    // Another team's program gets the pack at its default level unless a config is given.
    const violations = await checkPolicies(
      result,
      foreign === undefined
        ? policyConfigFile(dir, result.stack, values["policy-config"])
        : policyConfigFile(projectDirOf(foreign), result.stack, values["policy-config"]),
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
    io.err(`plan: ${(err as Error).message ?? String(err)}`);
    return 2;
  }
}

if (require.main === module) {
  // A RunError thrown by the program (a configuration, inventory or capacity problem) rejects the
  // plan, which reports it in one line, and also a promise of the stack's outputs that nothing
  // awaits; without this, Node would print that second rejection with a stack trace and exit 1.
  process.on("unhandledRejection", (reason) => {
    if (!pulumi.RunError.isInstance(reason)) {
      throw reason;
    }
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
