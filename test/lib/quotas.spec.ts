import { expect } from "chai";
import * as path from "path";
import { QUOTAS, quotaWarnings, type QuotaUsage } from "../../lib/quotas";
import { loadInventoryFile } from "../../stacks/inventory";
import { planRollout } from "../../stacks/rollout";
import { buildOutputs } from "../../stacks/program";
import { validateConfig, type RawConfig } from "../../stacks/config";

const QUIET: QuotaUsage = {
  enablementMode: "delegated-admin",
  members: 100,
  autoEnable: true,
  suppressionRules: 3,
  cisScanConfigurations: 2,
  rulesPerRegion: { "us-east-1": 4, "eu-west-1": 2 },
  stackInstances: 200,
};

describe("quotaWarnings", () => {
  it("pins the documented quotas", () => {
    expect(
      Object.fromEntries(Object.entries(QUOTAS).map(([k, q]) => [k, [q.limit, q.adjustable]])),
    ).to.deep.equal({
      membersPerDelegatedAdmin: [10000, false],
      autoEnableMembers: [5000, false],
      suppressionRulesPerAccountRegion: [500, false],
      cisScanConfigurations: [500, false],
      rulesPerEventBus: [300, true],
      stackInstancesPerStackSet: [100000, false],
    });
  });

  it("says nothing far from every quota", () => {
    expect(quotaWarnings(QUIET)).to.deep.equal([]);
  });

  // At, one below and one above the 80% mark, and past the quota.
  const boundaries: { name: string; patch: Partial<QuotaUsage>; warnings: string[] }[] = [
    { name: "399 suppression rules (below 80%)", patch: { suppressionRules: 399 }, warnings: [] },
    {
      name: "400 suppression rules (80%)",
      patch: { suppressionRules: 400 },
      warnings: [
        "quota: suppressionRules (400) is 80% of the quota of 500 suppression rules per account and Region (Amazon Inspector User Guide, quotas, not adjustable); merge rules with the same criteria, or suppress by vulnerability id lists",
      ],
    },
    {
      name: "500 CIS scan configurations (at the quota)",
      patch: { cisScanConfigurations: 500 },
      warnings: [
        "quota: cisScanConfigurations (500) is 100% of the quota of 500 CIS scan configurations (Amazon Inspector User Guide, quotas, not adjustable); target several accounts or tags with one configuration",
      ],
    },
    {
      name: "501 CIS scan configurations (past it)",
      patch: { cisScanConfigurations: 501 },
      warnings: [
        "quota: cisScanConfigurations (501) exceeds the quota of 500 CIS scan configurations (Amazon Inspector User Guide, quotas, not adjustable); target several accounts or tags with one configuration",
      ],
    },
    {
      name: "240 rules on one bus",
      patch: { rulesPerRegion: { "us-east-1": 240, "eu-west-1": 239 } },
      warnings: [
        "quota: rules this stack adds to the default bus in us-east-1 (240) is 80% of the quota of 300 rules per EventBridge event bus (Amazon EventBridge User Guide, eb-quota, adjustable in Service Quotas); request a higher quota before `pulumi up`",
      ],
    },
    {
      name: "10,001 members in delegated-admin mode",
      patch: { members: 10001, autoEnable: false },
      warnings: [
        "quota: covered member accounts (10,001) exceeds the quota of 10,000 member accounts per Inspector delegated administrator (Amazon Inspector User Guide, quotas, not adjustable); use enablementMode organization-policy, which enables up to 50,000 accounts, or narrow organizationalUnitIds",
      ],
    },
    {
      name: "8,000 members in organization-policy mode",
      patch: { members: 8000, enablementMode: "organization-policy", autoEnable: false },
      warnings: [
        "quota: covered member accounts (8,000) is 80% of the quota of 10,000 member accounts per Inspector delegated administrator (Amazon Inspector User Guide, quotas, not adjustable); the Inspector policy still enables every account (up to 50,000), but the delegated administrator sees findings and status of 10,000 only; split the organization's findings view by OU",
      ],
    },
    { name: "5,000 members with auto-enable", patch: { members: 5000 }, warnings: [] },
    {
      name: "5,001 members with auto-enable",
      patch: { members: 5001 },
      warnings: [
        "quota: covered member accounts (5,001) exceed the 5,000 members up to which Inspector keeps auto-enable on (Amazon Inspector User Guide, adding-member-accounts); new accounts are enabled at the next `pulumi up`, or use enablementMode organization-policy",
      ],
    },
    {
      name: "80,000 stack instances",
      patch: { stackInstances: 80000 },
      warnings: [
        "quota: member baseline stack instances (accounts x Regions) (80,000) is 80% of the quota of 100,000 stack instances per CloudFormation stack set (AWS CloudFormation User Guide, cloudformation-limits, not adjustable); split the member baseline by OU or govern fewer Regions",
      ],
    },
  ];
  for (const c of boundaries) {
    it(`warns correctly at ${c.name}`, () => {
      expect(quotaWarnings({ ...QUIET, ...c.patch })).to.deep.equal(c.warnings);
    });
  }
});

describe("planQuotaWarnings", () => {
  const EXAMPLE = loadInventoryFile(
    path.join(__dirname, "..", "..", "examples", "org-inventory.json"),
  );
  function warningsFor(raw: RawConfig): string[] {
    const result = validateConfig({
      managementAccountId: "111111111111",
      delegatedAdminAccountId: "222222222222",
      homeRegion: "us-east-1",
      regions: '["us-east-1"]',
      ...raw,
    });
    if ("problems" in result) {
      throw new Error(result.problems.join("\n"));
    }
    const cfg = result.config;
    const plan = planRollout(cfg, EXAMPLE);
    return buildOutputs(cfg, plan).warnings.filter((w) => w.startsWith("quota:"));
  }

  it("counts the configured suppression rules against the quota in the plan's warnings", () => {
    const rules = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [
        `rule-${i}`,
        { reason: "isolated test hosts", criteria: { vulnerabilityIds: [`CVE-2024-${1000 + i}`] } },
      ]),
    );
    expect(warningsFor({ suppressionRules: JSON.stringify(rules) })).to.deep.equal([
      "quota: suppressionRules (400) is 80% of the quota of 500 suppression rules per account and Region (Amazon Inspector User Guide, quotas, not adjustable); merge rules with the same criteria, or suppress by vulnerability id lists",
    ]);
    expect(warningsFor({})).to.deep.equal([]);
  });
});
