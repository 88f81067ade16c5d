/**
 * The two SSM Automation documents every member gets, defined in code as typed objects:
 * patching an opted-in instance with AWS-RunPatchBaseline, and containing an instance.
 * Reference: ../shared/reference/inspector-facts.md section 6; the Automation actions
 * (aws:executeAwsApi, aws:branch, aws:assertAwsResourceProperty, aws:runCommand,
 * aws:executeScript) are in the Systems Manager user guide "Automation actions reference".
 */
import { FINDING_TAG_KEY, ORIGINAL_GROUPS_TAG_KEY, QUARANTINE_TAG_KEY } from "../remediationNames";

/** A document parameter. */
export interface DocumentParameter {
  readonly type: "String" | "StringList" | "Boolean" | "Integer";
  readonly description: string;
  readonly default?: string | readonly string[] | boolean | number;
  readonly allowedPattern?: string;
  readonly allowedValues?: readonly string[];
}

/** One Automation step output. */
export interface StepOutput {
  readonly Name: string;
  readonly Selector: string;
  readonly Type: "String" | "StringList" | "Integer" | "Boolean" | "MapList" | "StringMap";
}

/** One Automation step. */
export interface AutomationStep {
  readonly name: string;
  readonly action: string;
  readonly description?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs?: readonly StepOutput[];
  readonly onFailure?: string;
  readonly isCritical?: boolean;
  readonly isEnd?: boolean;
  readonly nextStep?: string;
  readonly timeoutSeconds?: number;
}

/** An Automation document (schema 0.3). */
export interface AutomationDocument {
  readonly schemaVersion: "0.3";
  readonly description: string;
  readonly assumeRole: string;
  readonly parameters: Readonly<Record<string, DocumentParameter>>;
  readonly mainSteps: readonly AutomationStep[];
  readonly outputs: readonly string[];
}

const INSTANCE_ID_PATTERN = "^i-([a-z0-9]{8}|[a-z0-9]{17})$";
const FINDING_ARN_PATTERN = "^arn:aws[a-z-]*:inspector2:[a-z0-9-]+:\\d{12}:finding/[A-Za-z0-9_-]+$";

const COMMON_PARAMETERS = {
  InstanceId: {
    type: "String",
    description: "The instance to act on.",
    allowedPattern: INSTANCE_ID_PATTERN,
  },
  FindingArn: {
    type: "String",
    description: "The Inspector finding that triggered this run (tagged and recorded).",
    allowedPattern: FINDING_ARN_PATTERN,
  },
  AutomationAssumeRole: {
    type: "String",
    description:
      "The role Automation runs the steps as: the member's Automation service role (triage passes it; the template sets it as the default).",
    default: "",
  },
} as const satisfies Record<string, DocumentParameter>;

/**
 * The patch document. Steps: check the opt-in tag (else end) -> list AWS-RunPatchBaseline
 * commands in progress on the instance (else end, one run at a time) -> AWS-RunPatchBaseline
 * Install with the reboot option triage chose from the instance's reboot tag.
 *
 * `InstallPackages` is the install list triage built from the instance's ACTIVE package findings;
 * it is kept on the execution (auditable) and in the command's comment. AWS-RunPatchBaseline
 * installs what the patch baseline approves; restricting it to exactly these packages needs an
 * `InstallOverrideList` file in S3 (https or s3:// URL), which this document passes through.
 */
