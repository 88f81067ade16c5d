/** What runs in the delegated administrator ("security tooling") account. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InspectorAdminEnabler } from "../components/inspectorAdminEnabler";
import { InspectorMemberEnablement } from "../components/inspectorMemberEnablement";
import { InspectorOrgConfiguration } from "../components/inspectorOrgConfiguration";
import type { InspectorConfig } from "./config";
import { createDelegatedAdminProvider, delegatedAdminRoleArn } from "./providers";
import { accountScanTypesIn, autoEnableScanTypesIn, type RolloutPlan } from "./rollout";

/** The delegated administrator's enablement resources, keyed by Region. */
export interface SecurityToolingDeployment {
  readonly provider: aws.Provider;
  readonly adminEnablers: Readonly<Record<string, InspectorAdminEnabler>>;
  readonly orgConfigurations: Readonly<Record<string, InspectorOrgConfiguration>>;
  readonly memberEnablements: Readonly<Record<string, InspectorMemberEnablement>>;
}

/**
 * Per Region, after the delegated administrator is designated (`dependsOn`): the administrator
 * enables itself -> (delegated-admin mode) the organization configuration -> member association
 * and Enablers. In organization-policy mode the policy enables and links the members, so only the
 * administrator's own Enabler is managed here, and only when no policy target covers it.
 */
export function deploySecurityTooling(
  cfg: InspectorConfig,
  plan: RolloutPlan,
  dependsOn: pulumi.Resource[],
): SecurityToolingDeployment {
  const provider = createDelegatedAdminProvider(cfg);
  const isApiMode = cfg.enablementMode === "delegated-admin";
  const adminEnablers: Record<string, InspectorAdminEnabler> = {};
  const orgConfigurations: Record<string, InspectorOrgConfiguration> = {};
  const memberEnablements: Record<string, InspectorMemberEnablement> = {};
  const common = { protect: cfg.protectOrgResources, timeoutMinutes: cfg.enablementTimeoutMinutes };

  for (const regionPlan of plan.regions) {
    const { region, scanTypes } = regionPlan;
    let previous: pulumi.Resource[] = dependsOn;
    const adminScanTypes = accountScanTypesIn(plan, cfg.delegatedAdminAccountId, region);
    if (plan.needsAdminEnabler && adminScanTypes.length > 0) {
      adminEnablers[region] = new InspectorAdminEnabler(
        `inspector-admin-${region}`,
        {
          region,
          delegatedAdminAccountId: cfg.delegatedAdminAccountId,
          scanTypes: adminScanTypes,
          ...common,
        },
        { provider, dependsOn: previous },
      );
      previous = [adminEnablers[region]];
    }
    if (!isApiMode) {
      continue;
    }
    orgConfigurations[region] = new InspectorOrgConfiguration(
      `inspector-org-config-${region}`,
      {
        region,
        scanTypes: autoEnableScanTypesIn(plan, regionPlan),
        autoEnable: plan.autoEnableNewAccounts,
        ...common,
      },
      { provider, dependsOn: previous },
    );
    if (plan.memberChunks.length > 0) {
      memberEnablements[region] = new InspectorMemberEnablement(
        `inspector-members-${region}`,
        {
          region,
          delegatedAdminAccountId: cfg.delegatedAdminAccountId,
          roleArn: delegatedAdminRoleArn(cfg),
          memberChunks: plan.memberChunks,
          disassociateRemovedMembers: cfg.disassociateRemovedMembers,
          scanTypes,
          memberScanTypes: plan.isSelective
            ? Object.fromEntries(
                plan.memberAccountIds.map((id) => [id, accountScanTypesIn(plan, id, region)]),
              )
            : undefined,
          timeoutMinutes: cfg.enablementTimeoutMinutes,
        },
        { provider, dependsOn: [orgConfigurations[region]] },
      );
    }
  }
  return {
    provider,
    adminEnablers: Object.freeze(adminEnablers),
    orgConfigurations: Object.freeze(orgConfigurations),
    memberEnablements: Object.freeze(memberEnablements),
  };
}
