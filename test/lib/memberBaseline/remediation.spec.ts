import { expect } from "chai";
import {
  buildExecutionRolePolicy,
  buildExecutionRoleTrustPolicy,
  buildRemediationMemberFragment,
  buildRunbookRolePolicy,
  buildRunbookRoleTrustPolicy,
} from "../../../lib/memberBaseline/remediation";
import {
  buildContainmentDocument,
  buildPatchDocument,
} from "../../../lib/memberBaseline/ssmDocuments";
import { buildTriagePolicy } from "../../../lib/remediationPolicies";

const sub = (s: string) => ({ "Fn::Sub": s });
const EC2 = (r: string) => sub(`arn:\${AWS::Partition}:ec2:*:\${AWS::AccountId}:${r}`);
const SNAPSHOTS = sub("arn:${AWS::Partition}:ec2:*::snapshot/*");
const SSM = (r: string) => sub(`arn:\${AWS::Partition}:ssm:*:\${AWS::AccountId}:${r}`);
const RUNBOOK_ROLE = sub(
  "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/inspector/inspector-remediation-runbook",
);

describe("member execution role", () => {
  it("trusts only the delegated administrator's automation role", () => {
    expect(buildExecutionRoleTrustPolicy("222222222222")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumedByDelegatedAdminAutomationRole",
          Effect: "Allow",
          Principal: {
            AWS: "arn:aws:iam::222222222222:role/inspector/inspector-remediation-automation",
          },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  it("allows exactly what triage does in the member: start, follow, pass the runbook role, ECR", () => {
    expect(buildExecutionRolePolicy().Statement).to.deep.equal([
      {
        Sid: "StartRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:StartAutomationExecution"],
        Resource: [
          SSM("document/Inspector-PatchInstance"),
          SSM("document/Inspector-ContainInstance"),
          SSM("automation-definition/Inspector-PatchInstance:*"),
          SSM("automation-definition/Inspector-ContainInstance:*"),
          SSM("automation-execution/*"),
        ],
      },
      {
        Sid: "ReadRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:GetAutomationExecution"],
        Resource: [SSM("automation-execution/*")],
      },
      {
        Sid: "PassRunbookRoleToAutomation",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [RUNBOOK_ROLE],
        Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
      },
      {
        Sid: "FindRunningPatchCommands",
        Effect: "Allow",
        Action: ["ssm:ListCommandInvocations"],
        Resource: "*",
      },
      {
        Sid: "RepositoryOwnerAndLifecycle",
        Effect: "Allow",
        Action: ["ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:PutLifecyclePolicy"],
        Resource: [sub("arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*")],
      },
    ]);
  });
});

describe("member Automation service role (AutomationAssumeRole)", () => {
  it("trusts Systems Manager for this account's automation executions only", () => {
    expect(buildRunbookRoleTrustPolicy()).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumedByAutomationOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": sub("${AWS::AccountId}") },
            ArnLike: { "aws:SourceArn": SSM("automation-execution/*") },
          },
        },
      ],
    });
  });

  it("allows exactly the runbook steps' scoped statements", () => {
    expect(buildRunbookRolePolicy("InspectorAutoPatch").Statement).to.deep.equal([
      {
        Sid: "RunPatchBaselineDocument",
        Effect: "Allow",
        Action: ["ssm:SendCommand"],
        Resource: [sub("arn:${AWS::Partition}:ssm:*::document/AWS-RunPatchBaseline")],
      },
      {
        Sid: "RunPatchBaselineOnOptedInInstances",
        Effect: "Allow",
        Action: ["ssm:SendCommand"],
        Resource: [EC2("instance/*")],
        Condition: { StringEqualsIgnoreCase: { "ssm:resourceTag/InspectorAutoPatch": "true" } },
      },
      {
        Sid: "InspectPatchState",
        Effect: "Allow",
        Action: [
          "ssm:DescribeInstanceInformation",
          "ssm:ListCommandInvocations",
          "ssm:ListCommands",
          "ec2:DescribeInstances",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeTags",
        ],
        Resource: "*",
      },
      {
        Sid: "CreateQuarantineGroupInVpc",
        Effect: "Allow",
        Action: ["ec2:CreateSecurityGroup"],
        Resource: [EC2("vpc/*")],
      },
      {
        Sid: "CreateQuarantineGroupTagged",
        Effect: "Allow",
        Action: ["ec2:CreateSecurityGroup"],
        Resource: [EC2("security-group/*")],
        Condition: { StringEquals: { "aws:RequestTag/InspectorQuarantine": "true" } },
      },
      {
        Sid: "TagQuarantineGroupOnCreate",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [EC2("security-group/*")],
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" } },
      },
      {
        Sid: "CloseQuarantineGroup",
        Effect: "Allow",
        Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
        Resource: [EC2("security-group/*")],
        Condition: { StringEquals: { "aws:ResourceTag/InspectorQuarantine": "true" } },
      },
      {
        Sid: "IsolateInstance",
        Effect: "Allow",
        Action: ["ec2:ModifyInstanceAttribute"],
        Resource: [EC2("instance/*"), EC2("security-group/*")],
      },
      {
        Sid: "TagContainedInstance",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [EC2("instance/*")],
        Condition: {
          "ForAllValues:StringEquals": {
            "aws:TagKeys": ["InspectorOriginalSecurityGroups", "InspectorFindingArn"],
          },
        },
      },
      {
        Sid: "SnapshotAttachedVolumes",
        Effect: "Allow",
        Action: ["ec2:CreateSnapshots"],
        Resource: [EC2("instance/*"), EC2("volume/*"), SNAPSHOTS],
      },
      {
        Sid: "TagSnapshotsOnCreate",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [SNAPSHOTS],
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSnapshots" } },
      },
    ]);
  });
});

