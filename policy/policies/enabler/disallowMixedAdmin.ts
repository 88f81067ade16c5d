import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { delegatedAdminAccountIds } from "../../lib/inspector";
import { knownStrings, resourcesOf } from "../../lib/resources";

/**
 * The delegated administrator enables itself before its members, in its own Enabler: an Enabler
 * "can contain one of: the Organization's Administrator Account, or one or more Member Accounts".
 *
 * @severity high
 * @link https://www.pulumi.com/registry/packages/aws/api-docs/inspector2/enabler/
 */
export const enablerDisallowMixedAdmin: StackValidationPolicy = {
  name: "inspector-enabler-disallow-mixed-admin",
  description:
    "Disallows Inspector Enablers that list the delegated administrator together with member accounts.",
  severity: "high",
  remediationSteps:
    "Give the delegated administrator its own Enabler per region and make the member Enablers depend on it.",
  url: "https://www.pulumi.com/registry/packages/aws/api-docs/inspector2/enabler/",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const admins = new Set(delegatedAdminAccountIds(args.resources));
    if (admins.size === 0) {
      args.notApplicable("The stack registers no Inspector delegated administrator.");
    }
    for (const enabler of resourcesOf(args.resources, aws.inspector2.Enabler)) {
      const ids = knownStrings(enabler.props["accountIds"]);
      if (ids === undefined || ids.length < 2) {
        continue;
      }
      for (const admin of ids.filter((id) => admins.has(id))) {
        reportViolation(
          `Enabler '${enabler.name}' enables the delegated administrator ${admin} together with ${ids.length - 1} other account(s); put the delegated administrator in its own Enabler.`,
          enabler.urn,
        );
      }
    }
  },
};
