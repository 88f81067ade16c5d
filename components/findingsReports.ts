/** Scheduled findings reports and SBOM exports into the export bucket. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  buildReportFunctionPolicy,
  buildSchedulerPolicy,
  buildServiceTrustPolicy,
} from "../lib/findingsPolicies";
import { TOKEN_PREFIX } from "./common";
import { EventDeadLetterQueue } from "./eventDeadLetterQueue";
import { FindingsFunction, lambdaLogGroupArn } from "./findingsFunction";

/** Arguments of {@link FindingsReports}. */
export interface FindingsReportsArgs {
  /** The home Region (the bucket's). */
  readonly region: string;
  readonly accountId: string;
  /** The export bucket's name and ARN. */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** The export key (CreateFindingsReport's `kmsKeyArn`). */
  readonly exportKeyArn: pulumi.Input<string>;
  /** The key of the log group. */
  readonly logKeyArn: pulumi.Input<string>;
  /** The topic the failure alarm notifies. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** JSON or CSV. Defaults to JSON. */
  readonly reportFormat?: string;
  /** CYCLONEDX_1_4 or SPDX_2_3. Defaults to CYCLONEDX_1_4. */
  readonly sbomFormat?: string;
  /** An EventBridge Scheduler expression (UTC). Defaults to Mondays 05:00. */
  readonly scheduleExpression?: string;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: number;
}

/** The report function's name. */
export const REPORT_FUNCTION_NAME = "inspector-findings-report";
/** Lambda's maximum: the function polls as long as it can, then records IN_PROGRESS. */
export const REPORT_TIMEOUT_SECONDS = 900;

/**
 * The report function (one run per schedule: Inspector runs one report per account), its
 * failure queue, and an EventBridge Scheduler schedule whose role may only invoke it and
 * dead-letter undelivered invocations.
 *
 * @example
 * new FindingsReports("inspector-reports", { region: "us-east-1", accountId: "222222222222",
 *   bucketName, bucketArn, exportKeyArn, logKeyArn, alarmTopicArn }, { provider: delegatedAdmin });
 */
export class FindingsReports extends pulumi.ComponentResource {
  public readonly reporter: FindingsFunction;
  public readonly schedule: aws.scheduler.Schedule;

  constructor(name: string, args: FindingsReportsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsReports`, name, {}, opts);
    const { region, accountId } = args;
    const failures = new EventDeadLetterQueue(
      `${name}-failures`,
      { region, ruleArns: [], alarmTopicArn: args.alarmTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    this.reporter = new FindingsFunction(
      `${name}-fn`,
      {
        region,
        functionName: REPORT_FUNCTION_NAME,
        bundle: "report",
        timeoutSeconds: REPORT_TIMEOUT_SECONDS,
        logKeyArn: args.logKeyArn,
        logRetentionDays: args.logRetentionDays,
        onFailureDestinationArn: failures.queue.arn,
        environment: {
          EXPORT_BUCKET: args.bucketName,
          EXPORT_KMS_KEY_ARN: args.exportKeyArn,
          REPORT_FORMAT: args.reportFormat ?? "JSON",
          SBOM_FORMAT: args.sbomFormat ?? "CYCLONEDX_1_4",
        },
        policy: pulumi
          .all([args.bucketArn, args.exportKeyArn, failures.queue.arn])
          .apply(([bucketArn, keyArn, failureQueueArn]) =>
            JSON.stringify(
              buildReportFunctionPolicy({
                bucketArn,
                keyArn,
                failureQueueArn,
                logGroupArn: lambdaLogGroupArn(region, accountId, REPORT_FUNCTION_NAME),
              }),
            ),
          ),
      },
      { parent: this },
    );
    const schedulerDlq = new EventDeadLetterQueue(
      `${name}-schedule-dlq`,
      { region, ruleArns: [], alarmTopicArn: args.alarmTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-scheduler`,
      {
        assumeRolePolicy: JSON.stringify(
          buildServiceTrustPolicy("scheduler.amazonaws.com", accountId),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-scheduler`,
      {
        role: role.id,
        policy: pulumi
          .all([this.reporter.function.arn, schedulerDlq.queue.arn])
          .apply(([fnArn, dlqArn]) => JSON.stringify(buildSchedulerPolicy(fnArn, dlqArn))),
      },
      { parent: this },
    );
    this.schedule = new aws.scheduler.Schedule(
      name,
      {
        region,
        name,
        description: "Inspector findings report and SBOM export",
        scheduleExpression: args.scheduleExpression ?? "cron(0 5 ? * MON *)",
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: this.reporter.function.arn,
          roleArn: role.arn,
          input: JSON.stringify({ source: "inspector-rollout.schedule" }),
          retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
          deadLetterConfig: { arn: schedulerDlq.queue.arn },
        },
      },
      { parent: this },
    );
    this.registerOutputs({ reporter: this.reporter, schedule: this.schedule });
  }
}
