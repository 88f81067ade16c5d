import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import {
  AUTO_ENABLE_FIELDS,
  SCAN_TYPE_SCHEMA,
  ScanType,
  ScanTypeConfig,
  requiredScanTypes,
} from "../../lib/inspector";
import { isKnownString, isRecord } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: { ...SCAN_TYPE_SCHEMA } };

/**
 * Accounts that join the organization later are scanned only for the types auto-enable turns
 * on, so auto-enable covers every scan type the region requires.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html
 */
export const organizationConfigurationMissingAutoEnable: ResourceValidationPolicy = {
  name: "inspector-organization-configuration-missing-auto-enable",
  description:
    "Requires Inspector auto-enable for new accounts to cover every scan type the region requires.",
  severity: "high",
  remediationSteps:
    "Set the named autoEnable flags to true on the OrganizationConfiguration, or record in the policy config regionCapabilities that the region lacks the scan type.",
  url: "https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: validateResourceOfType(
    aws.inspector2.OrganizationConfiguration,
    (orgConfig, args, reportViolation) => {
      const autoEnable: unknown = orgConfig.autoEnable;
      if (!isRecord(autoEnable)) {
        return;
      }
      const config = readConfig<ScanTypeConfig>(args, CONFIG_SCHEMA);
      const region = isKnownString(orgConfig.region) ? orgConfig.region : undefined;
      const where = region === undefined ? "the provider's region" : region;
      for (const type of requiredScanTypes(region, config)) {
        const field = AUTO_ENABLE_FIELDS[type as ScanType];
        const value = autoEnable[field];
        // Anything but a boolean or absent is an unknown during preview: skip it.
        if (value === false || value === undefined) {
          reportViolation(
            `OrganizationConfiguration '${args.name}' does not auto-enable ${type} scanning for new accounts in ${where}; set autoEnable.${field} to true.`,
          );
        }
      }
    },
  ),
};
