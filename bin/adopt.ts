/**
 * `npm run adopt -- --stack NAME [--state FILE] [--capture] [--out FILE]`: a brownfield
 * organization's existing Inspector set-up turned into a `pulumi import --file` document whose
 * entries carry the plan's own types, names, parents and providers, with the changes the first
 * `pulumi up` will make.
 *
 * - live (default): reads the organization with the management account's read-only credentials
 *   (the delegated administrator's role assumed for its reads);
 * - `--capture`: writes what it read as a state file instead (review it, commit it, adopt later);
 * - `--state FILE`: reads a captured state file; no AWS call, no credentials needed.
 *
 * Exit codes: 0 written; 2 usage or configuration error; 3 AWS error (no credentials, or a read
 * failed: the output is then written from what could be read, and the failures are listed).
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { captureState } from "../lib/adopt/capture";
import { buildImport, formatAdopt } from "../lib/adopt/importDocument";
import { type CapturedState, readStateFile } from "../lib/adopt/state";
import {
  type CliIo,
  type Day0Deps,
  EXIT_AWS,
  EXIT_OK,
  parseFlags,
  requireStack,
  runCli,
  STD_IO,
  withStack,
} from "../lib/day0/cli";
import { type PlannedStack, planStack } from "../lib/day0/plannedStack";
import { Day0UsageError, loadStackContext, type StackContext } from "../lib/day0/stack";
import { formatProblems } from "../lib/verify/report";

/** The `--help` text. */
export const USAGE = [
  "usage: npm run adopt -- --stack NAME [--state FILE] [--capture] [--out FILE]",
  "  Turns an organization's existing Inspector set-up into a pulumi import --file document with",
  "  the plan's own types and names, and lists what the first pulumi up will change.",
  "  --stack NAME   the stack (required)",
  "  --capture      write the live state as a state file instead of the import document",
  "  --state FILE   read a captured state file instead of the live organization (no credentials)",
  "  --out FILE     where to write (default: stdout, the summary then goes to stderr)",
  "  --help         show this help",
].join("\n");

/** What adopt talks to; replaced in tests. */
export interface AdoptDeps extends Day0Deps {
  readonly plan?: (ctx: StackContext) => Promise<PlannedStack>;
  readonly write?: (file: string, text: string) => void;
  readonly now?: () => Date;
}

function checkStateFits(file: string, state: CapturedState, ctx: StackContext): void {
  const problems: string[] = [];
  if (state.delegatedAdminAccountId !== ctx.config.delegatedAdminAccountId) {
    problems.push(
      `--state ${file}: delegatedAdminAccountId ${state.delegatedAdminAccountId} is not the stack's ${ctx.config.delegatedAdminAccountId}; capture again for stack ${ctx.stack}`,
    );
  }
  const missing = ctx.config.regions.filter((r) => state.regions[r] === undefined);
  if (missing.length > 0) {
    problems.push(
      `--state ${file}: regions has no entry for ${missing.join(", ")} (governed by stack ${ctx.stack}); capture again, or add them`,
    );
  }
  if (problems.length > 0) {
    throw new Day0UsageError(problems);
  }
}

/** Runs the command; returns the exit code (never throws). */
export async function main(
  argv: string[],
  io: CliIo = STD_IO,
  deps: AdoptDeps = {},
): Promise<number> {
  return runCli("adopt", USAGE, io, async () => {
    const flags = parseFlags(argv, {
      stack: { type: "string" },
      state: { type: "string" },
      capture: { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (flags.help === true) {
      io.out(USAGE);
      return EXIT_OK;
    }
    const stack = requireStack(flags.stack);
    const stateFile = typeof flags.state === "string" ? flags.state : undefined;
    const out = typeof flags.out === "string" ? flags.out : undefined;
    if (stateFile !== undefined && flags.capture === true) {
      throw new Day0UsageError([
        "--capture reads the live organization and --state reads a file; give one of them",
      ]);
    }
    const write = deps.write ?? ((file: string, text: string) => writeFileSync(file, text, "utf8"));
    const plan = deps.plan ?? planStack;
    const emit = (text: string, summary: string) => {
      if (out === undefined) {
        io.out(text);
        io.err(summary);
      } else {
        try {
          write(out, `${text}\n`);
        } catch (err) {
          throw new Day0UsageError([`--out ${out}: cannot be written (${(err as Error).message})`]);
        }
        io.out(summary);
      }
    };
    const adopt = (ctx: StackContext, planned: PlannedStack, state: CapturedState): number => {
      const result = buildImport(planned, state);
      emit(JSON.stringify(result.document, null, 2), formatAdopt(ctx.stack, result, out));
      return reportProblems(state);
    };
    const reportProblems = (state: CapturedState): number => {
      if (state.problems.length === 0) {
        return EXIT_OK;
      }
      io.err(
        `adopt: ${state.problems.length} read(s) failed; what they cover is missing from the output:`,
      );
      formatProblems(state.problems).forEach((line) => io.err(`adopt: ${line.trim()}`));
      return EXIT_AWS;
    };

    if (stateFile !== undefined) {
      const ctx = loadStackContext(deps.dir ?? path.resolve(__dirname, ".."), stack);
      const state = readStateFile(stateFile);
      checkStateFits(stateFile, state, ctx);
      return adopt(ctx, await plan(ctx), state);
    }
    return withStack(stack, deps, async (ctx, clients) => {
      const planned = await plan(ctx);
      const state = await captureState(ctx, planned, clients, (deps.now ?? (() => new Date()))());
      if (flags.capture === true) {
        emit(
          JSON.stringify(state, null, 2),
          `Captured stack "${stack}": ${Object.keys(state.regions).length} Region(s), ${state.problems.length} failed read(s)${out === undefined ? "" : `, written to ${out}`}`,
        );
        return reportProblems(state);
      }
      return adopt(ctx, planned, state);
    });
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
