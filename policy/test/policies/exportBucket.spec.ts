/**
 * inspector-export-bucket-enforce-controls on its guards and its judgement over several
 * companions (issue 18, the policy group's survivors in this rule): when it does not apply, the
 * KMS algorithms CreateFindingsReport accepts, a bucket policy unknown at preview, and another
 * bucket's companions found through a dependency.
 */
import * as aws from "@pulumi/aws";
import { exportBucketEnforceControls as rule } from "../../policies/exportBucket/enforceControls";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
import { compliantRollout, mutate } from "../fixtures";
import { checkStack, expectMessages, expectNoViolations, expectNotApplicable } from "../helpers";

const EXPORT_ONLY = { bucketNamePattern: "^export$" };

describe("inspector-export-bucket-enforce-controls: guards and several companions", () => {
  it("does not apply when requireFindingsExport is false", async () => {
    expectNotApplicable(
      await checkStack(rule, compliantRollout(), { requireFindingsExport: false }),
      "Policy config requireFindingsExport is false.",
    );
  });

  it("does not apply to a stack without Inspector2 resources", async () => {
    expectNotApplicable(
      await checkStack(rule, [{ cls: aws.s3.Bucket, name: "export", props: { bucket: "x" } }]),
      "The stack has no Inspector2 resources.",
    );
  });

  it("accepts dual-layer KMS encryption (aws:kms:dsse)", async () => {
    expectNoViolations(
      await checkStack(
        rule,
        mutate(compliantRollout(), "export-sse", (p) => {
          p["rules"] = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }];
        }),
      ),
    );
  });

  it("gives a bucket policy unknown at preview the benefit of the doubt", async () => {
    expectNoViolations(
      await checkStack(
        rule,
        mutate(compliantRollout(), "export-policy", (p) => {
          p["policy"] = UNKNOWN_SENTINEL;
        }),
      ),
    );
  });

  it("judges the export bucket by its own KMS configuration and TLS-only policy when another bucket's (depending on it) lack both", async () => {
    // Offline, a resource's dependencies include its dependsOn, so the log bucket's companions
    // are also found for the export bucket: one KMS algorithm and one TLS-only policy suffice.
    const logs = [
      { cls: aws.s3.Bucket, name: "logs", props: { bucket: "logs" } },
      {
        cls: aws.s3.BucketServerSideEncryptionConfiguration,
        name: "logs-sse",
        props: {
          bucket: "logs",
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        },
        dependsOn: ["export"],
      },
      {
        cls: aws.s3.BucketPolicy,
        name: "logs-policy",
        props: { bucket: "logs", policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
        dependsOn: ["export"],
      },
    ];
    expectNoViolations(await checkStack(rule, [...compliantRollout(), ...logs], EXPORT_ONLY));
    expectMessages(
      await checkStack(rule, [...compliantRollout(), ...logs], { bucketNamePattern: "^logs$" }),
      [
        "Export bucket 'logs' is not encrypted with KMS; findings reports require a customer-managed KMS key, so add a BucketServerSideEncryptionConfiguration with sseAlgorithm \"aws:kms\" and kmsMasterKeyId.",
        "Export bucket 'logs' is not versioned; add an aws.s3.BucketVersioning with versioningConfiguration.status \"Enabled\".",
        'Export bucket \'logs\' accepts requests without TLS; add a BucketPolicy statement that denies s3:* when "aws:SecureTransport" is "false".',
        "Export bucket 'logs' has no lifecycle rules, so exported findings are kept forever; add an aws.s3.BucketLifecycleConfiguration with expiration and noncurrent-version rules.",
      ],
    );
  });
});
