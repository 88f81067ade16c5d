import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { inspectorOrganizationPolicies } from "../../lib/inspector";
import { ReferenceIndex, isRecord, parseJsonInput, resourcesOf } from "../../lib/resources";

/**
 * An INSPECTOR_POLICY enables nothing until it is attached to the root or to OUs. Its inner
 * shape is not checked yet; only that the document is JSON with an `inspector` section.
 *
 * @severity critical
 * @link https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html
 */
export const organizationsPolicyMissingAttachment: StackValidationPolicy = {
  name: "inspector-organizations-policy-missing-attachment",
  description:
    "Requires every Organizations INSPECTOR_POLICY to hold an inspector document and to be attached to a target.",
  severity: "critical",
  remediationSteps:
    "Attach the policy with an aws.organizations.PolicyAttachment whose policyId is the policy's id and whose targetId is the root or an OU, and keep the document's top-level `inspector` key.",
  url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const policies = inspectorOrganizationPolicies(args.resources);
    if (policies.length === 0) {
      args.notApplicable("The stack has no Organizations INSPECTOR_POLICY.");
    }
    const attachments = new ReferenceIndex(
      resourcesOf(args.resources, aws.organizations.PolicyAttachment),
      "policyId",
    );
    for (const policy of policies) {
      const content = parseJsonInput(policy.props["content"]);
      if (content.kind === "invalid") {
        reportViolation(
          `Organizations policy '${policy.name}' has content that is not valid JSON (${content.error}); build it with pulumi.jsonStringify.`,
          policy.urn,
        );
      } else if (
        content.kind === "parsed" &&
        !(isRecord(content.value) && "inspector" in content.value)
      ) {
        reportViolation(
          `Organizations policy '${policy.name}' has no top-level "inspector" section, so it enables no scan types; put the scan-type settings under "inspector".`,
          policy.urn,
        );
      }
      if (attachments.referringTo(policy, ["id"]).length === 0) {
        reportViolation(
          `Organizations policy '${policy.name}' is not attached to any target, so it enables nothing; add an aws.organizations.PolicyAttachment with policyId set to its id and targetId set to the root or an OU.`,
          policy.urn,
        );
      }
    }
  },
};
