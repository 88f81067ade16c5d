/**
 * Every resource type the program registers, with its documented preconditions: what must exist,
 * be enabled, be associated or have propagated before AWS accepts the call that creates it. Each
 * requirement is met by a resource the plan's graph makes it wait for (transitively), or by a
 * prerequisite of lib/prerequisites.ts (which the README names and `npm run preflight` checks).
 *
 * Principals named in trust and resource policies are checked for every type alike
 * (lib/preconditions/check.ts): IAM refuses a policy whose principal role does not exist yet
 * ("Invalid principal in policy", IAM UG, reference_policies_elements_principal: "If your Principal
 * element in a role trust policy contains an ARN that points to a specific IAM role, then that ARN
 * transforms to the role unique principal ID when you save the policy").
 */
import type { PlannedResource } from "../offline/plan";
import type { PrerequisiteId } from "../prerequisites";
import { type PlanGraph, regionOf } from "./graph";

/** What the table needs to know about the stack. */
export interface PlanFacts {
  readonly delegatedAdminAccountId: string;
  readonly regions: readonly string[];
  readonly homeRegion: string;
}

/** One requirement: a resource to wait for, or a prerequisite outside the program. */
export type Requirement =
  | { readonly needs: string; readonly isMetBy: (dependency: PlannedResource) => boolean }
  | { readonly needs: string; readonly prerequisite: PrerequisiteId };

/** One row: a resource type, what it needs, and where AWS says so. */
export interface PreconditionRow {
  readonly type: string;
  readonly source: string;
  /** The requirements of one resource of this type ([] when it needs nothing beyond its inputs). */
  readonly requirements: (r: PlannedResource, facts: PlanFacts, graph: PlanGraph) => Requirement[];
}

