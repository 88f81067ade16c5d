/**
 * The KPI dashboard's body (CloudWatch dashboard body structure, `widgets` of type `metric` and
 * `text`), built from the metrics contract (./metrics.ts): a widget for every KPI, and for the
 * KPIs also published per account and Region a breakdown of the accounts and Regions with the
 * highest values, then what Inspector costs now ({@link usageWidgets}). {@link KPI_WIDGETS} is keyed by the contract's metric keys, so a new metric
 * without a widget fails the type check.
 */
import {
  ACTIVE_FINDINGS_SEVERITIES,
  KPI_DIMENSIONS,
  KPI_METRICS,
  KPI_NAMESPACE,
  USAGE_CURRENCY,
  USAGE_METRICS,
} from "./metrics";

/** The dashboard's name (one per stack: the KPI function's name is fixed per account too). */
export const KPI_DASHBOARD_NAME = "inspector-kpis";

/** The dashboard's severities by default: those with a default SLA. */
export const DEFAULT_KPI_DASHBOARD_SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;

/** How many account/Region series a breakdown widget draws (the highest ones). */
export const KPI_BREAKDOWN_LIMIT = 10;

/** A contract metric's key. */
export type KpiMetricKey = keyof typeof KPI_METRICS;

/** How a KPI is drawn: its title and the statistic over a period. */
export interface KpiWidgetSpec {
  readonly title: string;
  /** Counts are gauges (the latest figure): Maximum. Days and rates: Average. */
  readonly stat: "Maximum" | "Average";
}

/** The widget of every KPI. */
export const KPI_WIDGETS: Readonly<Record<KpiMetricKey, KpiWidgetSpec>> = {
  activeFindings: { title: "ACTIVE findings by severity", stat: "Maximum" },
  newFindings: { title: "New findings (first observed in the last 24 hours)", stat: "Maximum" },
  newCriticalCves: { title: "New critical CVEs (last 7 days)", stat: "Maximum" },
  slaBreaches: { title: "Findings past their remediation SLA", stat: "Maximum" },
  meanTimeToDetectDays: { title: "Time to detect, mean (days)", stat: "Average" },
  p90TimeToDetectDays: { title: "Time to detect, p90 (days)", stat: "Average" },
  meanTimeToRemediateDays: { title: "Time to remediate, mean (days)", stat: "Average" },
  p90TimeToRemediateDays: { title: "Time to remediate, p90 (days)", stat: "Average" },
  ecrPassRateAtPush: { title: "ECR images passing at push (%)", stat: "Average" },
  ec2WithoutSsm: { title: "EC2 instances without SSM coverage", stat: "Maximum" },
  lambdaNotCovered: { title: "Lambda functions not covered", stat: "Maximum" },
  coverageGaps: { title: "Resources Inspector does not cover", stat: "Maximum" },
  remediationActions: { title: "Remediation actions (last 24 hours)", stat: "Maximum" },
  patchComplianceRate: { title: "Patch compliance by patch baseline (%)", stat: "Average" },
};

/** A metric line: namespace, name, dimension name/value pairs, then its options. */
export type MetricLine = readonly (string | { readonly label: string })[];

/** A metric math line (a SEARCH expression). */
export interface ExpressionLine {
  readonly expression: string;
  readonly id: string;
  readonly label: string;
}

/** One widget of the body. */
export interface DashboardWidget {
  readonly type: "metric" | "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The dashboard body. */
export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "inherit";
  readonly widgets: readonly DashboardWidget[];
}

/** What the body is built from. */
export interface KpiDashboardOptions {
  /** The home Region, where the KPI function publishes. */
  readonly region: string;
  /** The run interval in seconds: one datapoint per period. */
  readonly periodSeconds: number;
  /** Severities drawn on the per-severity widgets, in order. */
  readonly severities: readonly string[];
  /**
   * The plan's estimated monthly cost (`summary.costEstimate.monthlyTotal`), drawn as a line
   * beside the measured estimate; absent when the inventory has no workload counts.
   */
  readonly plannedMonthlyCost?: number;
}

const HALF = 12;
const FULL = 24;
const HEIGHT = 6;

function metricLine(metricName: string, dimensions: Record<string, string>, label: string) {
  const pairs = Object.entries(dimensions).flat();
  return [KPI_NAMESPACE, metricName, ...pairs, { label }] as MetricLine;
}

/**
 * The Severity values drawn for a KPI: the configured ones, except for ActiveFindings, which
 * Inspector counts only for CRITICAL, HIGH and MEDIUM, plus the total (`ALL`).
 */
