/** What runs in the Organizations management account. */
import * as aws from "@pulumi/aws";
import { InspectorDelegatedAdmin } from "../components/inspectorDelegatedAdmin";
import { InspectorOrganizationPolicy } from "../components/inspectorOrganizationPolicy";
import { InspectorTrustedAccess } from "../components/inspectorTrustedAccess";
import type { InspectorConfig } from "./config";
import { createManagementProvider } from "./providers";
import type { RolloutPlan } from "./rollout";

/** The name of the Inspector policy in Organizations (also its logical name). */
export const INSPECTOR_POLICY_NAME = "inspector-org-policy";

/** The management account's resources. */
export interface ManagementDeployment {
  readonly provider: aws.Provider;
  readonly trustedAccess: InspectorTrustedAccess;
  readonly delegatedAdmin: InspectorDelegatedAdmin;
  /** The Inspector policy (organization-policy mode only). */
  readonly organizationPolicy: InspectorOrganizationPolicy | undefined;
}

/**
 * Trusted access -> delegated administrator in every Region -> (organization-policy mode) the
 * Inspector policy attached to the root or the scoped OUs. The policy comes after the delegated
 * administrator: "Designate a delegated administrator for Amazon Inspector before creating
 * organization policies to ensure member accounts are associated" (Inspector UG, getting started).
 */
export function deployManagement(cfg: InspectorConfig, plan: RolloutPlan): ManagementDeployment {
  const provider = createManagementProvider(cfg);
  const isPolicyMode = cfg.enablementMode === "organization-policy";
  const trustedAccess = new InspectorTrustedAccess(
    "inspector-org-access",
    {
      region: cfg.homeRegion,
      rootId: plan.rootId,
      enableInspectorPolicyType: isPolicyMode,
      protect: cfg.protectOrgResources,
    },
    { provider },
  );
  const delegatedAdmin = new InspectorDelegatedAdmin(
    "inspector-delegated-admin",
    {
      delegatedAdminAccountId: cfg.delegatedAdminAccountId,
      regions: cfg.regions,
      protect: cfg.protectOrgResources,
      timeoutMinutes: cfg.enablementTimeoutMinutes,
    },
    { provider, dependsOn: [trustedAccess] },
  );
  const organizationPolicy = isPolicyMode
    ? new InspectorOrganizationPolicy(
        INSPECTOR_POLICY_NAME,
        {
          regions: plan.regions,
          targetIds: plan.policyTargetIds,
          protect: cfg.protectOrgResources,
        },
        { provider, dependsOn: [trustedAccess, delegatedAdmin] },
      )
    : undefined;
  return { provider, trustedAccess, delegatedAdmin, organizationPolicy };
}
