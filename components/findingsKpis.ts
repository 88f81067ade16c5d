/**
 * The SOC KPIs in the delegated administrator's home Region (issue 8): the scheduled KPI function,
 * its dashboard and its alarms.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildServiceTrustPolicy } from "../lib/findingsPolicies";
import {
  buildKpiFunctionPolicy,
  buildKpiSchedulerPolicy,
  KPI_FINDINGS_PREFIX,
} from "../lib/kpiPolicies";
import {
  buildKpiAlarms,
  DEFAULT_KPI_REPORT_SCHEDULE,
  DEFAULT_KPI_SCHEDULE,
  type KpiAlarmTopic,
  parseRateExpression,
} from "../lib/kpis/alarms";
import { DEFAULT_SLA_DAYS, SEVERITIES, type SlaDays } from "../lib/kpis/compute";
import {
  buildKpiDashboardBody,
  DEFAULT_KPI_DASHBOARD_SEVERITIES,
  KPI_DASHBOARD_NAME,
} from "../lib/kpis/dashboard";
import { KPI_ENV, KPI_FUNCTION_NAME, KPI_NAMESPACE, type KpiInvocation } from "../lib/kpis/metrics";
import { SSM_SYNC_PREFIX } from "../lib/kpis/patchCompliance";
import { TOKEN_PREFIX } from "./common";
import { EventDeadLetterQueue } from "./eventDeadLetterQueue";
import { FindingsFunction, lambdaLogGroupArn } from "./findingsFunction";

/** The remediation audit table the KPI function reads. */
export interface KpiAuditTable {
  readonly name: pulumi.Input<string>;
  readonly arn: pulumi.Input<string>;
}

/** Arguments of {@link FindingsKpis}. */
export interface FindingsKpisArgs {
  /** The home Region (the export bucket's); the function, dashboard and alarms live here. */
  readonly region: string;
  readonly accountId: string;
  /** The governed Regions the function reads Inspector in. */
  readonly regions: readonly string[];
  /** The export bucket's name and ARN. */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** The export bucket's KMS key. */
  readonly exportKeyArn: pulumi.Input<string>;
  /** The key of the log group. */
  readonly logKeyArn: pulumi.Input<string>;
  /** The topic of the finding alarms (new findings, SLA breaches). */
  readonly findingsTopicArn: pulumi.Input<string>;
  /** The topic of the operational alarms (coverage gaps, failed invocations). */
  readonly operationsTopicArn: pulumi.Input<string>;
  /** The remediation audit table. Defaults to none (remediation off): no audit KPIs. */
  readonly auditTable?: KpiAuditTable;
  /**
   * Whether the function reads the members' synced SSM compliance data under `ssm-sync/` and
   * publishes PatchComplianceRate. Defaults to false.
   */
  readonly patchCompliance?: boolean;
  /** SLA days per severity. Defaults to critical 7, high 30, medium 90, low 180. */
  readonly slaDays?: SlaDays;
  /** The metrics schedule, a `rate(...)` of 15 minutes to 1 day. Defaults to `rate(1 hour)`. */
  readonly scheduleExpression?: string;
  /** The weekly report's schedule (UTC). Defaults to Mondays 06:00. */
  readonly reportScheduleExpression?: string;
  /** Days of exported events read per run. Defaults to 30. */
  readonly lookbackDays?: number;
  /** Severities on the dashboard's per-severity widgets. Defaults to CRITICAL, HIGH, MEDIUM, LOW. */
  readonly dashboardSeverities?: readonly string[];
  /** Severities whose new findings alarm. Defaults to CRITICAL. */
  readonly alarmSeverities?: readonly string[];
  /** The coverage-gap alarm's threshold. Defaults to 0. */
  readonly coverageGapThreshold?: number;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /**
   * The plan's estimated monthly cost in USD of what ListUsageTotals measures, drawn beside the
   * measured estimate. Defaults to none (no line).
   */
  readonly plannedMonthlyCost?: number;
}

