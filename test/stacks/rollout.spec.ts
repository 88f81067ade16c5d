import { expect } from "chai";
import * as path from "path";
import type { CoreConfig } from "../../stacks/configCore";
import { loadInventoryFile, type OrgInventory } from "../../stacks/inventory";
import { planRollout } from "../../stacks/rollout";

const INVENTORY: OrgInventory = loadInventoryFile(
  path.resolve(__dirname, "../../examples/org-inventory.json"),
);

const BASE: CoreConfig = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  delegatedAdminRoleName: "OrganizationAccountAccessRole",
  homeRegion: "us-east-1",
  regions: ["us-east-1", "sa-east-1"],
  enablementMode: "delegated-admin",
  scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
  organizationalUnitIds: [],
  excludedAccountIds: [],
  inventoryFile: undefined,
  protectOrgResources: true,
  enablementTimeoutMinutes: 45,
  disassociateRemovedMembers: false,
  tags: {},
};

describe("planRollout", () => {
  it("derives per-Region scan types from the capability map and warns for each missing type", () => {
    const plan = planRollout(BASE, INVENTORY);
    expect(plan.regions).to.deep.equal([
      { region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"], unsupported: [] },
      { region: "sa-east-1", scanTypes: ["EC2", "ECR", "LAMBDA"], unsupported: ["LAMBDA_CODE"] },
    ]);
    expect(plan.warnings).to.deep.equal([
      "sa-east-1: Amazon Inspector does not offer LAMBDA_CODE scanning in this Region; it is enabled for EC2, ECR, LAMBDA only there",
    ]);
  });

  it("in delegated-admin mode over the whole organization: auto-enable on, every ACTIVE member but the admin in one chunk", () => {
    const plan = planRollout(BASE, INVENTORY);
    const active = INVENTORY.accounts.filter((a) => a.status === "ACTIVE").map((a) => a.id);
    expect(plan.autoEnableNewAccounts).to.equal(true);
    expect(plan.needsAdminEnabler).to.equal(true);
    expect([...plan.memberAccountIds].sort()).to.deep.equal(
      active.filter((id) => id !== "222222222222").sort(),
    );
    expect(plan.memberChunks.map((c) => [c.key, c.accountIds.length])).to.deep.equal([["000", 33]]);
    expect(plan.memberChunks[0].accountIds).to.not.include("222222222222");
  });

  it("in organization-policy mode over the root: no admin Enabler (the policy covers it) and no auto-enable", () => {
    const plan = planRollout({ ...BASE, enablementMode: "organization-policy" }, INVENTORY);
    expect([
      plan.policyTargetIds,
      plan.needsAdminEnabler,
      plan.autoEnableNewAccounts,
    ]).to.deep.equal([["r-a1b2"], false, false]);
  });

  it("in organization-policy mode over OUs that leave the admin out: the admin gets its own Enabler", () => {
    const plan = planRollout(
      {
        ...BASE,
        enablementMode: "organization-policy",
        organizationalUnitIds: ["ou-a1b2-workload"],
      },
      INVENTORY,
    );
    expect([plan.policyTargetIds, plan.needsAdminEnabler]).to.deep.equal([
      ["ou-a1b2-workload"],
      true,
    ]);
  });

  it("in organization-policy mode over the admin's OU: the policy covers the admin", () => {
    const plan = planRollout(
      {
        ...BASE,
        enablementMode: "organization-policy",
        organizationalUnitIds: ["ou-a1b2-security"],
      },
      INVENTORY,
    );
    expect(plan.needsAdminEnabler).to.equal(false);
  });

  it("warns that an excluded account under a policy target is still enabled by the policy", () => {
    const plan = planRollout(
      {
        ...BASE,
        regions: ["us-east-1"],
        enablementMode: "organization-policy",
        excludedAccountIds: ["333333333333"],
      },
      INVENTORY,
    );
    expect(plan.warnings).to.deep.equal([
      "excludedAccountIds: 333333333333 sits under an Inspector policy target, so the organization policy still enables scanning there; move the account to an OU outside organizationalUnitIds",
    ]);
  });

  it("keeps a member's Enabler slot when another account is excluded (no account moves between Enablers)", () => {
    const all = planRollout(BASE, INVENTORY).memberChunks;
    const excluded = planRollout(
      { ...BASE, excludedAccountIds: [all[0].accountIds[3]] },
      INVENTORY,
    ).memberChunks;
    expect(excluded[0].key).to.equal("000");
    expect(excluded[0].accountIds).to.deep.equal(all[0].accountIds.filter((_, i) => i !== 3));
  });

  it("fails with a named key when the delegated admin is not in the organization", () => {
    expect(() =>
      planRollout({ ...BASE, delegatedAdminAccountId: "999999999999" }, INVENTORY),
    ).to.throw(/delegatedAdminAccountId/);
  });
});
