/**
 * Every policy document of the findings flow, as pure functions of plain ARNs, so that tests
 * assert the statements exactly (STYLE.md rule 41) and the components only wire Outputs in.
 *
 * Service principals are granted only under `aws:SourceAccount` / `aws:SourceArn` (the confused
 * deputy protection the Inspector, EventBridge, SNS and S3 guides document).
 */

import { SSM_SYNC_PREFIX } from "./kpis/patchCompliance";
import { OPT_IN_REGIONS } from "./regionCapabilities";

/** A principal of a resource policy. */
export type Principal = { readonly Service: string } | { readonly AWS: string } | "*";

/** One IAM statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Principal;
  readonly Action: string | readonly string[];
  /** Absent only in trust policies, which name no resource. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

function document(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The key prefix of scheduled findings reports and SBOM exports in the export bucket. */
export const REPORTS_PREFIX = "reports/";
/** The key prefix of the records the report function writes for each report. */
export const REPORT_RECORDS_PREFIX = "reports/records/";
export { FINDINGS_ERROR_PREFIX, FINDINGS_PREFIX } from "./exportLayout";

/** The ARNs a key or bucket policy is scoped to. */
export interface AccountScope {
  readonly accountId: string;
  readonly region: string;
}

/** The key policy statement that lets the account administer its key (IAM then delegates). */
export function rootStatement(accountId: string): PolicyStatement {
  // Without it the key becomes unmanageable; IAM policies then delegate finer access.
  return {
    Sid: "EnableAccountAdministration",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** The confused-deputy condition on the calling service's account. */
export function sourceAccount(accountId: string) {
  return { StringEquals: { "aws:SourceAccount": accountId } };
}

/**
 * Inspector's service principal in a Region: Region-qualified in opt-in Regions
 * (`inspector2.me-south-1.amazonaws.com`, Inspector UG, findings-managing-exporting-reports).
 */
export function inspectorPrincipal(region: string): string {
  return OPT_IN_REGIONS.has(region)
    ? `inspector2.${region}.amazonaws.com`
    : "inspector2.amazonaws.com";
}

/** ARN of the reports Inspector creates in the account and Region. */
export function inspectorReportArnPattern(scope: AccountScope): string {
  return `arn:aws:inspector2:${scope.region}:${scope.accountId}:report/*`;
}

/**
 * The export key: the account, Inspector's documented statement for findings reports and SBOM
 * exports (Inspector UG, findings-managing-exporting-reports), and Firehose's delivery role,
 * only through S3 in the Region.
 */
export function buildExportKeyPolicy(
  scope: AccountScope & {
    readonly firehoseRoleArn: string;
    /** The export bucket, when members' SSM resource data syncs write to it (patch KPI). */
    readonly ssmSyncBucketArn?: string;
  },
): PolicyDocument {
  const ssmSync: PolicyStatement[] =
    scope.ssmSyncBucketArn === undefined ? [] : [ssmSyncKeyStatement(scope.ssmSyncBucketArn)];
  return document(
    rootStatement(scope.accountId),
    {
      Sid: "AllowInspectorReports",
      Effect: "Allow",
      Principal: { Service: inspectorPrincipal(scope.region) },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": scope.accountId },
        ArnLike: { "aws:SourceArn": inspectorReportArnPattern(scope) },
      },
    },
    {
      Sid: "AllowFirehoseDeliveryThroughS3",
      Effect: "Allow",
      Principal: { AWS: scope.firehoseRoleArn },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `s3.${scope.region}.amazonaws.com` } },
    },
    ...ssmSync,
  );
}

/**
 * Systems Manager encrypts resource data sync files with a KMS key that allows it
 * kms:GenerateDataKey (SSM UG, inventory-resource-data-sync, the walkthrough's key policy). The
 * members' syncs name no key (the export key's ARN is generated here), so S3 applies the bucket's
 * default SSE-KMS with this key; the grant is limited to S3 encryption for this bucket by the
 * encryption context S3 passes with a bucket key, the bucket ARN (S3 UG, UsingKMSEncryption).
 */
export function ssmSyncKeyStatement(bucketArn: string): PolicyStatement {
  return {
    Sid: "AllowSsmResourceDataSync",
    Effect: "Allow",
    Principal: { Service: "ssm.amazonaws.com" },
    Action: "kms:GenerateDataKey",
    Resource: "*",
    Condition: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": bucketArn } },
  };
}

/**
 * The SSM UG's bucket statements for resource data syncs of the accounts of an organization
 * (inventory-create-resource-data-sync, "Creating an inventory resource data sync for accounts
 * defined in AWS Organizations"), with the `ssm-sync` prefix: the bucket ACL check, delivery
 * under `ssm-sync/<type>/accountid=<id>/...` with bucket-owner-full-control from the organization only
 * (aws:SourceOrgID), and object tagging, as documented.
 */
