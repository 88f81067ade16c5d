/**
 * One run of the KPI function: collect every source (each Region on its own, so one failing
 * Region does not lose the others), publish the metrics, and on `{report: true}` write the
 * weekly report. The run fails only when every Region failed.
 */
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Inspector2Client } from "@aws-sdk/client-inspector2";
import type { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { computeKpis, DEFAULT_SLA_DAYS, SEVERITIES, type SlaDays } from "../../lib/kpis/compute";
import { KPI_ENV, type KpiInvocation } from "../../lib/kpis/metrics";
import { DAY_MS } from "../../lib/kpis/time";
import { publishKpiRows } from "./kpiPublish";
import { writeReport } from "./kpiReport";
import {
  collectRegion,
  countRemediationActions,
  readExportedEvents,
  readPatchCompliance,
  REGION_SOURCE_COUNT,
  type SourceError,
} from "./kpiSources";
import {
  buildKpiRows,
  countNewCriticalCves,
  type EventFigures,
  type KpiSnapshot,
} from "./kpiSnapshot";

/** What the function runs with (from its environment, lib/kpis/metrics.ts KPI_ENV). */
export interface KpiSettings {
  readonly regions: readonly string[];
  readonly exportBucket: string;
  readonly findingsPrefix: string;
  readonly lookbackDays: number;
  readonly slaDays: SlaDays;
  /** Unset when remediation is off: no RemediationActions metric. */
  readonly auditTable: string | undefined;
  /** Most pages per Inspector query. */
  readonly maxPages: number;
  /** Most export objects read per run. */
  readonly maxObjects: number;
  /** The members' SSM resource data sync prefix; unset when the patch compliance KPI is off. */
  readonly ssmSyncPrefix: string | undefined;
  /** Most synced compliance files (one per managed node and sync) read per run. */
  readonly maxSyncObjects: number;
}

/** Most pages per Inspector query: 200 pages of 100 findings, 20,000 per query and Region. */
export const DEFAULT_MAX_PAGES = 200;
/** Most export objects read per run (Firehose writes one per account about every 5 minutes). */
export const DEFAULT_MAX_OBJECTS = 5000;
/** Most synced compliance files read per run: one per managed node. */
export const DEFAULT_MAX_SYNC_OBJECTS = 10000;
/** Days of exported events read when LOOKBACK_DAYS is unset. */
export const DEFAULT_LOOKBACK_DAYS = 30;

/** Raised when the environment is not what the function needs; names the variable. */
export class KpiSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KpiSettingsError";
  }
}