export function buildPatchDocument(): AutomationDocument {
  return {
    schemaVersion: "0.3",
    description:
      "inspector-rollout: patch an opted-in instance for its ACTIVE Inspector package findings with AWS-RunPatchBaseline (Install).",
    assumeRole: "{{AutomationAssumeRole}}",
    parameters: {
      ...COMMON_PARAMETERS,
      RebootOption: {
        type: "String",
        description: "NoReboot unless the instance's reboot tag allows RebootIfNeeded.",
        default: "NoReboot",
        allowedValues: ["NoReboot", "RebootIfNeeded"],
      },
      InstallPackages: {
        type: "StringList",
        description: "Packages of the instance's ACTIVE package findings (built by triage).",
        default: [],
      },
      OptInTagKey: {
        type: "String",
        description:
          "The instance tag whose value true opts the instance in to automatic patching.",
        default: "InspectorAutoPatch",
      },
      InstallOverrideList: {
        type: "String",
        description: "Optional https or s3:// URL of a patch list for AWS-RunPatchBaseline.",
        default: "",
      },
    },
    mainSteps: [
      {
        name: "CheckOptIn",
        action: "aws:assertAwsResourceProperty",
        description: "Acts only on instances tagged <OptInTagKey>=true.",
        inputs: {
          Service: "ec2",
          Api: "DescribeTags",
          Filters: [
            { Name: "resource-id", Values: ["{{InstanceId}}"] },
            { Name: "key", Values: ["{{OptInTagKey}}"] },
          ],
          PropertySelector: "$.Tags[0].Value",
          DesiredValues: ["true", "True", "TRUE"],
        },
        onFailure: "step:NotOptedIn",
        isCritical: false,
        nextStep: "ListRunningPatchCommands",
      },
      {
        name: "ListRunningPatchCommands",
        action: "aws:executeAwsApi",
        description: "Finds an AWS-RunPatchBaseline command already in progress on the instance.",
        inputs: {
          Service: "ssm",
          Api: "ListCommands",
          InstanceId: "{{InstanceId}}",
          Filters: [
            { key: "DocumentName", value: "AWS-RunPatchBaseline" },
            { key: "Status", value: "InProgress" },
          ],
          MaxResults: 1,
        },
        outputs: [{ Name: "RunningStatus", Selector: "$.Commands[0].Status", Type: "String" }],
        // No command in progress leaves no output to select: carry on to the branch.
        onFailure: "Continue",
        isCritical: false,
        nextStep: "BranchOnRunningPatch",
      },
      {
        name: "BranchOnRunningPatch",
        action: "aws:branch",
        inputs: {
          Choices: [
            {
              NextStep: "SkipAlreadyPatching",
              Variable: "{{ListRunningPatchCommands.RunningStatus}}",
              StringEquals: "InProgress",
            },
          ],
          Default: "RunPatchBaseline",
        },
      },
      {
        name: "RunPatchBaseline",
        action: "aws:runCommand",
        timeoutSeconds: 7200,
        inputs: {
          DocumentName: "AWS-RunPatchBaseline",
          InstanceIds: ["{{InstanceId}}"],
          Comment: "inspector-rollout remediation of {{FindingArn}}",
          Parameters: {
            Operation: "Install",
            RebootOption: "{{RebootOption}}",
            InstallOverrideList: "{{InstallOverrideList}}",
          },
        },
        isEnd: true,
      },
      {
        name: "SkipAlreadyPatching",
        action: "aws:sleep",
        description: "AWS-RunPatchBaseline already runs on the instance: nothing to start.",
        inputs: { Duration: "PT1S" },
        isEnd: true,
      },
      {
        name: "NotOptedIn",
        action: "aws:sleep",
        description: "The instance is not opted in: nothing is changed.",
        inputs: { Duration: "PT1S" },
        isEnd: true,
      },
    ],
    outputs: ["RunPatchBaseline.CommandId", "RunPatchBaseline.Status"],
  };
}

/** The script that finds or creates the VPC's quarantine group (no ingress, no egress). */
export const QUARANTINE_SCRIPT = `import boto3

def handler(events, context):
    ec2 = boto3.client("ec2")
    vpc_id = events["VpcId"]
    found = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "tag:${QUARANTINE_TAG_KEY}", "Values": ["true"]},
    ])["SecurityGroups"]
    if found:
        group_id = found[0]["GroupId"]
    else:
        group_id = ec2.create_security_group(
            GroupName="inspector-quarantine-" + vpc_id,
            Description="inspector-rollout quarantine: no inbound, no outbound",
            VpcId=vpc_id,
            TagSpecifications=[{"ResourceType": "security-group",
                                "Tags": [{"Key": "${QUARANTINE_TAG_KEY}", "Value": "true"}]}],
        )["GroupId"]
        # A new group allows all egress: revoke it so the group isolates.
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    original = ",".join(events["OriginalGroupIds"])
    return {"QuarantineGroupId": group_id, "OriginalGroups": original}
`;