/**
 * The KPI function reads up to 400 days of exports: Lambda's maximum timeout, and memory for the
 * events it folds (`npm run bench:kpis`: about 1 KB of heap per event, 525,000 events in 510 MB and
 * under 10 s of computation, so 2 GiB leaves room for well over a million events and the SDK).
 */
export const KPI_TIMEOUT_SECONDS = 900;
export const KPI_MEMORY_MB = 2048;

/** The invocation each schedule sends (lib/kpis/metrics.ts KpiInvocation). */
export const KPI_METRICS_INVOCATION: KpiInvocation = {};
export const KPI_REPORT_INVOCATION: KpiInvocation = { report: true };

/**
 * The KPI function (one run at a time, failed invocations to a queue), two EventBridge Scheduler
 * schedules (metrics `{}` on `scheduleExpression`, the weekly report `{"report":true}`) through one
 * role that may only invoke it, the dashboard, and the alarms of lib/kpis/alarms.ts.
 *
 * @example
 * new FindingsKpis("inspector-kpis", { region: "us-east-1", accountId: "222222222222",
 *   regions: ["us-east-1", "eu-west-1"], bucketName, bucketArn, exportKeyArn, logKeyArn,
 *   findingsTopicArn, operationsTopicArn }, { provider: delegatedAdmin });
 */
export class FindingsKpis extends pulumi.ComponentResource {
  public readonly kpiFunction: FindingsFunction;
  public readonly schedules: {
    readonly metrics: aws.scheduler.Schedule;
    readonly report: aws.scheduler.Schedule;
  };
  public readonly dashboard: aws.cloudwatch.Dashboard;
  /** The KPI alarms by key (`new-findings-critical`, `sla-breaches-high`, `coverage-gaps`). */
  public readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;

