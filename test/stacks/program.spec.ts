import { expect } from "chai";
import { requireRolloutOutputs, type PlanResult } from "../../lib/offline/plan";
import { examplePlanResult } from "../helpers/examplePlans";
import type { RecordedResource } from "../../lib/offline/recorder";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const MEMBER_ASSOCIATIONS = "pulumi-nodejs:dynamic/inspector:MemberAssociations";
const MGMT_PROVIDER =
  "urn:pulumi:dev::inspector-rollout::pulumi:pulumi:Stack$pulumi:providers:aws::management";

/** runPlan installs the monitor under the planned stack's name; put the test stack back. */
function restoreTestStack(): void {
  monitor.install(TEST_PROJECT, "test");
}

function ofType(result: PlanResult, type: string): RecordedResource[] {
  return result.registrations.filter((r) => r.type === type);
}

function urnOf(result: PlanResult, type: string, name: string): string {
  const found = result.registrations.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).to.have.length(1);
  return found[0].urn;
}

describe("the program, stack dev (delegated-admin mode, sandbox OU)", () => {
  let result: PlanResult;
  before(async () => {
    result = await examplePlanResult("dev");
  });
  after(restoreTestStack);

  it("designates the delegated admin in both Regions from the management account, retained and timed out at 30m", () => {
    const registrations = ofType(
      result,
      "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
    );
    expect(
      registrations.map((r) => ({
        name: r.name,
        inputs: r.inputs,
        provider: r.provider?.split("::").slice(0, -1).join("::"),
        retainOnDelete: r.retainOnDelete,
        protect: r.protect,
        customTimeouts: r.customTimeouts,
      })),
    ).to.deep.equal(
      ["us-east-1", "eu-west-1"].map((region) => ({
        name: `inspector-delegated-admin-${region}`,
        inputs: { accountId: "222222222222", region },
        provider: MGMT_PROVIDER,
        retainOnDelete: true,
        protect: false,
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
      })),
    );
  });

  it("enables the four ACTIVE, non-excluded sandbox accounts in one Enabler per Region, after their associations", () => {
    const enablers = ofType(result, "aws:inspector2/enabler:Enabler").filter((r) =>
      r.name.startsWith("inspector-members-"),
    );
    const members = ["659261393546", "408018016814", "758861041068", "874110358952"];
    const sandbox = requireRolloutOutputs(result).accountsCovered;
    expect([...sandbox].sort()).to.deep.equal([...members].sort());
    expect(enablers.map((e) => ({ name: e.name, inputs: e.inputs }))).to.deep.equal(
      ["us-east-1", "eu-west-1"].map((region) => ({
        name: `inspector-members-${region}-000`,
        inputs: {
          accountIds: sandbox,
          resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
          region,
        },
      })),
    );
    for (const enabler of enablers) {
      const region = enabler.inputs.region as string;
      expect(enabler.dependencies).to.deep.equal([
        urnOf(result, MEMBER_ASSOCIATIONS, `inspector-members-${region}-associations`),
      ]);
    }
    // One resource per Region owns the association of every member, retained on delete.
    const associations = ofType(result, MEMBER_ASSOCIATIONS);
    expect(
      associations.map((a) => [a.name, a.inputs.region, a.inputs.accountIds, a.retainOnDelete]),
    ).to.deep.equal(
      ["us-east-1", "eu-west-1"].map((region) => [
        `inspector-members-${region}-associations`,
        region,
        sandbox,
        true,
      ]),
    );
    expect(ofType(result, "aws:inspector2/memberAssociation:MemberAssociation")).to.deep.equal([]);
  });

  it("gives the delegated admin its own Enabler, never mixed with members", () => {
    const admin = ofType(result, "aws:inspector2/enabler:Enabler").filter((r) =>
      r.name.startsWith("inspector-admin-"),
    );
    expect(admin.map((e) => e.inputs)).to.deep.equal([
      {
        accountIds: ["222222222222"],
        resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        region: "us-east-1",
      },
      {
        accountIds: ["222222222222"],
        resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        region: "eu-west-1",
      },
    ]);
  });

  it("turns auto-enable off for an OU-scoped rollout and orders admin -> org configuration -> members", () => {
    const configs = ofType(
      result,
      "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
    );
    expect(configs.map((c) => c.inputs)).to.deep.equal(
      ["us-east-1", "eu-west-1"].map((region) => ({
        autoEnable: {
          ec2: false,
          ecr: false,
          lambda: false,
          lambdaCode: false,
          codeRepository: false,
        },
        region,
      })),
    );
    const component = (type: string, name: string) => urnOf(result, type, name);
    const orgConfig = result.registrations.find(
      (r) =>
        r.type === "inspector:index:OrgConfiguration" &&
        r.name === "inspector-org-config-us-east-1",
    );
    // dependsOn on a component arrives as its children's URNs.
    expect(orgConfig?.dependencies).to.deep.equal([
      component("aws:inspector2/enabler:Enabler", "inspector-admin-us-east-1"),
    ]);
    const members = result.registrations.find(
      (r) =>
        r.type === "inspector:index:MemberEnablement" && r.name === "inspector-members-us-east-1",
    );
    expect(members?.dependencies).to.deep.equal([
      component(
        "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
        "inspector-org-config-us-east-1",
      ),
    ]);
    const admin = result.registrations.find(
      (r) => r.name === "inspector-admin-us-east-1" && !r.custom,
    );
    expect(admin?.dependencies).to.deep.equal(
      ["us-east-1", "eu-west-1"].map((region) =>
        component(
          "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
          `inspector-delegated-admin-${region}`,
        ),
      ),
    );
  });

  it("makes each child wait for what its component waits for (Pulumi does not pass dependsOn on)", () => {
    const child = (type: string, name: string) =>
      result.registrations.find((r) => r.type === type && r.name === name && r.custom);
    const adminEnabler = urnOf(
      result,
      "aws:inspector2/enabler:Enabler",
      "inspector-admin-us-east-1",
    );
    const orgConfig = child(
      "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
      "inspector-org-config-us-east-1",
    );
    expect(orgConfig?.dependencies).to.deep.equal([adminEnabler]);
    const association = result.registrations.find(
      (r) => r.type === MEMBER_ASSOCIATIONS && r.inputs.region === "us-east-1",
    );
    expect(association?.dependencies).to.deep.equal([orgConfig?.urn]);
    const adminEnablerRecord = child("aws:inspector2/enabler:Enabler", "inspector-admin-us-east-1");
    expect([...(adminEnablerRecord?.dependencies ?? [])].sort()).to.deep.equal(
      ["us-east-1", "eu-west-1"]
        .map((region) =>
          urnOf(
            result,
            "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
            `inspector-delegated-admin-${region}`,
          ),
        )
        .sort(),
    );
    const registration = child(
      "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
      "inspector-delegated-admin-us-east-1",
    );
    expect(registration?.dependencies).to.deep.equal([
      urnOf(
        result,
        "aws:organizations/awsServiceAccess:AwsServiceAccess",
        "inspector-org-access-inspector2",
      ),
    ]);
  });

  it("registers no Inspector policy in delegated-admin mode", () => {
    expect(ofType(result, "aws:organizations/policy:Policy")).to.deep.equal([]);
    expect(ofType(result, "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType")).to.deep.equal(
      [],
    );
  });

  it("reports covered and skipped accounts with the reason", () => {
    expect(requireRolloutOutputs(result).accountsSkipped).to.deep.equal([
      {
        accountId: "110010835528",
        name: "sandbox-chen",
        reason: "status PENDING_CLOSURE: the account is closing; Inspector cannot scan it",
      },
      {
        accountId: "900067570804",
        name: "sandbox-farah",
        reason: "excluded by excludedAccountIds",
      },
    ]);
    expect(requireRolloutOutputs(result).memberEnablersPerRegion).to.equal(1);
  });

  it("leaves the budget output out when no budget is set (an undefined output makes Pulumi warn)", () => {
    expect(Object.keys(result.outputs)).not.to.include("costMonthlyBudget");
  });
});

