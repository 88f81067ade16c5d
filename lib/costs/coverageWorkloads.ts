/**
 * The inventory's workload counts read from Amazon Inspector's coverage statistics
 * (`npm run inventory -- --workloads`): what Inspector covers per account, resource type and
 * Region, seen from the delegated administrator (which sees every member).
 *
 * ListCoverageStatistics groups by one key only (ACCOUNT_ID, RESOURCE_TYPE, ...), so each Region
 * takes one paginated call per resource type, filtered on it and grouped by account
 * (Inspector API Reference, ListCoverageStatistics and CoverageFilterCriteria). Throttling is left
 * to the SDK's adaptive retry mode (the client's configuration), not retried here.
 */
import {
  AccessDeniedException,
  type Inspector2Client,
  paginateListCoverageStatistics,
} from "@aws-sdk/client-inspector2";
import type { AccountWorkloads, Workloads } from "./estimate";

/** The coverage resource types and the workload count each one fills. */
export const COVERAGE_RESOURCE_TYPES = {
  AWS_EC2_INSTANCE: "ec2Instances",
  AWS_ECR_CONTAINER_IMAGE: "ecrImages",
  AWS_LAMBDA_FUNCTION: "lambdaFunctions",
} as const satisfies Record<string, keyof Workloads>;

/** Coverage statistics that cannot be turned into per-account counts. */
export class CoverageStatisticsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CoverageStatisticsError";
  }
}

/** A Region whose statistics could not be read, and why. */
export interface UnreadRegion {
  readonly region: string;
  readonly reason: string;
}

/** What the coverage statistics give. */
export interface CoverageWorkloads {
  /** Per account, its counts per Region (only Regions where it has any covered resource). */
  readonly byAccount: ReadonlyMap<string, Readonly<Record<string, Workloads>>>;
  /** Regions refused (AccessDenied: Inspector not enabled there, or no permission). */
  readonly unread: readonly UnreadRegion[];
}

const EMPTY: Workloads = {
  ec2Instances: 0,
  ecrImages: 0,
  ecrPushesPerMonth: 0,
  lambdaFunctions: 0,
};

async function countsIn(client: Inspector2Client, region: string) {
  const byAccount = new Map<string, Workloads>();
  for (const [resourceType, field] of Object.entries(COVERAGE_RESOURCE_TYPES)) {
    const pages = paginateListCoverageStatistics(
      { client },
      {
        groupBy: "ACCOUNT_ID",
        filterCriteria: { resourceType: [{ comparison: "EQUALS", value: resourceType }] },
      },
    );
    for await (const page of pages) {
      for (const { groupKey, count } of page.countsByGroup ?? []) {
        // The API model types `groupKey` as the GroupKey enum (the key's name); grouped by
        // ACCOUNT_ID each group's key is the account id. Anything else is refused, not guessed.
        const accountId = groupKey as string | undefined;
        if (accountId === undefined || count === undefined) {
          continue;
        }
        if (!/^\d{12}$/.test(accountId)) {
          throw new CoverageStatisticsError(
            `ListCoverageStatistics in ${region} grouped by ACCOUNT_ID answered the group key ${JSON.stringify(accountId)}, not an account id; the workload counts cannot be attributed`,
          );
        }
        const counts = byAccount.get(accountId) ?? EMPTY;
        byAccount.set(accountId, { ...counts, [field]: counts[field] + count });
      }
    }
  }
  return { region, byAccount };
}

/**
 * Reads the coverage statistics of every Region. A Region that answers AccessDenied is reported
 * in `unread` and the others are still read; any other error (after the SDK's retries) rejects.
 */
export async function readCoverageWorkloads(
  clientFor: (region: string) => Inspector2Client,
  regions: readonly string[],
): Promise<CoverageWorkloads> {
  const unread: UnreadRegion[] = [];
  const results = await Promise.all(
    regions.map(async (region) => {
      try {
        return await countsIn(clientFor(region), region);
      } catch (err) {
        if (err instanceof AccessDeniedException) {
          unread.push({ region, reason: `${err.name}: ${err.message.split("\n")[0]}` });
          return undefined;
        }
        throw err;
      }
    }),
  );
  const byAccount = new Map<string, Record<string, Workloads>>();
  for (const result of results) {
    for (const [accountId, counts] of result?.byAccount ?? []) {
      byAccount.set(accountId, { ...(byAccount.get(accountId) ?? {}), [result!.region]: counts });
    }
  }
  return { byAccount, unread: unread.sort((a, b) => a.region.localeCompare(b.region)) };
}

/**
 * An account's `workloads` from its per-Region counts: totals plus `byRegion` (which the estimate
 * prices Region by Region). Pushes a month are not in the coverage statistics: they stay 0 for
 * a person to fill in (the command says so).
 */
export function toAccountWorkloads(
  byRegion: Readonly<Record<string, Workloads>>,
): AccountWorkloads {
  const regions = Object.fromEntries(
    Object.entries(byRegion)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, w]) => [region, { ...w }]),
  );
  const sum = (field: keyof Workloads) =>
    Object.values(regions).reduce((total, w) => total + w[field], 0);
  return {
    ec2Instances: sum("ec2Instances"),
    ecrImages: sum("ecrImages"),
    ecrPushesPerMonth: sum("ecrPushesPerMonth"),
    lambdaFunctions: sum("lambdaFunctions"),
    byRegion: regions,
  };
}
