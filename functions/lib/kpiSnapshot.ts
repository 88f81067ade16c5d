/**
 * One run's figures (the snapshot) and their rows: one row per KPI and dimension values, the
 * same rows published as metrics and written to the weekly CSV. Pure.
 */
import {
  firstCriticalByCve,
  foldFindings,
  type InspectorEvent,
  type KpiReport,
  SEVERITIES,
} from "../../lib/kpis/compute";
import {
  ACTIVE_FINDINGS_SEVERITIES,
  KPI_METRICS,
  KPI_SOURCE_ERRORS_METRIC,
} from "../../lib/kpis/metrics";
import { DAY_MS } from "../../lib/kpis/time";
import type {
  ByAccount,
  ExportedEvents,
  PatchComplianceFigures,
  RegionFigures,
  RemediationActionCount,
  SourceError,
} from "./kpiSources";
import { buildUsageRows } from "./kpiUsage";

/** The figures computed from the exported finding events. */
export interface EventFigures {
  readonly report: KpiReport;
  /** Distinct CVEs first observed as CRITICAL in the 7 days before `asOf`. */
  readonly newCriticalCves: number;
  readonly objects: number;
  readonly accounts: readonly string[];
  readonly truncated: boolean;
  readonly unreadable: ExportedEvents["unreadable"];
}

/** Everything one run found. A source that failed is `undefined` and listed in `errors`. */
export interface KpiSnapshot {
  readonly asOf: string;
  /** The governed Regions the run was asked for. */
  readonly regions: readonly string[];
  readonly regionFigures: readonly RegionFigures[];
  /** Regions where every Inspector source failed. */
  readonly failedRegions: readonly string[];
  readonly events: EventFigures | undefined;
  readonly remediation: RemediationActionCount | undefined;
  /** The members' synced patch compliance; undefined when the KPI is off or the read failed. */
  readonly patchCompliance?: PatchComplianceFigures;
  readonly errors: readonly SourceError[];
}

/** The metric units the KPIs use (CloudWatch unit names). */
export type KpiUnit = "Count" | "None" | "Percent";

/** One KPI value with its dimensions; absent dimensions are not part of the metric. */
export interface KpiRow {
  readonly kpi: string;
  readonly unit: KpiUnit;
  readonly value: number;
  readonly severity?: string;
  readonly account?: string;
  readonly region?: string;
  /** The patch baseline of PatchComplianceRate. */
  readonly patchBaselineId?: string;
  /** Inspector's usage type of UsageTotal and EstimatedMonthlyCost (ListUsageTotals). */
  readonly usageType?: string;
}

/** The severities ListFindingAggregations counts, plus their total. */
export const ACTIVE_SEVERITIES = ACTIVE_FINDINGS_SEVERITIES;

const WEEK_MS = 7 * DAY_MS;

/** Distinct CVEs whose first CRITICAL finding was first observed in the 7 days up to `asOf`. */
export function countNewCriticalCves(events: readonly InspectorEvent[], asOf: number): number {
  const findings = foldFindings(events.filter((e) => e.source === "aws.inspector2"));
  return [...firstCriticalByCve(findings).values()].filter((t) => t > asOf - WEEK_MS && t <= asOf)
    .length;
}

type Source<T> = (r: RegionFigures) => T | undefined;

