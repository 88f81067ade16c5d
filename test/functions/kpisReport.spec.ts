import { expect } from "chai";
import { KPI_NAMESPACE } from "../../lib/kpis/metrics";
import { publishKpiRows } from "../../functions/lib/kpiPublish";
import { reportKeys, toCsv } from "../../functions/lib/kpiReport";
import { buildKpiRows, type KpiRow, type KpiSnapshot } from "../../functions/lib/kpiSnapshot";
import type { RegionFigures } from "../../functions/lib/kpiSources";
import { captureStdout, enabledKpiMetrics, parseEmf } from "../helpers/kpiFakes";

const REGION: RegionFigures = {
  region: "us-east-1",
  activeFindings: {
    "111111111111": { CRITICAL: 1, HIGH: 0, MEDIUM: 0, ALL: 1 },
  },
  newFindings: { bySeverity: { CRITICAL: 1 }, truncated: false },
  slaBreaches: { bySeverity: { CRITICAL: { "111111111111": 1 } }, truncated: false },
  ec2WithoutSsm: { byAccount: {}, byReason: {}, truncated: false },
  lambdaNotCovered: undefined,
  coverageGaps: { total: 2, byReason: { NO_INVENTORY: 2 } },
  errors: [],
};

const SNAPSHOT: KpiSnapshot = {
  asOf: "2026-11-30T05:00:00.000Z",
  regions: ["us-east-1", "eu-west-1"],
  regionFigures: [
    REGION,
    {
      region: "eu-west-1",
      activeFindings: undefined,
      newFindings: undefined,
      slaBreaches: undefined,
      ec2WithoutSsm: undefined,
      lambdaNotCovered: undefined,
      coverageGaps: undefined,
      errors: [{ source: "ListFindingAggregations", region: "eu-west-1", error: "x" }],
    },
  ],
  failedRegions: [],
  events: undefined,
  remediation: undefined,
  errors: [{ source: "ListFindingAggregations", region: "eu-west-1", error: "x" }],
};

describe("KPI report", () => {
  describe("toCsv", () => {
    it("writes one line per KPI and dimension values for a small known snapshot", () => {
      // Act
      const csv = toCsv(buildKpiRows(SNAPSHOT));

      // Assess
      expect(csv).to.equal(
        [
          "kpi,severity,account,region,value,patchBaselineId,usageType",
          "ActiveFindings,CRITICAL,,,1,,",
          "ActiveFindings,CRITICAL,111111111111,us-east-1,1,,",
          "ActiveFindings,HIGH,,,0,,",
          "ActiveFindings,MEDIUM,,,0,,",
          "ActiveFindings,ALL,,,1,,",
          "ActiveFindings,ALL,111111111111,us-east-1,1,,",
          "NewFindings,CRITICAL,,,1,,",
          "NewFindings,HIGH,,,0,,",
          "NewFindings,MEDIUM,,,0,,",
          "NewFindings,LOW,,,0,,",
          "NewFindings,INFORMATIONAL,,,0,,",
          "NewFindings,UNTRIAGED,,,0,,",
          "SlaBreaches,CRITICAL,,,1,,",
          "SlaBreaches,CRITICAL,111111111111,us-east-1,1,,",
          "Ec2InstancesWithoutSsm,,,,0,,",
          "CoverageGaps,,,,2,,",
          "KpiSourceErrors,,,,1,,",
          "",
        ].join("\n"),
      );
    });

    it("quotes fields holding commas or quotes (RFC 4180)", () => {
      const rows: KpiRow[] = [{ kpi: 'A,"b"', unit: "Count", value: 1, severity: "HIGH" }];

      expect(toCsv(rows)).to.equal(
        'kpi,severity,account,region,value,patchBaselineId,usageType\n"A,""b""",HIGH,,,1,,\n',
      );
    });
  });

  describe("reportKeys", () => {
    const cases = [
      { name: "a Monday starts its week", asOf: "2026-11-30T05:00:00Z", week: "2026-W49" },
      { name: "1 January on a Thursday is week 1", asOf: "2026-01-01T00:00:00Z", week: "2026-W01" },
      {
        name: "1 January on a Friday is the last week of the year before",
        asOf: "2027-01-01T00:00:00Z",
        week: "2026-W53",
      },
      {
        name: "30 December on a Monday is week 1 of the next year",
        asOf: "2024-12-30T00:00:00Z",
        week: "2025-W01",
      },
    ];
    for (const c of cases) {
      it(`uses the ISO week: ${c.name}`, () => {
        expect(reportKeys(new Date(c.asOf))).to.deep.equal({
          json: `reports/kpis/${c.week}.json`,
          csv: `reports/kpis/${c.week}.csv`,
        });
      });
    }
  });

  describe("publishKpiRows", () => {
    it("writes one EMF document per set of dimension values, without the service dimension", async () => {
      // Prepare
      const metrics = enabledKpiMetrics("kpis");
      const rows = buildKpiRows(SNAPSHOT).filter((r) => r.kpi !== "NewFindings");

      // Act
      let documents = 0;
      const lines = await captureStdout(() => {
        documents = publishKpiRows(metrics, rows);
      });

      // Assess
      expect(documents).to.equal(7);
      expect(parseEmf(lines)).to.deep.equal([
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity"]],
          dimensionValues: { Severity: "CRITICAL" },
          metrics: {
            ActiveFindings: { unit: "Count", value: 1 },
            SlaBreaches: { unit: "Count", value: 1 },
          },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity", "AccountId", "Region"]],
          dimensionValues: { Severity: "CRITICAL", AccountId: "111111111111", Region: "us-east-1" },
          metrics: {
            ActiveFindings: { unit: "Count", value: 1 },
            SlaBreaches: { unit: "Count", value: 1 },
          },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity"]],
          dimensionValues: { Severity: "HIGH" },
          metrics: { ActiveFindings: { unit: "Count", value: 0 } },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity"]],
          dimensionValues: { Severity: "MEDIUM" },
          metrics: { ActiveFindings: { unit: "Count", value: 0 } },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity"]],
          dimensionValues: { Severity: "ALL" },
          metrics: { ActiveFindings: { unit: "Count", value: 1 } },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [["Severity", "AccountId", "Region"]],
          dimensionValues: { Severity: "ALL", AccountId: "111111111111", Region: "us-east-1" },
          metrics: { ActiveFindings: { unit: "Count", value: 1 } },
        },
        {
          namespace: KPI_NAMESPACE,
          dimensions: [[]],
          dimensionValues: {},
          metrics: {
            Ec2InstancesWithoutSsm: { unit: "Count", value: 0 },
            CoverageGaps: { unit: "Count", value: 2 },
            KpiSourceErrors: { unit: "Count", value: 1 },
          },
        },
      ]);
    });

    it("splits a set of dimension values into documents of at most 100 metrics (the EMF limit)", async () => {
      const metrics = enabledKpiMetrics();
      const rows: KpiRow[] = Array.from({ length: 150 }, (_, i) => ({
        kpi: `Metric${i}`,
        unit: "Count" as const,
        value: i,
      }));

      const lines = await captureStdout(() => publishKpiRows(metrics, rows));

      expect(parseEmf(lines).map((d) => Object.keys(d.metrics).length)).to.deep.equal([100, 50]);
      expect(parseEmf(lines)[1].metrics.Metric149).to.deep.equal({ unit: "Count", value: 149 });
    });
  });
});
