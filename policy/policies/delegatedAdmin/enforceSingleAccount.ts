import * as aws from "@pulumi/aws";
import { StackValidationPolicy, validateStackResourcesOfType } from "@pulumi/policy";
import { isKnownString } from "../../lib/resources";

/**
 * An organization can have only one Inspector delegated administrator, the same account in
 * every region; a second account fails the registration.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html
 */
export const delegatedAdminEnforceSingleAccount: StackValidationPolicy = {
  name: "inspector-delegated-admin-enforce-single-account",
  description: "Requires the same Inspector delegated administrator account in every region.",
  severity: "high",
  remediationSteps:
    "Use one accountId (the security tooling account) for every aws.inspector2.DelegatedAdminAccount.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html",
  configSchema: { properties: {} },
  validateStack: validateStackResourcesOfType(
    aws.inspector2.DelegatedAdminAccount,
    (admins, args, reportViolation) => {
      // The account most regions use is taken as the intended one (ties: the lowest id).
      const counts = new Map<string, number>();
      for (const id of admins.map((a) => a.accountId).filter(isKnownString)) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const [expected] = [...counts.entries()].sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
      );
      if (counts.size > 1) {
        for (const resource of args.resources) {
          const id: unknown = resource.props["accountId"];
          if (isKnownString(id) && id !== expected[0]) {
            reportViolation(
              `DelegatedAdminAccount '${resource.name}' registers account ${id} but the other regions register ${expected[0]}; an organization has one delegated administrator, so use the same accountId in every region.`,
              resource.urn,
            );
          }
        }
      }
    },
  ),
};
