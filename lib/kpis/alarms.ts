/**
 * The KPI alarms, as plain specifications built from the metrics contract (./metrics.ts), so
 * tests assert each alarm's metric, dimensions, threshold and destination exactly, and the
 * component only maps topics to ARNs.
 *
 * The KPI function publishes each metric once per run. An alarm's period is the run interval (one
 * datapoint per period); a run that lands a little late leaves one period empty, so every alarm
 * looks at two periods and an empty period alone never flips its state.
 */
import { type SlaDays } from "./compute";
import { KPI_DIMENSIONS, KPI_METRICS, KPI_NAMESPACE, KPI_SOURCE_ERRORS_METRIC } from "./metrics";

/** The metrics schedule by default: hourly. */
export const DEFAULT_KPI_SCHEDULE = "rate(1 hour)";
/** The weekly report by default: Mondays 06:00 UTC, after the findings report (05:00). */
export const DEFAULT_KPI_REPORT_SCHEDULE = "cron(0 6 ? * MON *)";

/**
 * The run interval's bounds, in seconds. At least 15 minutes: a run may last the function's
 * timeout (15 minutes) and only one runs at a time. At most a day: NewFindings counts the last 24
 * hours, so a longer interval would never see some new findings.
 */
export const KPI_RATE_LIMITS = { minSeconds: 15 * 60, maxSeconds: 24 * 60 * 60 } as const;

const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86400 };

/**
 * The interval of an EventBridge Scheduler `rate(value unit)` expression in seconds, or why it is
 * not one the KPI schedule accepts. The unit is singular for 1 and plural otherwise, as the
 * Scheduler requires (EventBridge Scheduler user guide, schedule-types, rate-based).
 */
export function parseRateExpression(text: string): { readonly seconds: number } | string {
  const match = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(text);
  if (match === null) {
    return 'is not a rate expression such as "rate(1 hour)" or "rate(30 minutes)"; the alarms need a fixed interval, so cron() is not accepted here';
  }
  const value = Number(match[1]);
  const unit = match[2];
  if ((value === 1) !== (match[3] === "")) {
    return `must say "${unit}" for 1 and "${unit}s" otherwise, as EventBridge Scheduler requires`;
  }
  const seconds = value * UNIT_SECONDS[unit];
  if (seconds < KPI_RATE_LIMITS.minSeconds || seconds > KPI_RATE_LIMITS.maxSeconds) {
    return "is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours";
  }
  return { seconds };
}

/** Where an alarm notifies. */
export type KpiAlarmTopic = "findings" | "operations";

/** One KPI alarm: the fields of an aws.cloudwatch.MetricAlarm, and its topic. */
export interface KpiAlarmSpec {
  /** Stable key: the suffix of the logical name and of the alarm name. */
  readonly key: string;
  readonly alarmName: string;
  readonly alarmDescription: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Maximum";
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: "GreaterThanThreshold";
  readonly treatMissingData: "notBreaching" | "breaching";
  readonly topic: KpiAlarmTopic;
}

/** What the alarms are built from. */
export interface KpiAlarmOptions {
  /** The alarm names' prefix, e.g. `inspector-kpis`. */
  readonly namePrefix: string;
  /** The run interval in seconds (the alarms' period). */
  readonly periodSeconds: number;
  /** Severities whose new findings alarm. */
  readonly alarmSeverities: readonly string[];
  /** SLA per severity: each severity with an SLA gets a breach alarm. */
  readonly slaDays: SlaDays;
  /** Alarm when more resources than this are not covered. */
  readonly coverageGapThreshold: number;
  /** Severity order for the SLA alarms. */
  readonly severityOrder: readonly string[];
}

/**
 * The alarms:
 * - NewFindings > 0 per severity in `alarmSeverities` -> findings topic. Missing data is not
 *   breaching: no datapoint means no run, which the function's own failure alarms report.
 * - SlaBreaches > 0 per severity with an SLA -> findings topic, missing data not breaching.
 * - CoverageGaps > threshold -> operations topic. Missing data IS breaching, over both periods:
 *   the function publishes CoverageGaps on every run that reached ListCoverageStatistics, so two
 *   empty periods mean the coverage check itself stopped, which hides any gap.
 * - KpiSourceErrors > 0 in both periods -> operations topic: a source (a Region's Inspector API,
 *   the export, the audit table) failing run after run, so some KPIs are short; one failed run
 *   (throttling past the retries) alone does not alarm.
 * One breaching period of two alarms (M of N), so a late run does not clear a real alarm.
 */
export function buildKpiAlarms(o: KpiAlarmOptions): KpiAlarmSpec[] {
  const common = {
    namespace: KPI_NAMESPACE,
    statistic: "Maximum" as const,
    period: o.periodSeconds,
    evaluationPeriods: 2,
    comparisonOperator: "GreaterThanThreshold" as const,
  };
  const alarms: KpiAlarmSpec[] = [];
  for (const severity of o.alarmSeverities) {
    const key = `new-findings-${severity.toLowerCase()}`;
    alarms.push({
      ...common,
      key,
      alarmName: `${o.namePrefix}-${key}`,
      alarmDescription: `New ${severity} Inspector findings in the last 24 hours (KPI ${KPI_METRICS.newFindings.name}); see the KPI dashboard and the findings topic's notifications.`,
      metricName: KPI_METRICS.newFindings.name,
      dimensions: { [KPI_DIMENSIONS.severity]: severity },
      datapointsToAlarm: 1,
      threshold: 0,
      treatMissingData: "notBreaching",
      topic: "findings",
    });
  }
  for (const severity of o.severityOrder) {
    const days = o.slaDays[severity as keyof SlaDays];
    if (days === undefined) {
      continue;
    }
    const key = `sla-breaches-${severity.toLowerCase()}`;
    alarms.push({
      ...common,
      key,
      alarmName: `${o.namePrefix}-${key}`,
      alarmDescription: `ACTIVE ${severity} Inspector findings older than their ${days}-day remediation SLA (KPI ${KPI_METRICS.slaBreaches.name}); the weekly KPI report lists them.`,
      metricName: KPI_METRICS.slaBreaches.name,
      dimensions: { [KPI_DIMENSIONS.severity]: severity },
      datapointsToAlarm: 1,
      threshold: 0,
      treatMissingData: "notBreaching",
      topic: "findings",
    });
  }
  alarms.push({
    ...common,
    key: "coverage-gaps",
    alarmName: `${o.namePrefix}-coverage-gaps`,
    alarmDescription: `More than ${o.coverageGapThreshold} resources not covered by Inspector (KPI ${KPI_METRICS.coverageGaps.name}), or no coverage figure for two runs (the KPI function or ListCoverageStatistics is failing).`,
    metricName: KPI_METRICS.coverageGaps.name,
    dimensions: {},
    datapointsToAlarm: 2,
    threshold: o.coverageGapThreshold,
    treatMissingData: "breaching",
    topic: "operations",
  });
  alarms.push({
    ...common,
    key: "source-errors",
    alarmName: `${o.namePrefix}-source-errors`,
    alarmDescription: `A KPI source failed in two runs in a row (${KPI_SOURCE_ERRORS_METRIC}): some KPIs are short; the KPI function's log names the Region and source.`,
    metricName: KPI_SOURCE_ERRORS_METRIC,
    dimensions: {},
    datapointsToAlarm: 2,
    threshold: 0,
    treatMissingData: "notBreaching",
    topic: "operations",
  });
  return alarms;
}
