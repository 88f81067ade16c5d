import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as path from "path";
import { buildFindingsOutputs, deployFindings } from "../../stacks/findings";
import type { InspectorConfig } from "../../stacks/config";
import { plannedMeasurableCost } from "../../stacks/program";
import type { CostEstimate } from "../../lib/costs/estimate";
import { loadConfigFromPlan } from "../helpers/planConfig";
import { promiseOf, resourceNamed, resourcesOfType, settle } from "../helpers/runtime";

const ROOT = path.join(__dirname, "../..");
const AUDIT_ARN = "arn:aws:dynamodb:us-east-1:222222222222:table/remediation-audit";

function deploy(
  cfg: InspectorConfig,
  auditTable?: { name: string; arn: string },
  plannedMonthlyCost?: number,
) {
  const delegatedAdmin = new aws.Provider("delegated-admin", { region: "us-east-1" });
  const management = new aws.Provider("management", { region: "us-east-1" });
  return deployFindings(cfg, { delegatedAdmin, management }, [], {
    auditTable,
    plannedMonthlyCost,
    organizationId: "o-a1b2c3d4e5",
    securityHubScope: { policyTargetIds: ["ou-a1b2-sandbox1"], selfManagedAccountIds: [] },
  });
}

describe("the KPIs in the findings flow", () => {
  it("draws the plan's estimate on the dashboard's cost widget", async () => {
    // Act
    const findings = deploy(loadConfigFromPlan(ROOT, "dev"), undefined, 321.5);
    await promiseOf(findings.kpis!.dashboard.dashboardBody);
    await settle();
    // Assess
    const dashboard = resourceNamed("aws:cloudwatch/dashboard:Dashboard", "inspector-kpis");
    const body = JSON.parse(dashboard.inputs.dashboardBody as string) as {
      widgets: { properties: { title?: string; annotations?: unknown } }[];
    };
    const cost = body.widgets.find(
      (w) => w.properties.title === "Estimated monthly cost (USD): measured and planned",
    );
    expect(cost?.properties.annotations).to.deep.equal({
      horizontal: [{ label: "plan estimate (npm run plan)", value: 321.5 }],
    });
  });

  it("deploys no KPI function, schedule, dashboard or KPI alarm with kpiEnabled false, and no dashboard URL", async () => {
    // Prepare
    const cfg = { ...loadConfigFromPlan(ROOT, "dev"), kpiEnabled: false };
    // Act
    const findings = deploy(cfg);
    await promiseOf(findings.reports.schedule.arn);
    await settle();
    // Assess
    expect(findings.kpis).to.equal(undefined);
    expect(resourcesOfType("inspector:index:FindingsKpis")).to.deep.equal([]);
    expect(resourcesOfType("aws:cloudwatch/dashboard:Dashboard")).to.deep.equal([]);
    expect(
      resourcesOfType("aws:scheduler/schedule:Schedule").map((s) => s.inputs.name),
    ).to.deep.equal(["inspector-reports"]);
    expect(buildFindingsOutputs(cfg).kpiDashboardUrl).to.equal(undefined);
  });

  it("passes the configuration and the audit table the lead wires in to the KPI function", async () => {
    // Prepare
    const cfg: InspectorConfig = {
      ...loadConfigFromPlan(ROOT, "dev"),
      kpiSlaDays: { CRITICAL: 3, HIGH: 14 },
      kpiLookbackDays: 60,
    };
    // Act
    const findings = deploy(cfg, { name: "remediation-audit", arn: AUDIT_ARN });
    await promiseOf(findings.kpis!.kpiFunction.function.arn);
    await settle();
    // Assess
    const fn = resourceNamed("aws:lambda/function:Function", "inspector-kpis-fn");
    expect((fn.inputs.environment as { variables: unknown }).variables).to.deep.equal({
      POWERTOOLS_LOG_LEVEL: "INFO",
      POWERTOOLS_METRICS_NAMESPACE: "InspectorRollout/KPIs",
      REGIONS: "us-east-1,eu-west-1",
      EXPORT_BUCKET: "inspector-findings-222222222222-us-east-1",
      FINDINGS_PREFIX: "findings/",
      LOOKBACK_DAYS: "60",
      SLA_DAYS: '{"CRITICAL":3,"HIGH":14}',
      AUDIT_TABLE: "remediation-audit",
      // dev has the patch compliance KPI on (kpiEnabled, ssmDefaultHostManagement, no Object Lock).
      SSM_SYNC_PREFIX: "ssm-sync/",
    });
    expect(
      resourcesOfType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((a) => a.inputs.namespace === "InspectorRollout/KPIs")
        .map((a) => a.inputs.name as string)
        .sort(),
    ).to.deep.equal([
      "inspector-kpis-coverage-gaps",
      "inspector-kpis-new-findings-critical",
      "inspector-kpis-sla-breaches-critical",
      "inspector-kpis-sla-breaches-high",
      "inspector-kpis-source-errors",
    ]);
  });
});

describe("plannedMeasurableCost", () => {
  const estimate = (accountsWithoutWorkloads: number): CostEstimate => ({
    currency: "USD",
    monthlyTotal: 1100.25,
    byScanType: { EC2: 800, ECR: 150.25, LAMBDA: 40, LAMBDA_CODE: 10, CIS: 100 },
    byRegion: { "us-east-1": 1100.25 },
    accountsWithoutWorkloads,
    pricesRecorded: "2026-11-01",
    pricesSource: "https://aws.amazon.com/inspector/pricing/",
    assumptions: [],
  });

  it("leaves out CIS scans, which ListUsageTotals does not report", () => {
    expect(plannedMeasurableCost(estimate(1), 2)).to.equal(1000.25);
  });

  it("draws no plan line when no covered account has workload counts", () => {
    expect(plannedMeasurableCost(estimate(2), 2)).to.equal(undefined);
  });
});