describe("buildRemediationMemberFragment", () => {
  it("has the two account-wide roles and the two regional Automation documents, tagged", () => {
    const fragment = buildRemediationMemberFragment({
      delegatedAdminAccountId: "222222222222",
      patchTagKey: "InspectorAutoPatch",
      tags: { ManagedBy: "inspector-rollout" },
    });
    const summary = Object.fromEntries(
      Object.entries(fragment).map(([id, r]) => [
        id,
        [
          r.Type,
          r.Condition,
          r.Properties.RoleName ?? r.Properties.Name,
          r.Properties.DocumentType,
          r.Properties.Tags,
        ],
      ]),
    );
    const tags = [{ Key: "ManagedBy", Value: "inspector-rollout" }];
    expect(summary).to.deep.equal({
      InspectorRemediationExecutionRole: [
        "AWS::IAM::Role",
        "IsAccountWideRegion",
        "inspector-remediation-execution",
        undefined,
        tags,
      ],
      InspectorRemediationRunbookRole: [
        "AWS::IAM::Role",
        "IsAccountWideRegion",
        "inspector-remediation-runbook",
        undefined,
        tags,
      ],
      InspectorPatchInstanceDocument: [
        "AWS::SSM::Document",
        undefined,
        "Inspector-PatchInstance",
        "Automation",
        tags,
      ],
      InspectorContainInstanceDocument: [
        "AWS::SSM::Document",
        undefined,
        "Inspector-ContainInstance",
        "Automation",
        tags,
      ],
    });
    expect(fragment.InspectorRemediationExecutionRole.Properties.Path).to.equal("/inspector/");
    const patch = buildPatchDocument();
    // The documents default AutomationAssumeRole to the account's Automation service role.
    expect(fragment.InspectorPatchInstanceDocument.Properties.Content).to.deep.equal({
      ...patch,
      parameters: {
        ...patch.parameters,
        AutomationAssumeRole: { ...patch.parameters.AutomationAssumeRole, default: RUNBOOK_ROLE },
      },
    });
  });
});

