/**
 * Names shared by the delegated administrator's remediation resources, the member baseline
 * fragments and the triage function: a member's execution role trusts one fixed role ARN in the
 * delegated administrator, and the function starts documents by name in each member.
 */

/** The role the triage function runs as in the delegated administrator (fixed name: trusted by members). */
export const AUTOMATION_ROLE_NAME = "inspector-remediation-automation";

/** The role the member baseline deploys in every member, assumed by the automation role. */
export const EXECUTION_ROLE_NAME = "inspector-remediation-execution";

/**
 * The service role SSM Automation assumes in every member (the documents' `AutomationAssumeRole`,
 * passed by triage to every automation it starts): the runbook steps run as this role, not as the
 * caller's 15-minute role-chained session (AWS-RunPatchBaseline may run two hours).
 */
export const AUTOMATION_SERVICE_ROLE_NAME = "inspector-remediation-runbook";

/** IAM path of the remediation roles. */
export const REMEDIATION_ROLE_PATH = "/inspector/";

/** The audit trail table (fixed name: the runbooks' queries name it). */
export const AUDIT_TABLE_NAME = "inspector-remediation-audit";

/** The patch Automation document in every member. */
export const PATCH_DOCUMENT_NAME = "Inspector-PatchInstance";

/** The containment Automation document in every member. */
export const CONTAINMENT_DOCUMENT_NAME = "Inspector-ContainInstance";

/** Tag on the quarantine security group (value `true`). */
export const QUARANTINE_TAG_KEY = "InspectorQuarantine";

/** Tag on a contained instance holding its original security groups (comma-separated). */
export const ORIGINAL_GROUPS_TAG_KEY = "InspectorOriginalSecurityGroups";

/** Tag on contained instances and their snapshots naming the finding. */
export const FINDING_TAG_KEY = "InspectorFindingArn";

/** The ARN of the member's Automation service role (`AutomationAssumeRole`). */
export function automationServiceRoleArn(accountId: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:role${REMEDIATION_ROLE_PATH}${AUTOMATION_SERVICE_ROLE_NAME}`;
}

/** The ARN of the automation role in the delegated administrator. */
export function automationRoleArn(delegatedAdminAccountId: string): string {
  return `arn:aws:iam::${delegatedAdminAccountId}:role${REMEDIATION_ROLE_PATH}${AUTOMATION_ROLE_NAME}`;
}
