/** The findings export in the home Region: encrypted bucket, continuous export through Firehose. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  buildExportBucketPolicy,
  buildExportKeyPolicy,
  buildFirehoseDeliveryPolicy,
  buildObjectNotificationQueuePolicy,
} from "../lib/findingsPolicies";
import {
  EXPORT_PARTITION_QUERY,
  FINDINGS_ERROR_PREFIX,
  FINDINGS_PREFIX,
} from "../lib/exportLayout";
import { TOKEN_PREFIX } from "./common";
import { EventDeadLetterQueue } from "./eventDeadLetterQueue";

/** Arguments of {@link FindingsExport}. */
export interface FindingsExportArgs {
  /** The home Region: reports need the bucket and key in the Region of the findings. */
  readonly region: string;
  /** The delegated administrator's account id. */
  readonly accountId: string;
  /** Days before objects move to `transitionStorageClass`. Defaults to 30. */
  readonly transitionDays?: number;
  /** Where objects move. Defaults to STANDARD_IA. */
  readonly transitionStorageClass?: string;
  /** Days before objects expire. Defaults to 400. */
  readonly expirationDays?: number;
  /** Object Lock retention in days (GOVERNANCE). Defaults to no Object Lock. */
  readonly objectLockDays?: number;
  /** Whether new objects are announced on an SQS queue. Defaults to false. */
  readonly objectNotifications?: boolean;
  /** The KMS key of the Region's log groups. */
  readonly logKeyArn: pulumi.Input<string>;
  /** Retention of the Firehose error log group, in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /** The topic the notification queue's DLQ alarm notifies (only with objectNotifications). */
  readonly alarmTopicArn: pulumi.Input<string>;
  /**
   * The organization whose members' SSM resource data syncs write under `ssm-sync/` (bucket and
   * key policy statements for ssm.amazonaws.com). Defaults to none: no sync statements.
   */
  readonly ssmSyncOrganizationId?: string;
}

/** Firehose's minimum buffer with dynamic partitioning is 64 MiB. */
export const FIREHOSE_BUFFER_MIB = 64;
/** Deliver at least every 5 minutes. */
export const FIREHOSE_BUFFER_SECONDS = 300;
/** How long non-current versions are kept before they expire, in days. */
export const NONCURRENT_VERSION_DAYS = 30;

/** The bucket name: one per delegated administrator and home Region. */
export function exportBucketName(accountId: string, region: string): string {
  return `inspector-findings-${accountId}-${region}`;
}

/**
 * A customer-managed key (rotation on) with Inspector's documented statement, a bucket with
 * SSE-KMS and a bucket key, versioning, every public access block, a TLS-only policy with
 * Inspector's documented PutObject statement, lifecycle, optional Object Lock; and a Firehose
 * stream (GZIP, partitioned by event kind and date: lib/exportLayout.ts) whose role can only write under
 * the findings prefixes.
 *
 * @example
 * new FindingsExport("inspector-export", { region: "us-east-1", accountId: "222222222222",
 *   logKeyArn: key.arn, alarmTopicArn: operations.arn }, { provider: delegatedAdmin });
 */
export class FindingsExport extends pulumi.ComponentResource {
  public readonly key: aws.kms.Key;
  public readonly bucket: aws.s3.Bucket;
  public readonly stream: aws.kinesis.FirehoseDeliveryStream;
  /** The SIEM queue of new objects, when `objectNotifications` is true. */
  public readonly notificationQueue: aws.sqs.Queue | undefined;

