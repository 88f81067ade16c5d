/**
 * The member side of remediation as CloudFormation resource fragments, for the one member
 * baseline StackSet (issue 3's template builder merges fragments): the execution role the
 * delegated administrator's automation role assumes, and the two Automation documents.
 *
 * Values that differ per member (account id, partition) are `Fn::Sub` expressions resolved by
 * CloudFormation in each member account.
 */
import type { CfnString, PolicyDocument, PolicyStatement, TrustStatement } from "../iamPolicy";
import {
  automationRoleArn,
  CONTAINMENT_DOCUMENT_NAME,
  EXECUTION_ROLE_NAME,
  FINDING_TAG_KEY,
  ORIGINAL_GROUPS_TAG_KEY,
  PATCH_DOCUMENT_NAME,
  QUARANTINE_TAG_KEY,
  REMEDIATION_ROLE_PATH,
} from "../remediationNames";
import {
  type AutomationDocument,
  buildContainmentDocument,
  buildPatchDocument,
} from "./ssmDocuments";

/** One CloudFormation resource of a fragment. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties: Readonly<Record<string, unknown>>;
}

/** Logical id -> resource: what the member baseline template builder merges. */
export type CfnFragment = Readonly<Record<string, CfnResource>>;

/** Options of {@link buildRemediationMemberFragment}. */
export interface RemediationMemberOptions {
  /** The delegated administrator, whose automation role alone may assume the execution role. */
  readonly delegatedAdminAccountId: string;
  /** Instance tag key opting in to patching; SendCommand is allowed only on such instances. */
  readonly patchTagKey: string;
  /** Tags every member resource carries. Defaults to none. */
  readonly tags?: Readonly<Record<string, string>>;
}

const sub = (text: string): CfnString => ({ "Fn::Sub": text });
const arn = (service: string, resource: string, region = "*"): CfnString =>
  sub(`arn:\${AWS::Partition}:${service}:${region}:\${AWS::AccountId}:${resource}`);

/** The execution role's trust policy: only the delegated administrator's automation role. */
export function buildExecutionRoleTrustPolicy(
  delegatedAdminAccountId: string,
): PolicyDocument<TrustStatement> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumedByDelegatedAdminAutomationRole",
        Effect: "Allow",
        Principal: { AWS: automationRoleArn(delegatedAdminAccountId) },
        Action: "sts:AssumeRole",
      },
    ],
  };
}

/**
 * The execution role's permissions: start the two documents, patch only opted-in instances
 * (`ssm:resourceTag` on SendCommand), the read-only calls that have no resource-level
 * permissions, and containment's EC2 calls scoped by tag and create-action conditions.
 */
