/**
 * The command-line shell shared by `npm run preflight`, `adopt` and `verify`: flag parsing, the
 * exit codes of DESIGN.md ("Contracts"), the management-account identity check, and the rule that
 * every failure is one line on stderr, never a stack trace.
 */
import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { delegatedAdminRoleArn } from "../../stacks/providers";
import { type AccountClients, createDay0Clients, type Day0Clients } from "./clients";
import { CredentialsUnavailableError, describeError } from "./awsErrors";
import { Day0UsageError, loadStackContext, type StackContext } from "./stack";

/** Exit code: ready / written / covered. */
export const EXIT_OK = 0;
/** Exit code: blockers (preflight) or gaps (verify) found. */
export const EXIT_FINDINGS = 1;
/** Exit code: bad flags or configuration. */
export const EXIT_USAGE = 2;
/** Exit code: AWS error: no usable credentials, or a read that failed so the answer is incomplete. */
export const EXIT_AWS = 3;

/** Output sinks, replaced in tests; one call per line or document. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** stdout and stderr. */
export const STD_IO: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Parses flags strictly; an unknown flag or a missing value is a {@link Day0UsageError}.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
): Record<keyof T, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return values as unknown as Record<keyof T, string | boolean | undefined>;
  } catch (err) {
    // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) naming the flag.
    throw new Day0UsageError([(err as Error).message.replace(/\s*\n\s*/g, " ")]);
  }
}

/** The required `--stack NAME`. */
export function requireStack(value: string | boolean | undefined): string {
  if (typeof value !== "string" || value === "") {
    throw new Day0UsageError([
      "--stack NAME is required (the stack whose Pulumi.NAME.yaml to use)",
    ]);
  }
  return value;
}

/**
 * Checks that the credentials are the stack's management account's: the commands read
 * Organizations and designate nothing, but their answers are only right from that account.
 * Throws {@link CredentialsUnavailableError} when there are no usable credentials.
 */
export async function assertManagementCredentials(
  ctx: StackContext,
  management: AccountClients,
): Promise<void> {
  let account: string | undefined;
  try {
    account = (await management.sts().send(new GetCallerIdentityCommand({}))).Account;
  } catch (err) {
    // Whatever STS answers here (no credentials, expired, unknown key), nothing else can work.
    throw new CredentialsUnavailableError(
      `no usable AWS credentials (${describeError(err)}); run with the management account's read-only credentials (AWS_PROFILE, or aws sso login)`,
    );
  }
  if (account !== ctx.config.managementAccountId) {
    throw new CredentialsUnavailableError(
      `the credentials are for account ${account ?? "(unknown)"}, not the management account ${ctx.config.managementAccountId} of stack ${ctx.stack} (managementAccountId); use the management account's credentials`,
    );
  }
}

/**
 * Runs a command body and maps what it throws to an exit code and one line per problem:
 * usage/config problems 2, credentials and AWS errors 3. Never rethrows.
 */
export async function runCli(
  command: string,
  usage: string,
  io: CliIo,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof Day0UsageError) {
      for (const problem of err.problems) {
        io.err(`${command}: ${problem}`);
      }
      io.err(`${usage.split("\n")[0]} (--help for more)`);
      return EXIT_USAGE;
    }
    if (err instanceof CredentialsUnavailableError) {
      io.err(`${command}: ${err.message}`);
      return EXIT_AWS;
    }
    io.err(`${command}: AWS error ${describeError(err)}`);
    return EXIT_AWS;
  }
}

/** What a command talks to; replaced in tests. */
export interface Day0Deps {
  /** The project directory (where Pulumi.yaml is). Defaults to the repository root. */
  readonly dir?: string;
  /** The clients for a stack. Defaults to {@link defaultClients}. */
  readonly clients?: (ctx: StackContext) => Day0Clients;
}

/** The real clients: the caller's credentials, and the stack's delegated administrator role. */
export function defaultClients(ctx: StackContext): Day0Clients {
  return createDay0Clients(ctx.config.homeRegion, delegatedAdminRoleArn(ctx.config));
}

/**
 * Loads the stack, creates its clients, checks the credentials, runs `body`, and closes the
 * clients it created.
 */
export async function withStack(
  stack: string,
  deps: Day0Deps,
  body: (ctx: StackContext, clients: Day0Clients) => Promise<number>,
): Promise<number> {
  const ctx = loadStackContext(deps.dir ?? path.resolve(__dirname, "../.."), stack);
  const clients = (deps.clients ?? defaultClients)(ctx);
  try {
    await assertManagementCredentials(ctx, clients.management);
    return await body(ctx, clients);
  } finally {
    if (deps.clients === undefined) {
      clients.management.destroy();
      clients.delegatedAdmin.destroy();
    }
  }
}