describe("patch document", () => {
  const doc = buildPatchDocument();

  it("checks opt-in, skips a running AWS-RunPatchBaseline, then installs", () => {
    expect(
      doc.mainSteps.map((s) => [
        s.name,
        s.action,
        s.nextStep ?? s.onFailure ?? (s.isEnd === true ? "end" : ""),
      ]),
    ).to.deep.equal([
      ["CheckOptIn", "aws:assertAwsResourceProperty", "ListRunningPatchCommands"],
      ["ListRunningPatchCommands", "aws:executeAwsApi", "BranchOnRunningPatch"],
      ["BranchOnRunningPatch", "aws:branch", ""],
      ["RunPatchBaseline", "aws:runCommand", "end"],
      ["SkipAlreadyPatching", "aws:sleep", "end"],
      ["NotOptedIn", "aws:sleep", "end"],
    ]);
    expect(doc.mainSteps[0].onFailure).to.equal("step:NotOptedIn");
    expect(doc.mainSteps[3].inputs.Parameters).to.deep.equal({
      Operation: "Install",
      RebootOption: "{{RebootOption}}",
      InstallOverrideList: "{{InstallOverrideList}}",
    });
  });

  it("never reboots unless asked, and references only declared parameters and steps", () => {
    expect(doc.parameters.RebootOption).to.deep.include({ default: "NoReboot" });
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]);
    const steps = new Set(doc.mainSteps.map((s) => s.name));
    for (const ref of refs) {
      const [head] = ref.split(".");
      expect(ref.includes(".") ? steps.has(head) : head in doc.parameters, ref).to.equal(true);
    }
  });
});

describe("containment document", () => {
  const doc = buildContainmentDocument();

  it("describes, prepares the quarantine group, tags, isolates, snapshots", () => {
    expect(doc.mainSteps.map((s) => [s.name, s.action])).to.deep.equal([
      ["DescribeInstance", "aws:executeAwsApi"],
      ["PrepareQuarantineGroup", "aws:executeScript"],
      ["TagInstance", "aws:createTags"],
      ["IsolateInstance", "aws:executeAwsApi"],
      ["SnapshotVolumes", "aws:executeAwsApi"],
    ]);
    expect(doc.mainSteps[4].inputs.Api).to.equal("CreateSnapshots");
  });

  it("references only declared parameters and earlier steps", () => {
    const refs = [...JSON.stringify(doc).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]);
    const steps = new Set(doc.mainSteps.map((s) => s.name));
    for (const ref of refs) {
      const [head] = ref.split(".");
      expect(ref.includes(".") ? steps.has(head) : head in doc.parameters, ref).to.equal(true);
    }
  });
});

describe("buildTriagePolicy", () => {
  it("scopes every statement to its resource, with the ticket secret only when configured", () => {
    const policy = buildTriagePolicy({
      accountId: "222222222222",
      region: "us-east-1",
      queueArn: "arn:q",
      idempotencyTableArn: "arn:t/idem",
      auditTableArn: "arn:t/audit",
      lockTableArn: "arn:t/locks",
      blockedDigestsTableArn: "arn:t/blocked",
      notificationTopicArn: "arn:topic",
      logGroupArn: "arn:logs",
      organizationId: "o-abc123",
      ticketSecretArn: "arn:secret",
      notificationKeyArn: "arn:key",
    });
    expect(policy).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConsumeTriageQueue",
          Effect: "Allow",
          Action: [
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:ChangeMessageVisibility",
          ],
          Resource: "arn:q",
        },
        {
          Sid: "IdempotencyRecords",
          Effect: "Allow",
          Action: [
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
          ],
          Resource: "arn:t/idem",
        },
        {
          Sid: "AuditTrail",
          Effect: "Allow",
          Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
          Resource: ["arn:t/audit", "arn:t/audit/index/*"],
        },
        {
          Sid: "InstanceLocks",
          Effect: "Allow",
          Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
          Resource: "arn:t/locks",
        },
        {
          Sid: "BlockedImageDigests",
          Effect: "Allow",
          Action: ["dynamodb:UpdateItem"],
          Resource: "arn:t/blocked",
        },
        {
          Sid: "PublishNotifications",
          Effect: "Allow",
          Action: ["sns:Publish"],
          Resource: "arn:topic",
        },
        {
          Sid: "LookUpRelatedFindings",
          Effect: "Allow",
          Action: ["inspector2:ListFindings"],
          Resource: "*",
        },
        {
          Sid: "AssumeMemberExecutionRole",
          Effect: "Allow",
          Action: ["sts:AssumeRole"],
          Resource: "arn:aws:iam::*:role/inspector/inspector-remediation-execution",
          Condition: { StringEquals: { "aws:ResourceOrgID": "o-abc123" } },
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:logs:*",
        },
        {
          Sid: "EncryptNotifications",
          Effect: "Allow",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "arn:key",
          Condition: { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "ReadTicketWebhookSecret",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: "arn:secret",
        },
      ],
    });
  });
});
