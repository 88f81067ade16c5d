/**
 * The weekly KPI report in the export bucket: `reports/kpis/<yyyy>-W<ww>.json` (the whole
 * snapshot and its rows) and `.csv` (one row per KPI and dimension values, then the usage of
 * every account, Region and usage type).
 */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { KPI_REPORTS_PREFIX } from "../../lib/kpis/metrics";
import { isoWeek } from "../../lib/kpis/time";
import type { KpiRow, KpiSnapshot } from "./kpiSnapshot";
import { usageReport, usageReportRows } from "./kpiUsage";

/**
 * The columns of the CSV report. patchBaselineId (PatchComplianceRate), then usageType
 * (UsageTotal, EstimatedMonthlyCost) came later: each was added last, so the earlier columns keep
 * their positions.
 */
export const CSV_HEADER = "kpi,severity,account,region,value,patchBaselineId,usageType";

/** The keys of a week's report: the ISO week (Monday first, UTC) of the run's `asOf`. */
export function reportKeys(asOf: Date): { json: string; csv: string } {
  const base = `${KPI_REPORTS_PREFIX}${isoWeek(asOf.getTime())}`;
  return { json: `${base}.json`, csv: `${base}.csv` };
}

function csvField(value: string): string {
  // RFC 4180: quote a field holding a comma, a quote or a line break; double inner quotes.
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text: a header, then one line per row (absent dimensions are empty fields). */
export function toCsv(rows: readonly KpiRow[]): string {
  const lines = rows.map((r) =>
    [
      r.kpi,
      r.severity ?? "",
      r.account ?? "",
      r.region ?? "",
      String(r.value),
      r.patchBaselineId ?? "",
      r.usageType ?? "",
    ]
      .map(csvField)
      .join(","),
  );
  return `${[CSV_HEADER, ...lines].join("\n")}\n`;
}

/**
 * The JSON report: the rows, and every figure they came from; Inspector's usage in its own
 * section (every account, Region and usage type), not repeated under `inspector`.
 */
export function reportDocument(snapshot: KpiSnapshot, rows: readonly KpiRow[]) {
  return {
    week: isoWeek(Date.parse(snapshot.asOf)),
    asOf: snapshot.asOf,
    regions: { governed: snapshot.regions, failed: snapshot.failedRegions },
    errors: snapshot.errors,
    kpis: rows,
    inspector: snapshot.regionFigures.map((figures) => ({ ...figures, usage: undefined })),
    usage: usageReport(snapshot.regionFigures),
    events: snapshot.events,
    remediation: snapshot.remediation,
    patchCompliance: snapshot.patchCompliance,
  };
}

/**
 * Writes both files. No encryption headers: the bucket's default encryption applies, SSE-KMS
 * with the export key and a bucket key. Passing `ServerSideEncryption: "aws:kms"` without a
 * key id would encrypt with the AWS managed key `aws/s3` instead (PutObject,
 * x-amz-server-side-encryption-aws-kms-key-id), which the bucket policy does not require.
 */
export async function writeReport(
  s3: S3Client,
  bucket: string,
  snapshot: KpiSnapshot,
  rows: readonly KpiRow[],
): Promise<{ json: string; csv: string }> {
  const keys = reportKeys(new Date(snapshot.asOf));
  const files = [
    {
      key: keys.json,
      body: `${JSON.stringify(reportDocument(snapshot, rows), null, 2)}\n`,
      contentType: "application/json",
    },
    {
      key: keys.csv,
      // The published rows, then usage per account, Region and usage type.
      body: toCsv([...rows, ...usageReportRows(snapshot.regionFigures)]),
      contentType: "text/csv; charset=utf-8",
    },
  ];
  for (const file of files) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: file.key,
        Body: file.body,
        ContentType: file.contentType,
      }),
    );
  }
  return keys;
}
