import { expect } from "chai";
import { FindingsKpis, type FindingsKpisArgs } from "../../components/findingsKpis";
import { buildLambdaTrustPolicy } from "../../lib/findingsPolicies";
import { buildKpiFunctionPolicy, buildKpiSchedulerPolicy } from "../../lib/kpiPolicies";
import { buildKpiDashboardBody } from "../../lib/kpis/dashboard";
import { monitor, promiseOf, resourceNamed, resourcesOfType, settle } from "../helpers/runtime";

const mockArn = (type: string, name: string) => `arn:aws:mock:::${type}/${name}`;
const T = {
  queue: "aws:sqs/queue:Queue",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  fn: "aws:lambda/function:Function",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  schedule: "aws:scheduler/schedule:Schedule",
};
const BUCKET_ARN = "arn:aws:s3:::inspector-findings-222222222222-us-east-1";
const KEY_ARN = "arn:aws:kms:us-east-1:222222222222:key/export";
const FINDINGS = "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings";
const OPERATIONS = "arn:aws:sns:us-east-1:222222222222:inspector-notify-operations";
const AUDIT_ARN = "arn:aws:dynamodb:us-east-1:222222222222:table/remediation-audit";

const ARGS: FindingsKpisArgs = {
  region: "us-east-1",
  accountId: "222222222222",
  regions: ["us-east-1", "eu-west-1"],
  bucketName: "inspector-findings-222222222222-us-east-1",
  bucketArn: BUCKET_ARN,
  exportKeyArn: KEY_ARN,
  logKeyArn: "arn:aws:kms:us-east-1:222222222222:key/logs",
  findingsTopicArn: FINDINGS,
  operationsTopicArn: OPERATIONS,
};

async function build(extra: Partial<FindingsKpisArgs> = {}): Promise<FindingsKpis> {
  const component = new FindingsKpis("kpis", { ...ARGS, ...extra });
  await promiseOf(component.kpiFunction.function.arn);
  await promiseOf(component.schedules.report.arn);
  await settle();
  return component;
}

function json(value: unknown): unknown {
  return JSON.parse(value as string);
}

