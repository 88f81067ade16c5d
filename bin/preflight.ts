/**
 * `npm run preflight -- --stack NAME [--json]`: everything the first `pulumi up` of the stack
 * relies on, checked live with the management account's read-only credentials (the delegated
 * administrator's role is assumed for its checks), one line each with the fix.
 *
 * Exit codes: 0 ready; 1 blockers; 2 usage or configuration error; 3 AWS error (no credentials,
 * or a check could not read what it needs). One line per error, no stack trace.
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
import { type PlannedStack, planStack } from "../lib/day0/plannedStack";
import type { StackContext } from "../lib/day0/stack";
import { formatPreflightReport, runPreflight } from "../lib/preflight/run";

/** The `--help` text. */
export const USAGE = [
  "usage: npm run preflight -- --stack NAME [--json]",
  "  Checks live what the first pulumi up of Pulumi.NAME.yaml relies on, with the management",
  "  account's read-only credentials. Exit 0 ready, 1 blockers, 2 usage, 3 AWS error.",
  "  --stack NAME   the stack (required)",
  "  --json         print one JSON document on stdout",
  "  --help         show this help",
].join("\n");

/** Runs the command; returns the exit code (never throws). */
export async function main(
  argv: string[],
  io: CliIo = STD_IO,
  deps: Day0Deps & { readonly plan?: (ctx: StackContext) => Promise<PlannedStack> } = {},
): Promise<number> {
  return runCli("preflight", USAGE, io, async () => {
    const flags = parseFlags(argv, {
      stack: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    });
    if (flags.help === true) {
      io.out(USAGE);
      return EXIT_OK;
    }
    const stack = requireStack(flags.stack);
    return withStack(stack, deps, async (ctx, clients) => {
      const planned = await (deps.plan ?? planStack)(ctx);
      const report = await runPreflight({ ctx, planned, clients });
      io.out(
        flags.json === true
          ? JSON.stringify({ stack, ...report }, null, 2)
          : formatPreflightReport(stack, report),
      );
      return report.counts.blocker > 0
        ? EXIT_FINDINGS
        : report.counts["not-checked"] > 0
          ? EXIT_AWS
          : EXIT_OK;
    });
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
