/** Remediation in the delegated administrator's home Region: queue, tables, triage function. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RemediationSettings } from "../functions/lib/settings";
import { AUTOMATION_ROLE_NAME, REMEDIATION_ROLE_PATH } from "../lib/remediationNames";
import { buildLambdaTrustPolicy } from "../lib/findingsPolicies";
import { buildTriagePolicy } from "../lib/remediationPolicies";
import { TOKEN_PREFIX } from "./common";
import { LAMBDA_RUNTIME } from "./findingsFunction";
import { RemediationTables } from "./remediationTables";

/** Arguments of {@link Remediation}. */
export interface RemediationArgs {
  /** The delegated administrator's home Region, where findings are forwarded. */
  readonly region: string;
  /** The delegated administrator's account id. */
  readonly accountId: string;
  /** What triage decides and does (the stack's remediation keys). */
  readonly settings: RemediationSettings;
  /** Topic for notifications and the dead-letter alarm. Defaults to a topic created here. */
  readonly notificationTopicArn?: pulumi.Input<string>;
  /** Topic for the dead-letter alarm (the operations topic). Defaults to `notificationTopicArn`. */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** The customer managed KMS key of `notificationTopicArn`, if it has one. Defaults to none. */
  readonly notificationKeyArn?: pulumi.Input<string>;
  /** EventBridge rules allowed to send to the queue. Defaults to any rule of this account. */
  readonly triageRuleArns?: pulumi.Input<string>[];
  /**
   * The organization id: member roles are assumed only inside it. Required: without it the
   * triage role could assume a role of that name in any AWS account.
   */
  readonly organizationId: string;
  /** The ticket webhook's secret ARN. Defaults to none (no tickets). */
  readonly ticketSecretArn?: string;
  /** Directory of the bundled function (`npm run build:lambdas`). Defaults to functions/dist/triage. */
  readonly codePath?: string;
  /** Receives before a message goes to the dead-letter queue. Defaults to 5. */
  readonly maxReceiveCount?: number;
  /** Days the function's logs are kept. Defaults to 365. */
  readonly logRetentionDays?: number;
  /** Whether tables holding evidence are protected from deletion. Defaults to true. */
  readonly protect?: boolean;
}