describe("the program, stack prod (organization-policy mode, whole organization)", () => {
  let result: PlanResult;
  before(async () => {
    result = await examplePlanResult("prod");
  });
  after(restoreTestStack);

  it("attaches one protected, retained INSPECTOR_POLICY to the root, after the delegated admin", () => {
    const [policy] = ofType(result, "aws:organizations/policy:Policy");
    const [attachment] = ofType(result, "aws:organizations/policyAttachment:PolicyAttachment");
    expect({
      type: policy.inputs.type,
      protect: policy.protect,
      retain: policy.retainOnDelete,
    }).to.deep.equal({
      type: "INSPECTOR_POLICY",
      protect: true,
      retain: true,
    });
    expect(attachment.inputs).to.deep.equal({
      policyId: "inspector-org-policy-id",
      targetId: "r-a1b2",
      skipDestroy: true,
    });
    const component = result.registrations.find(
      (r) => r.type === "inspector:index:OrganizationPolicy",
    );
    expect([...(component?.dependencies ?? [])].sort()).to.deep.equal(
      [
        urnOf(
          result,
          "aws:organizations/awsServiceAccess:AwsServiceAccess",
          "inspector-org-access-inspector2",
        ),
        urnOf(
          result,
          "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType",
          "inspector-org-access-policy-type",
        ),
        ...(requireRolloutOutputs(result).accountsCovered.length > 0
          ? [
              "us-east-1",
              "us-west-2",
              "eu-west-1",
              "eu-central-1",
              "ap-southeast-2",
              "ca-central-1",
            ].map((region) =>
              urnOf(
                result,
                "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
                `inspector-delegated-admin-${region}`,
              ),
            )
          : []),
      ].sort(),
    );
  });

  it("writes the policy documents from the capability map: LAMBDA_CODE for the Prod OU only, left out where the Region lacks it", () => {
    const policies = ofType(result, "aws:organizations/policy:Policy");
    const all = [
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-2",
      "ca-central-1",
    ];
    const lists = (regions: string[]) => ({
      enable_in_regions: { "@@assign": regions },
      disable_in_regions: { "@@assign": [] },
    });
    expect(
      policies.map((p) => [p.name, JSON.parse(p.inputs.content as string) as unknown]),
    ).to.deep.equal([
      [
        "inspector-org-policy",
        {
          inspector: {
            enablement: {
              ec2_scanning: lists(all),
              ecr_scanning: lists(all),
              lambda_standard_scanning: lists(all),
            },
          },
        },
      ],
      [
        "inspector-org-policy-ec2-ecr-lambda-lambda-code",
        {
          inspector: {
            enablement: {
              ec2_scanning: lists(all),
              ecr_scanning: lists(all),
              lambda_standard_scanning: {
                ...lists(all),
                lambda_code_scanning: lists(all.slice(0, 5)),
              },
            },
          },
        },
      ],
    ]);
    expect(requireRolloutOutputs(result).warnings).to.deep.equal([]);
  });

  it("manages no auto-enable, member association or Enabler: the policy enables and links every account", () => {
    for (const type of [
      "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
      "aws:inspector2/memberAssociation:MemberAssociation",
      "aws:inspector2/enabler:Enabler",
    ]) {
      expect(ofType(result, type), type).to.deep.equal([]);
    }
  });

  it("enables trusted access and the INSPECTOR_POLICY type on the root, protected", () => {
    const [access] = ofType(result, "aws:organizations/awsServiceAccess:AwsServiceAccess");
    const [policyType] = ofType(result, "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType");
    expect(access.inputs).to.deep.equal({ servicePrincipal: "inspector2.amazonaws.com" });
    expect({
      region: policyType.inputs.region,
      rootId: policyType.inputs.rootId,
      policyType: policyType.inputs.policyType,
    }).to.deep.equal({
      region: "us-east-1",
      rootId: "r-a1b2",
      policyType: "INSPECTOR_POLICY",
    });
    expect([access.protect, policyType.protect, policyType.dependencies]).to.deep.equal([
      true,
      true,
      [access.urn],
    ]);
  });

  it("outputs the budget's monthly limit, 2500 USD", () => {
    expect(result.outputs.costMonthlyBudget).to.equal(2500);
  });

  it("covers the 34 ACTIVE accounts and skips the suspended and the closing one", () => {
    expect(requireRolloutOutputs(result).accountsCoveredCount).to.equal(34);
    expect(requireRolloutOutputs(result).accountsSkipped.map((a) => a.accountId)).to.deep.equal([
      "752513647078",
      "110010835528",
    ]);
    expect(requireRolloutOutputs(result).policyTargets).to.deep.equal(["r-a1b2"]);
  });
});