  constructor(name: string, args: FindingsKpisArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsKpis`, name, {}, opts);
    const { region } = args;
    const scheduleExpression = args.scheduleExpression ?? DEFAULT_KPI_SCHEDULE;
    const rate = parseRateExpression(scheduleExpression);
    if (typeof rate === "string") {
      throw new pulumi.ResourceError(
        `scheduleExpression (${JSON.stringify(scheduleExpression)}) ${rate}`,
        this,
      );
    }
    const slaDays = args.slaDays ?? DEFAULT_SLA_DAYS;
    this.kpiFunction = this.createFunction(name, args, slaDays);
    this.schedules = this.createSchedules(name, args, scheduleExpression);
    this.dashboard = new aws.cloudwatch.Dashboard(
      name,
      {
        region,
        dashboardName: KPI_DASHBOARD_NAME,
        dashboardBody: JSON.stringify(
          buildKpiDashboardBody({
            region,
            periodSeconds: rate.seconds,
            severities: args.dashboardSeverities ?? DEFAULT_KPI_DASHBOARD_SEVERITIES,
            plannedMonthlyCost: args.plannedMonthlyCost,
          }),
        ),
      },
      { parent: this },
    );
    const topics: Record<KpiAlarmTopic, pulumi.Input<string>> = {
      findings: args.findingsTopicArn,
      operations: args.operationsTopicArn,
    };
    const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    for (const spec of buildKpiAlarms({
      namePrefix: name,
      periodSeconds: rate.seconds,
      alarmSeverities: args.alarmSeverities ?? ["CRITICAL"],
      slaDays,
      coverageGapThreshold: args.coverageGapThreshold ?? 0,
      severityOrder: SEVERITIES,
    })) {
      const { key, alarmName, topic, dimensions, ...fields } = spec;
      alarms[key] = new aws.cloudwatch.MetricAlarm(
        `${name}-${key}`,
        {
          region,
          name: alarmName,
          ...fields,
          dimensions: Object.keys(dimensions).length === 0 ? undefined : { ...dimensions },
          alarmActions: [topics[topic]],
          okActions: [topics[topic]],
        },
        { parent: this },
      );
    }
    this.alarms = Object.freeze(alarms);
    this.registerOutputs({
      kpiFunction: this.kpiFunction,
      schedules: this.schedules,
      dashboard: this.dashboard,
      alarms: this.alarms,
    });
  }

  private createFunction(name: string, args: FindingsKpisArgs, slaDays: SlaDays): FindingsFunction {
    const { region, accountId } = args;
    const failures = new EventDeadLetterQueue(
      `${name}-failures`,
      { region, ruleArns: [], alarmTopicArn: args.operationsTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    const environment: Record<string, pulumi.Input<string>> = {
      [KPI_ENV.regions]: args.regions.join(","),
      [KPI_ENV.exportBucket]: args.bucketName,
      [KPI_ENV.findingsPrefix]: KPI_FINDINGS_PREFIX,
      [KPI_ENV.lookbackDays]: String(args.lookbackDays ?? 30),
      [KPI_ENV.slaDays]: JSON.stringify(slaDays),
      POWERTOOLS_METRICS_NAMESPACE: KPI_NAMESPACE,
    };
    if (args.auditTable !== undefined) {
      environment[KPI_ENV.auditTable] = args.auditTable.name;
    }
    if (args.patchCompliance === true) {
      environment[KPI_ENV.ssmSyncPrefix] = SSM_SYNC_PREFIX;
    }
    return new FindingsFunction(
      `${name}-fn`,
      {
        region,
        functionName: KPI_FUNCTION_NAME,
        bundle: "kpis",
        timeoutSeconds: KPI_TIMEOUT_SECONDS,
        memoryMb: KPI_MEMORY_MB,
        logKeyArn: args.logKeyArn,
        logRetentionDays: args.logRetentionDays,
        onFailureDestinationArn: failures.queue.arn,
        environment,
        policy: pulumi
          .all([args.bucketArn, args.exportKeyArn, failures.queue.arn, args.auditTable?.arn])
          .apply(([bucketArn, keyArn, failureQueueArn, auditTableArn]) =>
            JSON.stringify(
              buildKpiFunctionPolicy({
                region,
                bucketArn,
                keyArn,
                failureQueueArn,
                logGroupArn: lambdaLogGroupArn(region, accountId, KPI_FUNCTION_NAME),
                ...(auditTableArn === undefined ? {} : { auditTableArn }),
                readsSsmSync: args.patchCompliance === true,
              }),
            ),
          ),
      },
      { parent: this },
    );
  }

  private createSchedules(
    name: string,
    args: FindingsKpisArgs,
    scheduleExpression: string,
  ): { metrics: aws.scheduler.Schedule; report: aws.scheduler.Schedule } {
    const { region } = args;
    const dlq = new EventDeadLetterQueue(
      `${name}-schedule-dlq`,
      { region, ruleArns: [], alarmTopicArn: args.operationsTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-scheduler`,
      {
        assumeRolePolicy: JSON.stringify(
          buildServiceTrustPolicy("scheduler.amazonaws.com", args.accountId),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-scheduler`,
      {
        role: role.id,
        policy: pulumi
          .all([this.kpiFunction.function.arn, dlq.queue.arn])
          .apply(([fnArn, dlqArn]) => JSON.stringify(buildKpiSchedulerPolicy(fnArn, dlqArn))),
      },
      { parent: this },
    );
    const schedule = (
      suffix: string,
      expression: string,
      description: string,
      invocation: KpiInvocation,
    ) =>
      new aws.scheduler.Schedule(
        `${name}${suffix}`,
        {
          region,
          name: `${name}${suffix}`,
          description,
          scheduleExpression: expression,
          scheduleExpressionTimezone: "UTC",
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: this.kpiFunction.function.arn,
            roleArn: role.arn,
            input: JSON.stringify(invocation),
            // Within the hour: a metrics run later than that is superseded by the next one.
            retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
            deadLetterConfig: { arn: dlq.queue.arn },
          },
        },
        { parent: this },
      );
    return {
      metrics: schedule("", scheduleExpression, "Inspector KPI metrics", KPI_METRICS_INVOCATION),
      report: schedule(
        "-report",
        args.reportScheduleExpression ?? DEFAULT_KPI_REPORT_SCHEDULE,
        "Inspector weekly KPI report",
        KPI_REPORT_INVOCATION,
      ),
    };
  }
}
