/**
 * The encryption-at-rest and public-access rules on their edges (issue 18, the policy group's
 * survivors): an empty key id counts as no key (SQS, SNS, CloudWatch Logs), the S3 rules do not
 * apply to a stack without buckets, and a bucket is judged by the public access blocks found for it.
 */
import * as aws from "@pulumi/aws";
import { logGroupEnableEncryption } from "../../policies/logGroup/enableEncryption";
import { s3BucketDisallowPublicAccess } from "../../policies/s3Bucket/disallowPublicAccess";
import { s3BucketEnableEncryption } from "../../policies/s3Bucket/enableEncryption";
import { snsTopicEnableEncryption } from "../../policies/snsTopic/enableEncryption";
import { sqsQueueEnableEncryption } from "../../policies/sqsQueue/enableEncryption";
import { checkResource, checkStack, expectMessages, expectNotApplicable } from "../helpers";

describe("encryption at rest: an empty key id is no key", () => {
  const cases: [
    Parameters<typeof checkResource>[0],
    Parameters<typeof checkResource>[1],
    Record<string, unknown>,
    string,
  ][] = [
    [
      sqsQueueEnableEncryption,
      aws.sqs.Queue,
      { kmsMasterKeyId: "" },
      "SQS queue 'r' is not encrypted at rest; set sqsManagedSseEnabled: true or kmsMasterKeyId.",
    ],
    [
      snsTopicEnableEncryption,
      aws.sns.Topic,
      { kmsMasterKeyId: "" },
      "SNS topic 'r' is not encrypted at rest; set kmsMasterKeyId to a KMS key.",
    ],
    [
      logGroupEnableEncryption,
      aws.cloudwatch.LogGroup,
      { kmsKeyId: "", retentionInDays: 30 },
      "CloudWatch log group 'r' is not encrypted with a KMS key; set kmsKeyId to a key whose policy allows the CloudWatch Logs service.",
    ],
  ];
  for (const [policy, cls, props, message] of cases) {
    it(`${policy.name} reports ${JSON.stringify(props)}`, async () => {
      expectMessages(await checkResource(policy, cls, props, { name: "r" }), [message]);
    });
  }
});

describe("S3 bucket rules without buckets", () => {
  const queueOnly = [{ cls: aws.sqs.Queue, name: "q", props: { sqsManagedSseEnabled: true } }];

  it("inspector-s3-bucket-enable-encryption is not applicable to a stack without S3 buckets", async () => {
    expectNotApplicable(
      await checkStack(s3BucketEnableEncryption, queueOnly),
      "The stack has no S3 buckets.",
    );
  });

  it("inspector-s3-bucket-disallow-public-access is not applicable to a stack without S3 buckets", async () => {
    expectNotApplicable(
      await checkStack(s3BucketDisallowPublicAccess, queueOnly),
      "The stack has no S3 buckets.",
    );
  });
});

describe("inspector-s3-bucket-disallow-public-access with another bucket's block among the found", () => {
  const ALL_ON = {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  };

  it("does not blame a bucket for a setting another bucket's block (depending on it) leaves off", async () => {
    // Offline, a resource's dependencies include its dependsOn, so the block of "b" is also
    // found for "a"; a setting counts as off only when each block found for the bucket leaves it off.
    expectMessages(
      await checkStack(s3BucketDisallowPublicAccess, [
        { cls: aws.s3.Bucket, name: "a", props: { bucket: "a" } },
        { cls: aws.s3.Bucket, name: "b", props: { bucket: "b" } },
        { cls: aws.s3.BucketPublicAccessBlock, name: "a-block", props: { bucket: "a", ...ALL_ON } },
        {
          cls: aws.s3.BucketPublicAccessBlock,
          name: "b-block",
          props: { bucket: "b", ...ALL_ON, blockPublicPolicy: false },
          dependsOn: ["a"],
        },
      ]),
      ["S3 bucket 'b' has a public access block with blockPublicPolicy off; set them to true."],
    );
  });
});