describe("FindingsKpis", () => {
  it("registers exactly its resources, each regional one in the home Region", async () => {
    await build();
    expect(
      monitor.registrations.map((r) => `${r.type}::${r.name}::${String(r.inputs.region)}`).sort(),
    ).to.deep.equal(
      [
        "inspector:index:FindingsKpis::kpis::undefined",
        "inspector:index:EventDeadLetterQueue::kpis-failures::undefined",
        "inspector:index:EventDeadLetterQueue::kpis-schedule-dlq::undefined",
        "inspector:index:FindingsFunction::kpis-fn::undefined",
        `${T.queue}::kpis-failures::us-east-1`,
        `${T.alarm}::kpis-failures::us-east-1`,
        `${T.queue}::kpis-schedule-dlq::us-east-1`,
        `${T.alarm}::kpis-schedule-dlq::us-east-1`,
        `${T.role}::kpis-fn::undefined`,
        `${T.rolePolicy}::kpis-fn::undefined`,
        `${T.logGroup}::kpis-fn::us-east-1`,
        `${T.fn}::kpis-fn::us-east-1`,
        `${T.invokeConfig}::kpis-fn::us-east-1`,
        `${T.role}::kpis-scheduler::undefined`,
        `${T.rolePolicy}::kpis-scheduler::undefined`,
        `${T.schedule}::kpis::us-east-1`,
        `${T.schedule}::kpis-report::us-east-1`,
        `${T.dashboard}::kpis::us-east-1`,
        `${T.alarm}::kpis-new-findings-critical::us-east-1`,
        `${T.alarm}::kpis-sla-breaches-critical::us-east-1`,
        `${T.alarm}::kpis-sla-breaches-high::us-east-1`,
        `${T.alarm}::kpis-sla-breaches-medium::us-east-1`,
        `${T.alarm}::kpis-sla-breaches-low::us-east-1`,
        `${T.alarm}::kpis-coverage-gaps::us-east-1`,
        `${T.alarm}::kpis-source-errors::us-east-1`,
      ].sort(),
    );
  });

  it("runs the kpis bundle for up to 15 minutes, unreserved, with the contract's environment", async () => {
    await build();
    const fn = resourceNamed(T.fn, "kpis-fn").inputs;
    expect({
      name: fn.name,
      handler: fn.handler,
      runtime: fn.runtime,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      reservedConcurrentExecutions: fn.reservedConcurrentExecutions,
      variables: (fn.environment as { variables: unknown }).variables,
    }).to.deep.equal({
      name: "inspector-kpis",
      handler: "index.handler",
      runtime: "nodejs22.x",
      timeout: 900,
      memorySize: 2048,
      // No reservation: a new account's low concurrency quota would refuse it (issue 12, item 10).
      reservedConcurrentExecutions: undefined,
      variables: {
        POWERTOOLS_LOG_LEVEL: "INFO",
        POWERTOOLS_METRICS_NAMESPACE: "InspectorRollout/KPIs",
        REGIONS: "us-east-1,eu-west-1",
        EXPORT_BUCKET: "inspector-findings-222222222222-us-east-1",
        FINDINGS_PREFIX: "findings/",
        LOOKBACK_DAYS: "30",
        SLA_DAYS: '{"CRITICAL":7,"HIGH":30,"MEDIUM":90,"LOW":180}',
      },
    });
    expect(resourceNamed(T.logGroup, "kpis-fn").inputs).to.deep.equal({
      region: "us-east-1",
      name: "/aws/lambda/inspector-kpis",
      retentionInDays: 90,
      kmsKeyId: "arn:aws:kms:us-east-1:222222222222:key/logs",
    });
    expect(resourceNamed(T.invokeConfig, "kpis-fn").inputs.destinationConfig).to.deep.equal({
      onFailure: { destination: mockArn(T.queue, "kpis-failures") },
    });
  });

  it("gives the function exactly its statements, without the audit table when remediation is off", async () => {
    await build();
    expect(json(resourceNamed(T.role, "kpis-fn").inputs.assumeRolePolicy)).to.deep.equal(
      buildLambdaTrustPolicy(),
    );
    expect(json(resourceNamed(T.rolePolicy, "kpis-fn").inputs.policy)).to.deep.equal(
      buildKpiFunctionPolicy({
        region: "us-east-1",
        bucketArn: BUCKET_ARN,
        keyArn: KEY_ARN,
        failureQueueArn: mockArn(T.queue, "kpis-failures"),
        logGroupArn: "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-kpis",
      }),
    );
  });

  it("reads the audit table (name in AUDIT_TABLE, query and scan on table and indexes) when one is given", async () => {
    await build({ auditTable: { name: "remediation-audit", arn: AUDIT_ARN } });
    const fn = resourceNamed(T.fn, "kpis-fn").inputs;
    expect(
      (fn.environment as { variables: Record<string, string> }).variables.AUDIT_TABLE,
    ).to.equal("remediation-audit");
    expect(json(resourceNamed(T.rolePolicy, "kpis-fn").inputs.policy)).to.deep.equal(
      buildKpiFunctionPolicy({
        region: "us-east-1",
        bucketArn: BUCKET_ARN,
        keyArn: KEY_ARN,
        failureQueueArn: mockArn(T.queue, "kpis-failures"),
        logGroupArn: "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-kpis",
        auditTableArn: AUDIT_ARN,
      }),
    );
  });

  it("schedules metrics hourly with {} and the weekly report with {report: true}, each retried and dead-lettered", async () => {
    await build();
    const target = {
      arn: mockArn(T.fn, "kpis-fn"),
      roleArn: mockArn(T.role, "kpis-scheduler"),
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
      deadLetterConfig: { arn: mockArn(T.queue, "kpis-schedule-dlq") },
    };
    expect(resourcesOfType(T.schedule).map((s) => s.inputs)).to.deep.equal([
      {
        region: "us-east-1",
        name: "kpis",
        description: "Inspector KPI metrics",
        scheduleExpression: "rate(1 hour)",
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        target: { ...target, input: "{}" },
      },
      {
        region: "us-east-1",
        name: "kpis-report",
        description: "Inspector weekly KPI report",
        scheduleExpression: "cron(0 6 ? * MON *)",
        scheduleExpressionTimezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        target: { ...target, input: '{"report":true}' },
      },
    ]);
    expect(json(resourceNamed(T.role, "kpis-scheduler").inputs.assumeRolePolicy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowServiceAssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ],
    });
    expect(json(resourceNamed(T.rolePolicy, "kpis-scheduler").inputs.policy)).to.deep.equal(
      buildKpiSchedulerPolicy(mockArn(T.fn, "kpis-fn"), mockArn(T.queue, "kpis-schedule-dlq")),
    );
  });

  it("builds the dashboard in the home Region from the configured severities and the run interval", async () => {
    await build({ dashboardSeverities: ["CRITICAL"], scheduleExpression: "rate(30 minutes)" });
    const dashboard = resourceNamed(T.dashboard, "kpis").inputs;
    expect([dashboard.region, dashboard.dashboardName]).to.deep.equal([
      "us-east-1",
      "inspector-kpis",
    ]);
    expect(json(dashboard.dashboardBody)).to.deep.equal(
      buildKpiDashboardBody({ region: "us-east-1", periodSeconds: 1800, severities: ["CRITICAL"] }),
    );
  });

  it("alarms per configured severity and SLA with exact metric, dimensions, threshold and topic", async () => {
    // Prepare: new HIGH and CRITICAL findings alarm, one SLA, a coverage threshold of 5
    await build({
      alarmSeverities: ["CRITICAL", "HIGH"],
      slaDays: { CRITICAL: 3 },
      coverageGapThreshold: 5,
      scheduleExpression: "rate(30 minutes)",
    });
    // Assess
    const alarms = resourcesOfType(T.alarm)
      .filter((a) => a.inputs.namespace === "InspectorRollout/KPIs")
      // Registration order follows resolution order: compare by name.
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((a) => [a.name, a.inputs]);
    const common = {
      region: "us-east-1",
      namespace: "InspectorRollout/KPIs",
      statistic: "Maximum",
      period: 1800,
      evaluationPeriods: 2,
      comparisonOperator: "GreaterThanThreshold",
    };
    const severityAlarm = (metricName: string, severity: string, description: string) => ({
      ...common,
      name: `kpis-${metricName === "NewFindings" ? "new-findings" : "sla-breaches"}-${severity.toLowerCase()}`,
      alarmDescription: description,
      metricName,
      dimensions: { Severity: severity },
      datapointsToAlarm: 1,
      threshold: 0,
      treatMissingData: "notBreaching",
      alarmActions: [FINDINGS],
      okActions: [FINDINGS],
    });
    expect(alarms).to.deep.equal([
      [
        "kpis-coverage-gaps",
        {
          ...common,
          name: "kpis-coverage-gaps",
          alarmDescription:
            "More than 5 resources not covered by Inspector (KPI CoverageGaps), or no coverage figure for two runs (the KPI function or ListCoverageStatistics is failing).",
          metricName: "CoverageGaps",
          datapointsToAlarm: 2,
          threshold: 5,
          treatMissingData: "breaching",
          alarmActions: [OPERATIONS],
          okActions: [OPERATIONS],
        },
      ],
      [
        "kpis-new-findings-critical",
        severityAlarm(
          "NewFindings",
          "CRITICAL",
          "New CRITICAL Inspector findings in the last 24 hours (KPI NewFindings); see the KPI dashboard and the findings topic's notifications.",
        ),
      ],
      [
        "kpis-new-findings-high",
        severityAlarm(
          "NewFindings",
          "HIGH",
          "New HIGH Inspector findings in the last 24 hours (KPI NewFindings); see the KPI dashboard and the findings topic's notifications.",
        ),
      ],
      [
        "kpis-sla-breaches-critical",
        severityAlarm(
          "SlaBreaches",
          "CRITICAL",
          "ACTIVE CRITICAL Inspector findings older than their 3-day remediation SLA (KPI SlaBreaches); the weekly KPI report lists them.",
        ),
      ],
      [
        "kpis-source-errors",
        {
          ...common,
          name: "kpis-source-errors",
          alarmDescription:
            "A KPI source failed in two runs in a row (KpiSourceErrors): some KPIs are short; the KPI function's log names the Region and source.",
          metricName: "KpiSourceErrors",
          datapointsToAlarm: 2,
          threshold: 0,
          treatMissingData: "notBreaching",
          alarmActions: [OPERATIONS],
          okActions: [OPERATIONS],
        },
      ],
    ]);
  });

  it("sends its own failures (invocations and undelivered schedules) to the operations topic", async () => {
    await build();
    expect(
      ["kpis-failures", "kpis-schedule-dlq"].map(
        (n) => resourceNamed(T.alarm, n).inputs.alarmActions,
      ),
    ).to.deep.equal([[OPERATIONS], [OPERATIONS]]);
  });

  it("refuses a cron metrics schedule, naming the argument", () => {
    expect(
      () => new FindingsKpis("bad", { ...ARGS, scheduleExpression: "cron(0 * * * ? *)" }),
    ).to.throw(
      'scheduleExpression ("cron(0 * * * ? *)") is not a rate expression such as "rate(1 hour)" or "rate(30 minutes)"; the alarms need a fixed interval, so cron() is not accepted here',
    );
  });
});
