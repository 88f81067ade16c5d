/**
 * What Amazon Inspector costs now, per Region: the delegated administrator's members
 * (ListMembers) and their usage over the last 30 days with Inspector's estimated monthly cost
 * (ListUsageTotals), then the usage rows the KPI function publishes and the weekly report lists.
 *
 * Request limits (botocore inspector2 2020-06-08, Inspector API Reference, ListUsageTotals and
 * ListMembers): accountIds 1 to 7,000 per call, maxResults 1 to 500; ListMembers maxResults 1 to
 * 50. Per Region and run: ceil(members / 50) ListMembers calls, then per batch of 7,000 accounts
 * ceil(accounts / 500) ListUsageTotals pages. 1,000 accounts: 20 + 2 calls. Neither is billed.
 */
import {
  type Inspector2Client,
  paginateListMembers,
  paginateListUsageTotals,
} from "@aws-sdk/client-inspector2";
import { USAGE_CURRENCY, USAGE_METRICS, USAGE_TOP_ACCOUNTS } from "../../lib/kpis/metrics";
import type { KpiRow } from "./kpiSnapshot";

/** Most account ids in one ListUsageTotals request (UsageAccountIdList max). */
export const USAGE_ACCOUNT_IDS_PER_CALL = 7000;
/** Most totals in one ListUsageTotals page (ListUsageTotalsMaxResults max). */
export const USAGE_PAGE_SIZE = 500;
/** Most members in one ListMembers page (ListMembersMaxResults max). */
export const MEMBERS_PAGE_SIZE = 50;

/** One account's usage of one type in one Region, over the last 30 days. */
export interface UsageLine {
  readonly accountId: string;
  readonly usageType: string;
  /** Instance or function hours, or image scans, in the last 30 days. */
  readonly total: number;
  /** Inspector's estimate of the month's cost for this usage. */
  readonly estimatedMonthlyCost: number;
  readonly currency: string;
}

/** What ListUsageTotals said about one Region. */
export interface RegionUsage {
  /** The accounts asked about: the associated members and the administrator itself. */
  readonly accounts: number;
  readonly lines: readonly UsageLine[];
  /** True when `maxPages` stopped ListMembers or ListUsageTotals: the figures are lower bounds. */
  readonly truncated: boolean;
}

/** The members associated with this delegated administrator in the client's Region. */
export async function associatedMembers(
  inspector: Inspector2Client,
  maxPages: number,
): Promise<{ accountIds: string[]; truncated: boolean }> {
  const accountIds: string[] = [];
  let pages = 0;
  for await (const page of paginateListMembers(
    { client: inspector, pageSize: MEMBERS_PAGE_SIZE },
    { onlyAssociated: true },
  )) {
    for (const m of page.members ?? []) {
      if (m.accountId !== undefined) {
        accountIds.push(m.accountId);
      }
    }
    if (++pages >= maxPages) {
      return { accountIds, truncated: page.nextToken !== undefined };
    }
  }
  return { accountIds, truncated: false };
}

/**
 * Usage totals of the administrator (`adminAccountId`) and every associated member in the
 * client's Region, batched by the 7,000 account ids a request takes, every page of each batch.
 */
export async function usageTotals(
  inspector: Inspector2Client,
  adminAccountId: string,
  maxPages: number,
): Promise<RegionUsage> {
  const members = await associatedMembers(inspector, maxPages);
  const accountIds = [...new Set([adminAccountId, ...members.accountIds])].sort();
  const lines: UsageLine[] = [];
  let truncated = members.truncated;
  for (let i = 0; i < accountIds.length; i += USAGE_ACCOUNT_IDS_PER_CALL) {
    let pages = 0;
    for await (const page of paginateListUsageTotals(
      { client: inspector, pageSize: USAGE_PAGE_SIZE },
      { accountIds: accountIds.slice(i, i + USAGE_ACCOUNT_IDS_PER_CALL) },
    )) {
      for (const t of page.totals ?? []) {
        for (const u of t.usage ?? []) {
          if (t.accountId === undefined || u.type === undefined) {
            continue;
          }
          lines.push({
            accountId: t.accountId,
            usageType: u.type,
            total: u.total ?? 0,
            estimatedMonthlyCost: u.estimatedMonthlyCost ?? 0,
            currency: u.currency ?? USAGE_CURRENCY,
          });
        }
      }
      if (++pages >= maxPages) {
        truncated = truncated || page.nextToken !== undefined;
        break;
      }
    }
  }
  return { accounts: accountIds.length, lines, truncated };
}

function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

function addTo(target: Map<string, number>, key: string, n: number): void {
  target.set(key, (target.get(key) ?? 0) + n);
}

/** The usage lines of every Region that answered, with their Region, in USD only. */
export interface RegionalUsageLine extends UsageLine {
  readonly region: string;
}

