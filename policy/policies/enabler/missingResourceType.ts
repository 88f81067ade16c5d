import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { SCAN_TYPE_SCHEMA, ScanTypeConfig, requiredScanTypes } from "../../lib/inspector";
import { isKnownString, knownStrings } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: { ...SCAN_TYPE_SCHEMA } };

/**
 * Every Enabler turns on the scan types the checklist requires in its region: EC2, ECR and
 * Lambda everywhere, Lambda code where the region has it. Lambda code scanning also requires
 * Lambda standard scanning.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
export const enablerMissingResourceType: ResourceValidationPolicy = {
  name: "inspector-enabler-missing-resource-type",
  description: "Requires each Inspector Enabler to turn on every scan type its region requires.",
  severity: "high",
  remediationSteps:
    "Add the missing scan types to the Enabler's resourceTypes, or record in the policy config regionCapabilities that the region lacks them.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: validateResourceOfType(
    aws.inspector2.Enabler,
    (enabler, args, reportViolation) => {
      const types = knownStrings(enabler.resourceTypes);
      if (types === undefined) {
        return;
      }
      const config = readConfig<ScanTypeConfig>(args, CONFIG_SCHEMA);
      const region = isKnownString(enabler.region) ? enabler.region : undefined;
      const where = region === undefined ? "the provider's region" : region;
      for (const type of requiredScanTypes(region, config)) {
        if (!types.includes(type)) {
          const key = config.requiredResourceTypes.includes(type)
            ? "requiredResourceTypes"
            : "requiredWhereAvailable";
          reportViolation(
            `Enabler '${args.name}' omits ${type} scanning in ${where}; add "${type}" to resourceTypes (policy config ${key}).`,
          );
        }
      }
      if (types.includes("LAMBDA_CODE") && !types.includes("LAMBDA")) {
        reportViolation(
          `Enabler '${args.name}' enables LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning, so add "LAMBDA" to resourceTypes.`,
        );
      }
    },
  ),
};
