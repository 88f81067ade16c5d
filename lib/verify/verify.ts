/**
 * `npm run verify`: reads every governed Region's Inspector state (Regions in parallel, calls in
 * a Region one after the other, so the adaptive retry mode sees one stream per Region endpoint)
 * and compares it with the plan. A Region whose read fails is reported and the rest go on.
 */
import {
  type OrganizationsClient,
  paginateListPolicies,
  paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import type { Day0Clients } from "../day0/clients";
import { readOrReport, type RegionProblem } from "../day0/awsErrors";
import {
  type Gap,
  policyGaps,
  type RegionCoverage,
  regionGaps,
  type VerifyExpectation,
} from "./gaps";
import {
  batchGetAccountStatus,
  coverageByStatus,
  listDelegatedAdmins,
  listMembers,
} from "../day0/inspectorReads";

/** The verification result, as `--json` prints it. */
export interface VerifyReport {
  readonly enablementMode: string;
  readonly delegatedAdminAccountId: string;
  /** Every planned (account, Region) pair has every planned scan type ENABLED, and nothing failed to read. */
  readonly isCovered: boolean;
  /** Every read succeeded. */
  readonly isComplete: boolean;
  readonly accountsExpected: number;
  readonly totals: {
    readonly accountRegions: number;
    readonly accountRegionsCovered: number;
    readonly percentCovered: number;
  };
  readonly regions: readonly RegionCoverage[];
  readonly gaps: readonly Gap[];
  /** Gaps counted by likely cause, most frequent first. */
  readonly gapsByCause: readonly { readonly cause: string; readonly count: number }[];
  readonly problems: readonly RegionProblem[];
}

/** The Inspector policy's attachments, or undefined when the policy does not exist. */
async function policyTargets(
  organizations: OrganizationsClient,
  policyName: string,
): Promise<string[]> {
  let policyId: string | undefined;
  for await (const page of paginateListPolicies(
    { client: organizations },
    { Filter: "INSPECTOR_POLICY" },
  )) {
    policyId = policyId ?? page.Policies?.find((p) => p.Name === policyName)?.Id;
  }
  if (policyId === undefined) {
    return [];
  }
  const targets: string[] = [];
  for await (const page of paginateListTargetsForPolicy(
    { client: organizations },
    { PolicyId: policyId },
  )) {
    targets.push(
      ...(page.Targets ?? []).flatMap((t) => (t.TargetId === undefined ? [] : [t.TargetId])),
    );
  }
  return targets;
}

function countByCause(gaps: readonly Gap[]): { cause: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const g of gaps) {
    counts.set(g.cause, (counts.get(g.cause) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([cause, count]) => ({ cause, count }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

/**
 * Reads and compares once.
 *
 * @param policyName the Inspector policy's name in Organizations (organization-policy mode)
 */
export async function verifyOnce(
  expect: VerifyExpectation,
  clients: Day0Clients,
  policyName: string,
): Promise<VerifyReport> {
  const problems: RegionProblem[] = [];
  const perRegion = await Promise.all(
    expect.regions.map(async ({ region, scanTypes }) => {
      const admin = clients.delegatedAdmin.inspector(region);
      const delegatedAdmins = await readOrReport(
        region,
        "inspector2:ListDelegatedAdminAccounts",
        problems,
        () => listDelegatedAdmins(clients.management.inspector(region)),
      );
      const statuses = await readOrReport(
        region,
        "inspector2:BatchGetAccountStatus",
        problems,
        () => batchGetAccountStatus(admin, expect.accountIds),
      );
      const members = await readOrReport(region, "inspector2:ListMembers", problems, () =>
        listMembers(admin),
      );
      const resourcesByStatus = await readOrReport(
        region,
        "inspector2:ListCoverageStatistics",
        problems,
        () => coverageByStatus(admin),
      );
      return regionGaps(expect, scanTypes, {
        region,
        delegatedAdmins,
        accounts: statuses?.accounts,
        failedAccounts: statuses?.failedAccounts,
        members: members?.members,
        resourcesByStatus,
      });
    }),
  );
  const attached =
    expect.enablementMode === "organization-policy"
      ? await readOrReport("global", "organizations:ListTargetsForPolicy", problems, () =>
          policyTargets(clients.management.organizations(), policyName),
        )
      : undefined;
  const gaps = [...perRegion.flatMap((r) => r.gaps), ...policyGaps(expect, attached, policyName)];
  const regions = perRegion.map((r) => r.coverage);
  const accountRegions = expect.accountIds.length * expect.regions.length;
  const accountRegionsCovered = regions.reduce((n, r) => n + r.accountsCovered, 0);
  const order = new Map(expect.regions.map((r, i) => [r.region, i]));
  problems.sort((a, b) => (order.get(a.region) ?? -1) - (order.get(b.region) ?? -1));
  return {
    enablementMode: expect.enablementMode,
    delegatedAdminAccountId: expect.delegatedAdminAccountId,
    isCovered: gaps.length === 0 && problems.length === 0,
    isComplete: problems.length === 0,
    accountsExpected: expect.accountIds.length,
    totals: {
      accountRegions,
      accountRegionsCovered,
      percentCovered:
        accountRegions === 0
          ? 100
          : Math.floor((accountRegionsCovered * 1000) / accountRegions) / 10,
    },
    regions,
    gaps,
    gapsByCause: countByCause(gaps),
    problems,
  };
}

/** Time and sleep, replaced in tests. */
export interface Clock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Seconds between two verifications while waiting: enablement settles in minutes, not seconds. */
export const POLL_SECONDS = 30;

/**
 * Verifies, then, while gaps remain and `waitMinutes` have not passed, waits and verifies again.
 * Returns the last report and how many verifications ran.
 */
export async function verifyUntilCovered(
  verify: () => Promise<VerifyReport>,
  waitMinutes: number,
  clock: Clock = SYSTEM_CLOCK,
  onPoll: (report: VerifyReport) => void = () => undefined,
): Promise<{ report: VerifyReport; rounds: number }> {
  const deadline = clock.now() + waitMinutes * 60_000;
  let rounds = 1;
  let report = await verify();
  while (!report.isCovered && clock.now() < deadline) {
    onPoll(report);
    await clock.sleep(Math.min(POLL_SECONDS * 1000, deadline - clock.now()));
    report = await verify();
    rounds += 1;
  }
  return { report, rounds };
}