const T = {
  serviceAccess: "aws:organizations/awsServiceAccess:AwsServiceAccess",
  policyType: "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType",
  policy: "aws:organizations/policy:Policy",
  policyAttachment: "aws:organizations/policyAttachment:PolicyAttachment",
  delegatedAdmin: "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
  enabler: "aws:inspector2/enabler:Enabler",
  memberAssociation: "aws:inspector2/memberAssociation:MemberAssociation",
  memberAssociations: "pulumi-nodejs:dynamic/inspector:MemberAssociations",
  enablementWait: "pulumi-nodejs:dynamic/inspector:EnablementWait",
  stackSet: "aws:cloudformation/stackSet:StackSet",
  stackSetInstance: "aws:cloudformation/stackSetInstance:StackSetInstance",
  stackInstances: "aws:cloudformation/stackInstances:StackInstances",
  hubOrgConfig: "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
  hubPolicy: "aws:securityhub/configurationPolicy:ConfigurationPolicy",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  stackSetsAccess: "pulumi-nodejs:dynamic/inspector:StackSetsOrganizationsAccess",
  hubAccount: "aws:securityhub/account:Account",
  hubAdmin: "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

const ALL_FEATURES: Requirement = {
  needs: "all features enabled in AWS Organizations",
  prerequisite: "organizations-all-features",
};

function ofTypeIn(type: string, region: string | undefined) {
  return (d: PlannedResource) => d.type === type && regionOf(d) === region;
}

function accountIdsOf(r: PlannedResource): string[] {
  return Array.isArray(r.inputs.accountIds) ? (r.inputs.accountIds as string[]) : [];
}

/**
 * Inspector enabled for the delegated administrator itself in the Region: its own Enabler, or
 * (organization-policy mode, where the policy enables it in the background) the wait for it.
 */
function adminEnabledIn(r: PlannedResource, facts: PlanFacts): Requirement {
  const region = regionOf(r);
  return {
    needs: `Inspector ENABLED for the delegated administrator ${facts.delegatedAdminAccountId} in ${region ?? "?"}`,
    isMetBy: (d) =>
      (d.type === T.enabler &&
        regionOf(d) === region &&
        accountIdsOf(d).includes(facts.delegatedAdminAccountId)) ||
      (d.type === T.enablementWait && regionOf(d) === region),
  };
}

/** Members associated with the delegated administrator in the Region, one requirement each. */
function membersAssociatedIn(r: PlannedResource, memberIds: readonly string[]): Requirement[] {
  const region = regionOf(r);
  return memberIds.map((id) => ({
    needs: `member ${id} associated with the delegated administrator in ${region ?? "?"}`,
    isMetBy: (d) =>
      (d.type === T.memberAssociation && regionOf(d) === region && d.inputs.accountId === id) ||
      (d.type === T.memberAssociations &&
        regionOf(d) === region &&
        Array.isArray(d.inputs.accountIds) &&
        d.inputs.accountIds.includes(id)) ||
      (d.type === T.enablementWait && regionOf(d) === region),
  }));
}

function delegatedAdminIn(region: string | undefined): Requirement {
  return {
    needs: `the Inspector delegated administrator designated in ${region ?? "?"}`,
    isMetBy: ofTypeIn(T.delegatedAdmin, region),
  };
}

const INSPECTOR_TRUSTED_ACCESS: Requirement = {
  needs: "Organizations trusted access for inspector2.amazonaws.com",
  isMetBy: (d) =>
    d.type === T.serviceAccess && d.inputs.servicePrincipal === "inspector2.amazonaws.com",
};

const ADMIN_SETTING_SOURCE =
  "https://docs.aws.amazon.com/inspector/latest/user/admin-member-relationship.html (the delegated administrator manages settings for the accounts it has activated)";

/** Settings the delegated administrator writes for itself and the organization in a Region. */
const adminSetting = (type: string): PreconditionRow => ({
  type,
  source: ADMIN_SETTING_SOURCE,
  requirements: (r, facts) => [adminEnabledIn(r, facts)],
});

/** Types that need nothing beyond the resources their inputs name (implicit dependencies). */
const INPUTS_ONLY =
  "needs only the resources its inputs reference (implicit dependencies through Outputs)";

const inputsOnly = (type: string): PreconditionRow => ({
  type,
  source: INPUTS_ONLY,
  requirements: () => [],
});

/** The table, one row per resource type the program registers. */
export const PRECONDITIONS: readonly PreconditionRow[] = [
  {
    type: T.serviceAccess,
    source:
      "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html (trusted access requires all features)",
    requirements: () => [ALL_FEATURES],
  },
  {
    type: T.policyType,
    source:
      "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inspector.html; @pulumi/aws organizations/organization.d.ts: to enable INSPECTOR_POLICY, awsServiceAccessPrincipals must include inspector2.amazonaws.com",
    requirements: (r) => [
      ALL_FEATURES,
      ...(r.inputs.policyType === "INSPECTOR_POLICY" ? [INSPECTOR_TRUSTED_ACCESS] : []),
    ],
  },
  {
    type: T.policy,
    source:
      "https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html (management policies need all features)",
    requirements: () => [ALL_FEATURES],
  },
  {
    type: T.policyAttachment,
    source:
      "https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html (PolicyTypeNotEnabledException); https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html (designate the delegated administrator before creating organization policies; service-linked roles in the management account)",
    requirements: (r, facts, graph) => {
      const policyTypes = graph
        .dependenciesOf(r)
        .filter((d) => d.type === T.policy)
        .map((d) => d.inputs.type as string);
      return [
        ...policyTypes.map((type) => ({
          needs: `policy type ${type} ENABLED on the root`,
          isMetBy: (d: PlannedResource) => d.type === T.policyType && d.inputs.policyType === type,
        })),
        ...(policyTypes.includes("INSPECTOR_POLICY")
          ? [
              ...facts.regions.map(delegatedAdminIn),
              {
                needs: "Inspector's service-linked roles in the management account",
                prerequisite: "inspector-service-linked-roles",
              } as Requirement,
            ]
          : []),
      ];
    },
  },
  {
    type: T.delegatedAdmin,
    source:
      "https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-inspector2.html (trusted access before a delegated administrator)",
    requirements: () => [INSPECTOR_TRUSTED_ACCESS],
  },
  {
    type: T.enabler,
    source:
      "https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html (the delegated administrator enables its associated members); https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html",
    requirements: (r, facts) => [
      delegatedAdminIn(regionOf(r)),
      ...membersAssociatedIn(
        r,
        accountIdsOf(r).filter((id) => id !== facts.delegatedAdminAccountId),
      ),
    ],
  },
  {
    type: T.memberAssociation,
    source:
      "https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html (called by the delegated administrator)",
    requirements: (r) => [delegatedAdminIn(regionOf(r))],
  },
  {
    type: T.memberAssociations,
    source:
      "https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html (called by the delegated administrator, one member at a time, for the Region's set)",
    requirements: (r) => [delegatedAdminIn(regionOf(r))],
  },
  {
    type: "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
    source:
      "https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html (called by the delegated administrator)",
    requirements: (r, facts) => [delegatedAdminIn(regionOf(r)), adminEnabledIn(r, facts)],
  },
  {
    type: T.enablementWait,
    source:
      "https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html (the policy enables and associates accounts after it is attached)",
    requirements: (r) => [
      delegatedAdminIn(regionOf(r)),
      {
        needs: "the Inspector policy attached",
        isMetBy: (d) => d.type === T.policyAttachment,
      },
    ],
  },
  adminSetting("aws:inspector2/filter:Filter"),
  adminSetting("pulumi-nodejs:dynamic/inspector:ScanConfiguration"),
  adminSetting("aws-native:inspectorv2:CisScanConfiguration"),
  adminSetting("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"),
  {
    type: "pulumi-nodejs:dynamic/inspector:DeepInspection",
    source: `${ADMIN_SETTING_SOURCE}; https://docs.aws.amazon.com/inspector/v2/APIReference/API_BatchUpdateMemberEc2DeepInspectionStatus.html (members of the delegated administrator)`,
    requirements: (r, facts) => [
      adminEnabledIn(r, facts),
      ...membersAssociatedIn(
        r,
        Array.isArray(r.inputs.memberAccountIds) ? (r.inputs.memberAccountIds as string[]) : [],
      ),
    ],
  },
  {
    type: T.stackSetsAccess,
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html",
    requirements: () => [ALL_FEATURES],
  },
  {
    type: T.stackSet,
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html (service-managed StackSets need trusted access, all features)",
    requirements: (r) =>
      r.inputs.permissionModel === "SERVICE_MANAGED"
        ? [
            ALL_FEATURES,
            {
              needs: "CloudFormation StackSets trusted access with Organizations",
              isMetBy: (d) => d.type === T.stackSetsAccess,
            },
          ]
        : [],
  },
  {
    type: T.stackSetInstance,
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html (StackSetNotFoundException)",
    requirements: (r) => [
      {
        needs: `the StackSet ${String(r.inputs.stackSetName)}`,
        isMetBy: (d) => d.type === T.stackSet && d.inputs.name === r.inputs.stackSetName,
      },
    ],
  },
  {
    type: T.stackInstances,
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html (StackSetNotFoundException)",
    requirements: (r) => [
      {
        needs: `the StackSet ${String(r.inputs.stackSetName)}`,
        isMetBy: (d) => d.type === T.stackSet && d.inputs.name === r.inputs.stackSetName,
      },
    ],
  },
  {
    type: T.hubPolicy,
    source:
      "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateConfigurationPolicy.html (central configuration: the delegated administrator, in the home Region, after UpdateOrganizationConfiguration CENTRAL)",
    requirements: (r) => [
      {
        needs: `Security Hub central configuration in ${regionOf(r) ?? "?"}`,
        isMetBy: ofTypeIn(T.hubOrgConfig, regionOf(r)),
      },
    ],
  },
  {
    type: "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
    source:
      "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_StartConfigurationPolicyAssociation.html (the policy, or SELF_MANAGED_SECURITY_HUB, under central configuration)",
    requirements: (r) => [
      {
        needs: `Security Hub central configuration in ${regionOf(r) ?? "?"}`,
        isMetBy: ofTypeIn(T.hubOrgConfig, regionOf(r)),
      },
      ...(r.inputs.policyId === "SELF_MANAGED_SECURITY_HUB"
        ? []
        : [
            {
              needs: "its configuration policy",
              isMetBy: (d: PlannedResource) => d.type === T.hubPolicy,
            },
          ]),
    ],
  },
  {
    type: "aws:budgets/budget:Budget",
    source:
      "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html (the topic's policy must let budgets.amazonaws.com publish)",
    requirements: () => [
      {
        needs: "the alert topic's policy granting budgets.amazonaws.com",
        isMetBy: (d) =>
          d.type === T.topicPolicy &&
          typeof d.inputs.policy === "string" &&
          d.inputs.policy.includes("budgets.amazonaws.com"),
      },
    ],
  },
  {
    type: T.hubAdmin,
    source:
      "@pulumi/aws securityhub/organizationAdminAccount.d.ts example (the Security Hub account first); https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html",
    requirements: (r) => [
      {
        needs: `Security Hub enabled in ${regionOf(r) ?? "?"}`,
        isMetBy: ofTypeIn(T.hubAccount, regionOf(r)),
      },
    ],
  },
  {
    type: "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
    source:
      "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_UpdateOrganizationConfiguration.html (only the delegated administrator)",
    requirements: (r) => [
      {
        needs: `the Security Hub delegated administrator in ${regionOf(r) ?? "?"}`,
        isMetBy: ofTypeIn(T.hubAdmin, regionOf(r)),
      },
    ],
  },
  {
    type: "aws:securityhub/findingAggregator:FindingAggregator",
    source:
      "https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation-enable.html (Security Hub enabled in the aggregation Region and the linked Regions)",
    requirements: (r) =>
      [regionOf(r), ...((r.inputs.specifiedRegions as string[] | undefined) ?? [])].map(
        (region) => ({
          needs: `Security Hub enabled in ${region ?? "?"}`,
          isMetBy: ofTypeIn(T.hubAccount, region),
        }),
      ),
  },
  {
    type: "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
    source: "https://docs.aws.amazon.com/chatbot/latest/adminguide/slack-setup.html",
    requirements: () => [
      {
        needs: "the Slack workspace authorized in AWS Chatbot",
        prerequisite: "chatbot-slack-workspace",
      },
    ],
  },
  {
    type: "aws:lambda/eventSourceMapping:EventSourceMapping",
    source:
      "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (the execution role needs sqs:ReceiveMessage, DeleteMessage, GetQueueAttributes when the mapping is created)",
    requirements: () => [
      {
        needs: "the function's role policy granting sqs:ReceiveMessage",
        isMetBy: (d) =>
          d.type === T.rolePolicy &&
          typeof d.inputs.policy === "string" &&
          d.inputs.policy.includes("sqs:ReceiveMessage"),
      },
    ],
  },
  ...[
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/logStream:LogStream",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:dynamodb/resourcePolicy:ResourcePolicy",
    "aws:dynamodb/table:Table",
    "aws:iam/role:Role",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws:kms/alias:Alias",
    "aws:kms/key:Key",
    "aws:lambda/function:Function",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketNotification:BucketNotification",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:scheduler/schedule:Schedule",
    "aws:securityhub/account:Account",
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:sqs/queue:Queue",
    "aws:sqs/queuePolicy:QueuePolicy",
  ].map(inputsOnly),
  {
    type: "pulumi:providers:aws",
    source:
      "https://www.pulumi.com/registry/packages/aws/api-docs/provider/ (assumeRoles: the role must exist and trust the caller)",
    requirements: (r) =>
      r.inputs.assumeRoles === undefined
        ? []
        : [{ needs: "the delegated administrator role", prerequisite: "delegated-admin-role" }],
  },
  {
    type: "pulumi:providers:aws-native",
    source:
      "https://www.pulumi.com/registry/packages/aws-native/api-docs/provider/ (assumeRole: the role must exist and trust the caller)",
    requirements: (r) =>
      r.inputs.assumeRole === undefined
        ? []
        : [{ needs: "the delegated administrator role", prerequisite: "delegated-admin-role" }],
  },
];
