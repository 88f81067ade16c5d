import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { deniesInsecureTransport, parsePolicyDocument } from "../../lib/iamDocument";
import { inspectorResources } from "../../lib/inspector";
import { isKnownString } from "../../lib/resources";
import { BucketCompanions, bucketsOf } from "../../lib/s3";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requireFindingsExport: {
      type: "boolean",
      default: true,
      description: "Require a findings export bucket in a stack that rolls out Inspector.",
    },
    bucketNamePattern: {
      type: "string",
      default: "",
      description:
        "A regular expression on the Pulumi resource name selecting the export buckets; empty means every bucket in the stack.",
    },
  },
};

interface ExportConfig {
  requireFindingsExport: boolean;
  bucketNamePattern: string;
}

/** KMS algorithms CreateFindingsReport accepts (a customer-managed symmetric key). */
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * Findings reports and SBOM exports need a KMS-encrypted bucket; the checklist adds versioning,
 * TLS-only access and a lifecycle so exported findings are kept, protected and expired.
 * Public access blocking is checked for every bucket by inspector-s3-bucket-disallow-public-access.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/findings-managing-exporting-reports.html
 */
export const exportBucketEnforceControls: StackValidationPolicy = {
  name: "inspector-export-bucket-enforce-controls",
  description:
    "Requires the Inspector findings export bucket to be KMS-encrypted, versioned, TLS-only and under a lifecycle.",
  severity: "high",
  remediationSteps:
    "Give the export bucket a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms, a BucketVersioning with status Enabled, a BucketPolicy denying aws:SecureTransport false, and a BucketLifecycleConfiguration.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/findings-managing-exporting-reports.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<ExportConfig>(args, CONFIG_SCHEMA);
    if (!config.requireFindingsExport) {
      args.notApplicable("Policy config requireFindingsExport is false.");
    }
    if (inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources.");
    }
    // The default, empty pattern matches every name.
    const pattern = new RegExp(config.bucketNamePattern);
    const buckets = bucketsOf(args.resources).filter((b) => pattern.test(b.name));
    if (buckets.length === 0) {
      reportViolation(
        "No findings export bucket is defined; add an S3 bucket for continuous export and findings reports (policy config requireFindingsExport, bucketNamePattern).",
      );
      return;
    }
    const companions = new BucketCompanions(args.resources);
    for (const bucket of buckets) {
      const algorithms = companions.sseAlgorithms(bucket);
      // An unknown algorithm (preview) is given the benefit of the doubt.
      const kms = algorithms.some((a) => !isKnownString(a) || KMS_ALGORITHMS.includes(a));
      if (!kms) {
        reportViolation(
          `Export bucket '${bucket.name}' is not encrypted with KMS; findings reports require a customer-managed KMS key, so add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and kmsMasterKeyId.`,
          bucket.urn,
        );
      }
      if (!companions.isVersioned(bucket)) {
        reportViolation(
          `Export bucket '${bucket.name}' is not versioned; add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled".`,
          bucket.urn,
        );
      }
      const documents = companions.policies(bucket).map(parsePolicyDocument);
      const tlsOnly = documents.some(
        (d) =>
          d.kind === "unknown" ||
          (d.kind === "parsed" && d.statements.some(deniesInsecureTransport)),
      );
      if (!tlsOnly) {
        reportViolation(
          `Export bucket '${bucket.name}' accepts requests without TLS; add a BucketPolicy statement that denies s3:* when "aws:SecureTransport" is "false".`,
          bucket.urn,
        );
      }
      if (!companions.hasLifecycle(bucket)) {
        reportViolation(
          `Export bucket '${bucket.name}' has no lifecycle rules, so exported findings are kept forever; add an aws.s3.BucketLifecycleConfiguration with expiration and noncurrent-version rules.`,
          bucket.urn,
        );
      }
    }
  },
};
