import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Finding notifications carry vulnerability details; SNS encrypts them at rest only with a KMS
 * key set on the topic.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 */
export const snsTopicEnableEncryption: ResourceValidationPolicy = {
  name: "inspector-sns-topic-enable-encryption",
  description: "Requires SNS topics to be encrypted at rest with a KMS key.",
  severity: "medium",
  remediationSteps:
    'Set kmsMasterKeyId to a customer-managed key (whose policy lets the publishing services use it) or "alias/aws/sns".',
  url: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(aws.sns.Topic, (topic, args, reportViolation) => {
    if (topic.kmsMasterKeyId === undefined || topic.kmsMasterKeyId === "") {
      reportViolation(
        `SNS topic '${args.name}' is not encrypted at rest; set kmsMasterKeyId to a KMS key.`,
      );
    }
  }),
};