export function severitiesOf(key: KpiMetricKey, severities: readonly string[]): string[] {
  if (key !== "activeFindings") {
    return [...severities];
  }
  const counted: readonly string[] = ACTIVE_FINDINGS_SEVERITIES;
  return [...severities.filter((s) => s !== "ALL" && counted.includes(s)), "ALL"];
}

/**
 * The org-wide lines of a KPI: one per severity for the per-severity KPIs; for the per-baseline
 * KPI a SEARCH over its PatchBaselineId series (the baselines are the members' own, not known
 * when the dashboard is built).
 */
export function orgWideLines(
  key: KpiMetricKey,
  severities: readonly string[],
  periodSeconds: number,
): (MetricLine | ExpressionLine)[] {
  const metric = KPI_METRICS[key];
  if ((metric.dimensions as readonly string[]).includes(KPI_DIMENSIONS.patchBaseline)) {
    const schema = [KPI_NAMESPACE, ...metric.dimensions].join(",");
    return [
      {
        expression: `SEARCH('{${schema}} MetricName="${metric.name}"', 'Average', ${periodSeconds})`,
        id: "baselines",
        label: "${PROP('Dim.PatchBaselineId')}",
      },
    ];
  }
  if ((metric.dimensions as readonly string[]).includes(KPI_DIMENSIONS.severity)) {
    return severitiesOf(key, severities).map((s) =>
      metricLine(metric.name, { [KPI_DIMENSIONS.severity]: s }, s),
    );
  }
  return [metricLine(metric.name, {}, "organization")];
}

/**
 * The per-account-and-Region series of a KPI as SEARCH expressions (one per severity for the
 * per-severity KPIs), each sorted by its maximum and cut to the {@link KPI_BREAKDOWN_LIMIT}
 * highest. The schema lists exactly the published dimensions, so the org-wide series (without
 * AccountId and Region) are not matched.
 */
export function breakdownLines(
  key: KpiMetricKey,
  severities: readonly string[],
  periodSeconds: number,
): ExpressionLine[] {
  const metric = KPI_METRICS[key];
  const schema = [
    KPI_NAMESPACE,
    ...metric.dimensions,
    KPI_DIMENSIONS.account,
    KPI_DIMENSIONS.region,
  ];
  const search = (filter: string) =>
    `SORT(SEARCH('{${schema.join(",")}} MetricName="${metric.name}"${filter}', 'Maximum', ${periodSeconds}), MAX, DESC, ${KPI_BREAKDOWN_LIMIT})`;
  // CloudWatch dynamic labels: each series is named by its dimension values.
  const where = "${PROP('Dim.AccountId')} ${PROP('Dim.Region')}";
  if ((metric.dimensions as readonly string[]).includes(KPI_DIMENSIONS.severity)) {
    return severitiesOf(key, severities).map((s) => ({
      expression: search(` ${KPI_DIMENSIONS.severity}="${s}"`),
      id: s.toLowerCase(),
      label: `${s} ${where}`,
    }));
  }
  return [{ expression: search(""), id: "accounts", label: where }];
}

function metricWidget(
  title: string,
  lines: readonly (MetricLine | ExpressionLine)[],
  stat: string,
  o: KpiDashboardOptions,
  position: { x: number; y: number; width: number },
  extra: Readonly<Record<string, unknown>> = {},
): DashboardWidget {
  return {
    type: "metric",
    ...position,
    height: HEIGHT,
    properties: {
      title,
      region: o.region,
      view: "timeSeries",
      stacked: false,
      stat,
      period: o.periodSeconds,
      metrics: lines,
      yAxis: { left: { min: 0 } },
      ...extra,
    },
  };
}

/** How many accounts the top-accounts cost widget draws. */
export const COST_TOP_ACCOUNTS_DRAWN = 10;

/**
 * The SEARCH of a usage metric's series with exactly one dimension besides the namespace (the
 * schema matches only series with exactly those dimensions, so the org total is left out).
 * CloudWatch's SEARCH returns at most 500 series; UsageType has 13 values, and AccountId series
 * exist for at most USAGE_TOP_ACCOUNTS (100) accounts.
 */
function usageSearch(metricName: string, dimension: string, periodSeconds: number): string {
  return `SEARCH('{${KPI_NAMESPACE},${dimension}} MetricName="${metricName}"', 'Maximum', ${periodSeconds})`;
}

/**
 * What Inspector costs now (ListUsageTotals): the organization's estimated monthly cost beside
 * the plan's, the estimate per usage type, the accounts with the highest estimate, and the
 * usage per usage type. Four half-width widgets from `y`.
 */
