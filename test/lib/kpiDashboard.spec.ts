import { expect } from "chai";
import {
  buildKpiDashboardBody,
  type DashboardWidget,
  type ExpressionLine,
  kpiDashboardUrl,
  type MetricLine,
  severitiesOf,
} from "../../lib/kpis/dashboard";
import { KPI_METRICS } from "../../lib/kpis/metrics";

const NS = "InspectorRollout/KPIs";
const SEVERITY_METRICS = [
  "NewFindings",
  "SlaBreaches",
  "MeanTimeToDetectDays",
  "P90TimeToDetectDays",
  "MeanTimeToRemediateDays",
  "P90TimeToRemediateDays",
];
const PLAIN_METRICS = [
  "NewCriticalCves",
  "EcrPassRateAtPush",
  "Ec2InstancesWithoutSsm",
  "LambdaFunctionsNotCovered",
  "CoverageGaps",
  "RemediationActions",
];

function metricsOf(w: DashboardWidget): readonly (MetricLine | ExpressionLine)[] {
  return w.properties.metrics as readonly (MetricLine | ExpressionLine)[];
}

const isExpression = (l: MetricLine | ExpressionLine): l is ExpressionLine => !Array.isArray(l);

/** The metric a widget draws: a metric line's name, or a SEARCH expression's MetricName. */
function nameOf(w: DashboardWidget): string {
  const first = metricsOf(w)[0];
  return isExpression(first)
    ? (/MetricName="([^"]+)"/.exec(first.expression)?.[1] ?? "")
    : (first[1] as string);
}

const BREAKDOWN = ": by account and Region";
const USAGE_TITLES = [
  "Estimated monthly cost (USD): measured and planned",
  "Estimated monthly cost by usage type (USD)",
  "Top 10 accounts by estimated monthly cost (USD)",
  "Usage in the last 30 days by usage type (hours or scans)",
];
const isUsage = (w: DashboardWidget) => USAGE_TITLES.includes(String(w.properties.title));