/**
 * The containment document. Steps: describe the instance -> find or create the VPC's quarantine
 * group (no rules) -> tag the instance with its original groups and the finding -> move the
 * instance to the quarantine group -> snapshot every attached EBS volume (CreateSnapshots),
 * tagging the snapshots with the finding. Started by a person or by the autoContain rule.
 *
 * Existing connections may survive a security group change (connection tracking); the runbook
 * tells the responder to stop the instance if that matters. Instances with several network
 * interfaces need ModifyNetworkInterfaceAttribute per interface (not covered here).
 */
export function buildContainmentDocument(): AutomationDocument {
  return {
    schemaVersion: "0.3",
    description:
      "inspector-rollout: isolate an instance in its VPC's quarantine security group, keep its original groups in a tag, snapshot its EBS volumes, tag instance and snapshots with the finding.",
    assumeRole: "{{AutomationAssumeRole}}",
    parameters: { ...COMMON_PARAMETERS },
    mainSteps: [
      {
        name: "DescribeInstance",
        action: "aws:executeAwsApi",
        inputs: { Service: "ec2", Api: "DescribeInstances", InstanceIds: ["{{InstanceId}}"] },
        outputs: [
          { Name: "VpcId", Selector: "$.Reservations[0].Instances[0].VpcId", Type: "String" },
          {
            Name: "SecurityGroupIds",
            Selector: "$.Reservations[0].Instances[0].SecurityGroups..GroupId",
            Type: "StringList",
          },
        ],
      },
      {
        name: "PrepareQuarantineGroup",
        action: "aws:executeScript",
        inputs: {
          Runtime: "python3.11",
          Handler: "handler",
          Script: QUARANTINE_SCRIPT,
          InputPayload: {
            VpcId: "{{DescribeInstance.VpcId}}",
            OriginalGroupIds: "{{DescribeInstance.SecurityGroupIds}}",
          },
        },
        outputs: [
          { Name: "QuarantineGroupId", Selector: "$.Payload.QuarantineGroupId", Type: "String" },
          { Name: "OriginalGroups", Selector: "$.Payload.OriginalGroups", Type: "String" },
        ],
      },
      {
        name: "TagInstance",
        action: "aws:createTags",
        inputs: {
          ResourceType: "EC2",
          ResourceIds: ["{{InstanceId}}"],
          Tags: [
            { Key: ORIGINAL_GROUPS_TAG_KEY, Value: "{{PrepareQuarantineGroup.OriginalGroups}}" },
            { Key: FINDING_TAG_KEY, Value: "{{FindingArn}}" },
          ],
        },
      },
      {
        name: "IsolateInstance",
        action: "aws:executeAwsApi",
        inputs: {
          Service: "ec2",
          Api: "ModifyInstanceAttribute",
          InstanceId: "{{InstanceId}}",
          Groups: ["{{PrepareQuarantineGroup.QuarantineGroupId}}"],
        },
      },
      {
        name: "SnapshotVolumes",
        action: "aws:executeAwsApi",
        inputs: {
          Service: "ec2",
          Api: "CreateSnapshots",
          InstanceSpecification: { InstanceId: "{{InstanceId}}", ExcludeBootVolume: false },
          Description: "inspector-rollout containment of {{InstanceId}}",
          CopyTagsFromSource: "volume",
          TagSpecifications: [
            {
              ResourceType: "snapshot",
              Tags: [
                { Key: FINDING_TAG_KEY, Value: "{{FindingArn}}" },
                { Key: "InspectorContainedInstance", Value: "{{InstanceId}}" },
              ],
            },
          ],
        },
        outputs: [{ Name: "SnapshotIds", Selector: "$.Snapshots..SnapshotId", Type: "StringList" }],
        isEnd: true,
      },
    ],
    outputs: [
      "PrepareQuarantineGroup.QuarantineGroupId",
      "PrepareQuarantineGroup.OriginalGroups",
      "SnapshotVolumes.SnapshotIds",
    ],
  };
}
