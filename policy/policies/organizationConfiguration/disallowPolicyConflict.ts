import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { AUTO_ENABLE_FIELDS, isOrganizationPolicyMode } from "../../lib/inspector";
import { isRecord, resourcesOf } from "../../lib/resources";

/**
 * In organization-policy mode the Organizations policy decides enablement and takes precedence;
 * managing auto-enable as well makes two writers of the same setting (DESIGN.md; the Terraform
 * provider's perpetual-diff report #48660 may be this interaction).
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/inspector/latest/user/admin-member-relationship.html
 */
export const organizationConfigurationDisallowPolicyConflict: StackValidationPolicy = {
  name: "inspector-organization-configuration-disallow-policy-conflict",
  description:
    "Disallows Inspector auto-enable settings in a stack whose enablement comes from an Organizations INSPECTOR_POLICY.",
  severity: "medium",
  remediationSteps:
    "In organization-policy mode, remove the OrganizationConfiguration (or set every autoEnable flag to false) and let the INSPECTOR_POLICY decide enablement.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/admin-member-relationship.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    if (!isOrganizationPolicyMode(args.resources)) {
      args.notApplicable("The stack has no Organizations INSPECTOR_POLICY.");
    }
    const fields = Object.values(AUTO_ENABLE_FIELDS);
    for (const orgConfig of resourcesOf(args.resources, aws.inspector2.OrganizationConfiguration)) {
      const autoEnable: unknown = orgConfig.props["autoEnable"];
      if (!isRecord(autoEnable)) {
        continue;
      }
      const enabled = fields.filter((f) => autoEnable[f] === true);
      if (enabled.length > 0) {
        reportViolation(
          `OrganizationConfiguration '${orgConfig.name}' auto-enables ${enabled.join(", ")} while an Organizations INSPECTOR_POLICY manages enablement; set those autoEnable flags to false or remove the resource.`,
          orgConfig.urn,
        );
      }
    }
  },
};