export function ssmSyncBucketStatements(
  bucketArn: string,
  organizationId: string,
): PolicyStatement[] {
  const objects = `${bucketArn}/${SSM_SYNC_PREFIX}*/accountid=*/*`;
  const ssm = { Service: "ssm.amazonaws.com" };
  return [
    {
      Sid: "AllowSsmSyncBucketCheck",
      Effect: "Allow",
      Principal: ssm,
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
    },
    {
      Sid: "AllowSsmSyncDelivery",
      Effect: "Allow",
      Principal: ssm,
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringEquals: {
          "s3:x-amz-acl": "bucket-owner-full-control",
          "aws:SourceOrgID": organizationId,
        },
      },
    },
    {
      Sid: "AllowSsmSyncDeliveryTagging",
      Effect: "Allow",
      Principal: ssm,
      Action: "s3:PutObjectTagging",
      Resource: objects,
    },
  ];
}

/**
 * The export bucket: TLS only, and Inspector's documented PutObject statement, narrowed from
 * `bucket/*` to the reports prefix the report function passes as `keyPrefix`.
 */
export function buildExportBucketPolicy(
  scope: AccountScope & {
    readonly bucketArn: string;
    /** The organization whose members' SSM resource data syncs write here (patch KPI). */
    readonly ssmSyncOrganizationId?: string;
  },
): PolicyDocument {
  const ssmSync =
    scope.ssmSyncOrganizationId === undefined
      ? []
      : ssmSyncBucketStatements(scope.bucketArn, scope.ssmSyncOrganizationId);
  return document(
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [scope.bucketArn, `${scope.bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "AllowInspectorReports",
      Effect: "Allow",
      Principal: { Service: inspectorPrincipal(scope.region) },
      Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload"],
      Resource: `${scope.bucketArn}/${REPORTS_PREFIX}*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": scope.accountId },
        ArnLike: { "aws:SourceArn": inspectorReportArnPattern(scope) },
      },
    },
    ...ssmSync,
  );
}

/**
 * The notifications key (SNS topics and log groups of a Region): EventBridge and CloudWatch
 * alarms publish to encrypted topics only with a customer-managed key that lets them use it
 * (SNS developer guide, sns-key-management); CloudWatch Logs encrypts the functions' log groups.
 */
export function buildNotificationKeyPolicy(scope: AccountScope): PolicyDocument {
  const publish = ["kms:Decrypt", "kms:GenerateDataKey*"];
  return document(
    rootStatement(scope.accountId),
    {
      Sid: "AllowEventBridgePublish",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: publish,
      Resource: "*",
      Condition: sourceAccount(scope.accountId),
    },
    {
      Sid: "AllowCloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: publish,
      Resource: "*",
      Condition: sourceAccount(scope.accountId),
    },
    {
      Sid: "AllowCloudWatchLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${scope.region}.amazonaws.com` },
      // No kms:Describe*: DescribeKey carries no encryption context (the Service Authorization
      // Reference lists no kms:EncryptionContext key for it), so under this condition it was
      // never allowed; test/oracle flags such a key.
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:*`,
        },
      },
    },
  );
}

/** A topic's policy: EventBridge rules and CloudWatch alarms of the account may publish. */
export function buildTopicPolicy(
  scope: AccountScope & { readonly topicArn: string; readonly ruleArns: readonly string[] },
): PolicyDocument {
  const statements: PolicyStatement[] = [];
  if (scope.ruleArns.length > 0) {
    statements.push({
      Sid: "AllowEventBridgeRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: scope.topicArn,
      Condition: { ArnEquals: { "aws:SourceArn": [...scope.ruleArns] } },
    });
  }
  statements.push({
    Sid: "AllowCloudWatchAlarms",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: "sns:Publish",
    Resource: scope.topicArn,
    Condition: {
      StringEquals: { "aws:SourceAccount": scope.accountId },
      ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${scope.region}:${scope.accountId}:alarm:*` },
    },
  });
  return document(...statements);
}

/** A queue EventBridge sends to (a target or a dead-letter queue): only under the rules' ARNs. */
export function buildEventQueuePolicy(
  queueArn: string,
  ruleArns: readonly string[],
): PolicyDocument {
  return document({
    Sid: "AllowEventBridgeRules",
    Effect: "Allow",
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns] } },
  });
}

