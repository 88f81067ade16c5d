/**
 * `npm run verify -- --stack NAME [--json] [--wait MINUTES]`: after `pulumi up`, every planned
 * account and Region's Inspector status against the plan, with the management account's
 * read-only credentials (the delegated administrator's role is assumed for Inspector's reads).
 *
 * Exit codes: 0 covered; 1 gaps; 2 usage or configuration error; 3 AWS error (no credentials, or
 * a read failed so coverage cannot be claimed). One line per error, no stack trace.
 */
import {
  type CliIo,
  type Day0Deps,
  EXIT_AWS,
  EXIT_FINDINGS,
  EXIT_OK,
  parseFlags,
  requireStack,
  runCli,
  STD_IO,
  withStack,
} from "../lib/day0/cli";
import { Day0UsageError, planFor, readOrganization } from "../lib/day0/stack";
import { INSPECTOR_POLICY_NAME } from "../stacks/management";
import { expectationOf } from "../lib/verify/expectation";
import { formatProblems, formatVerifyReport } from "../lib/verify/report";
import { type Clock, SYSTEM_CLOCK, verifyOnce, verifyUntilCovered } from "../lib/verify/verify";

/** The `--help` text. */
export const USAGE = [
  "usage: npm run verify -- --stack NAME [--json] [--wait MINUTES]",
  "  Compares the organization's Inspector state with the plan of Pulumi.NAME.yaml, using the",
  "  management account's read-only credentials. Exit 0 covered, 1 gaps, 2 usage, 3 AWS error.",
  "  --stack NAME     the stack (required)",
  "  --json           print one JSON document on stdout",
  "  --wait MINUTES   poll every 30 s until covered or MINUTES pass (0-240; default 0)",
  "  --help           show this help",
].join("\n");

/** Longest `--wait`: the longest enablement timeout the configuration allows. */
export const MAX_WAIT_MINUTES = 240;

/** `--wait` as whole minutes. */
export function parseWait(value: string | boolean | undefined): number {
  if (value === undefined) {
    return 0;
  }
  const minutes = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(minutes >= 0 && minutes <= MAX_WAIT_MINUTES)) {
    throw new Day0UsageError([
      `--wait (${JSON.stringify(value)}) must be whole minutes from 0 to ${MAX_WAIT_MINUTES}`,
    ]);
  }
  return minutes;
}

/** Runs the command; returns the exit code (never throws). */
export async function main(
  argv: string[],
  io: CliIo = STD_IO,
  deps: Day0Deps & { readonly clock?: Clock } = {},
): Promise<number> {
  return runCli("verify", USAGE, io, async () => {
    const flags = parseFlags(argv, {
      stack: { type: "string" },
      json: { type: "boolean" },
      wait: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (flags.help === true) {
      io.out(USAGE);
      return EXIT_OK;
    }
    const stack = requireStack(flags.stack);
    const waitMinutes = parseWait(flags.wait);
    return withStack(stack, deps, async (ctx, clients) => {
      const inventory = await readOrganization(ctx, clients.management.organizations());
      const expect = expectationOf(ctx.config, planFor(ctx, inventory));
      const { report, rounds } = await verifyUntilCovered(
        () => verifyOnce(expect, clients, INSPECTOR_POLICY_NAME),
        waitMinutes,
        deps.clock ?? SYSTEM_CLOCK,
        (r) =>
          io.err(
            `verify: ${r.gaps.length} gap(s), ${r.problems.length} failed read(s); checking again in 30 s`,
          ),
      );
      if (flags.json === true) {
        io.out(JSON.stringify({ stack, rounds, ...report }, null, 2));
      } else {
        io.out(formatVerifyReport(stack, report));
      }
      if (report.gaps.length > 0) {
        return EXIT_FINDINGS;
      }
      if (!report.isComplete) {
        if (flags.json === true) {
          io.err(`verify: ${report.problems.length} read(s) failed:`);
          formatProblems(report.problems).forEach((line) => io.err(`verify: ${line.trim()}`));
        }
        return EXIT_AWS;
      }
      return EXIT_OK;
    });
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
