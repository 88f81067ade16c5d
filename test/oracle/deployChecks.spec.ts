/**
 * AWS's own data as the test oracle over both example stacks (issue 12): every IAM document
 * against the Service Authorization Reference, the StackSet template against the CloudFormation
 * resource specification, every name against its service's rules and account-wide uniqueness.
 * docs/deploy-checks.md lists each check, what it prevents and where it comes from.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "../../lib/offline/plan";
import { checkTemplate } from "./cfnOracle";
import { checkPolicies, type PolicyUnderTest } from "./iamOracle";
import { checkAccountWideNames, checkNameRules, namesOfPlan } from "./names";
import { checkLiteralAssertions, LITERAL_DOCUMENTS } from "./literalDocuments";
import { existsIn, MEMBER_ACCOUNT, policiesOfPlan, templatesOfPlan } from "./planDocuments";
import { EXAMPLE_STACKS, planOf } from "./plannedStack";

const DELEGATED_ADMIN = "222222222222";

for (const stack of EXAMPLE_STACKS) {
  describe(`deploy checks of stack ${stack} (AWS's data as the oracle)`, function () {
    this.timeout(300_000);
    let plan: PlanResult;
    before(async () => {
      plan = await planOf(stack);
    });

    it("checks the IAM documents of the registered resources and of the StackSet template", () => {
      const sources = policiesOfPlan(plan).map((p) => p.source);
      // The member execution role's policy, rendered in the home Region only (account-wide).
      expect(
        sources.filter((s) =>
          s.endsWith("InspectorRemediationExecutionRole inspector-remediation"),
        ),
      ).to.deep.equal([
        "aws:cloudformation/stackSet:StackSet inspector-member-baseline us-east-1 InspectorRemediationExecutionRole inspector-remediation",
      ]);
      expect(sources).to.include("aws:iam/rolePolicy:RolePolicy remediation-automation");
      expect(sources).to.include(
        "aws:dynamodb/resourcePolicy:ResourcePolicy remediation-blocked-digests",
      );
    });

    it("grants only actions that exist, on their required resource types, with their condition keys", async () => {
      expect(await checkPolicies(policiesOfPlan(plan))).to.deep.equal([]);
    });

    it("has StackSet templates CloudFormation accepts: types, properties, attributes, references, conditions", async () => {
      const problems: string[] = [];
      for (const t of templatesOfPlan(plan)) {
        problems.push(...(await checkTemplate(t.source, t.template)));
      }
      expect([templatesOfPlan(plan).length, problems]).to.deep.equal([1, []]);
    });

    it("gives every resource a name within its service's length and character rules", () => {
      expect(checkNameRules(namesOfPlan(plan, DELEGATED_ADMIN))).to.deep.equal([]);
    });

    it("creates each account-wide (IAM) name once per account across Regions and StackSet instances", () => {
      const names = namesOfPlan(plan, DELEGATED_ADMIN);
      expect(checkAccountWideNames(names)).to.deep.equal([]);
      expect(
        names
          .filter((n) => n.accountWide?.account === "333333333333")
          .map((n) => `${n.accountWide?.namespace}:${n.value}`)
          .sort(),
      ).to.deep.equal([
        "policy:inspector-gate-pipeline",
        "role:inspector-remediation-execution",
        "role:inspector-remediation-runbook",
      ]);
      expect(checkAccountWideNames(names)).to.deep.equal([]);
    });

    it("writes each account's ECR registry scanning configuration from one place per Region", () => {
      // Writers per account/Region: the program's own RegistryScanningConfiguration (the delegated
      // administrator's provider) and the StackSet's, where its condition holds in that account.
      const writers = new Map<string, string[]>();
      const add = (key: string, who: string) =>
        writers.set(key, [...(writers.get(key) ?? []), who]);
      for (const r of plan.registrations.filter(
        (x) => x.type === "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
      )) {
        add(`${DELEGATED_ADMIN}/${r.inputs.region as string}`, r.name);
      }
      for (const t of templatesOfPlan(plan)) {
        for (const account of [DELEGATED_ADMIN, MEMBER_ACCOUNT]) {
          for (const region of t.regions) {
            const ctx = { account, region, template: t.template };
            for (const [id, resource] of Object.entries(t.template.Resources)) {
              if (
                resource.Type === "AWS::ECR::RegistryScanningConfiguration" &&
                existsIn(resource, ctx)
              ) {
                add(`${account}/${region}`, `${t.source} ${id}`);
              }
            }
          }
        }
      }
      expect([...writers.entries()].filter(([, who]) => who.length > 1)).to.deep.equal([]);
    });
  });
}

// Here rather than in literalDocuments.spec.ts: the two plans above are this process's already.
describe("literal assertions of the example stacks' security documents (test/oracle/literalDocuments.ts)", function () {
  this.timeout(300_000);

  it("names a spec for every document of both stacks, and that spec spells each one out", async () => {
    const policies: PolicyUnderTest[] = [];
    for (const stack of EXAMPLE_STACKS) {
      policies.push(...policiesOfPlan(await planOf(stack)));
    }
    const root = path.resolve(__dirname, "../..");
    const readSpec = (file: string): string | undefined =>
      fs.existsSync(path.join(root, file))
        ? fs.readFileSync(path.join(root, file), "utf8")
        : undefined;
    expect(policies.length).to.be.greaterThan(100);
    expect(checkLiteralAssertions(policies, LITERAL_DOCUMENTS, readSpec)).to.deep.equal([]);
  });
});