export function usageWidgets(o: KpiDashboardOptions, y: number): DashboardWidget[] {
  const cost = USAGE_METRICS.estimatedMonthlyCost.name;
  const usage = USAGE_METRICS.usageTotal.name;
  const p = o.periodSeconds;
  const at = (i: number) => ({ x: (i % 2) * HALF, y: y + Math.floor(i / 2) * HEIGHT, width: HALF });
  const planned =
    o.plannedMonthlyCost === undefined
      ? {}
      : {
          annotations: {
            horizontal: [{ label: "plan estimate (npm run plan)", value: o.plannedMonthlyCost }],
          },
        };
  return [
    metricWidget(
      `Estimated monthly cost (${USAGE_CURRENCY}): measured and planned`,
      [metricLine(cost, {}, "Inspector's estimate (ListUsageTotals)")],
      "Maximum",
      o,
      at(0),
      planned,
    ),
    metricWidget(
      `Estimated monthly cost by usage type (${USAGE_CURRENCY})`,
      [
        {
          expression: usageSearch(cost, KPI_DIMENSIONS.usageType, p),
          id: "types",
          label: "${PROP('Dim.UsageType')}",
        },
      ],
      "Maximum",
      o,
      at(1),
    ),
    metricWidget(
      `Top ${COST_TOP_ACCOUNTS_DRAWN} accounts by estimated monthly cost (${USAGE_CURRENCY})`,
      [
        {
          expression: `SORT(${usageSearch(cost, KPI_DIMENSIONS.account, p)}, MAX, DESC, ${COST_TOP_ACCOUNTS_DRAWN})`,
          id: "accounts",
          label: "${PROP('Dim.AccountId')}",
        },
      ],
      "Maximum",
      o,
      at(2),
    ),
    metricWidget(
      "Usage in the last 30 days by usage type (hours or scans)",
      [
        {
          expression: usageSearch(usage, KPI_DIMENSIONS.usageType, p),
          id: "usage",
          label: "${PROP('Dim.UsageType')}",
        },
      ],
      "Maximum",
      o,
      at(3),
    ),
  ];
}

function textWidget(y: number, markdown: string): DashboardWidget {
  return { type: "text", x: 0, y, width: FULL, height: 2, properties: { markdown } };
}

/**
 * The body: a header, one widget per KPI (two per row, org-wide, a line per severity where the KPI
 * has one), then a breakdown widget per KPI published by account and Region.
 */
export function buildKpiDashboardBody(o: KpiDashboardOptions): DashboardBody {
  const keys = Object.keys(KPI_METRICS) as KpiMetricKey[];
  const widgets: DashboardWidget[] = [
    textWidget(
      0,
      `# Amazon Inspector KPIs\nComputed by the \`inspector-kpis\` function every ${o.periodSeconds / 60} minutes over all governed Regions; weekly reports in the export bucket under \`reports/kpis/\`.`,
    ),
  ];
  let y = 2;
  keys.forEach((key, i) => {
    const spec = KPI_WIDGETS[key];
    const position = { x: (i % 2) * HALF, y: y + Math.floor(i / 2) * HEIGHT, width: HALF };
    widgets.push(
      metricWidget(
        spec.title,
        orgWideLines(key, o.severities, o.periodSeconds),
        spec.stat,
        o,
        position,
      ),
    );
  });
  y += Math.ceil(keys.length / 2) * HEIGHT;
  widgets.push(
    textWidget(
      y,
      `## By account and Region\nThe ${KPI_BREAKDOWN_LIMIT} highest account/Region series of each KPI published per account and Region.`,
    ),
  );
  y += 2;
  keys
    .filter((key) => KPI_METRICS[key].byAccountRegion)
    .forEach((key, i) => {
      const position = { x: (i % 2) * HALF, y: y + Math.floor(i / 2) * HEIGHT, width: HALF };
      widgets.push(
        metricWidget(
          `${KPI_WIDGETS[key].title}: by account and Region`,
          breakdownLines(key, o.severities, o.periodSeconds),
          "Maximum",
          o,
          position,
        ),
      );
    });
  y += Math.ceil(keys.filter((key) => KPI_METRICS[key].byAccountRegion).length / 2) * HEIGHT;
  widgets.push(
    textWidget(
      y,
      `## What Inspector costs now\nInspector's own usage totals (ListUsageTotals, last 30 days) and its estimated monthly cost in ${USAGE_CURRENCY}, before credits and discounts; the weekly report lists every account, Region and usage type. See docs/costs.md for reading it against the plan's estimate and the bill.`,
    ),
  );
  widgets.push(...usageWidgets(o, y + 2));
  return { start: "-P14D", periodOverride: "inherit", widgets };
}

/** The console URL of the dashboard. */
export function kpiDashboardUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${KPI_DASHBOARD_NAME}`;
}