/** The Regions where a source answered. */
function answered<T>(figures: readonly RegionFigures[], source: Source<T>) {
  return figures.flatMap((r) => {
    const value = source(r);
    return value === undefined ? [] : [{ region: r.region, value }];
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Org-wide and non-zero per-account rows of a per-account count. */
function accountRows(
  kpi: string,
  figures: readonly RegionFigures[],
  source: Source<ByAccount>,
  severity?: string,
): KpiRow[] {
  const parts = answered(figures, source);
  if (parts.length === 0) {
    return [];
  }
  const sev = severity === undefined ? {} : { severity };
  const total = sum(parts.flatMap((p) => Object.values(p.value)));
  const perAccount = parts.flatMap(({ region, value }) =>
    Object.entries(value)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([account, n]): KpiRow => ({ kpi, unit: "Count", value: n, ...sev, account, region })),
  );
  return [{ kpi, unit: "Count", value: total, ...sev }, ...perAccount];
}

function durationRows(kpiMean: string, kpiP90: string, stats: KpiReport["timeToDetect"]): KpiRow[] {
  return SEVERITIES.flatMap((severity) => {
    const s = stats[severity];
    if (s?.meanDays === undefined || s.p90Days === undefined) {
      return [];
    }
    return [
      { kpi: kpiMean, unit: "None" as const, value: s.meanDays, severity },
      { kpi: kpiP90, unit: "None" as const, value: s.p90Days, severity },
    ];
  });
}

/**
 * Every KPI row of a snapshot, in the order of KPI_METRICS, then the usage rows of USAGE_METRICS
 * (./kpiUsage.ts) and KpiSourceErrors: org-wide rows always (when at least
 * one Region answered), per account and Region only where the count is not zero (a metric per
 * account, Region and severity that is always zero costs money and says nothing).
 */
export function buildKpiRows(snapshot: KpiSnapshot): KpiRow[] {
  const m = KPI_METRICS;
  const figures = snapshot.regionFigures;
  const rows: KpiRow[] = [];

  for (const severity of ACTIVE_SEVERITIES) {
    rows.push(
      ...accountRows(
        m.activeFindings.name,
        figures,
        (r) =>
          r.activeFindings === undefined
            ? undefined
            : Object.fromEntries(
                Object.entries(r.activeFindings).map(([account, c]) => [account, c[severity]]),
              ),
        severity,
      ),
    );
  }

  const newFindings = answered(figures, (r) => r.newFindings?.bySeverity);
  if (newFindings.length > 0) {
    for (const severity of SEVERITIES) {
      rows.push({
        kpi: m.newFindings.name,
        unit: "Count",
        value: sum(newFindings.map((p) => p.value[severity] ?? 0)),
        severity,
      });
    }
  }

  if (snapshot.events !== undefined) {
    rows.push({
      kpi: m.newCriticalCves.name,
      unit: "Count",
      value: snapshot.events.newCriticalCves,
    });
  }

  const slaSeverities = new Set(
    figures.flatMap((r) => Object.keys(r.slaBreaches?.bySeverity ?? {})),
  );
  for (const severity of SEVERITIES.filter((s) => slaSeverities.has(s))) {
    rows.push(
      ...accountRows(
        m.slaBreaches.name,
        figures,
        (r) => r.slaBreaches?.bySeverity[severity],
        severity,
      ),
    );
  }

  if (snapshot.events !== undefined) {
    const report = snapshot.events.report;
    rows.push(
      ...durationRows(m.meanTimeToDetectDays.name, m.p90TimeToDetectDays.name, report.timeToDetect),
      ...durationRows(
        m.meanTimeToRemediateDays.name,
        m.p90TimeToRemediateDays.name,
        report.timeToRemediate,
      ),
    );
    if (report.ecrPassRateAtPush.rate !== undefined) {
      rows.push({
        kpi: m.ecrPassRateAtPush.name,
        unit: "Percent",
        value: Math.round(report.ecrPassRateAtPush.rate * 1000) / 10,
      });
    }
  }

  rows.push(...accountRows(m.ec2WithoutSsm.name, figures, (r) => r.ec2WithoutSsm?.byAccount));
  rows.push(...accountRows(m.lambdaNotCovered.name, figures, (r) => r.lambdaNotCovered?.byAccount));

  const gaps = answered(figures, (r) => r.coverageGaps?.total);
  if (gaps.length > 0) {
    rows.push({ kpi: m.coverageGaps.name, unit: "Count", value: sum(gaps.map((g) => g.value)) });
  }

  if (snapshot.remediation !== undefined) {
    rows.push({ kpi: m.remediationActions.name, unit: "Count", value: snapshot.remediation.total });
  }

  for (const rate of snapshot.patchCompliance?.rates ?? []) {
    rows.push({
      kpi: m.patchComplianceRate.name,
      unit: "Percent",
      value: rate.percent,
      patchBaselineId: rate.baselineId,
    });
  }

  rows.push(...buildUsageRows(figures));

  rows.push({ kpi: KPI_SOURCE_ERRORS_METRIC, unit: "Count", value: snapshot.errors.length });
  return rows;
}
