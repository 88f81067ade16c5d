import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import {
  GOVERNED_REGIONS_SCHEMA,
  GovernedRegionsConfig,
  governedRegions,
  inspectorResources,
  isOrganizationPolicyMode,
  regionOf,
} from "../../lib/inspector";
import { resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: { ...GOVERNED_REGIONS_SCHEMA } };

/**
 * In delegated-admin mode, auto-enable for accounts that join later is set per region by the
 * OrganizationConfiguration; a region without it leaves new accounts unscanned.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html
 */
export const organizationConfigurationMissingRegion: StackValidationPolicy = {
  name: "inspector-organization-configuration-missing-region",
  description:
    "Requires an Inspector OrganizationConfiguration in every governed region in delegated-admin mode.",
  severity: "high",
  remediationSteps:
    "Add an aws.inspector2.OrganizationConfiguration through the delegated administrator's provider with region set to each governed region.",
  url: "https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<GovernedRegionsConfig>(args, CONFIG_SCHEMA);
    if (isOrganizationPolicyMode(args.resources)) {
      args.notApplicable("Enablement is declared by an Organizations INSPECTOR_POLICY.");
    }
    if (config.governedRegions.length === 0 && inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources and no governed regions.");
    }
    const covered = new Set(
      resourcesOf(args.resources, aws.inspector2.OrganizationConfiguration).map(regionOf),
    );
    for (const region of governedRegions(args.resources, config.governedRegions)) {
      if (!covered.has(region)) {
        reportViolation(
          `Region '${region}' has no Inspector OrganizationConfiguration, so accounts that join later are not scanned there; add one with region "${region}".`,
        );
      }
    }
  },
};
