import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Findings and remediation requests pass through queues; they are encrypted at rest with
 * SQS-managed keys or a KMS key, stated explicitly rather than left to the account default.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 */
export const sqsQueueEnableEncryption: ResourceValidationPolicy = {
  name: "inspector-sqs-queue-enable-encryption",
  description: "Requires SQS queues to be encrypted at rest.",
  severity: "medium",
  remediationSteps: "Set sqsManagedSseEnabled: true, or kmsMasterKeyId to a KMS key.",
  url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(aws.sqs.Queue, (queue, args, reportViolation) => {
    const hasKmsKey = queue.kmsMasterKeyId !== undefined && queue.kmsMasterKeyId !== "";
    if (!hasKmsKey && queue.sqsManagedSseEnabled !== true) {
      reportViolation(
        `SQS queue '${args.name}' is not encrypted at rest; set sqsManagedSseEnabled: true or kmsMasterKeyId.`,
      );
    }
  }),
};