/** The SIEM queue: S3 event notifications of the export bucket only. */
export function buildObjectNotificationQueuePolicy(
  scope: AccountScope & { readonly queueArn: string; readonly bucketArn: string },
): PolicyDocument {
  return document({
    Sid: "AllowExportBucketNotifications",
    Effect: "Allow",
    Principal: { Service: "s3.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: scope.queueArn,
    Condition: {
      StringEquals: { "aws:SourceAccount": scope.accountId },
      ArnEquals: { "aws:SourceArn": scope.bucketArn },
    },
  });
}

/** A trust policy for a service principal, confined to the account. */
export function buildServiceTrustPolicy(service: string, accountId: string): PolicyDocument {
  return document({
    Sid: "AllowServiceAssumeRole",
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sts:AssumeRole",
    Condition: sourceAccount(accountId),
  });
}

/**
 * Lambda's trust policy, as the Lambda developer guide gives it (lambda-intro-execution-role):
 * no condition. Lambda documents `aws:SourceArn` / `aws:SourceAccount` only for policies where a
 * function is the target of a call (permissions-source-function-arn: "applies only to policies
 * where your Lambda function is the target resource"), not for assuming the execution role, and
 * a StringEquals on a key the request does not carry fails closed: CreateFunction would fail with
 * "The role defined for the function cannot be assumed by Lambda". Every function's role uses it.
 */
export function buildLambdaTrustPolicy(): PolicyDocument {
  return document({
    Sid: "AllowLambdaAssumeRole",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
}

/** The forwarding role of a non-home Region: PutEvents on the home Region's default bus only. */
export function buildForwardingPolicy(homeBusArn: string): PolicyDocument {
  return document({
    Sid: "PutEventsOnHomeBus",
    Effect: "Allow",
    Action: "events:PutEvents",
    Resource: homeBusArn,
  });
}

/** The role EventBridge uses to put export events into the Firehose stream. */
export function buildEventsToFirehosePolicy(streamArn: string): PolicyDocument {
  return document({
    Sid: "PutRecordsOnExportStream",
    Effect: "Allow",
    Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
    Resource: streamArn,
  });
}

/** The Firehose delivery role: write under the findings prefixes, use the key through S3, log. */
export function buildFirehoseDeliveryPolicy(
  scope: AccountScope & {
    readonly bucketArn: string;
    readonly keyArn: string;
    readonly logGroupArn: string;
  },
): PolicyDocument {
  return document(
    {
      Sid: "ListExportBucket",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: scope.bucketArn,
    },
    {
      Sid: "WriteFindingsObjects",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: [`${scope.bucketArn}/findings/*`, `${scope.bucketArn}/findings-errors/*`],
    },
    {
      Sid: "EncryptThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: scope.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${scope.region}.amazonaws.com` } },
    },
    {
      Sid: "LogDeliveryErrors",
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: `${scope.logGroupArn}:*`,
    },
  );
}

/** Writing to a function's own log group. */
export function logStatement(logGroupArn: string): PolicyStatement {
  // The function's own log group only; CreateLogGroup is not needed because the program owns it.
  return {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${logGroupArn}:*`,
  };
}

/** What the notify function touches. */
export interface NotifyFunctionRefs {
  /** The triage queue (finding events). */
  readonly queueArn: string;
  /** The flush queue: the function schedules each notification group's message on it, and reads it. */
  readonly flushQueueArn: string;
  readonly topicArn: string;
  readonly keyArn: string;
  readonly logGroupArn: string;
  /** The notification state table (finding fingerprints and notification groups). */
  readonly tableArn: string;
}

/**
 * The notify function: consume the triage and flush queues, schedule group flushes on the flush
 * queue (SSE-SQS: no key permission), publish to the encrypted findings topic, and keep its
 * notification state (read, put and conditional updates of single items; no delete, query or
 * scan).
 */
export function buildNotifyFunctionPolicy(refs: NotifyFunctionRefs): PolicyDocument {
  return document(
    {
      Sid: "ConsumeTriageAndFlushQueues",
      Effect: "Allow",
      Action: [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
      ],
      Resource: [refs.queueArn, refs.flushQueueArn],
    },
    {
      Sid: "ScheduleGroupFlushes",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: refs.flushQueueArn,
    },
    {
      Sid: "PublishFindings",
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: refs.topicArn,
    },
    {
      Sid: "UseTopicKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: refs.keyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `sns.${regionOfArn(refs.topicArn)}.amazonaws.com` },
      },
    },
    {
      Sid: "KeepNotificationState",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      Resource: refs.tableArn,
    },
    logStatement(refs.logGroupArn),
  );
}

/** What the report function touches. */
export interface ReportFunctionRefs {
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly failureQueueArn: string;
  readonly logGroupArn: string;
}

/**
 * The report function: start and poll findings reports and SBOM exports (these actions have no
 * resource-level permissions, Service Authorization Reference), write its records, and pass the
 * export key, which CreateFindingsReport requires as `kmsKeyArn`.
 */
export function buildReportFunctionPolicy(refs: ReportFunctionRefs): PolicyDocument {
  return document(
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
      Resource: `${refs.bucketArn}/${REPORT_RECORDS_PREFIX}*`,
    },
    {
      Sid: "UseExportKey",
      Effect: "Allow",
      Action: ["kms:DescribeKey", "kms:GenerateDataKey"],
      Resource: refs.keyArn,
    },
    {
      Sid: "SendFailedInvocations",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: refs.failureQueueArn,
    },
    logStatement(refs.logGroupArn),
  );
}

/** The scheduler's role: invoke the report function, and dead-letter what it cannot deliver. */
export function buildSchedulerPolicy(
  functionArn: string,
  deadLetterQueueArn: string,
): PolicyDocument {
  return document(
    {
      Sid: "InvokeReportFunction",
      Effect: "Allow",
      Action: "lambda:InvokeFunction",
      Resource: functionArn,
    },
    {
      Sid: "SendUndelivered",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: deadLetterQueueArn,
    },
  );
}

/** The Region of an ARN (its fourth field). */
export function regionOfArn(arn: string): string {
  return arn.split(":")[3] ?? "";
}
