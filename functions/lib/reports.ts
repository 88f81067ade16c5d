/**
 * Scheduled findings reports and SBOM exports: start one, poll it until it ends or the
 * invocation runs out of time, and record the outcome as a JSON object next to the reports.
 *
 * Inspector runs one report at a time per account ("Cannot have multiple reports in-progress",
 * Inspector UG, findings-managing-exporting-reports) and a report may take up to 12 hours, so a
 * report still running when the function must stop is recorded IN_PROGRESS and left to finish;
 * the next run that meets the running report records SKIPPED_ALREADY_RUNNING. Retries of
 * throttled calls are the SDK's (adaptive mode); what is still throttled after them is recorded
 * and rethrown so the asynchronous invocation is retried and, at last, sent to its failure queue.
 */
import {
  ConflictException,
  CreateFindingsReportCommand,
  CreateSbomExportCommand,
  GetFindingsReportStatusCommand,
  GetSbomExportCommand,
  type Inspector2Client,
  ThrottlingException,
} from "@aws-sdk/client-inspector2";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** What a scheduled run produces. */
export type ReportKind = "FINDINGS_REPORT" | "SBOM_EXPORT";

/** The outcome of one report. */
export type ReportOutcome =
  "SUCCEEDED" | "FAILED" | "CANCELLED" | "IN_PROGRESS" | "SKIPPED_ALREADY_RUNNING" | "THROTTLED";

/** The record written for each report under `reports/records/`. */
export interface ReportRecord {
  readonly kind: ReportKind;
  readonly format: string;
  readonly outcome: ReportOutcome;
  readonly reportId?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Where Inspector writes the report: `s3://bucket/prefix`. */
  readonly destination: string;
  readonly startedAt: string;
  readonly recordedAt: string;
}

/** The report function's settings (from its environment). */
export interface ReportSettings {
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  readonly reportFormat: "JSON" | "CSV";
  readonly sbomFormat: "CYCLONEDX_1_4" | "SPDX_2_3";
  /** Time between status polls. */
  readonly pollIntervalMs: number;
  /** Stop polling when less than this is left of the invocation. */
  readonly safetyMarginMs: number;
}

/** The clients and clock the run uses; replaced in tests. */
export interface ReportDeps {
  readonly inspector: Inspector2Client;
  readonly s3: S3Client;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  /** Milliseconds left in the invocation (`context.getRemainingTimeInMillis`). */
  readonly remainingMs: () => number;
}

/** Raised after a throttled report was recorded, so the invocation is retried. */
export class ReportThrottledError extends Error {
  constructor(public readonly record: ReportRecord) {
    super(`${record.kind} throttled after the SDK's retries: ${record.errorMessage ?? ""}`);
    this.name = "ReportThrottledError";
  }
}

/** Key prefixes of what Inspector writes; the bucket policy grants Inspector `reports/*` only. */
export const REPORT_PREFIXES: Readonly<Record<ReportKind, string>> = {
  FINDINGS_REPORT: "reports/findings",
  SBOM_EXPORT: "reports/sbom",
};

/** Where the records go. */
export const RECORD_PREFIX = "reports/records";

/** A full report: every status, not only ACTIVE (the API's default). */
export const ALL_STATUSES_FILTER = {
  findingStatus: ["ACTIVE", "SUPPRESSED", "CLOSED"].map((value) => ({
    comparison: "EQUALS" as const,
    value,
  })),
};

function datePrefix(kind: ReportKind, now: Date): string {
  return `${REPORT_PREFIXES[kind]}/${now.toISOString().slice(0, 10)}`;
}

type Status = { status?: string; errorCode?: string; errorMessage?: string };

async function poll(
  deps: ReportDeps,
  settings: ReportSettings,
  read: () => Promise<Status>,
): Promise<Status> {
  for (;;) {
    const status = await read();
    if (status.status !== "IN_PROGRESS") {
      return status;
    }
    if (deps.remainingMs() < settings.safetyMarginMs + settings.pollIntervalMs) {
      return status;
    }
    await deps.sleep(settings.pollIntervalMs);
  }
}

function outcomeOf(status: string | undefined): ReportOutcome {
  switch (status) {
    case "SUCCEEDED":
    case "FAILED":
    case "CANCELLED":
    case "IN_PROGRESS":
      return status;
    default:
      return "FAILED";
  }
}

