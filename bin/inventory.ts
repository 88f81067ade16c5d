/**
 * `npm run inventory -- --out FILE [--region R]`: writes the organization inventory snapshot
 * (DESIGN.md, "Contracts") from the live Organizations API, using the caller's AWS credentials
 * (run it with the management account's, or a delegated administrator for Organizations).
 *
 * Exit codes: 0 written, 2 usage error, 3 AWS error. Errors are one line, without a stack trace.
 * `--out` is checked before any AWS call, and is relative to where the user ran the command
 * (INIT_CWD).
 */
import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { runCommand } from "../lib/cli/command";
import { fsReason, resolveUserPath } from "../lib/cli/input";
import { OrganizationsClient, OrganizationsServiceException } from "@aws-sdk/client-organizations";
import { createOrganizationsClient, discoverInventory, InventoryError } from "../stacks/inventory";

/** Exit code: the snapshot was written. */
export const EXIT_OK = 0;
/** Exit code: bad flags, or the output file cannot be written. */
export const EXIT_USAGE = 2;
/** Exit code: the Organizations API failed (credentials, permissions, throttling, bad data). */
export const EXIT_AWS = 3;

/** What `main` talks to; injected by tests. */
export interface InventoryCliDeps {
  /** Defaults to `createOrganizationsClient(--region)`. */
  readonly client?: OrganizationsClient;
  /** Defaults to writing the file with `fs.writeFileSync`. */
  readonly write?: (path: string, text: string) => void;
  /** Standard output, one line per call. Defaults to stdout. */
  readonly log?: (line: string) => void;
  /** Standard error, one line per call. Defaults to stderr. */
  readonly error?: (line: string) => void;
}

/** The `--help` text. */
export const USAGE = [
  "usage: npm run inventory -- --out FILE [--region REGION]",
  "  Writes the organization inventory snapshot (organization, root, OUs, accounts) from the",
  "  live Organizations API using the current AWS credentials.",
  "  --out FILE       where to write the JSON snapshot (required)",
  "  --region REGION  signing region (default us-east-1; use your partition's region in GovCloud or China)",
  "  --help           show this help",
].join("\n");

/**
 * Why a file cannot be written, checked before the (slow, throttled) Organizations walk: the
 * directory must exist and be writable, and an existing file must be a writable file.
 */
export function unwritableReason(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) {
      return "is a directory";
    }
    accessSync(file, constants.W_OK);
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      return fsReason(err);
    }
  }
  try {
    if (!statSync(dirname(file)).isDirectory()) {
      return "its directory is not a directory";
    }
    accessSync(dirname(file), constants.W_OK);
    return undefined;
  } catch (err) {
    return `its directory: ${fsReason(err)}`;
  }
}

/** Region names such as us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function oneLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * Runs the command and returns its exit code (never throws, never exits the process).
 *
 * @param argv the arguments after the script name
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], deps: InventoryCliDeps = {}): Promise<number> {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const error = deps.error ?? ((line: string) => process.stderr.write(`${line}\n`));
  const usageError = (message: string) => {
    error(`inventory: ${message}; see --help`);
    return EXIT_USAGE;
  };

  let values: { out?: string; region?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        region: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown flags and missing values.
    return usageError(oneLine(err instanceof Error ? err.message : err));
  }
  if (values.help) {
    log(USAGE);
    return EXIT_OK;
  }
  if (!values.out) {
    return usageError("--out FILE is required");
  }
  if (values.region !== undefined && !REGION_PATTERN.test(values.region)) {
    return usageError(`--region "${values.region}" is not an AWS region name (e.g. us-east-1)`);
  }

  const out = resolveUserPath(values.out);
  const unwritable = unwritableReason(out);
  if (unwritable !== undefined) {
    return usageError(`cannot write --out ${values.out} (${unwritable}); nothing was read`);
  }

  const client = deps.client ?? createOrganizationsClient(values.region);
  let text: string;
  let summary: string;
  try {
    const inv = await discoverInventory(client);
    const notActive = inv.accounts.filter((a) => a.status !== "ACTIVE").length;
    text = `${JSON.stringify(inv, null, 2)}\n`;
    summary = `wrote ${values.out}: ${inv.accounts.length} accounts, ${inv.organizationalUnits.length} OUs, ${notActive} not ACTIVE (organization ${inv.organizationId})`;
  } catch (err) {
    if (err instanceof OrganizationsServiceException) {
      error(`inventory: Organizations API error ${err.name}: ${oneLine(err.message)}`);
    } else if (err instanceof InventoryError) {
      error(`inventory: unexpected Organizations API response: ${oneLine(err.message)}`);
    } else {
      // Credential, network and endpoint errors come from the SDK's own layers, not this service.
      error(`inventory: AWS SDK error ${oneLine(err)}`);
    }
    return EXIT_AWS;
  } finally {
    if (!deps.client) {
      client.destroy();
    }
  }

  try {
    (deps.write ?? ((path: string, data: string) => writeFileSync(path, data, "utf8")))(out, text);
  } catch (err) {
    return usageError(`cannot write --out ${values.out} (${oneLine(err)})`);
  }
  log(summary);
  return EXIT_OK;
}

if (require.main === module) {
  runCommand("inventory", (io) => main(process.argv.slice(2), { log: io.out, error: io.err }));
}
