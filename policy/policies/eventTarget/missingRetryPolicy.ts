import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Without an explicit retry policy EventBridge retries for 24 hours with defaults nobody chose;
 * stating it makes delivery behaviour part of the reviewed plan.
 *
 * @severity low
 * @link https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export const eventTargetMissingRetryPolicy: ResourceValidationPolicy = {
  name: "inspector-event-target-missing-retry-policy",
  description: "Requires EventBridge targets to declare a retry policy.",
  severity: "low",
  remediationSteps:
    "Set retryPolicy { maximumRetryAttempts, maximumEventAgeInSeconds } on the target.",
  url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(
    aws.cloudwatch.EventTarget,
    (target, args, reportViolation) => {
      if (target.retryPolicy === undefined) {
        reportViolation(
          `EventBridge target '${args.name}' has no retryPolicy; set retryPolicy { maximumRetryAttempts, maximumEventAgeInSeconds }.`,
        );
      }
    },
  ),
};
