/**
 * The SOC KPIs' wiring (issue 8): the stack configuration's KPI keys onto {@link FindingsKpis},
 * with what the findings flow built (export bucket and key, topics, log key).
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { FindingsKpis, type KpiAuditTable } from "../components/findingsKpis";
import type { InspectorConfig } from "./config";
import { isPatchComplianceOn } from "./configKpis";

export type { KpiAuditTable };

/** The name of the KPI component; its schedules, queues and alarms start with it. */
export const KPIS_NAME = "inspector-kpis";

/** What the findings flow passes to the KPIs. */
export interface KpiWiring {
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  readonly exportKeyArn: pulumi.Input<string>;
  readonly logKeyArn: pulumi.Input<string>;
  readonly findingsTopicArn: pulumi.Input<string>;
  readonly operationsTopicArn: pulumi.Input<string>;
  /** The remediation audit table, when remediation is on. */
  readonly auditTable?: KpiAuditTable;
  /** The plan's estimated monthly cost, beside the measured one on the dashboard. */
  readonly plannedMonthlyCost?: number;
}

/** The KPI function, schedules, dashboard and alarms in the home Region. */
export function deployKpis(
  cfg: InspectorConfig,
  provider: aws.Provider,
  wiring: KpiWiring,
): FindingsKpis {
  return new FindingsKpis(
    KPIS_NAME,
    {
      region: cfg.homeRegion,
      accountId: cfg.delegatedAdminAccountId,
      regions: cfg.regions,
      ...wiring,
      slaDays: cfg.kpiSlaDays,
      scheduleExpression: cfg.kpiSchedule,
      reportScheduleExpression: cfg.kpiReportSchedule,
      lookbackDays: cfg.kpiLookbackDays,
      dashboardSeverities: cfg.kpiDashboardSeverities,
      alarmSeverities: cfg.kpiAlarmSeverities,
      coverageGapThreshold: cfg.kpiCoverageGapThreshold,
      patchCompliance: isPatchComplianceOn(cfg),
      logRetentionDays: cfg.findingsLogRetentionDays,
    },
    { provider },
  );
}
