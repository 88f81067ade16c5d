/**
 * The contract between the scheduled KPI function (which publishes these metrics in CloudWatch's
 * embedded metric format) and the stack's dashboard and alarms (which read them). One place, so a
 * renamed metric breaks the type check instead of a widget going blank.
 */

/** The CloudWatch namespace of every KPI metric. */
export const KPI_NAMESPACE = "InspectorRollout/KPIs";

/** The dimension names the KPI metrics use. */
export const KPI_DIMENSIONS = {
  severity: "Severity",
  account: "AccountId",
  region: "Region",
  patchBaseline: "PatchBaselineId",
  usageType: "UsageType",
} as const;

/**
 * The KPI metrics. Each is published org-wide with the dimensions listed (`[]` = no dimension) and,
 * where `byAccountRegion` is true, also with the same dimensions plus AccountId and Region.
 */
export const KPI_METRICS = {
  /** ACTIVE findings now (ListFindingAggregations), per severity. Unit: Count. */
  activeFindings: { name: "ActiveFindings", dimensions: ["Severity"], byAccountRegion: true },
  /** Findings first observed in the last 24 hours, per severity. Unit: Count. */
  newFindings: { name: "NewFindings", dimensions: ["Severity"], byAccountRegion: false },
  /** Distinct CVEs first observed as CRITICAL in the last 7 days. Unit: Count. */
  newCriticalCves: { name: "NewCriticalCves", dimensions: [], byAccountRegion: false },
  /** ACTIVE findings older than their severity's SLA. Unit: Count. */
  slaBreaches: { name: "SlaBreaches", dimensions: ["Severity"], byAccountRegion: true },
  /** Vendor publication to first observation, mean and p90. Unit: None (days). */
  meanTimeToDetectDays: {
    name: "MeanTimeToDetectDays",
    dimensions: ["Severity"],
    byAccountRegion: false,
  },
  p90TimeToDetectDays: {
    name: "P90TimeToDetectDays",
    dimensions: ["Severity"],
    byAccountRegion: false,
  },
  /** First observation to CLOSED, mean and p90. Unit: None (days). */
  meanTimeToRemediateDays: {
    name: "MeanTimeToRemediateDays",
    dimensions: ["Severity"],
    byAccountRegion: false,
  },
  p90TimeToRemediateDays: {
    name: "P90TimeToRemediateDays",
    dimensions: ["Severity"],
    byAccountRegion: false,
  },
  /** Initial ECR scans without failing findings, over all initial scans. Unit: Percent. */
  ecrPassRateAtPush: { name: "EcrPassRateAtPush", dimensions: [], byAccountRegion: false },
  /** EC2 instances Inspector cannot scan for lack of SSM (ListCoverage). Unit: Count. */
  ec2WithoutSsm: { name: "Ec2InstancesWithoutSsm", dimensions: [], byAccountRegion: true },
  /** Lambda functions not covered (ListCoverage). Unit: Count. */
  lambdaNotCovered: { name: "LambdaFunctionsNotCovered", dimensions: [], byAccountRegion: true },
  /** Every resource Inspector does not cover (ListCoverageStatistics). Unit: Count. */
  coverageGaps: { name: "CoverageGaps", dimensions: [], byAccountRegion: false },
  /** Remediation actions recorded in the audit table in the last 24 hours. Unit: Count. */
  remediationActions: { name: "RemediationActions", dimensions: [], byAccountRegion: false },
  /**
   * Managed nodes whose Patch compliance is COMPLIANT over all nodes with Patch compliance data,
   * per patch baseline, from the members' SSM resource data syncs (lib/kpis/patchCompliance.ts).
   * Unit: Percent.
   */
  patchComplianceRate: {
    name: "PatchComplianceRate",
    dimensions: ["PatchBaselineId"],
    byAccountRegion: false,
  },
} as const satisfies Record<
  string,
  { name: string; dimensions: readonly string[]; byAccountRegion: boolean }
>;

/**
 * What Inspector costs now, from ListUsageTotals in every governed Region (usage and estimated
 * monthly cost over the last 30 days, per member account and usage type). Each metric lists the
 * dimension sets it is published with (`[]` = organization-wide, summed over Regions, usage types
 * and accounts). The number of series stays bounded whatever the organization's size: UsageType
 * takes Inspector's UsageType values (13 in @aws-sdk/client-inspector2 3.1085), AccountId only
 * the {@link USAGE_TOP_ACCOUNTS} accounts with the highest non-zero estimate; every account,
 * Region and usage type is in the weekly report.
 */
export const USAGE_METRICS = {
  /** Usage over the last 30 days per usage type (instance or function hours, image scans). Unit: None. */
  usageTotal: { name: "UsageTotal", dimensionSets: [["UsageType"]] },
  /** Inspector's estimated monthly cost in USD: total, per usage type, per account. Unit: None. */
  estimatedMonthlyCost: {
    name: "EstimatedMonthlyCost",
    dimensionSets: [[], ["UsageType"], ["AccountId"]],
  },
} as const satisfies Record<
  string,
  { name: string; dimensionSets: readonly (readonly string[])[] }
>;

/**
 * How many accounts get an EstimatedMonthlyCost {AccountId} series: those with the highest
 * non-zero estimate. At most 100 + 2 x 13 + 1 = 127 usage series, about 38 USD a month at
 * CloudWatch's first-tier 0.30 USD per custom metric, for 10 accounts or 10,000.
 */
export const USAGE_TOP_ACCOUNTS = 100;

/** The only currency ListUsageTotals reports (its Currency enum). */
export const USAGE_CURRENCY = "USD";

/**
 * The Severity values of ActiveFindings: ListFindingAggregations counts critical, high and medium
 * per account, plus the total (`ALL`); LOW, INFORMATIONAL and UNTRIAGED are only in the total.
 */
export const ACTIVE_FINDINGS_SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "ALL"] as const;

/** The event the weekly schedule sends; the hourly schedule sends `{}` (metrics only). */
export interface KpiInvocation {
  /** Also write the weekly report (JSON and CSV) to the export bucket. */
  readonly report?: boolean;
}

/** Where weekly reports go in the export bucket: `<prefix><yyyy>-W<ww>.json` and `.csv`. */
export const KPI_REPORTS_PREFIX = "reports/kpis/";

/** The KPI function's name and its environment variables. */
export const KPI_FUNCTION_NAME = "inspector-kpis";
export const KPI_ENV = {
  /** Governed Regions, comma-separated. */
  regions: "REGIONS",
  /** The export bucket (name) holding `findings/` and receiving reports. */
  exportBucket: "EXPORT_BUCKET",
  /** The continuous export's prefix, `findings/`. */
  findingsPrefix: "FINDINGS_PREFIX",
  /** Days of exported finding events read for the event KPIs. */
  lookbackDays: "LOOKBACK_DAYS",
  /** SLA days per severity as JSON, e.g. {"CRITICAL":7,"HIGH":30}. */
  slaDays: "SLA_DAYS",
  /** The remediation audit table's name; unset when remediation is off. */
  auditTable: "AUDIT_TABLE",
  /** The members' SSM resource data sync prefix, `ssm-sync/`; unset when the patch KPI is off. */
  ssmSyncPrefix: "SSM_SYNC_PREFIX",
} as const;

/**
 * The KPI function's own health, published org-wide without dimensions on every run: how many
 * sources (an Inspector API in a Region, the export, the audit table) failed. Unit: Count.
 */
export const KPI_SOURCE_ERRORS_METRIC = "KpiSourceErrors";
