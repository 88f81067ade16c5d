/** What runs in the Organizations management account. */
import * as aws from "@pulumi/aws";
import { InspectorDelegatedAdmin } from "../components/inspectorDelegatedAdmin";
import { InspectorOrganizationPolicy } from "../components/inspectorOrganizationPolicy";
import { InspectorTrustedAccess } from "../components/inspectorTrustedAccess";
import { ALL_SCAN_TYPES, type ScanType } from "../lib/regionCapabilities";
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
  /**
   * The Inspector policy of the stack's `scanTypes` (organization-policy mode only; none when
   * every target OU has a `scanTypesByOu` policy of its own).
   */
  readonly organizationPolicy: InspectorOrganizationPolicy | undefined;
  /** The `scanTypesByOu` policies, keyed by their scan-type profile (organization-policy mode). */
  readonly profilePolicies: Readonly<Record<string, InspectorOrganizationPolicy>>;
}

/**
 * Every scan type some policy of the stack enables: each `scanTypesByOu` policy states them all,
 * so that it alone decides for the accounts under its OUs whatever is attached above it.
 */
export function statedScanTypes(cfg: InspectorConfig): ScanType[] {
  const wanted = new Set([...cfg.scanTypes, ...cfg.scanTypesByOu.flatMap((e) => e.scanTypes)]);
  return ALL_SCAN_TYPES.filter((t) => wanted.has(t));
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
  const policyOptions = { provider, dependsOn: [trustedAccess, delegatedAdmin] };
  const organizationPolicy =
    isPolicyMode && plan.defaultPolicyTargetIds.length > 0
      ? new InspectorOrganizationPolicy(
          INSPECTOR_POLICY_NAME,
          {
            regions: plan.regions,
            targetIds: plan.defaultPolicyTargetIds,
            protect: cfg.protectOrgResources,
          },
          policyOptions,
        )
      : undefined;
  const profilePolicies: Record<string, InspectorOrganizationPolicy> = {};
  for (const profile of isPolicyMode ? plan.profilePolicies : []) {
    profilePolicies[profile.key] = new InspectorOrganizationPolicy(
      `${INSPECTOR_POLICY_NAME}-${profile.key}`,
      {
        regions: profile.regions,
        statedScanTypes: statedScanTypes(cfg),
        targetIds: profile.ouIds,
        protect: cfg.protectOrgResources,
      },
      policyOptions,
    );
  }
  return {
    provider,
    trustedAccess,
    delegatedAdmin,
    organizationPolicy,
    profilePolicies: Object.freeze(profilePolicies),
  };
}
