import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { inspectorRules, matchesCritical } from "../../lib/events";
import { inspectorResources } from "../../lib/inspector";
import { ReferenceIndex, resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requirePlaybook: {
      type: "boolean",
      default: true,
      description: "Require a rule that sends CRITICAL Inspector findings to a target.",
    },
  },
};

/**
 * CRITICAL findings start an automated playbook: an EventBridge rule that matches them and has
 * a target (queue, function or automation).
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/findings-managing-automating-responses.html
 */
export const eventRuleMissingCriticalPlaybook: StackValidationPolicy = {
  name: "inspector-event-rule-missing-critical-playbook",
  description: "Requires an EventBridge rule with a target for CRITICAL Inspector findings.",
  severity: "high",
  remediationSteps:
    'Add an aws.cloudwatch.EventRule matching source ["aws.inspector2"] and detail.severity ["CRITICAL"], with an aws.cloudwatch.EventTarget whose rule is that rule\'s name.',
  url: "https://docs.aws.amazon.com/inspector/latest/user/findings-managing-automating-responses.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const { requirePlaybook } = readConfig<{ requirePlaybook: boolean }>(args, CONFIG_SCHEMA);
    if (!requirePlaybook) {
      args.notApplicable("Policy config requirePlaybook is false.");
    }
    if (inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources.");
    }
    const targets = new ReferenceIndex(
      resourcesOf(args.resources, aws.cloudwatch.EventTarget),
      "rule",
    );
    const critical = inspectorRules(args.resources).filter(({ pattern }) =>
      matchesCritical(pattern),
    );
    for (const { rule } of critical) {
      if (targets.referringTo(rule, ["name"]).length === 0) {
        reportViolation(
          `EventRule '${rule.name}' matches CRITICAL Inspector findings but has no target; add an aws.cloudwatch.EventTarget with rule set to this rule's name.`,
          rule.urn,
        );
      }
    }
    if (critical.length === 0) {
      reportViolation(
        `No EventBridge rule sends CRITICAL Inspector findings anywhere; add a rule matching "detail": {"severity": ["CRITICAL"]} with a target that starts the playbook (policy config requirePlaybook).`,
      );
    }
  },
};