  constructor(name: string, args: FindingsExportArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsExport`, name, {}, opts);
    const { region, accountId } = args;
    const parent = { parent: this };
    const isLocked = args.objectLockDays !== undefined;

    const firehoseRole = new aws.iam.Role(
      `${name}-firehose`,
      {
        // Firehose's documented trust: the account id as external id.
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AllowFirehoseAssumeRole",
              Effect: "Allow",
              Principal: { Service: "firehose.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": accountId } },
            },
          ],
        }),
      },
      parent,
    );
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        region,
        description: "Inspector findings export: bucket, findings reports, SBOM exports",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: firehoseRole.arn.apply((firehoseRoleArn) =>
          JSON.stringify(
            buildExportKeyPolicy({
              accountId,
              region,
              firehoseRoleArn,
              // The bucket's name is fixed, and the key is created before the bucket.
              ssmSyncBucketArn:
                args.ssmSyncOrganizationId === undefined
                  ? undefined
                  : `arn:aws:s3:::${exportBucketName(accountId, region)}`,
            }),
          ),
        ),
      },
      parent,
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { region, name: `alias/${name}`, targetKeyId: this.key.keyId },
      parent,
    );
    this.bucket = new aws.s3.Bucket(
      name,
      { region, bucket: exportBucketName(accountId, region), objectLockEnabled: isLocked },
      { ...parent, retainOnDelete: true },
    );
    const bucketRef = { region, bucket: this.bucket.id };
    new aws.s3.BucketPublicAccessBlock(
      name,
      {
        ...bucketRef,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      name,
      { ...bucketRef, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        ...bucketRef,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: this.key.arn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      name,
      { ...bucketRef, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketPolicy(
      name,
      {
        ...bucketRef,
        policy: this.bucket.arn.apply((bucketArn) =>
          JSON.stringify(
            buildExportBucketPolicy({
              accountId,
              region,
              bucketArn,
              ssmSyncOrganizationId: args.ssmSyncOrganizationId,
            }),
          ),
        ),
      },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        ...bucketRef,
        rules: [
          {
            id: "findings-retention",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [
              {
                days: args.transitionDays ?? 30,
                storageClass: args.transitionStorageClass ?? "STANDARD_IA",
              },
            ],
            expiration: { days: args.expirationDays ?? 400 },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_VERSION_DAYS },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { ...parent, dependsOn: [versioning] },
    );
    if (args.objectLockDays !== undefined) {
      new aws.s3.BucketObjectLockConfiguration(
        name,
        {
          ...bucketRef,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: "GOVERNANCE", days: args.objectLockDays } },
        },
        { ...parent, dependsOn: [versioning] },
      );
    }

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-firehose`,
      {
        region,
        name: `/aws/kinesisfirehose/${name}`,
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: args.logKeyArn,
      },
      parent,
    );
    const logStream = new aws.cloudwatch.LogStream(
      `${name}-firehose`,
      { region, name: "DestinationDelivery", logGroupName: logGroup.name },
      parent,
    );
    const deliveryPolicy = new aws.iam.RolePolicy(
      `${name}-firehose`,
      {
        role: firehoseRole.id,
        policy: pulumi
          .all([this.bucket.arn, this.key.arn, logGroup.arn])
          .apply(([bucketArn, keyArn, logGroupArn]) =>
            JSON.stringify(
              buildFirehoseDeliveryPolicy({ accountId, region, bucketArn, keyArn, logGroupArn }),
            ),
          ),
      },
      parent,
    );
    this.stream = new aws.kinesis.FirehoseDeliveryStream(
      name,
      {
        region,
        name: `${name}-findings`,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
        extendedS3Configuration: {
          roleArn: firehoseRole.arn,
          bucketArn: this.bucket.arn,
          kmsKeyArn: this.key.arn,
          prefix: FINDINGS_PREFIX,
          errorOutputPrefix: FINDINGS_ERROR_PREFIX,
          compressionFormat: "GZIP",
          fileExtension: ".json.gz",
          bufferingSize: FIREHOSE_BUFFER_MIB,
          bufferingInterval: FIREHOSE_BUFFER_SECONDS,
          dynamicPartitioningConfiguration: { enabled: true },
          processingConfiguration: {
            enabled: true,
            processors: [
              {
                type: "MetadataExtraction",
                parameters: [
                  {
                    parameterName: "MetadataExtractionQuery",
                    parameterValue: EXPORT_PARTITION_QUERY,
                  },
                  { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                ],
              },
              {
                // One finding event per line, so a SIEM reads the objects as JSON Lines.
                type: "AppendDelimiterToRecord",
                parameters: [{ parameterName: "Delimiter", parameterValue: "\\n" }],
              },
            ],
          },
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: logGroup.name,
            logStreamName: logStream.name,
          },
        },
      },
      { ...parent, dependsOn: [deliveryPolicy] },
    );

    this.notificationQueue =
      args.objectNotifications === true ? this.createNotificationQueue(name, args) : undefined;
    this.registerOutputs({
      key: this.key,
      bucket: this.bucket,
      stream: this.stream,
      notificationQueue: this.notificationQueue,
    });
  }

  private createNotificationQueue(name: string, args: FindingsExportArgs): aws.sqs.Queue {
    const { region, accountId } = args;
    const dlq = new EventDeadLetterQueue(
      `${name}-objects-dlq`,
      { region, ruleArns: [], alarmTopicArn: args.alarmTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    const queue = new aws.sqs.Queue(
      `${name}-objects`,
      {
        region,
        name: `${name}-objects`,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: 4 * 24 * 60 * 60,
        redrivePolicy: dlq.queue.arn.apply((deadLetterTargetArn) =>
          JSON.stringify({ deadLetterTargetArn, maxReceiveCount: 5 }),
        ),
      },
      { parent: this },
    );
    const policy = new aws.sqs.QueuePolicy(
      `${name}-objects`,
      {
        region,
        queueUrl: queue.url,
        policy: pulumi
          .all([queue.arn, this.bucket.arn])
          .apply(([queueArn, bucketArn]) =>
            JSON.stringify(
              buildObjectNotificationQueuePolicy({ accountId, region, queueArn, bucketArn }),
            ),
          ),
      },
      { parent: this },
    );
    new aws.s3.BucketNotification(
      name,
      {
        region,
        bucket: this.bucket.id,
        queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }],
      },
      { parent: this, dependsOn: [policy] },
    );
    return queue;
  }
}
