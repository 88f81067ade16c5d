import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { INSPECTOR_POLICY_TYPE, MemberAssociations } from "../../lib/inspector";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requireProtect: {
      type: "boolean",
      default: false,
      description:
        "Also require protect: true on the delegated-admin registration and the organization configuration.",
    },
  },
};

/**
 * Resource options as the offline runner passes them: @pulumi/policy 1.21's
 * PolicyResourceOptions has no retainOnDelete (the engine does not send it), so the field is
 * optional and the check is skipped when it is absent.
 */
type OptionsWithRetain = PolicyResourceOptions & { retainOnDelete?: boolean };

function checkOptions(
  label: string,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
  isIrreplaceable: boolean,
): void {
  const opts = args.opts as OptionsWithRetain;
  if (opts.retainOnDelete === false) {
    reportViolation(
      `${label} '${args.name}' is not retained on delete; deleting it disables Inspector scanning across the organization, so set the resource option retainOnDelete: true.`,
    );
  }
  const { requireProtect } = readConfig<{ requireProtect: boolean }>(args, CONFIG_SCHEMA);
  if (requireProtect && isIrreplaceable && opts.protect !== true) {
    reportViolation(
      `${label} '${args.name}' is not protected; set the resource option protect: true (policy config requireProtect).`,
    );
  }
}

/**
 * Deleting an enablement resource disables scanning organization-wide (DESIGN.md), so these
 * resources are retained on delete, and the irreplaceable ones protected where configured.
 *
 * @severity critical
 * @link https://www.pulumi.com/docs/iac/concepts/options/retainondelete/
 */
export const enablementEnforceRetainOnDelete: ResourceValidationPolicy = {
  name: "inspector-enablement-enforce-retain-on-delete",
  description:
    "Requires Inspector enablement resources to be retained on delete and, where configured, protected.",
  severity: "critical",
  remediationSteps:
    "Set retainOnDelete: true (and protect: true where policy config requireProtect is on) on the resource, and rename it only with aliases.",
  url: "https://www.pulumi.com/docs/iac/concepts/options/retainondelete/",
  configSchema: CONFIG_SCHEMA,
  validateResource: [
    validateResourceOfType(aws.inspector2.DelegatedAdminAccount, (_, args, reportViolation) =>
      checkOptions("DelegatedAdminAccount", args, reportViolation, true),
    ),
    validateResourceOfType(aws.inspector2.OrganizationConfiguration, (_, args, reportViolation) =>
      checkOptions("OrganizationConfiguration", args, reportViolation, true),
    ),
    validateResourceOfType(aws.inspector2.Enabler, (_, args, reportViolation) =>
      checkOptions("Enabler", args, reportViolation, false),
    ),
    validateResourceOfType(aws.inspector2.MemberAssociation, (_, args, reportViolation) =>
      checkOptions("MemberAssociation", args, reportViolation, false),
    ),
    validateResourceOfType(MemberAssociations, (_, args, reportViolation) =>
      checkOptions("MemberAssociations", args, reportViolation, false),
    ),
    validateResourceOfType(aws.organizations.Policy, (policy, args, reportViolation) => {
      if (policy.type === INSPECTOR_POLICY_TYPE) {
        checkOptions("Organizations INSPECTOR_POLICY", args, reportViolation, false);
      }
    }),
  ],
};
