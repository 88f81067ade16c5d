import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * An event EventBridge cannot deliver after its retries is dropped unless the target has a
 * dead-letter queue; a dropped finding is a vulnerability nobody handles.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
export const eventTargetMissingDeadLetter: ResourceValidationPolicy = {
  name: "inspector-event-target-missing-dead-letter",
  description: "Requires EventBridge targets to have a dead-letter queue.",
  severity: "medium",
  remediationSteps:
    "Set deadLetterConfig.arn to an SQS queue whose policy lets events.amazonaws.com send to it.",
  url: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(
    aws.cloudwatch.EventTarget,
    (target, args, reportViolation) => {
      const arn = target.deadLetterConfig?.arn;
      if (arn === undefined || arn === "") {
        reportViolation(
          `EventBridge target '${args.name}' has no dead-letter queue, so undeliverable events are dropped; set deadLetterConfig.arn to an SQS queue.`,
        );
      }
    },
  ),
};
