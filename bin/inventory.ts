/**
 * `npm run inventory -- --out FILE [--region R] [--workloads --regions R1,R2 --role-arn ARN]`:
 * writes the organization inventory snapshot (DESIGN.md, "Contracts") from the live Organizations
 * API, using the caller's AWS credentials (run it with the management account's, or a delegated
 * administrator for Organizations). With `--workloads`, each account's workload counts come from
 * Inspector's coverage statistics, read in the delegated administrator through `--role-arn`.
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
import { Inspector2Client, Inspector2ServiceException } from "@aws-sdk/client-inspector2";
import {
  createOrganizationsClient,
  discoverInventory,
  InventoryError,
  type OrgInventory,
} from "../stacks/inventory";
import {
  CoverageStatisticsError,
  readCoverageWorkloads,
  toAccountWorkloads,
} from "../lib/costs/coverageWorkloads";
import type { Workloads } from "../lib/costs/estimate";
import { createInspectorClient } from "../components/providers/inspectorClient";

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
  /** The Inspector client of a Region (`--workloads`); defaults to one assuming `--role-arn`. */
  readonly inspector?: (region: string) => Inspector2Client;
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
  "  --workloads      also fill accounts[].workloads from Inspector's coverage statistics",
  "                   (needs --regions and --role-arn; ecrPushesPerMonth is left 0 to fill by hand)",
  "  --regions R1,R2  the governed Regions to read coverage in (with --workloads)",
  "  --role-arn ARN   the delegated administrator role to read coverage as (with --workloads)",
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

/** What is wrong with the `--workloads` flags, if anything. */
function checkWorkloadFlags(values: {
  workloads?: boolean;
  regions?: string;
  "role-arn"?: string;
}): string | undefined {
  if (values.workloads !== true) {
    return values.regions !== undefined || values["role-arn"] !== undefined
      ? "--regions and --role-arn are for --workloads; add --workloads or remove them"
      : undefined;
  }
  if (values.regions === undefined) {
    return "--workloads needs --regions R1,R2 (the governed Regions to read coverage in)";
  }
  const bad = values.regions.split(",").filter((r) => !REGION_PATTERN.test(r));
  if (bad.length > 0) {
    return `--regions "${values.regions}" has ${bad.map((r) => `"${r}"`).join(", ")}, not an AWS region name (e.g. us-east-1)`;
  }
  if (values["role-arn"] === undefined || !ROLE_ARN_PATTERN.test(values["role-arn"])) {
    return `--workloads needs --role-arn arn:aws:iam::<delegated admin id>:role/<name> (the role to read Inspector's coverage as)${values["role-arn"] === undefined ? "" : `; "${values["role-arn"]}" is not a role ARN`}`;
  }
  return undefined;
}

/** The snapshot with each account's workloads from the coverage statistics (others unchanged). */
function withWorkloads(
  inv: OrgInventory,
  byAccount: ReadonlyMap<string, Readonly<Record<string, Workloads>>>,
): OrgInventory {
  return {
    ...inv,
    accounts: inv.accounts.map((a) => {
      const counts = byAccount.get(a.id);
      return counts === undefined ? a : { ...a, workloads: toAccountWorkloads(counts) };
    }),
  };
}

/** An IAM role ARN in any partition. */
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

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

  let values: {
    out?: string;
    region?: string;
    help?: boolean;
    workloads?: boolean;
    regions?: string;
    "role-arn"?: string;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        region: { type: "string" },
        help: { type: "boolean" },
        workloads: { type: "boolean" },
        regions: { type: "string" },
        "role-arn": { type: "string" },
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

  const workloadsUsage = checkWorkloadFlags(values);
  if (workloadsUsage !== undefined) {
    return usageError(workloadsUsage);
  }
  const coverageRegions = values.regions?.split(",") ?? [];

  const out = resolveUserPath(values.out);
  const unwritable = unwritableReason(out);
  if (unwritable !== undefined) {
    return usageError(`cannot write --out ${values.out} (${unwritable}); nothing was read`);
  }

  const client = deps.client ?? createOrganizationsClient(values.region);
  let text: string;
  let summary: string;
  try {
    let inv = await discoverInventory(client);
    if (values.workloads === true) {
      const roleArn = values["role-arn"] as string;
      const coverage = await readCoverageWorkloads(
        deps.inspector ?? ((region) => createInspectorClient(region, roleArn)),
        coverageRegions,
      );
      if (coverage.unread.length > 0) {
        for (const u of coverage.unread) {
          error(
            `inventory: Inspector coverage statistics in ${u.region} were refused (${oneLine(u.reason)}); check that Inspector is enabled there and that ${roleArn} is the delegated administrator's role with inspector2:ListCoverageStatistics, or leave ${u.region} out of --regions`,
          );
        }
        error(`inventory: nothing was written to ${values.out}`);
        return EXIT_AWS;
      }
      inv = withWorkloads(inv, coverage.byAccount);
    }
    const notActive = inv.accounts.filter((a) => a.status !== "ACTIVE").length;
    text = `${JSON.stringify(inv, null, 2)}\n`;
    summary = `wrote ${values.out}: ${inv.accounts.length} accounts, ${inv.organizationalUnits.length} OUs, ${notActive} not ACTIVE (organization ${inv.organizationId})`;
    if (values.workloads === true) {
      const counted = inv.accounts.filter((a) => a.workloads !== undefined).length;
      summary += `\nworkloads of ${counted} account(s) from Inspector's coverage statistics in ${coverageRegions.join(", ")}; ecrPushesPerMonth is not in them and is 0: fill it in per account (docs/costs.md)`;
    }
  } catch (err) {
    if (err instanceof CoverageStatisticsError) {
      error(`inventory: ${oneLine(err.message)}`);
    } else if (err instanceof Inspector2ServiceException) {
      error(`inventory: Inspector API error ${err.name}: ${oneLine(err.message)}`);
    } else if (err instanceof OrganizationsServiceException) {
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