/** Starts one report of `kind`, polls it, and returns its record (not yet written). */
export async function runReport(
  kind: ReportKind,
  deps: ReportDeps,
  settings: ReportSettings,
): Promise<ReportRecord> {
  const startedAt = deps.now();
  const keyPrefix = datePrefix(kind, startedAt);
  const s3Destination = {
    bucketName: settings.bucketName,
    keyPrefix,
    kmsKeyArn: settings.kmsKeyArn,
  };
  const format = kind === "FINDINGS_REPORT" ? settings.reportFormat : settings.sbomFormat;
  const base = {
    kind,
    format,
    destination: `s3://${settings.bucketName}/${keyPrefix}`,
    startedAt: startedAt.toISOString(),
  };
  const finish = (fields: Omit<ReportRecord, keyof typeof base | "recordedAt">): ReportRecord => ({
    ...base,
    ...fields,
    recordedAt: deps.now().toISOString(),
  });
  let reportId: string | undefined;
  try {
    if (kind === "FINDINGS_REPORT") {
      const created = await deps.inspector.send(
        new CreateFindingsReportCommand({
          reportFormat: settings.reportFormat,
          s3Destination,
          filterCriteria: ALL_STATUSES_FILTER,
        }),
      );
      reportId = created.reportId;
    } else {
      const created = await deps.inspector.send(
        new CreateSbomExportCommand({ reportFormat: settings.sbomFormat, s3Destination }),
      );
      reportId = created.reportId;
    }
    const id = reportId;
    const status = await poll(deps, settings, async () =>
      kind === "FINDINGS_REPORT"
        ? deps.inspector.send(new GetFindingsReportStatusCommand({ reportId: id }))
        : deps.inspector.send(new GetSbomExportCommand({ reportId: id })),
    );
    return finish({
      outcome: outcomeOf(status.status),
      reportId,
      ...(status.errorCode === undefined ? {} : { errorCode: status.errorCode }),
      ...(status.errorMessage === undefined ? {} : { errorMessage: status.errorMessage }),
    });
  } catch (err) {
    if (err instanceof ConflictException) {
      // One report at a time per account: the running one finishes on its own.
      return finish({ outcome: "SKIPPED_ALREADY_RUNNING", errorMessage: err.message });
    }
    if (err instanceof ThrottlingException) {
      throw new ReportThrottledError(
        finish({
          outcome: "THROTTLED",
          ...(reportId === undefined ? {} : { reportId }),
          errorMessage: err.message,
        }),
      );
    }
    throw err;
  }
}

/** The object key of a record. */
export function recordKey(record: ReportRecord): string {
  const id = record.reportId ?? `no-report-${record.recordedAt.replace(/[:.]/g, "-")}`;
  return `${RECORD_PREFIX}/${record.startedAt.slice(0, 10)}/${record.kind.toLowerCase()}-${id}.json`;
}

/** Writes a record next to the reports (SSE-KMS by the bucket's default encryption). */
export async function writeRecord(
  s3: S3Client,
  bucketName: string,
  record: ReportRecord,
): Promise<string> {
  const key = recordKey(record);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucketName,
      Key: key,
      Body: JSON.stringify(record),
      ContentType: "application/json",
    }),
  );
  return key;
}

/**
 * The scheduled run: the findings report, then the SBOM export (one at a time: a second report
 * would only meet the first one running), each recorded. A throttled report is recorded, then
 * the error is rethrown after the other report had its turn.
 */
export async function runScheduledReports(
  deps: ReportDeps,
  settings: ReportSettings,
): Promise<ReportRecord[]> {
  const records: ReportRecord[] = [];
  let throttled: ReportThrottledError | undefined;
  for (const kind of ["FINDINGS_REPORT", "SBOM_EXPORT"] as const) {
    let record: ReportRecord;
    try {
      record = await runReport(kind, deps, settings);
    } catch (err) {
      if (!(err instanceof ReportThrottledError)) {
        throw err;
      }
      throttled = err;
      record = err.record;
    }
    await writeRecord(deps.s3, settings.bucketName, record);
    records.push(record);
    if (record.outcome === "IN_PROGRESS") {
      // The next export would be refused while this report runs.
      break;
    }
  }
  if (throttled !== undefined) {
    throw throttled;
  }
  return records;
}
