/**
 * The member side of remediation as CloudFormation resource fragments, for the one member
 * baseline StackSet (issue 3's template builder merges fragments): the execution role the
 * delegated administrator's automation role assumes, the Automation service role the runbooks
 * run as, and the two Automation documents.
 *
 * The two roles are named (the delegated administrator assumes and passes them by ARN) and so
 * account-wide: they carry the template's account-wide condition and exist only in the stack of
 * the account-wide Region; the documents are regional and exist in every governed Region.
 *
 * Values that differ per member (account id, partition) are `Fn::Sub` expressions resolved by
 * CloudFormation in each member account.
 */
import { ACCOUNT_WIDE_CONDITION } from "../../components/memberBaselineTemplate";
import type { CfnString, PolicyDocument, PolicyStatement, TrustStatement } from "../iamPolicy";
import {
  AUTOMATION_SERVICE_ROLE_NAME,
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
  /** `ACCOUNT_WIDE_CONDITION` for the account-wide (IAM) resources. */
  readonly Condition?: string;
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

/** The ARN of the member's Automation service role, as CloudFormation resolves it. */
const RUNBOOK_ROLE_ARN = sub(
  `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${REMEDIATION_ROLE_PATH}${AUTOMATION_SERVICE_ROLE_NAME}`,
);

/**
 * The execution role's permissions: what triage does itself in the member. Start the two
 * documents, passing them the Automation service role; follow the executions; look for a patch
 * command in progress; the ECR calls of image blocking.
 *
 * `ssm:StartAutomationExecution` requires both the `document` and the `automation-execution`
 * resource types (Service Authorization Reference, Systems Manager; `automation-definition` is
 * optional): a policy naming only `automation-definition/...` is AccessDenied on every run. The
 * call's `Tags` need no `ssm:AddTagsToResource`: tags on start are authorized on the action
 * itself (its condition keys are `aws:RequestTag/${TagKey}` and `aws:TagKeys`, and it lists no
 * dependent action; SSM UG tagging-automations, automation-setup-identity-based-policies
 * example 4), which test/oracle checks against iam-data.
 */
export function buildExecutionRolePolicy(): PolicyDocument<PolicyStatement<CfnString>> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StartRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:StartAutomationExecution"],
        Resource: [
          arn("ssm", `document/${PATCH_DOCUMENT_NAME}`),
          arn("ssm", `document/${CONTAINMENT_DOCUMENT_NAME}`),
          arn("ssm", `automation-definition/${PATCH_DOCUMENT_NAME}:*`),
          arn("ssm", `automation-definition/${CONTAINMENT_DOCUMENT_NAME}:*`),
          arn("ssm", "automation-execution/*"),
        ],
      },
      {
        Sid: "ReadRemediationAutomations",
        Effect: "Allow",
        Action: ["ssm:GetAutomationExecution"],
        Resource: [arn("ssm", "automation-execution/*")],
      },
      {
        Sid: "PassRunbookRoleToAutomation",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [RUNBOOK_ROLE_ARN],
        Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
      },
      {
        // ListCommandInvocations supports no resource-level permissions (Service Authorization
        // Reference): triage looks for an AWS-RunPatchBaseline run in progress first.
        Sid: "FindRunningPatchCommands",
        Effect: "Allow",
        Action: ["ssm:ListCommandInvocations"],
        Resource: "*",
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

/**
 * The Automation service role's trust: Systems Manager, for automations of this account only
 * (the SSM UG's cross-service confused deputy prevention: `aws:SourceAccount` and an
 * `aws:SourceArn` of the account's automation executions).
 */
export function buildRunbookRoleTrustPolicy(): PolicyDocument<TrustStatement<CfnString>> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumedByAutomationOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "ssm.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": sub("${AWS::AccountId}") },
          ArnLike: { "aws:SourceArn": arn("ssm", "automation-execution/*") },
        },
      },
    ],
  };
}

/**
 * The Automation service role's permissions: what the two documents' steps do. Patch only
 * opted-in instances (`ssm:resourceTag` on SendCommand), the read-only calls that have no
 * resource-level permissions, and containment's EC2 calls scoped by tag and create-action
 * conditions.
 */
export function buildRunbookRolePolicy(
  patchTagKey: string,
): PolicyDocument<PolicyStatement<CfnString>> {
  return {
    Version: "2012-10-17",
    Statement: [
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
      // The document's AutomationAssumeRole defaults to the account's Automation service role,
      // so a person starting it from the console runs it as that role too.
      Content: {
        ...content,
        parameters: {
          ...content.parameters,
          AutomationAssumeRole: {
            ...content.parameters.AutomationAssumeRole,
            default: RUNBOOK_ROLE_ARN,
          },
        },
      },
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
  runbookRole: "InspectorRemediationRunbookRole",
  patchDocument: "InspectorPatchInstanceDocument",
  containmentDocument: "InspectorContainInstanceDocument",
} as const;

/**
 * The member resources of remediation: the execution role and the Automation service role
 * (account-wide) and the two documents (regional).
 */
export function buildRemediationMemberFragment(options: RemediationMemberOptions): CfnFragment {
  const tags = options.tags ?? {};
  return {
    [REMEDIATION_LOGICAL_IDS.executionRole]: {
      Type: "AWS::IAM::Role",
      Condition: ACCOUNT_WIDE_CONDITION,
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
            PolicyDocument: buildExecutionRolePolicy(),
          },
        ],
        Tags: cfnTags(tags),
      },
    },
    [REMEDIATION_LOGICAL_IDS.runbookRole]: {
      Type: "AWS::IAM::Role",
      Condition: ACCOUNT_WIDE_CONDITION,
      Properties: {
        RoleName: AUTOMATION_SERVICE_ROLE_NAME,
        Path: REMEDIATION_ROLE_PATH,
        Description:
          "inspector-rollout: the role SSM Automation runs the patch and containment runbooks as",
        AssumeRolePolicyDocument: buildRunbookRoleTrustPolicy(),
        Policies: [
          {
            PolicyName: "inspector-remediation-runbooks",
            PolicyDocument: buildRunbookRolePolicy(options.patchTagKey),
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
