/**
 * What the deploying credentials must be allowed to do: for every resource type the program
 * registers, the IAM actions its create, read (refresh and preview), update and delete call, and
 * in which account. From these rows come the two least-privilege deployer policies in docs/
 * (`npm run deployer-policies` writes them; a test checks they are current, that each action exists
 * in the Service Authorization Reference, and that every type both example stacks register has a
 * row).
 *
 * Sources: the calls of the Terraform AWS provider's resources that @pulumi/aws wraps (each
 * resource's create/read/update/delete functions), the AWS Cloud Control handlers' documented
 * permissions for @pulumi/aws-native (the CloudFormation registry schema's `handlers`), and this
 * repository's dynamic providers. Tags: both aws providers set `defaultTags`.
 */

/** The account whose credentials call the action. */
export type DeployerAccount = "management" | "delegated-admin";

/** The actions of one resource type, by operation. */
export interface DeployerRow {
  readonly type: string;
  /** The accounts whose plan registers the type (most types live in one). */
  readonly accounts: readonly DeployerAccount[];
  readonly create: readonly string[];
  readonly read: readonly string[];
  readonly update: readonly string[];
  readonly delete: readonly string[];
}

function row(
  type: string,
  account: DeployerAccount | DeployerAccount[],
  ops: { c: string[]; r: string[]; u?: string[]; d?: string[] },
): DeployerRow {
  const accounts = Array.isArray(account) ? account : [account];
  return { type, accounts, create: ops.c, read: ops.r, update: ops.u ?? [], delete: ops.d ?? [] };
}

const M = "management";
const D = "delegated-admin";

/** Reading the organization (the live inventory, `inventoryFile` unset). */
export const INVENTORY_ACTIONS = [
  "organizations:DescribeOrganization",
  "organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
];

const LOGS_TAGS = ["logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"];
const S3_BUCKET_READ = ["s3:ListBucket"];

