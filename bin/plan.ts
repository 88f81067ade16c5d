/**
 * `npm run plan -- [--stack NAME] [--inventory FILE] [--json]`: the offline plan of
 * `Pulumi.NAME.yaml` on Pulumi's mock runtime, with no cloud credentials.
 *
 * Exit codes: 0 planned with no mandatory policy violation; 1 mandatory violations; 2 configuration
 * or usage error (one line per problem, naming the key; no stack trace).
 */
import * as path from "path";
import { parseArgs } from "util";
import { runPlan } from "../lib/offline/plan";
import { formatSummary, planDocument } from "../lib/offline/report";
import { PlanUsageError } from "../lib/offline/stackConfig";

const USAGE = "usage: npm run plan -- [--stack NAME] [--inventory FILE] [--json]";

/** Output sinks, replaced in tests. */
export interface PlanIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STD_IO: PlanIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs the command; returns the exit code. */
export async function main(
  argv: string[],
  io: PlanIo = STD_IO,
  dir = path.resolve(__dirname, ".."),
): Promise<number> {
  let values: { stack?: string; inventory?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        inventory: { type: "string" },
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
    const result = await runPlan({
      dir,
      stack: values.stack ?? "dev",
      inventoryFile: values.inventory,
    });
    const violations: never[] = [];
    io.out(
      values.json === true
        ? JSON.stringify(planDocument(result, violations), null, 2)
        : formatSummary(result, violations),
    );
    return 0;
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
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
