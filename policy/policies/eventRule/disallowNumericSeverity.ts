import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { eventPatternOf, isInspectorPattern, severityMatchers } from "../../lib/events";

/**
 * `detail.severity` of an Inspector finding is a string; EventBridge numeric matching only works
 * on JSON numbers, so a numeric severity filter never matches any finding.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/findings-managing-automating-responses.html
 */
export const eventRuleDisallowNumericSeverity: ResourceValidationPolicy = {
  name: "inspector-event-rule-disallow-numeric-severity",
  description:
    "Disallows EventBridge rules that filter Inspector findings on a numeric severity, which never matches.",
  severity: "high",
  remediationSteps:
    'Match detail.severity against the string values, for example "detail": {"severity": ["CRITICAL", "HIGH"]}; use detail.inspectorScore only knowing it is absent on several finding types.',
  url: "https://docs.aws.amazon.com/inspector/latest/user/findings-managing-automating-responses.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(
    aws.cloudwatch.EventRule,
    (rule, args, reportViolation) => {
      const pattern = eventPatternOf(rule as Record<string, unknown>);
      if (pattern === undefined || !isInspectorPattern(pattern)) {
        return;
      }
      if (severityMatchers(pattern).some((m) => typeof m !== "string")) {
        reportViolation(
          `EventRule '${args.name}' filters Inspector findings on a non-string detail.severity, which never matches because severity is a string; use "detail": {"severity": ["CRITICAL", "HIGH"]}.`,
        );
      }
    },
  ),
};