/** Raised after publishing when no governed Region answered at all. */
export class KpiAllRegionsFailedError extends Error {
  constructor(public readonly regions: readonly string[]) {
    super(`every governed Region failed (${regions.join(", ")}); see KpiSourceErrors and the log`);
    this.name = "KpiAllRegionsFailedError";
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const SlaSchema = z.partialRecord(z.enum(SEVERITIES), z.number().int().min(1).max(3650));

/** Reads and checks the settings; every error names the variable and what it expects. */
export function parseKpiSettings(env: Readonly<Record<string, string | undefined>>): KpiSettings {
  const get = (key: string) => {
    const v = env[key]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const regionsText = get(KPI_ENV.regions);
  const regions = (regionsText ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r !== "");
  if (regions.length === 0 || regions.some((r) => !REGION.test(r))) {
    throw new KpiSettingsError(
      `${KPI_ENV.regions} (${JSON.stringify(regionsText ?? "")}) must list Region names separated by commas, e.g. "us-east-1,eu-west-1"`,
    );
  }
  const exportBucket = get(KPI_ENV.exportBucket);
  if (exportBucket === undefined) {
    throw new KpiSettingsError(`${KPI_ENV.exportBucket} must name the export bucket`);
  }
  const prefix = get(KPI_ENV.findingsPrefix) ?? "findings/";
  const lookbackText = get(KPI_ENV.lookbackDays);
  const lookbackDays = lookbackText === undefined ? DEFAULT_LOOKBACK_DAYS : Number(lookbackText);
  if (!Number.isInteger(lookbackDays) || lookbackDays < 1 || lookbackDays > 400) {
    throw new KpiSettingsError(
      `${KPI_ENV.lookbackDays} (${JSON.stringify(lookbackText)}) must be a whole number of days from 1 to 400`,
    );
  }
  const slaText = get(KPI_ENV.slaDays);
  let slaDays: SlaDays = DEFAULT_SLA_DAYS;
  if (slaText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(slaText);
    } catch {
      parsed = undefined;
    }
    const result = SlaSchema.safeParse(parsed);
    if (!result.success) {
      throw new KpiSettingsError(
        `${KPI_ENV.slaDays} (${JSON.stringify(slaText)}) must be a JSON object of days (1 to 3650) per severity, e.g. {"CRITICAL":7,"HIGH":30}`,
      );
    }
    slaDays = result.data;
  }
  return {
    regions,
    exportBucket,
    findingsPrefix: prefix.endsWith("/") ? prefix : `${prefix}/`,
    lookbackDays,
    slaDays,
    auditTable: get(KPI_ENV.auditTable),
    maxPages: DEFAULT_MAX_PAGES,
    maxObjects: DEFAULT_MAX_OBJECTS,
    ssmSyncPrefix: slashed(get(KPI_ENV.ssmSyncPrefix)),
    maxSyncObjects: DEFAULT_MAX_SYNC_OBJECTS,
  };
}

function slashed(prefix: string | undefined): string | undefined {
  return prefix === undefined || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

const InvocationSchema = z.object({ report: z.boolean().optional() });

/** The invocation event: `{}` (metrics) or `{report: true}` (metrics and the weekly report). */
export function parseInvocation(event: unknown): KpiInvocation {
  const result = InvocationSchema.safeParse(event ?? {});
  if (!result.success) {
    throw new KpiSettingsError(
      `the invocation event must be {} or {"report": true}, got ${JSON.stringify(event)}`,
    );
  }
  return result.data;
}

/** Structured log lines (Powertools Logger fits). */
export interface KpiLog {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

/** The clients and ports of a run. */
export interface KpiDeps {
  /** The Inspector client of a Region (created once per Region, adaptive retry). */
  readonly inspector: (region: string) => Inspector2Client;
  readonly s3: S3Client;
  /** Present when the audit table is configured. */
  readonly dynamo: DynamoDBDocumentClient | undefined;
  readonly metrics: Metrics;
  readonly log: KpiLog;
  readonly now: () => Date;
  /** The delegated administrator's account, the function's own (its ARN's account). */
  readonly accountId: string;
}

/** What a run did. */
export interface KpiRunResult {
  readonly asOf: string;
  readonly rows: number;
  readonly documents: number;
  readonly failedRegions: readonly string[];
  readonly sourceErrors: number;
  readonly report: { json: string; csv: string } | undefined;
}

/** The non-regional sources' errors carry this instead of a Region. */
export const HOME = "home";

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Runs the KPIs once. */
export async function runKpis(
  deps: KpiDeps,
  settings: KpiSettings,
  invocation: KpiInvocation,
): Promise<KpiRunResult> {
  const now = deps.now();
  const asOf = now.toISOString();
  const errors: SourceError[] = [];

  // Regions in parallel: separate endpoints and throttling buckets.
  const regionFigures = await Promise.all(
    settings.regions.map((region) =>
      collectRegion(deps.inspector(region), region, {
        now,
        slaDays: settings.slaDays,
        maxPages: settings.maxPages,
        adminAccountId: deps.accountId,
      }),
    ),
  );
  for (const figures of regionFigures) {
    errors.push(...figures.errors);
    for (const [name, value] of [
      ["ListFindings:new", figures.newFindings?.truncated],
      ["ListFindings:sla", figures.slaBreaches?.truncated],
      ["ListCoverage:ec2", figures.ec2WithoutSsm?.truncated],
      ["ListCoverage:lambda", figures.lambdaNotCovered?.truncated],
      ["ListUsageTotals", figures.usage?.truncated],
    ] as const) {
      if (value === true) {
        deps.log.warn("query stopped at the page limit: the figure is a lower bound", {
          region: figures.region,
          source: name,
          maxPages: settings.maxPages,
        });
      }
    }
  }
  const failedRegions = regionFigures
    .filter((f) => f.errors.length === REGION_SOURCE_COUNT)
    .map((f) => f.region);

  let events: EventFigures | undefined;
  try {
    const exported = await readExportedEvents(deps.s3, {
      bucket: settings.exportBucket,
      prefix: settings.findingsPrefix,
      now,
      lookbackDays: settings.lookbackDays,
      maxObjects: settings.maxObjects,
    });
    for (const bad of exported.unreadable) {
      deps.log.warn("export object skipped", { ...bad });
    }
    if (exported.truncated) {
      deps.log.warn("export read stopped at the object limit: the newest objects were read", {
        maxObjects: settings.maxObjects,
      });
    }
    events = {
      report: computeKpis(exported.events, { asOf, slaDays: settings.slaDays }),
      newCriticalCves: countNewCriticalCves(exported.events, now.getTime()),
      objects: exported.objects,
      accounts: exported.accounts,
      truncated: exported.truncated,
      unreadable: exported.unreadable,
    };
  } catch (err) {
    errors.push({ source: "S3:export", region: HOME, error: describe(err) });
  }

  let remediation: KpiSnapshot["remediation"];
  if (settings.auditTable !== undefined && deps.dynamo !== undefined) {
    const accounts = [
      ...(events?.accounts ?? []),
      ...regionFigures.flatMap((f) => Object.keys(f.activeFindings ?? {})),
    ];
    try {
      remediation = await countRemediationActions(
        deps.dynamo,
        settings.auditTable,
        accounts,
        new Date(now.getTime() - DAY_MS),
      );
    } catch (err) {
      errors.push({ source: "DynamoDB:audit", region: HOME, error: describe(err) });
    }
  }

  let patchCompliance: KpiSnapshot["patchCompliance"];
  if (settings.ssmSyncPrefix !== undefined) {
    try {
      patchCompliance = await readPatchCompliance(deps.s3, {
        bucket: settings.exportBucket,
        prefix: settings.ssmSyncPrefix,
        now,
        lookbackDays: settings.lookbackDays,
        maxObjects: settings.maxSyncObjects,
      });
      for (const bad of patchCompliance.unreadable) {
        deps.log.warn("synced compliance file skipped", { ...bad });
      }
      if (patchCompliance.truncated) {
        deps.log.warn("compliance read stopped at the file limit: the newest files were read", {
          maxSyncObjects: settings.maxSyncObjects,
        });
      }
    } catch (err) {
      errors.push({ source: "S3:ssm-sync", region: HOME, error: describe(err) });
    }
  }

  for (const e of errors) {
    deps.log.warn("KPI source failed", { ...e });
  }
  const snapshot: KpiSnapshot = {
    asOf,
    regions: settings.regions,
    regionFigures,
    failedRegions,
    events,
    remediation,
    patchCompliance,
    errors,
  };
  const rows = buildKpiRows(snapshot);
  const documents = publishKpiRows(deps.metrics, rows);

  // Metrics first (KpiSourceErrors included), then fail: a report without any Region is no report.
  if (failedRegions.length === settings.regions.length) {
    throw new KpiAllRegionsFailedError(failedRegions);
  }
  let report: KpiRunResult["report"];
  if (invocation.report === true) {
    report = await writeReport(deps.s3, settings.exportBucket, snapshot, rows);
    deps.log.info("weekly KPI report written", { ...report });
  }
  return { asOf, rows: rows.length, documents, failedRegions, sourceErrors: errors.length, report };
}
