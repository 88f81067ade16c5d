import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import {
  GOVERNED_REGIONS_SCHEMA,
  GovernedRegionsConfig,
  governedRegions,
  inspectorResources,
  regionOf,
} from "../../lib/inspector";
import { resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: { ...GOVERNED_REGIONS_SCHEMA } };

/**
 * The delegated administrator is registered per region: a region without the registration has
 * no organization-wide view and no auto-enable.
 *
 * @severity critical
 * @link https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
 */
export const delegatedAdminMissingRegion: StackValidationPolicy = {
  name: "inspector-delegated-admin-missing-region",
  description: "Requires an Inspector delegated administrator in every governed region.",
  severity: "critical",
  remediationSteps:
    "Register the delegated administrator (aws.inspector2.DelegatedAdminAccount) with `region` set to each governed region, or correct the policy config governedRegions.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<GovernedRegionsConfig>(args, CONFIG_SCHEMA);
    if (config.governedRegions.length === 0 && inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources and no governed regions.");
    }
    const covered = new Set(
      resourcesOf(args.resources, aws.inspector2.DelegatedAdminAccount).map(regionOf),
    );
    for (const region of governedRegions(args.resources, config.governedRegions)) {
      if (!covered.has(region)) {
        reportViolation(
          `Region '${region}' has no Inspector delegated administrator; add an aws.inspector2.DelegatedAdminAccount with region "${region}" (policy config governedRegions).`,
        );
      }
    }
  },
};
