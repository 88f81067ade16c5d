/**
 * The scheduled report function (EventBridge Scheduler, asynchronous invocation): a full
 * findings report and an SBOM export into the export bucket, each recorded under
 * `reports/records/`. The logic is in ../lib/reports.ts.
 */
import { getStringFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { S3Client } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { type ReportSettings, runScheduledReports } from "../lib/reports";

const logger = new Logger({ serviceName: "inspector-report" });
const metrics = new Metrics({ namespace: "InspectorRollout", serviceName: "inspector-report" });
const inspector = new Inspector2Client({ retryMode: "adaptive", maxAttempts: 8 });
const s3 = new S3Client({ retryMode: "adaptive", maxAttempts: 5 });

const settings: ReportSettings = {
  bucketName: getStringFromEnv({ key: "EXPORT_BUCKET" }),
  kmsKeyArn: getStringFromEnv({ key: "EXPORT_KMS_KEY_ARN" }),
  reportFormat: getStringFromEnv({ key: "REPORT_FORMAT" }) === "CSV" ? "CSV" : "JSON",
  sbomFormat:
    getStringFromEnv({ key: "SBOM_FORMAT" }) === "SPDX_2_3" ? "SPDX_2_3" : "CYCLONEDX_1_4",
  pollIntervalMs: 30_000,
  safetyMarginMs: 30_000,
};

/** The Lambda entry point. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  try {
    const records = await runScheduledReports(
      {
        inspector,
        s3,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => new Date(),
        remainingMs: () => context.getRemainingTimeInMillis(),
      },
      settings,
    );
    for (const record of records) {
      logger.info("report recorded", { ...record });
      metrics.addMetric(`Report${record.outcome}`, MetricUnit.Count, 1);
    }
    return { records };
  } catch (err) {
    logger.error("scheduled reports failed", err instanceof Error ? err : String(err));
    metrics.addMetric("ReportErrors", MetricUnit.Count, 1);
    throw err;
  } finally {
    metrics.publishStoredMetrics();
  }
};