describe("buildKpiDashboardBody", () => {
  const body = buildKpiDashboardBody({
    region: "eu-west-1",
    periodSeconds: 3600,
    severities: ["CRITICAL", "HIGH"],
  });
  const metricWidgets = body.widgets.filter((w) => w.type === "metric");
  const usage = metricWidgets.filter(isUsage);
  const orgWide = metricWidgets.filter(
    (w) => !String(w.properties.title).endsWith(BREAKDOWN) && !isUsage(w),
  );
  const breakdowns = metricWidgets.filter((w) => String(w.properties.title).endsWith(BREAKDOWN));

  it("has exactly one org-wide widget per KPI metric, and nothing else but breakdowns, the usage widgets and three headers", () => {
    const names = orgWide.map(nameOf);
    expect([...names].sort()).to.deep.equal(
      Object.values(KPI_METRICS)
        .map((m) => m.name)
        .sort(),
    );
    expect(orgWide.length + breakdowns.length + usage.length).to.equal(metricWidgets.length);
    expect(body.widgets.filter((w) => w.type === "text")).to.have.length(3);
  });

  it("draws what Inspector costs now: the organization's estimate, by usage type, the top 10 accounts, usage by type", () => {
    const search = (name: string, dimension: string) =>
      `SEARCH('{${NS},${dimension}} MetricName="${name}"', 'Maximum', 3600)`;
    expect(usage.map((w) => [w.properties.title, w.properties.stat, metricsOf(w)])).to.deep.equal([
      [
        USAGE_TITLES[0],
        "Maximum",
        [[NS, "EstimatedMonthlyCost", { label: "Inspector's estimate (ListUsageTotals)" }]],
      ],
      [
        USAGE_TITLES[1],
        "Maximum",
        [
          {
            expression: search("EstimatedMonthlyCost", "UsageType"),
            id: "types",
            label: "${PROP('Dim.UsageType')}",
          },
        ],
      ],
      [
        USAGE_TITLES[2],
        "Maximum",
        [
          {
            expression: `SORT(${search("EstimatedMonthlyCost", "AccountId")}, MAX, DESC, 10)`,
            id: "accounts",
            label: "${PROP('Dim.AccountId')}",
          },
        ],
      ],
      [
        USAGE_TITLES[3],
        "Maximum",
        [
          {
            expression: search("UsageTotal", "UsageType"),
            id: "usage",
            label: "${PROP('Dim.UsageType')}",
          },
        ],
      ],
    ]);
    // Without a plan estimate, no annotation.
    expect(usage.map((w) => w.properties.annotations)).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("draws the plan's estimate as a horizontal line beside the measured estimate", () => {
    const planned = buildKpiDashboardBody({
      region: "eu-west-1",
      periodSeconds: 3600,
      severities: ["CRITICAL"],
      plannedMonthlyCost: 1234.56,
    });
    const cost = planned.widgets.find((w) => w.properties.title === USAGE_TITLES[0]);
    expect(cost?.properties.annotations).to.deep.equal({
      horizontal: [{ label: "plan estimate (npm run plan)", value: 1234.56 }],
    });
  });

  it("draws one line per configured severity for the per-severity KPIs, one org-wide line otherwise", () => {
    const lines = Object.fromEntries(orgWide.map((w) => [nameOf(w), metricsOf(w)]));
    for (const name of SEVERITY_METRICS) {
      expect(lines[name], name).to.deep.equal([
        [NS, name, "Severity", "CRITICAL", { label: "CRITICAL" }],
        [NS, name, "Severity", "HIGH", { label: "HIGH" }],
      ]);
    }
    for (const name of PLAIN_METRICS) {
      expect(lines[name], name).to.deep.equal([[NS, name, { label: "organization" }]]);
    }
    // Inspector counts ACTIVE findings per account for CRITICAL, HIGH and MEDIUM only, plus ALL.
    expect(lines.ActiveFindings).to.deep.equal([
      [NS, "ActiveFindings", "Severity", "CRITICAL", { label: "CRITICAL" }],
      [NS, "ActiveFindings", "Severity", "HIGH", { label: "HIGH" }],
      [NS, "ActiveFindings", "Severity", "ALL", { label: "ALL" }],
    ]);
    // The patch baselines are the members' own: one series per baseline the function published.
    expect(lines.PatchComplianceRate).to.deep.equal([
      {
        expression: `SEARCH('{${NS},PatchBaselineId} MetricName="PatchComplianceRate"', 'Average', 3600)`,
        id: "baselines",
        label: "${PROP('Dim.PatchBaselineId')}",
      },
    ]);
  });

  it("draws ActiveFindings only for the severities Inspector counts, and their total", () => {
    expect(severitiesOf("activeFindings", ["CRITICAL", "HIGH", "MEDIUM", "LOW"])).to.deep.equal([
      "CRITICAL",
      "HIGH",
      "MEDIUM",
      "ALL",
    ]);
    expect(severitiesOf("slaBreaches", ["CRITICAL", "LOW"])).to.deep.equal(["CRITICAL", "LOW"]);
  });

  it("breaks the account/Region KPIs down with one SEARCH per severity, top 10, matching only the per-account series", () => {
    const search = (schema: string, name: string, filter = "") =>
      `SORT(SEARCH('{${schema}} MetricName="${name}"${filter}', 'Maximum', 3600), MAX, DESC, 10)`;
    const where = "${PROP('Dim.AccountId')} ${PROP('Dim.Region')}";
    const bySeverity = (name: string, severities = ["CRITICAL", "HIGH"]) =>
      severities.map((s) => ({
        expression: search(`${NS},Severity,AccountId,Region`, name, ` Severity="${s}"`),
        id: s.toLowerCase(),
        label: `${s} ${where}`,
      }));
    const plain = (name: string) => [
      { expression: search(`${NS},AccountId,Region`, name), id: "accounts", label: where },
    ];
    expect(breakdowns.map((w) => [w.properties.title, metricsOf(w)])).to.deep.equal([
      [
        "ACTIVE findings by severity: by account and Region",
        bySeverity("ActiveFindings", ["CRITICAL", "HIGH", "ALL"]),
      ],
      ["Findings past their remediation SLA: by account and Region", bySeverity("SlaBreaches")],
      [
        "EC2 instances without SSM coverage: by account and Region",
        plain("Ec2InstancesWithoutSsm"),
      ],
      ["Lambda functions not covered: by account and Region", plain("LambdaFunctionsNotCovered")],
    ]);
    expect(
      Object.values(KPI_METRICS)
        .filter((m) => m.byAccountRegion)
        .map((m) => m.name),
    ).to.deep.equal([
      "ActiveFindings",
      "SlaBreaches",
      "Ec2InstancesWithoutSsm",
      "LambdaFunctionsNotCovered",
    ]);
  });

  it("reads every widget in the home Region at the run interval, counts as Maximum and durations and rates as Average", () => {
    expect(metricWidgets.map((w) => [w.properties.region, w.properties.period])).to.deep.equal(
      metricWidgets.map(() => ["eu-west-1", 3600]),
    );
    const averaged = orgWide.filter((w) => w.properties.stat === "Average").map(nameOf);
    expect(averaged).to.deep.equal([
      "MeanTimeToDetectDays",
      "P90TimeToDetectDays",
      "MeanTimeToRemediateDays",
      "P90TimeToRemediateDays",
      "EcrPassRateAtPush",
      "PatchComplianceRate",
    ]);
  });

  it("titles every widget uniquely and lays them out on the 24-column grid without overlaps", () => {
    const titles = metricWidgets.map((w) => w.properties.title as string);
    expect(new Set(titles).size).to.equal(titles.length);
    const cells = new Set<string>();
    for (const w of body.widgets) {
      expect(w.x + w.width, String(w.properties.title)).to.be.at.most(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell), `overlap at ${cell}`).to.equal(false);
          cells.add(cell);
        }
      }
    }
  });
});

describe("kpiDashboardUrl", () => {
  it("opens the dashboard in the home Region's console", () => {
    expect(kpiDashboardUrl("eu-west-1")).to.equal(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/inspector-kpis",
    );
  });
});
