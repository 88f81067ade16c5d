/**
 * The documented quotas a rollout can run into, and the plan's warnings when the configuration or
 * the organization nears one (issue 15). Each quota names its source; a warning names the quota,
 * the figure the plan counted and what to do.
 *
 * Sources:
 * - [INSPECTOR] Amazon Inspector User Guide, "Amazon Inspector quotas" (quotas.html) and
 *   "Designating a delegated administrator" (designating-admin.html): 10,000 members per
 *   delegated administrator (an organization policy enables up to 50,000 accounts, of which only
 *   10,000 are associated); 500 suppression rules per account and Region and 500 CIS scan
 *   configurations, neither adjustable. "Adding member accounts" (adding-member-accounts.html):
 *   auto-enable is turned off above 5,000 members.
 * - [INSPECTOR-API] Inspector API reference, Enable / BatchGetAccountStatus: 100 account ids a call.
 * - [EVENTBRIDGE] Amazon EventBridge User Guide, "Amazon EventBridge quotas" (eb-quota.html): 300
 *   rules per event bus, adjustable.
 * - [CFN] AWS CloudFormation User Guide, "Understand CloudFormation quotas"
 *   (cloudformation-limits.html): 100,000 stack instances per stack set.
 */

/** One quota. */
export interface Quota {
  readonly name: string;
  readonly limit: number;
  readonly source: string;
  readonly adjustable: boolean;
}

/** The quotas the plan checks. */
export const QUOTAS = {
  membersPerDelegatedAdmin: {
    name: "member accounts per Inspector delegated administrator",
    limit: 10_000,
    source: "Amazon Inspector User Guide, quotas",
    adjustable: false,
  },
  autoEnableMembers: {
    name: "members up to which Inspector keeps auto-enable on",
    limit: 5_000,
    source: "Amazon Inspector User Guide, adding-member-accounts",
    adjustable: false,
  },
  suppressionRulesPerAccountRegion: {
    name: "suppression rules per account and Region",
    limit: 500,
    source: "Amazon Inspector User Guide, quotas",
    adjustable: false,
  },
  cisScanConfigurations: {
    name: "CIS scan configurations",
    limit: 500,
    source: "Amazon Inspector User Guide, quotas",
    adjustable: false,
  },
  rulesPerEventBus: {
    name: "rules per EventBridge event bus",
    limit: 300,
    source: "Amazon EventBridge User Guide, eb-quota",
    adjustable: true,
  },
  stackInstancesPerStackSet: {
    name: "stack instances per CloudFormation stack set",
    limit: 100_000,
    source: "AWS CloudFormation User Guide, cloudformation-limits",
    adjustable: false,
  },
} as const satisfies Record<string, Quota>;

/** A figure is near its quota from this share of it on. */
export const NEAR_SHARE = 0.8;

/** What the plan counted against the quotas. */
export interface QuotaUsage {
  readonly enablementMode: "organization-policy" | "delegated-admin";
  /** Covered accounts other than the delegated administrator. */
  readonly members: number;
  /** Whether the organization configuration auto-enables new accounts. */
  readonly autoEnable: boolean;
  readonly suppressionRules: number;
  readonly cisScanConfigurations: number;
  /** Rules the stack puts on the delegated administrator's default bus, per Region. */
  readonly rulesPerRegion: Readonly<Record<string, number>>;
  /** Accounts x Regions the member baseline StackSet is instantiated in (0 without one). */
  readonly stackInstances: number;
}

function check(q: Quota, count: number, what: string, fix: string): string[] {
  const share = count / q.limit;
  if (share < NEAR_SHARE) {
    return [];
  }
  const verdict =
    count > q.limit
      ? `exceeds the quota of ${q.limit.toLocaleString("en-US")} ${q.name}`
      : `is ${Math.round(share * 100)}% of the quota of ${q.limit.toLocaleString("en-US")} ${q.name}`;
  return [
    `quota: ${what} (${count.toLocaleString("en-US")}) ${verdict} (${q.source}${q.adjustable ? ", adjustable in Service Quotas" : ", not adjustable"}); ${fix}`,
  ];
}

/** One warning line per quota the rollout nears or exceeds. */
export function quotaWarnings(u: QuotaUsage): string[] {
  const warnings = [
    ...check(
      QUOTAS.membersPerDelegatedAdmin,
      u.members,
      "covered member accounts",
      u.enablementMode === "organization-policy"
        ? "the Inspector policy still enables every account (up to 50,000), but the delegated administrator sees findings and status of 10,000 only; split the organization's findings view by OU"
        : "use enablementMode organization-policy, which enables up to 50,000 accounts, or narrow organizationalUnitIds",
    ),
    ...check(
      QUOTAS.suppressionRulesPerAccountRegion,
      u.suppressionRules,
      "suppressionRules",
      "merge rules with the same criteria, or suppress by vulnerability id lists",
    ),
    ...check(
      QUOTAS.cisScanConfigurations,
      u.cisScanConfigurations,
      "cisScanConfigurations",
      "target several accounts or tags with one configuration",
    ),
    ...Object.entries(u.rulesPerRegion).flatMap(([region, rules]) =>
      check(
        QUOTAS.rulesPerEventBus,
        rules,
        `rules this stack adds to the default bus in ${region}`,
        "request a higher quota before `pulumi up`",
      ),
    ),
    ...check(
      QUOTAS.stackInstancesPerStackSet,
      u.stackInstances,
      "member baseline stack instances (accounts x Regions)",
      "split the member baseline by OU or govern fewer Regions",
    ),
  ];
  if (
    u.enablementMode === "delegated-admin" &&
    u.autoEnable &&
    u.members > QUOTAS.autoEnableMembers.limit
  ) {
    warnings.push(
      `quota: covered member accounts (${u.members.toLocaleString("en-US")}) exceed the ${QUOTAS.autoEnableMembers.limit.toLocaleString("en-US")} ${QUOTAS.autoEnableMembers.name} (${QUOTAS.autoEnableMembers.source}); new accounts are enabled at the next \`pulumi up\`, or use enablementMode organization-policy`,
    );
  }
  return warnings;
}
