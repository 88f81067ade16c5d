/**
 * Publishes KPI rows as CloudWatch metrics in the embedded metric format, through Powertools
 * Metrics.
 *
 * An EMF document gives every metric in it the same dimension values (they are root members of
 * the document), and Powertools turns two values of one metric name into one multi-value metric.
 * So each distinct set of dimension values is its own document (`publishStoredMetrics` per
 * group), and a group is flushed every 100 metrics (the EMF limit; Powertools also flushes at
 * 100 on its own). At most 3 dimensions per metric, well under EMF's 30.
 */
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { KPI_DIMENSIONS } from "../../lib/kpis/metrics";
import type { KpiRow, KpiUnit } from "./kpiSnapshot";

const UNITS = {
  Count: MetricUnit.Count,
  None: MetricUnit.NoUnit,
  Percent: MetricUnit.Percent,
} as const satisfies Record<KpiUnit, string>;

/** Most metrics in one EMF document. */
export const EMF_MAX_METRICS = 100;

/** The dimensions of a row, named as the contract (lib/kpis/metrics.ts) names them. */
export function rowDimensions(row: KpiRow): Record<string, string> {
  return {
    ...(row.severity === undefined ? {} : { [KPI_DIMENSIONS.severity]: row.severity }),
    ...(row.account === undefined ? {} : { [KPI_DIMENSIONS.account]: row.account }),
    ...(row.region === undefined ? {} : { [KPI_DIMENSIONS.region]: row.region }),
    ...(row.patchBaselineId === undefined
      ? {}
      : { [KPI_DIMENSIONS.patchBaseline]: row.patchBaselineId }),
    ...(row.usageType === undefined ? {} : { [KPI_DIMENSIONS.usageType]: row.usageType }),
  };
}

/**
 * Prepares a Powertools Metrics instance for the KPIs: without its default `service` dimension,
 * so every metric carries exactly the dimensions of the contract and the dashboard and alarms
 * (which name those dimensions only) find it.
 */
export function prepareKpiMetrics(metrics: Metrics): Metrics {
  metrics.clearDefaultDimensions();
  return metrics;
}

/** Publishes the rows; returns the number of EMF documents written. */
export function publishKpiRows(metrics: Metrics, rows: readonly KpiRow[]): number {
  const groups = new Map<string, { dimensions: Record<string, string>; rows: KpiRow[] }>();
  for (const row of rows) {
    const dimensions = rowDimensions(row);
    const key = JSON.stringify(dimensions);
    const group = groups.get(key) ?? { dimensions, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  let documents = 0;
  for (const { dimensions, rows: groupRows } of groups.values()) {
    for (let i = 0; i < groupRows.length; i += EMF_MAX_METRICS) {
      // An empty set publishes the metric without dimensions (`"Dimensions": [[]]`).
      metrics.addDimensions(dimensions);
      for (const row of groupRows.slice(i, i + EMF_MAX_METRICS)) {
        metrics.addMetric(row.kpi, UNITS[row.unit], row.value);
      }
      metrics.publishStoredMetrics();
      documents += 1;
    }
  }
  return documents;
}
