/**
 * The four rules that check each governed region (delegated admin, Enablers, organization
 * configuration, findings routing) when the stack has no Inspector2 resources: not applicable
 * without configured governedRegions, and every configured region reported with them (a policy
 * config that names regions the stack forgot entirely is the case it exists for).
 */
import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { delegatedAdminMissingRegion } from "../../policies/delegatedAdmin/missingRegion";
import { enablerMissingAccount } from "../../policies/enabler/missingAccount";
import { eventRuleMissingRegion } from "../../policies/eventRule/missingRegion";
import { organizationConfigurationMissingRegion } from "../../policies/organizationConfiguration/missingRegion";
import {
  checkStack,
  expectMessages,
  expectNotApplicable,
  type StackFixtureResource,
} from "../helpers";

/** A stack with no Inspector2 resource at all. */
const NO_INSPECTOR: StackFixtureResource[] = [
  { cls: aws.sqs.Queue, name: "q", props: { sqsManagedSseEnabled: true } },
];

const cases: { policy: StackValidationPolicy; missing: (region: string) => string }[] = [
  {
    policy: delegatedAdminMissingRegion,
    missing: (r) =>
      `Region '${r}' has no Inspector delegated administrator; add an aws.inspector2.DelegatedAdminAccount with region "${r}" (policy config governedRegions).`,
  },
  {
    policy: enablerMissingAccount,
    missing: (r) =>
      `Region '${r}' has no Inspector Enabler; add Enablers for the delegated administrator and the member accounts with region "${r}".`,
  },
  {
    policy: eventRuleMissingRegion,
    missing: (r) =>
      `Region '${r}' has no EventBridge rule for Inspector findings; add an aws.cloudwatch.EventRule with eventPattern source ["aws.inspector2"] and region "${r}" (policy config requireFindingsRouting).`,
  },
  {
    policy: organizationConfigurationMissingRegion,
    missing: (r) =>
      `Region '${r}' has no Inspector OrganizationConfiguration, so accounts that join later are not scanned there; add one with region "${r}".`,
  },
];

for (const c of cases) {
  describe(`${c.policy.name}: a stack without Inspector2 resources`, () => {
    it("does not apply when no governed regions are configured either", async () => {
      expectNotApplicable(
        await checkStack(c.policy, NO_INSPECTOR),
        "The stack has no Inspector2 resources and no governed regions.",
      );
    });

    it("reports each configured governed region, sorted", async () => {
      expectMessages(
        await checkStack(c.policy, NO_INSPECTOR, { governedRegions: ["us-east-1", "eu-west-1"] }),
        [c.missing("eu-west-1"), c.missing("us-east-1")],
      );
    });
  });
}
