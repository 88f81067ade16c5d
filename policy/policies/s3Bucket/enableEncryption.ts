import type { StackValidationPolicy } from "@pulumi/policy";
import { BucketCompanions, bucketsOf } from "../../lib/s3";

/**
 * Default encryption is declared on every bucket (in @pulumi/aws v7 a separate
 * BucketServerSideEncryptionConfiguration naming the bucket), not left to the account default.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
 */
export const s3BucketEnableEncryption: StackValidationPolicy = {
  name: "inspector-s3-bucket-enable-encryption",
  description: "Requires every S3 bucket to declare default server-side encryption.",
  severity: "medium",
  remediationSteps:
    "Add an aws.s3.BucketServerSideEncryptionConfiguration whose bucket is the bucket, with an applyServerSideEncryptionByDefault rule (aws:kms preferred).",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const buckets = bucketsOf(args.resources);
    if (buckets.length === 0) {
      args.notApplicable("The stack has no S3 buckets.");
    }
    const companions = new BucketCompanions(args.resources);
    for (const bucket of buckets) {
      if (companions.sseAlgorithms(bucket).length === 0) {
        reportViolation(
          `S3 bucket '${bucket.name}' declares no default encryption; add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket.`,
          bucket.urn,
        );
      }
    }
  },
};