/** Flattens the Regions' usage, keeping the lines in the one currency Inspector reports. */
export function usageLines(
  regions: readonly { region: string; usage?: RegionUsage | undefined }[],
): RegionalUsageLine[] {
  return regions.flatMap((r) =>
    (r.usage?.lines ?? [])
      .filter((l) => l.currency === USAGE_CURRENCY)
      .map((l) => ({ ...l, region: r.region })),
  );
}

/** The estimate in total, per usage type and per account, and the usage per usage type. */
function sumUsage(lines: readonly RegionalUsageLine[]) {
  const costByType = new Map<string, number>();
  const usageByType = new Map<string, number>();
  const costByAccount = new Map<string, number>();
  let total = 0;
  for (const l of lines) {
    addTo(costByType, l.usageType, l.estimatedMonthlyCost);
    addTo(usageByType, l.usageType, l.total);
    addTo(costByAccount, l.accountId, l.estimatedMonthlyCost);
    total += l.estimatedMonthlyCost;
  }
  return { total, costByType, usageByType, costByAccount };
}

/** Each account's estimate in cents, the most expensive first (then by account id). */
function byAccountDescending(costByAccount: ReadonlyMap<string, number>) {
  return [...costByAccount.entries()]
    .map(([account, n]) => [account, cents(n)] as const)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/**
 * The published usage rows: EstimatedMonthlyCost for the organization, per usage type and for the
 * {@link USAGE_TOP_ACCOUNTS} accounts with the highest non-zero estimate (summed over Regions and
 * usage types), and UsageTotal per usage type. None when no Region answered ListUsageTotals.
 */
export function buildUsageRows(
  regions: readonly { region: string; usage?: RegionUsage | undefined }[],
): KpiRow[] {
  if (!regions.some((r) => r.usage !== undefined)) {
    return [];
  }
  const { total, costByType, usageByType, costByAccount } = sumUsage(usageLines(regions));
  const cost = USAGE_METRICS.estimatedMonthlyCost.name;
  const usage = USAGE_METRICS.usageTotal.name;
  const types = [...costByType.keys()].sort();
  const topAccounts = byAccountDescending(costByAccount)
    .filter(([, n]) => n > 0)
    .slice(0, USAGE_TOP_ACCOUNTS);
  return [
    { kpi: cost, unit: "None", value: cents(total) },
    ...types.map((usageType): KpiRow => ({
      kpi: cost,
      unit: "None",
      value: cents(costByType.get(usageType) ?? 0),
      usageType,
    })),
    ...topAccounts.map(([account, value]): KpiRow => ({ kpi: cost, unit: "None", value, account })),
    ...types.map((usageType): KpiRow => ({
      kpi: usage,
      unit: "None",
      value: Math.round((usageByType.get(usageType) ?? 0) * 100) / 100,
      usageType,
    })),
  ];
}

/** The usage lines, the most expensive first (then by account, Region and usage type). */
function byCostDescending(lines: readonly RegionalUsageLine[]): RegionalUsageLine[] {
  return [...lines].sort(
    (a, b) =>
      b.estimatedMonthlyCost - a.estimatedMonthlyCost ||
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.usageType.localeCompare(b.usageType),
  );
}

/**
 * The report's usage rows (not published): UsageTotal and EstimatedMonthlyCost per account,
 * Region and usage type, the most expensive first.
 */
export function usageReportRows(
  regions: readonly { region: string; usage?: RegionUsage | undefined }[],
): KpiRow[] {
  return byCostDescending(usageLines(regions)).flatMap((l): KpiRow[] => {
    const where = { account: l.accountId, region: l.region, usageType: l.usageType };
    return [
      { kpi: USAGE_METRICS.usageTotal.name, unit: "None", value: l.total, ...where },
      {
        kpi: USAGE_METRICS.estimatedMonthlyCost.name,
        unit: "None",
        value: l.estimatedMonthlyCost,
        ...where,
      },
    ];
  });
}

/** The JSON report's usage section: totals, per usage type and per account (all of them). */
export function usageReport(
  regions: readonly { region: string; usage?: RegionUsage | undefined }[],
) {
  const lines = usageLines(regions);
  const { total, costByType, costByAccount } = sumUsage(lines);
  return {
    currency: USAGE_CURRENCY,
    estimatedMonthlyCost: cents(total),
    byUsageType: Object.fromEntries(
      [...costByType.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, n]) => [type, cents(n)]),
    ),
    byAccount: Object.fromEntries(byAccountDescending(costByAccount)),
    lines: byCostDescending(lines).map((l) => ({
      accountId: l.accountId,
      region: l.region,
      usageType: l.usageType,
      total: l.total,
      estimatedMonthlyCost: l.estimatedMonthlyCost,
    })),
  };
}