/** The key policy: the account administers; CloudWatch Logs and alarms use it for this component. */
export function buildRemediationKeyPolicy(accountId: string, region: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "LogsEncryptTriageLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        // No kms:Describe*: DescribeKey carries no encryption context, so this condition would
        // never allow it (Service Authorization Reference; test/oracle).
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${TRIAGE_FUNCTION_NAME}`,
          },
        },
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** The triage function's fixed name (its log group is created before it, with retention). */
export const TRIAGE_FUNCTION_NAME = "inspector-remediation-triage";
const DEFAULT_CODE_PATH = "functions/dist/triage";
const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEFAULT_LOG_RETENTION_DAYS = 365;
const FUNCTION_TIMEOUT_SECONDS = 120;
/** At most this many concurrent batches: SSM Automation runs 100 executions at a time by default. */
const MAX_CONCURRENCY = 5;

/**
 * The triage queue (SSE, dead-letter queue after `maxReceiveCount` receives, an alarm on the
 * dead-letter queue), the remediation tables, and the triage function running as the automation
 * role that member execution roles trust, fed by the queue with partial batch responses.
 *
 * @example
 * const remediation = new Remediation("remediation", {
 *   region: "us-east-1", accountId: "222222222222", settings,
 * }, { provider: delegatedAdmin });
 * // the findings flow's triage rule targets remediation.triageQueueArn
 */
export class Remediation extends pulumi.ComponentResource {
  public readonly triageQueue: aws.sqs.Queue;
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
  public readonly tables: RemediationTables;
  public readonly automationRole: aws.iam.Role;
  public readonly triageFunction: aws.lambda.Function;
  public readonly notificationTopic: aws.sns.Topic | undefined;
  /** Encrypts the function's logs and, when created here, the notification topic. */
  public readonly key: aws.kms.Key;
  public readonly triageQueueArn: pulumi.Output<string>;
  public readonly triageQueueUrl: pulumi.Output<string>;

  constructor(name: string, args: RemediationArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:Remediation`, name, {}, opts);
    const region = args.region;
    const maxReceiveCount = args.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    const parent = { parent: this };

    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-triage-dlq`,
      { region, sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 },
      parent,
    );
    this.triageQueue = new aws.sqs.Queue(
      `${name}-triage`,
      {
        region,
        sqsManagedSseEnabled: true,
        // AWS: at least six times the function timeout, so retries of a batch do not overlap.
        visibilityTimeoutSeconds: 6 * FUNCTION_TIMEOUT_SECONDS,
        messageRetentionSeconds: 345_600,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: this.deadLetterQueue.arn,
          maxReceiveCount,
        }),
      },
      parent,
    );
    this.triageQueueArn = this.triageQueue.arn;
    this.triageQueueUrl = this.triageQueue.url;
    new aws.sqs.QueuePolicy(
      `${name}-triage`,
      {
        region,
        queueUrl: this.triageQueue.url,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "FindingsRouteToTriage",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: this.triageQueue.arn,
              Condition:
                args.triageRuleArns === undefined
                  ? {
                      StringEquals: { "aws:SourceAccount": args.accountId },
                      ArnLike: { "aws:SourceArn": `arn:aws:events:*:${args.accountId}:rule/*` },
                    }
                  : { ArnEquals: { "aws:SourceArn": args.triageRuleArns } },
            },
          ],
        }),
      },
      parent,
    );

    this.key = this.createKey(name, region, args.accountId);
    this.notificationTopic =
      args.notificationTopicArn === undefined
        ? new aws.sns.Topic(
            `${name}-notifications`,
            { region, kmsMasterKeyId: this.key.arn },
            { parent: this },
          )
        : undefined;
    const topicArn: pulumi.Input<string> =
      args.notificationTopicArn ?? (this.notificationTopic as aws.sns.Topic).arn;
    const keyArn: pulumi.Input<string | undefined> =
      args.notificationTopicArn === undefined ? this.key.arn : args.notificationKeyArn;

    this.deadLetterAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-triage-dlq`,
      {
        region,
        alarmDescription:
          "Inspector findings that triage could not process are in the dead-letter queue",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: this.deadLetterQueue.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [args.alarmTopicArn ?? topicArn],
      },
      parent,
    );

    this.tables = new RemediationTables(
      `${name}`,
      { region, protect: args.protect, organizationId: args.organizationId },
      parent,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-triage`,
      {
        region,
        name: `/aws/lambda/${TRIAGE_FUNCTION_NAME}`,
        retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        // Triage logs name vulnerable hosts and packages: a customer managed key.
        kmsKeyId: this.key.arn,
      },
      parent,
    );

    this.automationRole = new aws.iam.Role(
      `${name}-automation`,
      {
        // A fixed name: every member's execution role trusts exactly this ARN.
        name: AUTOMATION_ROLE_NAME,
        path: REMEDIATION_ROLE_PATH,
        description: "inspector-rollout triage function: assumes the member execution roles",
        // The Lambda developer guide's trust (lambda-intro-execution-role) has no condition:
        // `aws:SourceArn` applies where a function is the target of a call, not to Lambda
        // assuming the execution role, and a condition on a key absent from the request fails
        // closed ("The role defined for the function cannot be assumed by Lambda"). Every
        // function of the program shares the findings flow's Lambda trust.
        assumeRolePolicy: JSON.stringify(buildLambdaTrustPolicy()),
      },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-automation`,
      {
        role: this.automationRole.name,
        policy: pulumi
          .all([
            this.triageQueue.arn,
            this.tables.idempotency.arn,
            this.tables.audit.arn,
            this.tables.locks.arn,
            this.tables.blockedDigests.arn,
            topicArn,
            logGroup.arn,
            keyArn,
          ])
          .apply(([queueArn, idem, audit, locks, blocked, topic, logs, key]) =>
            JSON.stringify(
              buildTriagePolicy({
                accountId: args.accountId,
                region,
                queueArn,
                idempotencyTableArn: idem,
                auditTableArn: audit,
                lockTableArn: locks,
                blockedDigestsTableArn: blocked,
                notificationTopicArn: topic,
                logGroupArn: logs,
                organizationId: args.organizationId,
                ticketSecretArn: args.ticketSecretArn,
                notificationKeyArn: key,
              }),
            ),
          ),
      },
      parent,
    );

    this.triageFunction = new aws.lambda.Function(
      `${name}-triage`,
      {
        region,
        name: TRIAGE_FUNCTION_NAME,
        role: this.automationRole.arn,
        runtime: LAMBDA_RUNTIME,
        handler: "index.handler",
        code: new pulumi.asset.FileArchive(args.codePath ?? DEFAULT_CODE_PATH),
        timeout: FUNCTION_TIMEOUT_SECONDS,
        memorySize: 512,
        architectures: ["arm64"],
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: {
            POWERTOOLS_SERVICE_NAME: "inspector-triage",
            REMEDIATION_SETTINGS: JSON.stringify(args.settings),
            IDEMPOTENCY_TABLE: this.tables.idempotency.name,
            AUDIT_TABLE: this.tables.audit.name,
            LOCK_TABLE: this.tables.locks.name,
            BLOCKED_DIGESTS_TABLE: this.tables.blockedDigests.name,
            NOTIFICATION_TOPIC_ARN: topicArn,
            ...(args.ticketSecretArn === undefined
              ? {}
              : { TICKET_SECRET_ARN: args.ticketSecretArn }),
          },
        },
      },
      { parent: this, dependsOn: [policy, logGroup] },
    );

    new aws.lambda.EventSourceMapping(
      `${name}-triage`,
      {
        region,
        eventSourceArn: this.triageQueue.arn,
        functionName: this.triageFunction.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 5,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: MAX_CONCURRENCY },
      },
      parent,
    );

    this.registerOutputs({
      triageQueue: this.triageQueue,
      deadLetterQueue: this.deadLetterQueue,
      deadLetterAlarm: this.deadLetterAlarm,
      tables: this.tables,
      automationRole: this.automationRole,
      triageFunction: this.triageFunction,
      notificationTopic: this.notificationTopic,
      key: this.key,
      triageQueueArn: this.triageQueueArn,
      triageQueueUrl: this.triageQueueUrl,
    });
  }

  /**
   * The component's customer managed key: CloudWatch Logs encrypts the function's log group with
   * it, and CloudWatch alarms can publish to a topic under it (they cannot under the AWS managed
   * `alias/aws/sns`, whose policy cannot be changed).
   */
  private createKey(name: string, region: string, accountId: string): aws.kms.Key {
    return new aws.kms.Key(
      name,
      {
        region,
        description: "inspector-rollout remediation: triage logs and notifications",
        enableKeyRotation: true,
        policy: JSON.stringify(buildRemediationKeyPolicy(accountId, region)),
      },
      { parent: this },
    );
  }
}
