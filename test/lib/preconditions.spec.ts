import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { PlannedResource } from "../../lib/offline/plan";
import {
  checkPreconditions,
  preconditionViolations,
  type UnmetPrecondition,
} from "../../lib/preconditions/check";
import { PRECONDITIONS } from "../../lib/preconditions/table";
import { PREREQUISITES } from "../../lib/prerequisites";
import { type ExamplePlan, examplePlans } from "../helpers/examplePlans";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The plan in which nothing waits for the resources of type `type`: the graph of a program that
 * registers them but never names them in a `dependsOn` or passes their Outputs on.
 */
function withNothingWaitingFor(resources: readonly PlannedResource[], type: string) {
  const dropped = new Set(resources.filter((r) => r.type === type).map((r) => r.urn));
  return resources.map((r) => ({ ...r, dependsOn: r.dependsOn.filter((u) => !dropped.has(u)) }));
}

function summary(unmet: readonly UnmetPrecondition[]): string[] {
  return [...new Set(unmet.map((u) => `${u.type} ${u.name}: ${u.needs}`))];
}

describe("preconditions: the plan's dependency graph against AWS's documented order", () => {
  let plans: Record<string, ExamplePlan> = {};
  before(async function () {
    this.timeout(300_000);
    plans = await examplePlans();
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: every precondition of every resource is met by a dependency or a prerequisite`, () => {
      expect(summary(checkPreconditions(plans[stack].resources, plans[stack].facts))).to.deep.equal(
        [],
      );
    });
  }

  it("has one row per type, and a row for every custom resource type both stacks register", () => {
    const types = PRECONDITIONS.map((r) => r.type);
    expect(types.length).to.equal(new Set(types).size);
    const registered = new Set(
      [...plans.dev.resources, ...plans.prod.resources]
        .map((r) => r.type)
        .filter((t) => !t.startsWith("inspector:")),
    );
    expect([...registered].filter((t) => !types.includes(t))).to.deep.equal([]);
  });

  // Each mutation is the graph of the program without one of its orderings.
  const mutations: {
    name: string;
    stack: string;
    type: string;
    unmet: string;
  }[] = [
    {
      name: "the member baseline StackSet without CloudFormation's trusted access",
      stack: "prod",
      type: "pulumi-nodejs:dynamic/inspector:StackSetsOrganizationsAccess",
      unmet:
        "aws:cloudformation/stackSet:StackSet inspector-member-baseline: CloudFormation StackSets trusted access with Organizations",
    },
    {
      name: "the member baseline StackSet before the role its execution role trusts",
      stack: "dev",
      type: "aws:iam/role:Role",
      unmet:
        "aws:cloudformation/stackSet:StackSet inspector-member-baseline: IAM role arn:aws:iam::222222222222:role/inspector/inspector-remediation-automation (a principal of its policy) created first",
    },
    {
      name: "the policy attachment without the policy type",
      stack: "prod",
      type: "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType",
      unmet:
        "aws:organizations/policyAttachment:PolicyAttachment inspector-org-policy-r-a1b2: policy type INSPECTOR_POLICY ENABLED on the root",
    },
    {
      name: "a suppression filter before the policy enabled the administrator",
      stack: "prod",
      type: "pulumi-nodejs:dynamic/inspector:EnablementWait",
      unmet:
        "aws:inspector2/filter:Filter inspector-scan-settings-us-east-1-suppress-base-image-informational: Inspector ENABLED for the delegated administrator 222222222222 in us-east-1",
    },
    {
      name: "members' Enablers before their associations",
      stack: "dev",
      type: "pulumi-nodejs:dynamic/inspector:MemberAssociations",
      unmet:
        "aws:inspector2/enabler:Enabler inspector-members-us-east-1-000: member 758861041068 associated with the delegated administrator in us-east-1",
    },
  ];
  for (const m of mutations) {
    it(`finds ${m.name}`, () => {
      const mutated = withNothingWaitingFor(plans[m.stack].resources, m.type);
      expect(summary(checkPreconditions(mutated, plans[m.stack].facts))).to.include(m.unmet);
    });
  }

  it("reports an unmet precondition as the plan's mandatory violation, naming the fix and the source", () => {
    const mutated = withNothingWaitingFor(
      plans.prod.resources,
      "pulumi-nodejs:dynamic/inspector:StackSetsOrganizationsAccess",
    );
    const stackSet = mutated.find((r) => r.type === "aws:cloudformation/stackSet:StackSet");
    expect(preconditionViolations(mutated, plans.prod.facts)).to.deep.equal([
      {
        policyName: "inspector-plan-unmet-precondition",
        enforcementLevel: "mandatory",
        resourceName: "inspector-member-baseline",
        resourceType: "aws:cloudformation/stackSet:StackSet",
        resourceUrn: stackSet?.urn,
        message:
          "aws:cloudformation/stackSet:StackSet 'inspector-member-baseline' needs CloudFormation StackSets trusted access with Organizations first, and nothing it waits for provides it; add a dependsOn (or name the prerequisite in lib/prerequisites.ts and the README). Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html (service-managed StackSets need trusted access, all features)",
      },
    ]);
  });

  it("names a type the table lacks", () => {
    const unmet = checkPreconditions(
      plans.dev.resources,
      plans.dev.facts,
      PRECONDITIONS.filter((r) => r.type !== "aws:sqs/queue:Queue"),
    );
    expect(unmet[0]).to.deep.equal({
      type: "aws:sqs/queue:Queue",
      name: unmet[0].name,
      needs: "a row in the precondition table (lib/preconditions/table.ts) for this type",
      source: "-",
    });
  });
});

describe("prerequisites (lib/prerequisites.ts) and the README", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("Before the first `pulumi up`:");
  const section = readme.slice(start, readme.indexOf("\nThen:", start));

  it("lists in the README's 'Before the first `pulumi up`' steps exactly the prerequisites, in order", () => {
    const titles = [...section.matchAll(/^\d+\. \*\*([^*]+)\*\*/gm)].map((m) => m[1]);
    expect(titles).to.deep.equal(PREREQUISITES.map((p) => p.readmeTitle));
  });

  it("gives each prerequisite a unique id", () => {
    const ids = PREREQUISITES.map((p) => p.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
