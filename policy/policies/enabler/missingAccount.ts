import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import {
  GOVERNED_REGIONS_SCHEMA,
  delegatedAdminAccountIds,
  governedRegions,
  inspectorResources,
  isOrganizationPolicyMode,
  regionOf,
} from "../../lib/inspector";
import { knownStrings, resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    ...GOVERNED_REGIONS_SCHEMA,
    requiredAccountIds: {
      type: "array",
      items: { type: "string", pattern: "^\\d{12}$" },
      uniqueItems: true,
      default: [],
      description:
        "Member accounts (the ACTIVE accounts of the inventory) that must be enabled in every governed region.",
    },
  },
};

interface MissingAccountConfig {
  governedRegions: string[];
  requiredAccountIds: string[];
}

/**
 * In delegated-admin mode every governed region has Enablers covering the delegated
 * administrator and every required member account; in organization-policy mode the
 * Organizations policy enables them instead.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
export const enablerMissingAccount: StackValidationPolicy = {
  name: "inspector-enabler-missing-account",
  description:
    "Requires an Inspector Enabler covering the delegated administrator and each required member account in every governed region.",
  severity: "high",
  remediationSteps:
    "Add the account to a member Enabler (or the delegated administrator to its own Enabler) in the named region, or switch to organization-policy mode.",
  url: "https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<MissingAccountConfig>(args, CONFIG_SCHEMA);
    if (isOrganizationPolicyMode(args.resources)) {
      args.notApplicable("Enablement is declared by an Organizations INSPECTOR_POLICY.");
    }
    if (config.governedRegions.length === 0 && inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources and no governed regions.");
    }
    const enabled = new Map<string | undefined, Set<string>>();
    for (const enabler of resourcesOf(args.resources, aws.inspector2.Enabler)) {
      const region = regionOf(enabler);
      const ids = enabled.get(region) ?? new Set<string>();
      for (const id of knownStrings(enabler.props["accountIds"]) ?? []) {
        ids.add(id);
      }
      enabled.set(region, ids);
    }
    const required = [
      ...new Set([...delegatedAdminAccountIds(args.resources), ...config.requiredAccountIds]),
    ];
    for (const region of governedRegions(args.resources, config.governedRegions)) {
      const ids = enabled.get(region);
      if (ids === undefined) {
        reportViolation(
          `Region '${region}' has no Inspector Enabler; add Enablers for the delegated administrator and the member accounts with region "${region}".`,
        );
        continue;
      }
      for (const id of required.filter((a) => !ids.has(a))) {
        reportViolation(
          `Account ${id} is not enabled in ${region}; add it to an Enabler with region "${region}" (policy config requiredAccountIds).`,
        );
      }
    }
  },
};
