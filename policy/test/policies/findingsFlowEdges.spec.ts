/**
 * Edges of the findings-flow rules that findingsFlow.spec.ts and hygiene.spec.ts leave open
 * (issue 18, the policy group's survivors): mixed severity filters, the playbook and SSM
 * switches, an empty dead-letter ARN, Security Hub's unset or unknown configuration type, and
 * StackSets that are not service-managed.
 */
import * as aws from "@pulumi/aws";
import { eventRuleDisallowNumericSeverity } from "../../policies/eventRule/disallowNumericSeverity";
import { eventRuleMissingCriticalPlaybook } from "../../policies/eventRule/missingCriticalPlaybook";
import { eventTargetMissingDeadLetter } from "../../policies/eventTarget/missingDeadLetter";
import { securityhubMissingIntegration } from "../../policies/securityhub/missingIntegration";
import { stackSetMissingSsmCoverage } from "../../policies/stackSet/missingSsmCoverage";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
import { compliantEventTarget, compliantRollout, mutate, without } from "../fixtures";
import {
  type StackFixtureResource,
  checkResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

/** A stack with no Inspector2 resource at all. */
const NO_INSPECTOR: StackFixtureResource[] = [
  { cls: aws.sqs.Queue, name: "q", props: { sqsManagedSseEnabled: true } },
];

describe("inspector-event-rule-disallow-numeric-severity: a mixed filter", () => {
  it("reports a numeric matcher listed beside severity strings", async () => {
    const eventPattern = JSON.stringify({
      source: ["aws.inspector2"],
      detail: { severity: ["CRITICAL", { numeric: [">=", 7] }] },
    });
    expectMessages(
      await checkResource(
        eventRuleDisallowNumericSeverity,
        aws.cloudwatch.EventRule,
        { eventPattern },
        { name: "r" },
      ),
      [
        'EventRule \'r\' filters Inspector findings on a non-string detail.severity, which never matches because severity is a string; use "detail": {"severity": ["CRITICAL", "HIGH"]}.',
      ],
    );
  });
});

describe("inspector-event-rule-missing-critical-playbook: applicability", () => {
  it("does not apply when requirePlaybook is false, even to a stack that has no playbook", async () => {
    expectNotApplicable(
      await checkStack(
        eventRuleMissingCriticalPlaybook,
        without(
          compliantRollout(),
          "findings-us-east-1",
          "findings-eu-west-1",
          "findings-target-us-east-1",
          "findings-target-eu-west-1",
        ),
        { requirePlaybook: false },
      ),
      "Policy config requirePlaybook is false.",
    );
  });

  it("does not apply to a stack without Inspector2 resources", async () => {
    expectNotApplicable(
      await checkStack(eventRuleMissingCriticalPlaybook, NO_INSPECTOR),
      "The stack has no Inspector2 resources.",
    );
  });
});

describe("inspector-event-target-missing-dead-letter: an empty ARN", () => {
  it("reports deadLetterConfig.arn set to the empty string", async () => {
    expectMessages(
      await checkResource(
        eventTargetMissingDeadLetter,
        aws.cloudwatch.EventTarget,
        { ...compliantEventTarget(), deadLetterConfig: { arn: "" } },
        { name: "t" },
      ),
      [
        "EventBridge target 't' has no dead-letter queue, so undeliverable events are dropped; set deadLetterConfig.arn to an SQS queue.",
      ],
    );
  });
});

describe("inspector-securityhub-missing-integration: the organization configuration's type", () => {
  const LOCAL_ONLY = (name: string): string =>
    `Security Hub organization configuration '${name}' is LOCAL, so autoEnable reaches only accounts that join later and the existing accounts never send their Inspector findings; set organizationConfiguration.configurationType CENTRAL with an aws.securityhub.ConfigurationPolicy and its ConfigurationPolicyAssociation, or add aws.securityhub.Member resources (policy config requireExistingAccounts).`;

  /** The compliant rollout with Security Hub organization configurations of these inputs. */
  const withConfigurations = (...props: Record<string, unknown>[]): StackFixtureResource[] => [
    ...compliantRollout(),
    ...props.map((p, i) => ({
      cls: aws.securityhub.OrganizationConfiguration,
      name: `securityhub-org-${i}`,
      props: { autoEnable: true, ...p },
    })),
  ];

  it("does not apply to a stack without Inspector2 resources", async () => {
    expectNotApplicable(
      await checkStack(securityhubMissingIntegration, NO_INSPECTOR),
      "The stack has no Inspector2 resources.",
    );
  });

  it("reads an absent, null or empty organizationConfiguration as LOCAL", async () => {
    expectMessages(
      await checkStack(
        securityhubMissingIntegration,
        withConfigurations(
          {},
          { organizationConfiguration: null },
          { organizationConfiguration: {} },
        ),
      ),
      [
        LOCAL_ONLY("securityhub-org-0"),
        LOCAL_ONLY("securityhub-org-1"),
        LOCAL_ONLY("securityhub-org-2"),
      ],
    );
  });

  it("passes when one of several configurations is CENTRAL", async () => {
    expectNoViolations(
      await checkStack(
        securityhubMissingIntegration,
        withConfigurations(
          { organizationConfiguration: { configurationType: "LOCAL" } },
          { organizationConfiguration: { configurationType: "CENTRAL" } },
        ),
      ),
    );
  });

  it("does not hold a configuration type not known yet (preview) against the stack", async () => {
    expectNoViolations(
      await checkStack(
        securityhubMissingIntegration,
        withConfigurations({ organizationConfiguration: { configurationType: UNKNOWN_SENTINEL } }),
      ),
    );
    expectNoViolations(
      await checkStack(
        securityhubMissingIntegration,
        withConfigurations(
          { organizationConfiguration: { configurationType: "LOCAL" } },
          { organizationConfiguration: { configurationType: UNKNOWN_SENTINEL } },
        ),
      ),
    );
  });
});

describe("inspector-stack-set-missing-ssm-coverage: applicability and the permission model", () => {
  const NO_SERVICE_MANAGED =
    'No service-managed StackSet deploys SSM coverage to member accounts; add an aws.cloudformation.StackSet with permissionModel "SERVICE_MANAGED" and autoDeployment.enabled true (policy config requireSsmCoverage).';

  it("does not apply when requireSsmCoverage is false, even to a stack without coverage", async () => {
    expectNotApplicable(
      await checkStack(stackSetMissingSsmCoverage, without(compliantRollout(), "ssm-coverage"), {
        requireSsmCoverage: false,
      }),
      "Policy config requireSsmCoverage is false.",
    );
  });

  it("does not apply to a stack without Inspector2 resources", async () => {
    expectNotApplicable(
      await checkStack(stackSetMissingSsmCoverage, NO_INSPECTOR),
      "The stack has no Inspector2 resources.",
    );
  });

  it("does not count a self-managed StackSet, nor report its auto-deployment", async () => {
    const resources = mutate(compliantRollout(), "ssm-coverage", (p) => {
      p["permissionModel"] = "SELF_MANAGED";
      delete p["autoDeployment"];
    });
    expectMessages(await checkStack(stackSetMissingSsmCoverage, resources), [NO_SERVICE_MANAGED]);
  });

  it("reports a service-managed StackSet whose autoDeployment leaves enabled unset", async () => {
    const resources = mutate(compliantRollout(), "ssm-coverage", (p) => {
      p["autoDeployment"] = { retainStacksOnAccountRemoval: false };
    });
    expectMessages(await checkStack(stackSetMissingSsmCoverage, resources), [
      "StackSet 'ssm-coverage' does not auto-deploy, so accounts created later get no SSM coverage; set autoDeployment.enabled to true.",
    ]);
  });
});
