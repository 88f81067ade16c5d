import { expect } from "chai";
import {
  buildEventQueuePolicy,
  buildEventsToFirehosePolicy,
  buildExportBucketPolicy,
  buildExportKeyPolicy,
  buildFirehoseDeliveryPolicy,
  buildForwardingPolicy,
  buildLambdaTrustPolicy,
  buildNotificationKeyPolicy,
  buildNotifyFunctionPolicy,
  buildObjectNotificationQueuePolicy,
  buildReportFunctionPolicy,
  buildSchedulerPolicy,
  buildServiceTrustPolicy,
  buildTopicPolicy,
  regionOfArn,
} from "../../lib/findingsPolicies";

const ACCOUNT = "222222222222";
const REGION = "us-east-1";
const SCOPE = { accountId: ACCOUNT, region: REGION };
const BUCKET = "arn:aws:s3:::inspector-findings-222222222222-us-east-1";
const KEY = "arn:aws:kms:us-east-1:222222222222:key/1111";
const ROOT = {
  Sid: "EnableAccountAdministration",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::222222222222:root" },
  Action: "kms:*",
  Resource: "*",
};

describe("findings policy documents", () => {
  it("export key: the account, Inspector's documented statement under SourceAccount/SourceArn, Firehose through S3", () => {
    expect(
      buildExportKeyPolicy({
        ...SCOPE,
        firehoseRoleArn: "arn:aws:iam::222222222222:role/firehose",
      }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        ROOT,
        {
          Sid: "AllowInspectorReports",
          Effect: "Allow",
          Principal: { Service: "inspector2.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": "arn:aws:inspector2:us-east-1:222222222222:report/*" },
          },
        },
        {
          Sid: "AllowFirehoseDeliveryThroughS3",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:role/firehose" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        },
      ],
    });
  });

  it("export key and bucket with the members' SSM resource data syncs: the SSM UG's organization statements under ssm-sync/, the key for this bucket only", () => {
    const key = buildExportKeyPolicy({
      ...SCOPE,
      firehoseRoleArn: "arn:aws:iam::222222222222:role/f",
      ssmSyncBucketArn: BUCKET,
    });
    const bucket = buildExportBucketPolicy({
      ...SCOPE,
      bucketArn: BUCKET,
      ssmSyncOrganizationId: "o-a1b2c3d4e5",
    });
    const plainKey = buildExportKeyPolicy({
      ...SCOPE,
      firehoseRoleArn: "arn:aws:iam::222222222222:role/f",
    });
    const plainBucket = buildExportBucketPolicy({ ...SCOPE, bucketArn: BUCKET });
    expect({
      key: key.Statement.slice(plainKey.Statement.length),
      bucket: bucket.Statement.slice(plainBucket.Statement.length),
      keyRest: key.Statement.slice(0, plainKey.Statement.length),
      bucketRest: bucket.Statement.slice(0, plainBucket.Statement.length),
    }).to.deep.equal({
      key: [
        {
          Sid: "AllowSsmResourceDataSync",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "kms:GenerateDataKey",
          Resource: "*",
          Condition: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": BUCKET } },
        },
      ],
      bucket: [
        {
          Sid: "AllowSsmSyncBucketCheck",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: BUCKET,
        },
        {
          Sid: "AllowSsmSyncDelivery",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${BUCKET}/ssm-sync/*/accountid=*/*`,
          Condition: {
            StringEquals: {
              "s3:x-amz-acl": "bucket-owner-full-control",
              "aws:SourceOrgID": "o-a1b2c3d4e5",
            },
          },
        },
        {
          Sid: "AllowSsmSyncDeliveryTagging",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "s3:PutObjectTagging",
          Resource: `${BUCKET}/ssm-sync/*/accountid=*/*`,
        },
      ],
      keyRest: plainKey.Statement,
      bucketRest: plainBucket.Statement,
    });
  });

  it("export key and bucket: Inspector's principal is Region-qualified in opt-in Regions", () => {
    const scope = { accountId: ACCOUNT, region: "me-south-1" };
    const key = buildExportKeyPolicy({
      ...scope,
      firehoseRoleArn: "arn:aws:iam::222222222222:role/f",
    });
    const bucket = buildExportBucketPolicy({ ...scope, bucketArn: BUCKET });
    expect(
      [key.Statement[1], bucket.Statement[1]].map((s) => [s.Principal, s.Condition]),
    ).to.deep.equal(
      [1, 2].map(() => [
        { Service: "inspector2.me-south-1.amazonaws.com" },
        {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": "arn:aws:inspector2:me-south-1:222222222222:report/*" },
        },
      ]),
    );
  });

  it("export bucket: TLS only, and Inspector's PutObject statement narrowed to reports/", () => {
    expect(buildExportBucketPolicy({ ...SCOPE, bucketArn: BUCKET })).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [BUCKET, `${BUCKET}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "AllowInspectorReports",
          Effect: "Allow",
          Principal: { Service: "inspector2.amazonaws.com" },
          Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload"],
          Resource: `${BUCKET}/reports/*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": "arn:aws:inspector2:us-east-1:222222222222:report/*" },
          },
        },
      ],
    });
  });

  it("notification key: EventBridge and CloudWatch alarms of the account, CloudWatch Logs of the Region", () => {
    expect(buildNotificationKeyPolicy(SCOPE)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        ROOT,
        {
          Sid: "AllowEventBridgePublish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "AllowCloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "AllowCloudWatchLogs",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn":
                "arn:aws:logs:us-east-1:222222222222:log-group:*",
            },
          },
        },
      ],
    });
  });

  it("topic: the named rules and the account's alarms may publish", () => {
    const topicArn = "arn:aws:sns:us-east-1:222222222222:inspector-notify-operations";
    const rule = "arn:aws:events:us-east-1:222222222222:rule/inspector-findings-operations";
    expect(buildTopicPolicy({ ...SCOPE, topicArn, ruleArns: [rule] })).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowEventBridgeRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: { ArnEquals: { "aws:SourceArn": [rule] } },
        },
        {
          Sid: "AllowCloudWatchAlarms",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:222222222222:alarm:*" },
          },
        },
      ],
    });
    expect(
      buildTopicPolicy({ ...SCOPE, topicArn, ruleArns: [] }).Statement.map((s) => s.Sid),
    ).to.deep.equal(["AllowCloudWatchAlarms"]);
  });

  it("event queues: only events.amazonaws.com, only for the named rules", () => {
    const queue = "arn:aws:sqs:eu-west-1:222222222222:inspector-routing-eu-west-1-dlq";
    const rule = "arn:aws:events:eu-west-1:222222222222:rule/inspector-findings-forward";
    expect(buildEventQueuePolicy(queue, [rule])).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowEventBridgeRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue,
          Condition: { ArnEquals: { "aws:SourceArn": [rule] } },
        },
      ],
    });
  });

  it("SIEM queue: S3 notifications of the export bucket of the account only", () => {
    const queueArn = "arn:aws:sqs:us-east-1:222222222222:inspector-export-objects";
    expect(
      buildObjectNotificationQueuePolicy({ ...SCOPE, queueArn, bucketArn: BUCKET }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowExportBucketNotifications",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnEquals: { "aws:SourceArn": BUCKET },
          },
        },
      ],
    });
  });

  it("trust policies: service principals confined to the account; Lambda without a condition", () => {
    expect(buildServiceTrustPolicy("events.amazonaws.com", ACCOUNT)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowServiceAssumeRole",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
    expect(buildLambdaTrustPolicy()).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowLambdaAssumeRole",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  it("forwarding and EventBridge-to-Firehose roles: one action on one resource", () => {
    const bus = "arn:aws:events:us-east-1:222222222222:event-bus/default";
    expect(buildForwardingPolicy(bus)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        { Sid: "PutEventsOnHomeBus", Effect: "Allow", Action: "events:PutEvents", Resource: bus },
      ],
    });
    const stream =
      "arn:aws:firehose:us-east-1:222222222222:deliverystream/inspector-export-findings";
    expect(buildEventsToFirehosePolicy(stream)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PutRecordsOnExportStream",
          Effect: "Allow",
          Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          Resource: stream,
        },
      ],
    });
  });

  it("Firehose delivery: the findings prefixes, the key only through S3, its own log group", () => {
    const logGroupArn =
      "arn:aws:logs:us-east-1:222222222222:log-group:/aws/kinesisfirehose/inspector-export";
    expect(
      buildFirehoseDeliveryPolicy({ ...SCOPE, bucketArn: BUCKET, keyArn: KEY, logGroupArn }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ListExportBucket",
          Effect: "Allow",
          Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          Resource: BUCKET,
        },
        {
          Sid: "WriteFindingsObjects",
          Effect: "Allow",
          Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
          Resource: [`${BUCKET}/findings/*`, `${BUCKET}/findings-errors/*`],
        },
        {
          Sid: "EncryptThroughS3",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: KEY,
          Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "LogDeliveryErrors",
          Effect: "Allow",
          Action: "logs:PutLogEvents",
          Resource: `${logGroupArn}:*`,
        },
      ],
    });
  });

  it("notify function: its two queues, sending to the flush queue, the findings topic, the topic key through SNS, its state table, its logs", () => {
    const logGroupArn =
      "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-findings-notify";
    const refs = {
      queueArn: "arn:aws:sqs:us-east-1:222222222222:inspector-triage-queue",
      flushQueueArn: "arn:aws:sqs:us-east-1:222222222222:inspector-triage-flush",
      topicArn: "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
      keyArn: KEY,
      logGroupArn,
      tableArn: "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-findings-notify-state",
    };
    expect(buildNotifyFunctionPolicy(refs)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ConsumeTriageAndFlushQueues",
          Effect: "Allow",
          Action: [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
          ],
          Resource: [
            "arn:aws:sqs:us-east-1:222222222222:inspector-triage-queue",
            "arn:aws:sqs:us-east-1:222222222222:inspector-triage-flush",
          ],
        },
        {
          Sid: "ScheduleGroupFlushes",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:us-east-1:222222222222:inspector-triage-flush",
        },
        {
          Sid: "PublishFindings",
          Effect: "Allow",
          Action: "sns:Publish",
          Resource: "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
        },
        {
          Sid: "UseTopicKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: KEY,
          Condition: { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "KeepNotificationState",
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
          Resource: "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-findings-notify-state",
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:*`,
        },
      ],
    });
  });

  it("report function: report APIs (no resource-level permissions), its records, the export key, its failure queue, its logs", () => {
    const logGroupArn =
      "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-findings-report";
    const failureQueueArn = "arn:aws:sqs:us-east-1:222222222222:inspector-reports-failures";
    expect(
      buildReportFunctionPolicy({ bucketArn: BUCKET, keyArn: KEY, failureQueueArn, logGroupArn }),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CreateAndPollReports",
          Effect: "Allow",
          Action: [
            "inspector2:CreateFindingsReport",
            "inspector2:CreateSbomExport",
            "inspector2:GetFindingsReportStatus",
            "inspector2:GetSbomExport",
            "inspector2:ListFindings",
          ],
          Resource: "*",
        },
        {
          Sid: "WriteReportRecords",
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: `${BUCKET}/reports/records/*`,
        },
        {
          Sid: "UseExportKey",
          Effect: "Allow",
          Action: ["kms:DescribeKey", "kms:GenerateDataKey"],
          Resource: KEY,
        },
        {
          Sid: "SendFailedInvocations",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: failureQueueArn,
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:*`,
        },
      ],
    });
  });

  it("scheduler: invoke the report function, dead-letter to its queue", () => {
    expect(buildSchedulerPolicy("arn:fn", "arn:dlq")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "InvokeReportFunction",
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: "arn:fn",
        },
        { Sid: "SendUndelivered", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:dlq" },
      ],
    });
  });
});

describe("regionOfArn", () => {
  it("reads an ARN's fourth field, and gives an empty Region for text with fewer fields", () => {
    expect(regionOfArn("arn:aws:sns:eu-west-1:222222222222:inspector-findings")).to.equal(
      "eu-west-1",
    );
    expect(regionOfArn("arn:aws:s3:::inspector-findings")).to.equal("");
    expect(regionOfArn("inspector-findings")).to.equal("");
  });
});
