/**
 * Configuration of the SOC KPIs (issue 8): the scheduled KPI function, its SLA, the dashboard and
 * the alarms.
 */
import { z } from "zod";
import { FINDING_SEVERITIES, type FindingSeverity } from "../lib/eventPatterns";
import { DEFAULT_SLA_DAYS, type SlaDays } from "../lib/kpis/compute";
import {
  DEFAULT_KPI_REPORT_SCHEDULE,
  DEFAULT_KPI_SCHEDULE,
  parseRateExpression,
} from "../lib/kpis/alarms";
import { DEFAULT_KPI_DASHBOARD_SEVERITIES } from "../lib/kpis/dashboard";
import {
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  scheduleSchema,
  show,
  uniqueList,
} from "./configSchema";

/** The KPI keys. */
export interface KpiConfig {
  /** Whether the KPI function, its schedules, the dashboard and the alarms are deployed. */
  readonly kpiEnabled: boolean;
  /** Remediation SLA in days per severity; severities left out have no SLA (and no alarm). */
  readonly kpiSlaDays: SlaDays;
  /** How often the metrics are computed: an EventBridge Scheduler `rate(...)`, 15 minutes to 1 day. */
  readonly kpiSchedule: string;
  /** When the weekly KPI report (JSON and CSV) is written: a Scheduler `cron(...)` or `rate(...)`. */
  readonly kpiReportSchedule: string;
  /** Days of exported finding events each run reads. */
  readonly kpiLookbackDays: number;
  /** Severities drawn on the dashboard's per-severity widgets. */
  readonly kpiDashboardSeverities: readonly FindingSeverity[];
  /** Severities whose new findings raise an alarm to the findings topic; empty for none. */
  readonly kpiAlarmSeverities: readonly FindingSeverity[];
  /** The coverage-gap alarm fires when more resources than this are not covered. */
  readonly kpiCoverageGapThreshold: number;
  /**
   * Whether members sync their SSM compliance data to the export bucket (an SSM resource data sync
   * in every member account and Region) and the KPI function publishes PatchComplianceRate.
   * Unset: on when kpiEnabled and ssmDefaultHostManagement are true and the export bucket has no
   * Object Lock ({@link isPatchComplianceOn}).
   */
  readonly kpiPatchCompliance: boolean | undefined;
}

/** The values {@link isPatchComplianceOn} reads. */
export interface PatchComplianceSwitches {
  readonly kpiEnabled: boolean;
  readonly kpiPatchCompliance: boolean | undefined;
  readonly ssmDefaultHostManagement: boolean;
  readonly findingsExportObjectLockDays: number | undefined;
}

/**
 * Whether the patch compliance KPI is deployed: `kpiPatchCompliance` when set (the config check
 * refuses true without kpiEnabled or with Object Lock), else kpiEnabled and
 * ssmDefaultHostManagement without Object Lock on the export bucket. Systems Manager cannot write
 * resource data sync files to a bucket with Object Lock (SSM UG, inventory-create-resource-data-sync,
 * "Before you begin").
 */
export function isPatchComplianceOn(cfg: PatchComplianceSwitches): boolean {
  if (!cfg.kpiEnabled) {
    return false;
  }
  return (
    cfg.kpiPatchCompliance ??
    (cfg.ssmDefaultHostManagement && cfg.findingsExportObjectLockDays === undefined)
  );
}

/** The KPI function reads at most this many days (its own check, functions/lib/kpiRun.ts). */
const MAX_LOOKBACK_DAYS = 400;

function severityList(noun: string) {
  return (
    uniqueList(enumSchema(FINDING_SEVERITIES, "an Inspector severity"), noun)
      // Severity order, whatever the config order, so alarms and widgets do not churn.
      .transform((list) => FINDING_SEVERITIES.filter((s) => list.includes(s)))
  );
}

const slaDaysSchema = z.record(z.string(), integerSchema(1, 3650, "days"), {
  error: (iss) => `(${show(iss.input)}) must be a map of severities to days, e.g. {CRITICAL: 7}`,
}) as z.ZodType<SlaDays>;

const rateSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseRateExpression(text);
  if (typeof parsed === "string") {
    ctx.addIssue({ code: "custom", message: `(${show(text)}) ${parsed}` });
  }
});