export function buildExecutionRolePolicy(
  patchTagKey: string,
): PolicyDocument<PolicyStatement<CfnString>> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StartRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:StartAutomationExecution"],
        Resource: [
          arn("ssm", `automation-definition/${PATCH_DOCUMENT_NAME}:*`),
          arn("ssm", `automation-definition/${CONTAINMENT_DOCUMENT_NAME}:*`),
        ],
      },
      {
        Sid: "ReadRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:GetAutomationExecution"],
        Resource: [arn("ssm", "automation-execution/*")],
      },
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
        Resource: [arn("ec2", "instance/*")],
        Condition: { StringEqualsIgnoreCase: { [`ssm:resourceTag/${patchTagKey}`]: "true" } },
      },
      {
        // These calls do not support resource-level permissions (Service Authorization Reference).
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
        Resource: [arn("ec2", "vpc/*")],
      },
      {
        Sid: "CreateQuarantineGroupTagged",
        Effect: "Allow",
        Action: ["ec2:CreateSecurityGroup"],
        Resource: [arn("ec2", "security-group/*")],
        Condition: { StringEquals: { [`aws:RequestTag/${QUARANTINE_TAG_KEY}`]: "true" } },
      },
      {
        Sid: "TagQuarantineGroupOnCreate",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [arn("ec2", "security-group/*")],
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" } },
      },
      {
        Sid: "CloseQuarantineGroup",
        Effect: "Allow",
        Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
        Resource: [arn("ec2", "security-group/*")],
        Condition: { StringEquals: { [`aws:ResourceTag/${QUARANTINE_TAG_KEY}`]: "true" } },
      },
      {
        Sid: "IsolateInstance",
        Effect: "Allow",
        Action: ["ec2:ModifyInstanceAttribute"],
        Resource: [arn("ec2", "instance/*"), arn("ec2", "security-group/*")],
      },
      {
        Sid: "TagContainedInstance",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [arn("ec2", "instance/*")],
        Condition: {
          "ForAllValues:StringEquals": {
            "aws:TagKeys": [ORIGINAL_GROUPS_TAG_KEY, FINDING_TAG_KEY],
          },
        },
      },
      {
        Sid: "SnapshotAttachedVolumes",
        Effect: "Allow",
        Action: ["ec2:CreateSnapshots"],
        Resource: [
          arn("ec2", "instance/*"),
          arn("ec2", "volume/*"),
          sub("arn:${AWS::Partition}:ec2:*::snapshot/*"),
        ],
      },
      {
        Sid: "TagSnapshotsOnCreate",
        Effect: "Allow",
        Action: ["ec2:CreateTags"],
        Resource: [sub("arn:${AWS::Partition}:ec2:*::snapshot/*")],
        Condition: { StringEquals: { "ec2:CreateAction": "CreateSnapshots" } },
      },
      {
        Sid: "RepositoryOwnerAndLifecycle",
        Effect: "Allow",
        Action: ["ecr:ListTagsForResource", "ecr:GetLifecyclePolicy", "ecr:PutLifecyclePolicy"],
        Resource: [arn("ecr", "repository/*")],
      },
    ],
  };
}

function cfnTags(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function automationDocument(
  name: string,
  content: AutomationDocument,
  tags: Readonly<Record<string, string>>,
): CfnResource {
  return {
    Type: "AWS::SSM::Document",
    Properties: {
      Name: name,
      DocumentType: "Automation",
      DocumentFormat: "JSON",
      Content: content,
      // A changed document gets a new version instead of a replacement (which a running
      // automation would lose).
      UpdateMethod: "NewVersion",
      Tags: cfnTags(tags),
    },
  };
}

/** Logical ids of the fragment's resources. */
export const REMEDIATION_LOGICAL_IDS = {
  executionRole: "InspectorRemediationExecutionRole",
  patchDocument: "InspectorPatchInstanceDocument",
  containmentDocument: "InspectorContainInstanceDocument",
} as const;

/** The member resources of remediation: the execution role and the two documents. */
export function buildRemediationMemberFragment(options: RemediationMemberOptions): CfnFragment {
  const tags = options.tags ?? {};
  return {
    [REMEDIATION_LOGICAL_IDS.executionRole]: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: EXECUTION_ROLE_NAME,
        Path: REMEDIATION_ROLE_PATH,
        Description:
          "inspector-rollout: remediation run by the delegated administrator's triage function",
        MaxSessionDuration: 3600,
        AssumeRolePolicyDocument: buildExecutionRoleTrustPolicy(options.delegatedAdminAccountId),
        Policies: [
          {
            PolicyName: "inspector-remediation",
            PolicyDocument: buildExecutionRolePolicy(options.patchTagKey),
          },
        ],
        Tags: cfnTags(tags),
      },
    },
    [REMEDIATION_LOGICAL_IDS.patchDocument]: automationDocument(
      PATCH_DOCUMENT_NAME,
      buildPatchDocument(),
      tags,
    ),
    [REMEDIATION_LOGICAL_IDS.containmentDocument]: automationDocument(
      CONTAINMENT_DOCUMENT_NAME,
      buildContainmentDocument(),
      tags,
    ),
  };
}
