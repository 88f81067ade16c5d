import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { SCAN_TYPE_SCHEMA, ScanTypeConfig } from "../../lib/inspector";
import { isKnownString, knownStrings } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: { regionCapabilities: SCAN_TYPE_SCHEMA["regionCapabilities"] },
};

/**
 * One scan type the region does not support fails the whole Enable call, so an Enabler lists
 * only the types its region has (DESIGN.md "Regions").
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html
 */
export const enablerDisallowUnsupportedResourceType: ResourceValidationPolicy = {
  name: "inspector-enabler-disallow-unsupported-resource-type",
  description:
    "Disallows Inspector Enablers that request a scan type their region does not support.",
  severity: "high",
  remediationSteps:
    "Derive each Enabler's resourceTypes from the region capability map, and keep the policy config regionCapabilities in step with it.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: validateResourceOfType(
    aws.inspector2.Enabler,
    (enabler, args, reportViolation) => {
      const types = knownStrings(enabler.resourceTypes);
      const region = isKnownString(enabler.region) ? enabler.region : undefined;
      if (types === undefined || region === undefined) {
        return;
      }
      const config = readConfig<Pick<ScanTypeConfig, "regionCapabilities">>(args, CONFIG_SCHEMA);
      const capabilities = config.regionCapabilities[region];
      if (capabilities === undefined) {
        return;
      }
      for (const type of types) {
        if (!capabilities.includes(type)) {
          reportViolation(
            `Enabler '${args.name}' requests ${type} in ${region}, which the region does not support, so the whole Enable call fails; remove "${type}" from resourceTypes there (policy config regionCapabilities).`,
          );
        }
      }
    },
  ),
};
