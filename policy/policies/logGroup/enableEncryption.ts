import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Remediation and triage logs name vulnerable hosts and packages; encrypting them with a
 * customer-managed KMS key lets the security team control who reads them.
 *
 * @severity low
 * @link https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const logGroupEnableEncryption: ResourceValidationPolicy = {
  name: "inspector-log-group-enable-encryption",
  description: "Requires CloudWatch log groups to be encrypted with a KMS key.",
  severity: "low",
  remediationSteps:
    "Set kmsKeyId to a KMS key whose key policy allows logs.<region>.amazonaws.com to use it.",
  url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(
    aws.cloudwatch.LogGroup,
    (group, args, reportViolation) => {
      if (group.kmsKeyId === undefined || group.kmsKeyId === "") {
        reportViolation(
          `CloudWatch log group '${args.name}' is not encrypted with a KMS key; set kmsKeyId to a key whose policy allows the CloudWatch Logs service.`,
        );
      }
    },
  ),
};
