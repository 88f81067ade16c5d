import type { StackValidationPolicy } from "@pulumi/policy";
import { BucketCompanions, bucketsOf } from "../../lib/s3";

/** The four settings of a public access block, all of which must be true. */
const BLOCK_SETTINGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/**
 * Every bucket has a public access block with all four settings on, so a later ACL or bucket
 * policy cannot make it public.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export const s3BucketDisallowPublicAccess: StackValidationPolicy = {
  name: "inspector-s3-bucket-disallow-public-access",
  description: "Requires every S3 bucket to have a public access block with all four settings on.",
  severity: "high",
  remediationSteps:
    "Add an aws.s3.BucketPublicAccessBlock whose bucket is the bucket, with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const buckets = bucketsOf(args.resources);
    if (buckets.length === 0) {
      args.notApplicable("The stack has no S3 buckets.");
    }
    const companions = new BucketCompanions(args.resources);
    for (const bucket of buckets) {
      const blocks = companions.publicAccessBlocks(bucket);
      if (blocks.length === 0) {
        reportViolation(
          `S3 bucket '${bucket.name}' has no public access block; add an aws.s3.BucketPublicAccessBlock with bucket set to this bucket and all four settings true.`,
          bucket.urn,
        );
        continue;
      }
      // Settings are false unless set; an unknown value (preview) counts as set.
      const off = BLOCK_SETTINGS.filter((s) =>
        blocks.every((b) => b.props[s] === undefined || b.props[s] === false),
      );
      if (off.length > 0) {
        reportViolation(
          `S3 bucket '${bucket.name}' has a public access block with ${off.join(", ")} off; set them to true.`,
          bucket.urn,
        );
      }
    }
  },
};
