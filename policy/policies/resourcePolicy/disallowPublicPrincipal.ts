import * as aws from "@pulumi/aws";
import {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  NON_PUBLIC_CONDITION_KEYS,
  parsePolicyDocument,
  restrictsPrincipal,
} from "../../lib/iamDocument";

function checkDocument(
  label: string,
  document: unknown,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
): void {
  const parsed = parsePolicyDocument(document);
  if (parsed.kind !== "parsed") {
    // Not known yet (preview), or not JSON: the IAM policies' own checks report the latter.
    return;
  }
  for (const statement of parsed.statements) {
    if (statement.effect === "Allow" && statement.anyPrincipal && !restrictsPrincipal(statement)) {
      reportViolation(
        `${label} '${args.name}' statement ${statement.label} allows any principal ("*") without a condition on ${NON_PUBLIC_CONDITION_KEYS.join(", ")}; name the principals, or add one of those conditions with an exact value.`,
      );
    }
  }
}

/**
 * A resource policy that allows `"*"` without tying the caller to an organization, account,
 * principal or source is public: anyone with AWS credentials gets the actions.
 *
 * @severity critical
 * @link https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
 */
export const resourcePolicyDisallowPublicPrincipal: ResourceValidationPolicy = {
  name: "inspector-resource-policy-disallow-public-principal",
  description:
    "Disallows DynamoDB, SQS, SNS, S3 and KMS resource policies that allow any principal without an organization, account or source condition.",
  severity: "critical",
  remediationSteps:
    'Replace Principal "*" with the account or role ARNs, or keep it and add a condition such as StringEquals aws:PrincipalOrgID (organization), aws:SourceAccount or aws:SourceArn (service callers) with exact values.',
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html",
  configSchema: { properties: {} },
  validateResource: [
    validateResourceOfType(aws.dynamodb.ResourcePolicy, (p, args, report) =>
      checkDocument("DynamoDB resource policy", p.policy, args, report),
    ),
    validateResourceOfType(aws.sqs.QueuePolicy, (p, args, report) =>
      checkDocument("SQS queue policy", p.policy, args, report),
    ),
    validateResourceOfType(aws.sns.TopicPolicy, (p, args, report) =>
      checkDocument("SNS topic policy", p.policy, args, report),
    ),
    validateResourceOfType(aws.s3.BucketPolicy, (p, args, report) =>
      checkDocument("S3 bucket policy", p.policy, args, report),
    ),
    validateResourceOfType(aws.kms.Key, (k, args, report) =>
      checkDocument("KMS key policy", k.policy, args, report),
    ),
  ],
};
