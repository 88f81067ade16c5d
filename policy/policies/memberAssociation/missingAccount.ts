import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  delegatedAdminAccountIds,
  isOrganizationPolicyMode,
  MemberAssociations,
  regionOf,
} from "../../lib/inspector";
import { isKnownString, knownStrings, resourcesOf } from "../../lib/resources";

/**
 * In delegated-admin mode the administrator associates each member (AssociateMember) before it
 * can enable scanning for it: through the region's member associations resource (one for the
 * whole set, the program's shape), or an aws.inspector2.MemberAssociation per member.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html
 */
export const memberAssociationMissingAccount: StackValidationPolicy = {
  name: "inspector-member-association-missing-account",
  description:
    "Requires a member association in the same region for every member account an Inspector Enabler enables.",
  severity: "medium",
  remediationSteps:
    "Add the account to the accountIds of the region's member associations (or add an aws.inspector2.MemberAssociation for it) and make the Enabler depend on it.",
  url: "https://docs.aws.amazon.com/inspector/v2/APIReference/API_AssociateMember.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    if (isOrganizationPolicyMode(args.resources)) {
      args.notApplicable("Enablement is declared by an Organizations INSPECTOR_POLICY.");
    }
    const enablers = resourcesOf(args.resources, aws.inspector2.Enabler);
    if (enablers.length === 0) {
      args.notApplicable("The stack registers no Inspector Enabler.");
    }
    const admins = new Set(delegatedAdminAccountIds(args.resources));
    const associated = new Set<string>();
    for (const association of resourcesOf(args.resources, aws.inspector2.MemberAssociation)) {
      const id: unknown = association.props["accountId"];
      if (isKnownString(id)) {
        associated.add(`${id}@${regionOf(association) ?? ""}`);
      }
    }
    for (const set of resourcesOf(args.resources, MemberAssociations)) {
      for (const id of knownStrings(set.props["accountIds"]) ?? []) {
        associated.add(`${id}@${regionOf(set) ?? ""}`);
      }
    }
    for (const enabler of enablers) {
      const region = regionOf(enabler);
      for (const id of knownStrings(enabler.props["accountIds"]) ?? []) {
        if (!admins.has(id) && !associated.has(`${id}@${region ?? ""}`)) {
          reportViolation(
            `Account ${id} is enabled by Enabler '${enabler.name}' in ${region ?? "the provider's region"} but is not associated there; add it to the accountIds of the region's member associations (or an aws.inspector2.MemberAssociation in the same region).`,
            enabler.urn,
          );
        }
      }
    }
  },
};
