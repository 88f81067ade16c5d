/**
 * Every preflight check, by id. The ids are the prerequisite ids that deploy-time checks name
 * (lib/prerequisites.ts, joined at merge: a test asserts that every prerequisite has a check
 * here), so a README prerequisite and its live check cannot drift apart.
 */
import type { PrerequisiteId } from "../prerequisites";
import {
  lambdaConcurrencyCheck,
  regionsOptedInCheck,
  roleAssumableCheck,
  serviceLinkedRolesCheck,
} from "./accountChecks";
import type { PreflightCheck } from "./checkTypes";
import {
  allFeaturesCheck,
  inspectorPolicyTypeCheck,
  inspectorTrustedAccessCheck,
  memberLimitCheck,
  securityHubTrustedAccessCheck,
  stackSetsTrustedAccessCheck,
} from "./organizationChecks";
import {
  existingStateCheck,
  inspectorAdminConflictCheck,
  securityHubAdminConflictCheck,
} from "./regionChecks";

/** The checks in the order the report lists them: the role first, since others need it. */
const ORDERED: readonly PreflightCheck[] = [
  roleAssumableCheck,
  allFeaturesCheck,
  inspectorTrustedAccessCheck,
  stackSetsTrustedAccessCheck,
  securityHubTrustedAccessCheck,
  serviceLinkedRolesCheck,
  inspectorPolicyTypeCheck,
  inspectorAdminConflictCheck,
  securityHubAdminConflictCheck,
  regionsOptedInCheck,
  lambdaConcurrencyCheck,
  memberLimitCheck,
  existingStateCheck,
];

/** Every check by id (prerequisite id -> check). */
export const PREFLIGHT_CHECKS: Readonly<Record<string, PreflightCheck>> = Object.freeze(
  Object.fromEntries(ORDERED.map((c) => [c.id, c])),
);

/** The check ids, in report order. */
export const PREFLIGHT_CHECK_IDS: readonly string[] = ORDERED.map((c) => c.id);

/**
 * The preflight check that verifies each README prerequisite (lib/prerequisites.ts), or why none
 * does yet. A test keeps the two lists joined, so a new prerequisite cannot go unchecked silently.
 */
export const PREREQUISITE_CHECKS: Readonly<
  Record<PrerequisiteId, { readonly check: string } | { readonly notChecked: string }>
> = Object.freeze({
  "organizations-all-features": { check: "organizations-all-features" },
  "delegated-admin-role": { check: "delegated-admin-role-assumable" },
  "inspector-service-linked-roles": { check: "service-linked-roles" },
  "deployer-permissions": {
    notChecked:
      "iam:SimulatePrincipalPolicy of both deployer policies is not built yet; compare the principals' policies with docs/deployer-policy-*.json",
  },
  "chatbot-slack-workspace": {
    notChecked:
      "chatbot:DescribeSlackWorkspaces is not called yet; authorize the workspace in the AWS Chatbot console before setting findingsSlackChannelId",
  },
});
