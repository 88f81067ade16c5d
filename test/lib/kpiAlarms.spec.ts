import { expect } from "chai";
import { buildKpiAlarms, parseRateExpression } from "../../lib/kpis/alarms";
import { SEVERITIES } from "../../lib/kpis/compute";

describe("parseRateExpression", () => {
  const cases: { text: string; result: { seconds: number } | string }[] = [
    { text: "rate(1 hour)", result: { seconds: 3600 } },
    { text: "rate(15 minutes)", result: { seconds: 900 } },
    { text: "rate(6 hours)", result: { seconds: 21_600 } },
    { text: "rate(1 day)", result: { seconds: 86_400 } },
    {
      text: "rate(1 minutes)",
      result: 'must say "minute" for 1 and "minutes" otherwise, as EventBridge Scheduler requires',
    },
    {
      text: "rate(10 minutes)",
      result:
        "is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours",
    },
    // 15 minutes to 1 day, at, one below and one above each end.
    { text: "rate(16 minutes)", result: { seconds: 960 } },
    {
      text: "rate(14 minutes)",
      result:
        "is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours",
    },
    { text: "rate(1439 minutes)", result: { seconds: 86_340 } },
    { text: "rate(1440 minutes)", result: { seconds: 86_400 } },
    {
      text: "rate(1441 minutes)",
      result:
        "is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours",
    },
    {
      text: "rate(1 week)",
      result:
        'is not a rate expression such as "rate(1 hour)" or "rate(30 minutes)"; the alarms need a fixed interval, so cron() is not accepted here',
    },
    {
      text: "cron(0 6 ? * MON *)",
      result:
        'is not a rate expression such as "rate(1 hour)" or "rate(30 minutes)"; the alarms need a fixed interval, so cron() is not accepted here',
    },
  ];
  for (const c of cases) {
    it(`reads ${c.text}`, () => {
      expect(parseRateExpression(c.text)).to.deep.equal(c.result);
    });
  }
});

describe("buildKpiAlarms", () => {
  const common = {
    namespace: "InspectorRollout/KPIs",
    statistic: "Maximum",
    period: 1800,
    evaluationPeriods: 2,
    comparisonOperator: "GreaterThanThreshold",
  };

  it("alarms on new findings per configured severity, SLA breaches per severity with an SLA, and coverage gaps over the threshold", () => {
    // Prepare: two alarm severities, SLAs for CRITICAL and LOW only, listed out of order
    const alarms = buildKpiAlarms({
      namePrefix: "kpis",
      periodSeconds: 1800,
      alarmSeverities: ["CRITICAL", "HIGH"],
      slaDays: { LOW: 180, CRITICAL: 3 },
      coverageGapThreshold: 5,
      severityOrder: SEVERITIES,
    });
    // Assess
    expect(alarms).to.deep.equal([
      {
        ...common,
        key: "new-findings-critical",
        alarmName: "kpis-new-findings-critical",
        alarmDescription:
          "New CRITICAL Inspector findings in the last 24 hours (KPI NewFindings); see the KPI dashboard and the findings topic's notifications.",
        metricName: "NewFindings",
        dimensions: { Severity: "CRITICAL" },
        datapointsToAlarm: 1,
        threshold: 0,
        treatMissingData: "notBreaching",
        topic: "findings",
      },
      {
        ...common,
        key: "new-findings-high",
        alarmName: "kpis-new-findings-high",
        alarmDescription:
          "New HIGH Inspector findings in the last 24 hours (KPI NewFindings); see the KPI dashboard and the findings topic's notifications.",
        metricName: "NewFindings",
        dimensions: { Severity: "HIGH" },
        datapointsToAlarm: 1,
        threshold: 0,
        treatMissingData: "notBreaching",
        topic: "findings",
      },
      {
        ...common,
        key: "sla-breaches-critical",
        alarmName: "kpis-sla-breaches-critical",
        alarmDescription:
          "ACTIVE CRITICAL Inspector findings older than their 3-day remediation SLA (KPI SlaBreaches); the weekly KPI report lists them.",
        metricName: "SlaBreaches",
        dimensions: { Severity: "CRITICAL" },
        datapointsToAlarm: 1,
        threshold: 0,
        treatMissingData: "notBreaching",
        topic: "findings",
      },
      {
        ...common,
        key: "sla-breaches-low",
        alarmName: "kpis-sla-breaches-low",
        alarmDescription:
          "ACTIVE LOW Inspector findings older than their 180-day remediation SLA (KPI SlaBreaches); the weekly KPI report lists them.",
        metricName: "SlaBreaches",
        dimensions: { Severity: "LOW" },
        datapointsToAlarm: 1,
        threshold: 0,
        treatMissingData: "notBreaching",
        topic: "findings",
      },
      {
        ...common,
        key: "coverage-gaps",
        alarmName: "kpis-coverage-gaps",
        alarmDescription:
          "More than 5 resources not covered by Inspector (KPI CoverageGaps), or no coverage figure for two runs (the KPI function or ListCoverageStatistics is failing).",
        metricName: "CoverageGaps",
        dimensions: {},
        datapointsToAlarm: 2,
        threshold: 5,
        treatMissingData: "breaching",
        topic: "operations",
      },
      {
        ...common,
        key: "source-errors",
        alarmName: "kpis-source-errors",
        alarmDescription:
          "A KPI source failed in two runs in a row (KpiSourceErrors): some KPIs are short; the KPI function's log names the Region and source.",
        metricName: "KpiSourceErrors",
        dimensions: {},
        datapointsToAlarm: 2,
        threshold: 0,
        treatMissingData: "notBreaching",
        topic: "operations",
      },
    ]);
  });

  it("keeps only the coverage and source-error alarms when no severity alarms and no SLA are configured", () => {
    const alarms = buildKpiAlarms({
      namePrefix: "kpis",
      periodSeconds: 3600,
      alarmSeverities: [],
      slaDays: {},
      coverageGapThreshold: 0,
      severityOrder: SEVERITIES,
    });
    expect(alarms.map((a) => [a.alarmName, a.period, a.threshold])).to.deep.equal([
      ["kpis-coverage-gaps", 3600, 0],
      ["kpis-source-errors", 3600, 0],
    ]);
  });
});