/** Rules that span keys: severities of the SLA map, and the lookback against the export's expiry. */
function checkKpis(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const sla = c.kpiSlaDays as Record<string, number> | undefined;
  for (const key of Object.keys(sla ?? {})) {
    if (!(FINDING_SEVERITIES as readonly string[]).includes(key)) {
      const upper = key.toUpperCase();
      const suggestion = (FINDING_SEVERITIES as readonly string[]).includes(upper)
        ? upper
        : "<SEVERITY>";
      problems.push({
        path: `kpiSlaDays.${key}`,
        message: `is not an Inspector severity; use one of: ${FINDING_SEVERITIES.join(", ")}`,
        fix: `move it with \`pulumi config rm --path 'kpiSlaDays.${key}'\` and \`pulumi config set --path 'kpiSlaDays.${suggestion}' <days>\``,
      });
    }
  }
  const lookback = c.kpiLookbackDays as number | undefined;
  const expiration = c.findingsExportExpirationDays as number | undefined;
  if (c.kpiEnabled === true && lookback !== undefined && expiration !== undefined) {
    if (lookback > expiration) {
      problems.push({
        path: "kpiLookbackDays",
        placeholder: String(expiration),
        message: `(${lookback}) is longer than findingsExportExpirationDays (${expiration}); the export no longer holds events that old`,
      });
    }
  }
  if (c.kpiPatchCompliance === true) {
    const lockDays = c.findingsExportObjectLockDays as number | undefined;
    if (c.kpiEnabled === false) {
      problems.push({
        path: "kpiPatchCompliance",
        placeholder: "false",
        message:
          "(true) needs kpiEnabled: the KPI function reads the synced compliance data; set kpiEnabled to true or kpiPatchCompliance to false",
      });
    } else if (lockDays !== undefined) {
      problems.push({
        path: "kpiPatchCompliance",
        placeholder: "false",
        message: `(true) cannot be used with findingsExportObjectLockDays (${lockDays}): Systems Manager resource data sync cannot write to a bucket with Object Lock`,
      });
    }
  }
  return problems;
}

/** The KPI keys and their cross-key rules. */
export const KPI_SECTION: ConfigSection<KpiConfig> = {
  keys: {
    kpiEnabled: {
      kind: "boolean",
      placeholder: "true",
      default: true,
      schema: booleanSchema,
    },
    kpiSlaDays: {
      kind: "map",
      placeholder: "<days>",
      default: { ...DEFAULT_SLA_DAYS },
      schema: slaDaysSchema,
    },
    kpiSchedule: {
      kind: "string",
      placeholder: "'rate(1 hour)'",
      default: DEFAULT_KPI_SCHEDULE,
      schema: rateSchema,
    },
    kpiReportSchedule: {
      kind: "string",
      placeholder: "'cron(0 6 ? * MON *)'",
      default: DEFAULT_KPI_REPORT_SCHEDULE,
      schema: scheduleSchema("cron(0 6 ? * MON *)"),
    },
    kpiLookbackDays: {
      kind: "number",
      placeholder: "30",
      default: 30,
      schema: integerSchema(1, MAX_LOOKBACK_DAYS, "days"),
    },
    kpiDashboardSeverities: {
      kind: "list",
      placeholder: "<severity>",
      default: [...DEFAULT_KPI_DASHBOARD_SEVERITIES],
      schema: severityList("severities").refine((list) => list.length > 0, {
        error: "is empty; list at least one severity (CRITICAL, HIGH, ...)",
      }),
    },
    kpiAlarmSeverities: {
      kind: "list",
      placeholder: "<severity>",
      default: ["CRITICAL"],
      schema: severityList("severities"),
    },
    kpiCoverageGapThreshold: {
      kind: "number",
      placeholder: "0",
      default: 0,
      schema: integerSchema(0, 1_000_000, "resources"),
    },
    kpiPatchCompliance: {
      kind: "boolean",
      placeholder: "true",
      optional: true,
      schema: booleanSchema.optional(),
    },
  },
  check: checkKpis,
};

/** Every KPI key at its default: a literal configuration's KPI part. */
export const KPI_DEFAULTS: KpiConfig = Object.freeze<KpiConfig>({
  kpiEnabled: true,
  kpiSlaDays: { ...DEFAULT_SLA_DAYS },
  kpiSchedule: DEFAULT_KPI_SCHEDULE,
  kpiReportSchedule: DEFAULT_KPI_REPORT_SCHEDULE,
  kpiLookbackDays: 30,
  kpiDashboardSeverities: [...DEFAULT_KPI_DASHBOARD_SEVERITIES],
  kpiAlarmSeverities: ["CRITICAL"],
  kpiCoverageGapThreshold: 0,
  kpiPatchCompliance: undefined,
});