/** The table: one row per resource type. */
export const DEPLOYER_PERMISSIONS: readonly DeployerRow[] = [
  // Management account: the stack's default credentials.
  row("pulumi:providers:aws", M, {
    // allowedAccountIds is checked with GetCallerIdentity; the delegated-admin provider and the
    // dynamic providers assume the delegated administrator role.
    c: ["sts:GetCallerIdentity", "sts:AssumeRole"],
    r: ["sts:GetCallerIdentity"],
  }),
  row("pulumi:providers:aws-native", M, { c: ["sts:AssumeRole"], r: [] }),
  row("aws:organizations/awsServiceAccess:AwsServiceAccess", M, {
    c: ["organizations:EnableAWSServiceAccess"],
    r: ["organizations:ListAWSServiceAccessForOrganization"],
    d: ["organizations:DisableAWSServiceAccess"],
  }),
  row("pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType", M, {
    c: ["organizations:EnablePolicyType", "organizations:ListRoots"],
    r: ["organizations:ListRoots"],
    d: ["organizations:DisablePolicyType"],
  }),
  row("aws:organizations/policy:Policy", M, {
    c: ["organizations:CreatePolicy", "organizations:TagResource"],
    r: ["organizations:DescribePolicy", "organizations:ListTagsForResource"],
    u: ["organizations:UpdatePolicy", "organizations:TagResource", "organizations:UntagResource"],
    d: ["organizations:DeletePolicy"],
  }),
  row("aws:organizations/policyAttachment:PolicyAttachment", M, {
    c: ["organizations:AttachPolicy"],
    r: ["organizations:ListTargetsForPolicy"],
    d: ["organizations:DetachPolicy"],
  }),
  row("aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount", M, {
    // Inspector registers the delegated administrator with Organizations on the caller's behalf.
    c: [
      "inspector2:EnableDelegatedAdminAccount",
      "organizations:RegisterDelegatedAdministrator",
      "organizations:DescribeOrganization",
      "organizations:ListDelegatedAdministrators",
      "iam:CreateServiceLinkedRole",
    ],
    r: ["inspector2:ListDelegatedAdminAccounts"],
    d: [
      "inspector2:DisableDelegatedAdminAccount",
      "organizations:DeregisterDelegatedAdministrator",
    ],
  }),
  row("pulumi-nodejs:dynamic/inspector:StackSetsOrganizationsAccess", M, {
    c: [
      "cloudformation:ActivateOrganizationsAccess",
      "cloudformation:DescribeOrganizationsAccess",
      "organizations:EnableAWSServiceAccess",
      "organizations:DescribeOrganization",
      "iam:CreateServiceLinkedRole",
    ],
    r: ["cloudformation:DescribeOrganizationsAccess"],
  }),
  row("aws:cloudformation/stackSet:StackSet", M, {
    c: ["cloudformation:CreateStackSet", "cloudformation:DescribeStackSetOperation"],
    r: ["cloudformation:DescribeStackSet"],
    u: ["cloudformation:UpdateStackSet", "cloudformation:DescribeStackSetOperation"],
    d: ["cloudformation:DeleteStackSet"],
  }),
  row("aws:cloudformation/stackSetInstance:StackSetInstance", M, {
    c: ["cloudformation:CreateStackInstances", "cloudformation:DescribeStackSetOperation"],
    r: ["cloudformation:ListStackInstances", "cloudformation:DescribeStackInstance"],
    u: ["cloudformation:UpdateStackInstances", "cloudformation:DescribeStackSetOperation"],
    d: ["cloudformation:DeleteStackInstances", "cloudformation:DescribeStackSetOperation"],
  }),
  row("aws:cloudformation/stackInstances:StackInstances", M, {
    c: ["cloudformation:CreateStackInstances", "cloudformation:DescribeStackSetOperation"],
    r: ["cloudformation:ListStackInstances", "cloudformation:DescribeStackInstance"],
    u: ["cloudformation:UpdateStackInstances", "cloudformation:DescribeStackSetOperation"],
    d: ["cloudformation:DeleteStackInstances", "cloudformation:DescribeStackSetOperation"],
  }),
  // The Inspector cost budget (stacks/costs.ts): Budgets has no Create/Delete actions of its own.
  row("aws:budgets/budget:Budget", M, {
    c: ["budgets:ModifyBudget", "budgets:TagResource"],
    r: ["budgets:ViewBudget", "budgets:ListTagsForResource"],
    u: ["budgets:ModifyBudget", "budgets:TagResource", "budgets:UntagResource"],
    d: ["budgets:ModifyBudget"],
  }),
  row("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount", M, {
    c: [
      "securityhub:EnableOrganizationAdminAccount",
      "organizations:EnableAWSServiceAccess",
      "organizations:RegisterDelegatedAdministrator",
      "organizations:ListDelegatedAdministrators",
      "organizations:DescribeOrganization",
    ],
    r: ["securityhub:ListOrganizationAdminAccounts"],
    d: [
      "securityhub:DisableOrganizationAdminAccount",
      "organizations:DeregisterDelegatedAdministrator",
    ],
  }),
  // Delegated administrator: the role the providers assume.
  row("aws:inspector2/enabler:Enabler", D, {
    c: ["inspector2:Enable", "inspector2:BatchGetAccountStatus", "iam:CreateServiceLinkedRole"],
    r: ["inspector2:BatchGetAccountStatus"],
    u: ["inspector2:Enable", "inspector2:Disable", "inspector2:BatchGetAccountStatus"],
    d: ["inspector2:Disable", "inspector2:BatchGetAccountStatus"],
  }),
  row("aws:inspector2/memberAssociation:MemberAssociation", D, {
    c: ["inspector2:AssociateMember"],
    r: ["inspector2:GetMember"],
    d: ["inspector2:DisassociateMember"],
  }),
  row("aws:inspector2/organizationConfiguration:OrganizationConfiguration", D, {
    c: ["inspector2:UpdateOrganizationConfiguration"],
    r: ["inspector2:DescribeOrganizationConfiguration"],
    u: ["inspector2:UpdateOrganizationConfiguration"],
    d: ["inspector2:UpdateOrganizationConfiguration"],
  }),
  row("aws:inspector2/filter:Filter", D, {
    c: ["inspector2:CreateFilter", "inspector2:TagResource"],
    r: ["inspector2:ListFilters", "inspector2:ListTagsForResource"],
    u: ["inspector2:UpdateFilter", "inspector2:TagResource", "inspector2:UntagResource"],
    d: ["inspector2:DeleteFilter"],
  }),
  row("pulumi-nodejs:dynamic/inspector:ScanConfiguration", D, {
    c: ["inspector2:UpdateConfiguration"],
    r: ["inspector2:GetConfiguration"],
    u: ["inspector2:UpdateConfiguration"],
    d: ["inspector2:UpdateConfiguration"],
  }),
  row("pulumi-nodejs:dynamic/inspector:DeepInspection", D, {
    c: [
      "inspector2:UpdateOrgEc2DeepInspectionConfiguration",
      "inspector2:UpdateEc2DeepInspectionConfiguration",
      "inspector2:BatchUpdateMemberEc2DeepInspectionStatus",
      "inspector2:ListMembers",
    ],
    r: [
      "inspector2:GetEc2DeepInspectionConfiguration",
      "inspector2:BatchGetMemberEc2DeepInspectionStatus",
    ],
    u: [
      "inspector2:UpdateOrgEc2DeepInspectionConfiguration",
      "inspector2:UpdateEc2DeepInspectionConfiguration",
      "inspector2:BatchUpdateMemberEc2DeepInspectionStatus",
      "inspector2:ListMembers",
    ],
    d: [
      "inspector2:UpdateOrgEc2DeepInspectionConfiguration",
      "inspector2:UpdateEc2DeepInspectionConfiguration",
      "inspector2:BatchUpdateMemberEc2DeepInspectionStatus",
    ],
  }),
  // Delegated-admin mode: the Region's member set (components/providers/inspectorMemberAssociations.ts).
  row("pulumi-nodejs:dynamic/inspector:MemberAssociations", D, {
    c: ["inspector2:ListMembers", "inspector2:AssociateMember"],
    r: ["inspector2:ListMembers"],
    u: ["inspector2:ListMembers", "inspector2:AssociateMember", "inspector2:DisassociateMember"],
  }),
  row("pulumi-nodejs:dynamic/inspector:EnablementWait", D, {
    c: ["inspector2:BatchGetAccountStatus", "inspector2:ListMembers"],
    r: [],
    u: ["inspector2:BatchGetAccountStatus", "inspector2:ListMembers"],
  }),
  row("aws-native:inspectorv2:CisScanConfiguration", D, {
    // The CloudFormation registry schema's handler permissions.
    c: ["inspector2:CreateCisScanConfiguration", "inspector2:ListCisScanConfigurations"],
    r: ["inspector2:ListCisScanConfigurations", "inspector2:ListTagsForResource"],
    u: [
      "inspector2:UpdateCisScanConfiguration",
      "inspector2:ListCisScanConfigurations",
      "inspector2:TagResource",
      "inspector2:UntagResource",
    ],
    d: ["inspector2:DeleteCisScanConfiguration", "inspector2:ListCisScanConfigurations"],
  }),
  row("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", D, {
    // ENHANCED scanning is Inspector's: ECR calls Inspector with the caller's permissions.
    c: ["ecr:PutRegistryScanningConfiguration", "inspector2:Enable", "iam:CreateServiceLinkedRole"],
    r: ["ecr:GetRegistryScanningConfiguration"],
    u: ["ecr:PutRegistryScanningConfiguration", "inspector2:Enable"],
    d: ["ecr:PutRegistryScanningConfiguration"],
  }),
  row("aws:securityhub/account:Account", D, {
    c: ["securityhub:EnableSecurityHub", "securityhub:TagResource", "iam:CreateServiceLinkedRole"],
    r: ["securityhub:DescribeHub", "securityhub:ListTagsForResource"],
    u: ["securityhub:UpdateSecurityHubConfiguration", "securityhub:TagResource"],
    d: ["securityhub:DisableSecurityHub"],
  }),
  row("aws:securityhub/organizationConfiguration:OrganizationConfiguration", D, {
    c: ["securityhub:UpdateOrganizationConfiguration", "organizations:DescribeOrganization"],
    r: ["securityhub:DescribeOrganizationConfiguration"],
    u: ["securityhub:UpdateOrganizationConfiguration"],
    d: ["securityhub:UpdateOrganizationConfiguration"],
  }),
  row("aws:securityhub/configurationPolicy:ConfigurationPolicy", D, {
    c: ["securityhub:CreateConfigurationPolicy"],
    r: ["securityhub:GetConfigurationPolicy"],
    u: ["securityhub:UpdateConfigurationPolicy"],
    d: ["securityhub:DeleteConfigurationPolicy"],
  }),
  row("aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation", D, {
    c: ["securityhub:StartConfigurationPolicyAssociation"],
    r: ["securityhub:GetConfigurationPolicyAssociation"],
    u: ["securityhub:StartConfigurationPolicyAssociation"],
    d: ["securityhub:StartConfigurationPolicyDisassociation"],
  }),
  row("aws:securityhub/findingAggregator:FindingAggregator", D, {
    c: ["securityhub:CreateFindingAggregator"],
    r: ["securityhub:GetFindingAggregator"],
    u: ["securityhub:UpdateFindingAggregator"],
    d: ["securityhub:DeleteFindingAggregator"],
  }),
  row("aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration", D, {
    c: ["chatbot:CreateSlackChannelConfiguration", "chatbot:TagResource", "iam:PassRole"],
    r: ["chatbot:DescribeSlackChannelConfigurations", "chatbot:ListTagsForResource"],
    u: ["chatbot:UpdateSlackChannelConfiguration", "chatbot:TagResource", "iam:PassRole"],
    d: ["chatbot:DeleteSlackChannelConfiguration"],
  }),
  row("aws:cloudwatch/dashboard:Dashboard", D, {
    c: ["cloudwatch:PutDashboard"],
    r: ["cloudwatch:GetDashboard"],
    u: ["cloudwatch:PutDashboard"],
    d: ["cloudwatch:DeleteDashboards"],
  }),
  row("aws:cloudwatch/metricAlarm:MetricAlarm", D, {
    c: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource"],
    r: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    u: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    d: ["cloudwatch:DeleteAlarms"],
  }),
  row("aws:cloudwatch/eventRule:EventRule", D, {
    c: ["events:PutRule", "events:TagResource"],
    r: ["events:DescribeRule", "events:ListTagsForResource"],
    u: ["events:PutRule", "events:TagResource", "events:UntagResource"],
    d: ["events:DeleteRule"],
  }),
  row("aws:cloudwatch/eventTarget:EventTarget", D, {
    c: ["events:PutTargets", "iam:PassRole"],
    r: ["events:ListTargetsByRule"],
    u: ["events:PutTargets", "iam:PassRole"],
    d: ["events:RemoveTargets"],
  }),
  row("aws:cloudwatch/logGroup:LogGroup", D, {
    c: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:AssociateKmsKey", ...LOGS_TAGS],
    r: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
    u: ["logs:PutRetentionPolicy", "logs:AssociateKmsKey", ...LOGS_TAGS],
    d: ["logs:DeleteLogGroup"],
  }),
  row("aws:cloudwatch/logStream:LogStream", D, {
    c: ["logs:CreateLogStream"],
    r: ["logs:DescribeLogStreams"],
    d: ["logs:DeleteLogStream"],
  }),
  row("aws:dynamodb/table:Table", D, {
    c: [
      "dynamodb:CreateTable",
      "dynamodb:DescribeTable",
      "dynamodb:UpdateTimeToLive",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:TagResource",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ],
    r: [
      "dynamodb:DescribeTable",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:ListTagsOfResource",
    ],
    u: [
      "dynamodb:UpdateTable",
      "dynamodb:UpdateTimeToLive",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
    ],
    d: ["dynamodb:DeleteTable"],
  }),
  row("aws:dynamodb/resourcePolicy:ResourcePolicy", D, {
    c: ["dynamodb:PutResourcePolicy"],
    r: ["dynamodb:GetResourcePolicy"],
    u: ["dynamodb:PutResourcePolicy"],
    d: ["dynamodb:DeleteResourcePolicy"],
  }),
  row("aws:iam/role:Role", D, {
    c: ["iam:CreateRole", "iam:TagRole"],
    r: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
    u: ["iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole"],
    d: ["iam:DeleteRole", "iam:ListInstanceProfilesForRole"],
  }),
  row("aws:iam/rolePolicy:RolePolicy", D, {
    c: ["iam:PutRolePolicy"],
    r: ["iam:GetRolePolicy"],
    u: ["iam:PutRolePolicy"],
    d: ["iam:DeleteRolePolicy"],
  }),
  row("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", D, {
    c: ["firehose:CreateDeliveryStream", "firehose:TagDeliveryStream", "iam:PassRole"],
    r: ["firehose:DescribeDeliveryStream", "firehose:ListTagsForDeliveryStream"],
    u: ["firehose:UpdateDestination", "firehose:TagDeliveryStream", "iam:PassRole"],
    d: ["firehose:DeleteDeliveryStream"],
  }),
  row("aws:kms/key:Key", [D, M], {
    c: ["kms:CreateKey", "kms:EnableKeyRotation", "kms:TagResource"],
    r: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
    u: ["kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource"],
    d: ["kms:ScheduleKeyDeletion"],
  }),
  row("aws:kms/alias:Alias", D, {
    c: ["kms:CreateAlias"],
    r: ["kms:ListAliases"],
    u: ["kms:UpdateAlias"],
    d: ["kms:DeleteAlias"],
  }),
  row("aws:lambda/function:Function", D, {
    c: [
      "lambda:CreateFunction",
      "lambda:PutFunctionConcurrency",
      "lambda:TagResource",
      "iam:PassRole",
    ],
    r: [
      "lambda:GetFunction",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:ListVersionsByFunction",
    ],
    u: [
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:PutFunctionConcurrency",
      "lambda:DeleteFunctionConcurrency",
      "lambda:TagResource",
      "lambda:UntagResource",
      "iam:PassRole",
    ],
    d: ["lambda:DeleteFunction"],
  }),
  row("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", D, {
    c: ["lambda:PutFunctionEventInvokeConfig"],
    r: ["lambda:GetFunctionEventInvokeConfig"],
    u: ["lambda:UpdateFunctionEventInvokeConfig"],
    d: ["lambda:DeleteFunctionEventInvokeConfig"],
  }),
  row("aws:lambda/eventSourceMapping:EventSourceMapping", D, {
    c: ["lambda:CreateEventSourceMapping"],
    r: ["lambda:GetEventSourceMapping"],
    u: ["lambda:UpdateEventSourceMapping"],
    d: ["lambda:DeleteEventSourceMapping"],
  }),
  row("aws:s3/bucket:Bucket", D, {
    c: ["s3:CreateBucket", "s3:PutBucketTagging"],
    r: [
      "s3:GetBucketTagging",
      "s3:GetBucketLocation",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketWebsite",
      "s3:GetBucketLogging",
      "s3:GetBucketRequestPayment",
      "s3:GetAccelerateConfiguration",
      "s3:GetReplicationConfiguration",
      ...S3_BUCKET_READ,
    ],
    u: ["s3:PutBucketTagging"],
    d: ["s3:DeleteBucket"],
  }),
  ...(
    [
      [
        "BucketLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
        "s3:GetLifecycleConfiguration",
      ],
      ["BucketNotification", "s3:PutBucketNotification", "s3:GetBucketNotification"],
      [
        "BucketObjectLockConfiguration",
        "s3:PutBucketObjectLockConfiguration",
        "s3:GetBucketObjectLockConfiguration",
      ],
      ["BucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
      ["BucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketPolicy"],
      ["BucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"],
      [
        "BucketServerSideEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:GetEncryptionConfiguration",
      ],
      ["BucketVersioning", "s3:PutBucketVersioning", "s3:GetBucketVersioning"],
    ] as const
  ).map(([name, put, get]) => {
    const type = `aws:s3/${name[0].toLowerCase()}${name.slice(1)}:${name}`;
    // Deleting these puts the default back, except the policy (DeleteBucketPolicy).
    const del = name === "BucketPolicy" ? ["s3:DeleteBucketPolicy"] : [put];
    return row(type, D, { c: [put], r: [get], u: [put], d: del });
  }),
  row("aws:scheduler/schedule:Schedule", D, {
    c: ["scheduler:CreateSchedule", "iam:PassRole"],
    r: ["scheduler:GetSchedule"],
    u: ["scheduler:UpdateSchedule", "iam:PassRole"],
    d: ["scheduler:DeleteSchedule"],
  }),
  row("aws:sns/topic:Topic", [D, M], {
    c: ["sns:CreateTopic", "sns:SetTopicAttributes", "sns:TagResource"],
    r: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
    u: ["sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
    d: ["sns:DeleteTopic"],
  }),
  row("aws:sns/topicPolicy:TopicPolicy", [D, M], {
    c: ["sns:SetTopicAttributes"],
    r: ["sns:GetTopicAttributes"],
    u: ["sns:SetTopicAttributes"],
    d: ["sns:SetTopicAttributes"],
  }),
  row("aws:sns/topicSubscription:TopicSubscription", [D, M], {
    c: ["sns:Subscribe", "sns:SetSubscriptionAttributes"],
    r: ["sns:GetSubscriptionAttributes"],
    u: ["sns:SetSubscriptionAttributes"],
    d: ["sns:Unsubscribe"],
  }),
  row("aws:sqs/queue:Queue", D, {
    c: ["sqs:CreateQueue", "sqs:SetQueueAttributes", "sqs:TagQueue"],
    r: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
    u: ["sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
    d: ["sqs:DeleteQueue"],
  }),
  row("aws:sqs/queuePolicy:QueuePolicy", D, {
    c: ["sqs:SetQueueAttributes"],
    r: ["sqs:GetQueueAttributes"],
    u: ["sqs:SetQueueAttributes"],
    d: ["sqs:SetQueueAttributes"],
  }),
];

/** Every action of an account's rows (and, for the management account, the inventory's), sorted. */
export function deployerActions(account: DeployerAccount): string[] {
  const actions = new Set<string>(account === "management" ? INVENTORY_ACTIONS : []);
  for (const r of DEPLOYER_PERMISSIONS.filter((x) => x.accounts.includes(account))) {
    for (const a of [...r.create, ...r.read, ...r.update, ...r.delete]) {
      actions.add(a);
    }
  }
  return [...actions].sort();
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: string }[];
}

/**
 * The deployer policy of an account: one statement per service. Resources are `*`: the
 * program's resource names are configuration (StackSet, bucket, table and role names), and
 * several actions have no resource-level permissions at all.
 */
export function buildDeployerPolicy(account: DeployerAccount): PolicyDocument {
  const byService = new Map<string, string[]>();
  for (const action of deployerActions(account)) {
    const service = action.split(":")[0];
    byService.set(service, [...(byService.get(service) ?? []), action]);
  }
  return {
    Version: "2012-10-17",
    Statement: [...byService.entries()].map(([service, actions]) => ({
      Sid: `Deploy${service.replace(/[^a-zA-Z0-9]/g, "").replace(/^./, (c) => c.toUpperCase())}`,
      Effect: "Allow",
      Action: actions,
      Resource: "*",
    })),
  };
}

/** Where the deployer policies are written, relative to the repository root. */
export const DEPLOYER_POLICY_FILES: Readonly<Record<DeployerAccount, string>> = {
  management: "docs/deployer-policy-management.json",
  "delegated-admin": "docs/deployer-policy-delegated-admin.json",
};
