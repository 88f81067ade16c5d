/**
 * What must be true in the organization before the first `pulumi up`, and that the program does
 * not (or cannot) do itself: the README's "Before the first `pulumi up`" list, as data.
 *
 * Each entry is a precondition the plan's dependency graph cannot meet (lib/preconditions.ts
 * names them by id), with how to check it read-only with the management account's credentials,
 * for `npm run preflight`. A test keeps this list and the README's list the same.
 */

/** One prerequisite of a first deployment. */
export interface Prerequisite {
  /** Stable id, used by the precondition table and preflight. */
  readonly id: PrerequisiteId;
  /** The README's bold title of the step ("**Organizations**: ..."), verbatim. */
  readonly readmeTitle: string;
  /** What must be true. */
  readonly requirement: string;
  /** When the stack needs it. */
  readonly appliesWhen: "always" | "organization-policy mode" | "findingsSlackChannelId set";
  /** How a read-only check (preflight) verifies it: the API call and the expected answer. */
  readonly check: string;
  /** The AWS page that states it. */
  readonly source: string;
}

/** The ids of the prerequisites. */
export type PrerequisiteId =
  | "organizations-all-features"
  | "delegated-admin-role"
  | "inspector-service-linked-roles"
  | "deployer-permissions"
  | "chatbot-slack-workspace";

/** The prerequisites, in the README's order. */
export const PREREQUISITES: readonly Prerequisite[] = [
  {
    id: "organizations-all-features",
    readmeTitle: "Organizations",
    requirement:
      "the organization has all features enabled (trusted access, delegated administrators, management policies and service-managed StackSets need it)",
    appliesWhen: "always",
    check: "organizations:DescribeOrganization: Organization.FeatureSet is ALL",
    source:
      "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html",
  },
  {
    id: "delegated-admin-role",
    readmeTitle: "A role in the delegated administrator",
    requirement:
      "the role `delegatedAdminRoleName` exists in the delegated administrator and trusts the management account's deploying principal (the delegated-admin provider and the dynamic providers assume it)",
    appliesWhen: "always",
    check:
      "sts:AssumeRole of arn:aws:iam::<delegatedAdminAccountId>:role/<delegatedAdminRoleName> succeeds, and sts:GetCallerIdentity then returns that account",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html",
  },
  {
    id: "inspector-service-linked-roles",
    readmeTitle: "Service-linked roles",
    requirement:
      "the management account has AWSServiceRoleForAmazonInspector2 and AWSServiceRoleForAmazonInspector2Agentless, or organization policies enable Inspector without associating the members",
    appliesWhen: "organization-policy mode",
    check:
      "iam:GetRole AWSServiceRoleForAmazonInspector2 and AWSServiceRoleForAmazonInspector2Agentless in the management account",
    source: "https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html",
  },
  {
    id: "deployer-permissions",
    readmeTitle: "The deploying credentials' permissions",
    requirement:
      "the management account's deploying principal has docs/deployer-policy-management.json, and the delegated administrator role docs/deployer-policy-delegated-admin.json",
    appliesWhen: "always",
    check:
      "iam:SimulatePrincipalPolicy of the deploying principal and of the delegated administrator role for every action of their deployer policy: all allowed",
    source:
      "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
  },
  {
    id: "chatbot-slack-workspace",
    readmeTitle: "A Slack workspace authorized in AWS Chatbot",
    requirement:
      "the Slack workspace `findingsSlackTeamId` is authorized in the delegated administrator's AWS Chatbot console: a Slack channel configuration can only name an authorized workspace",
    appliesWhen: "findingsSlackChannelId set",
    check:
      "chatbot:DescribeSlackWorkspaces in the delegated administrator lists findingsSlackTeamId",
    source: "https://docs.aws.amazon.com/chatbot/latest/adminguide/slack-setup.html",
  },
];

/** The prerequisite with this id. */
export function prerequisite(id: PrerequisiteId): Prerequisite {
  const found = PREREQUISITES.find((p) => p.id === id);
  if (found === undefined) {
    throw new Error(`no prerequisite ${id}`);
  }
  return found;
}
