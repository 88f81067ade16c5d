/**
 * The scheduled KPI function in the delegated administrator (EventBridge Scheduler): hourly `{}`
 * publishes the KPI metrics (lib/kpis/metrics.ts), weekly `{report: true}` also writes
 * `reports/kpis/<yyyy>-W<ww>.json` and `.csv` to the export bucket. The logic is in
 * ../lib/kpiRun.ts and the modules it imports.
 *
 * IAM the function's role needs (least privilege; `<bucket>` is the export bucket's ARN):
 * - inspector2:ListFindingAggregations, inspector2:ListFindings, inspector2:ListCoverage,
 *   inspector2:ListCoverageStatistics, inspector2:ListMembers, inspector2:ListUsageTotals on "*"
 *   (no resource-level permissions for these actions, Service Authorization Reference), called
 *   in every governed Region.
 * - s3:ListBucket on <bucket>, Condition StringLike s3:prefix ["findings/", "findings/*"]
 *   (the delimiter listing sends prefix "findings/", the per-kind ones "findings/type=<kind>/").
 * - s3:GetObject on <bucket>/findings/*.
 * - s3:PutObject on <bucket>/reports/kpis/* (no encryption headers: the bucket default applies).
 * - kms:Decrypt (reading the export) and kms:GenerateDataKey (writing reports) on the export key,
 *   Condition StringEquals kms:ViaService s3.<home region>.amazonaws.com.
 * - dynamodb:Query on <audit table ARN>/index/byAccount, only when AUDIT_TABLE is set (no Scan).
 * - logs:CreateLogStream, logs:PutLogEvents on its own log group (the EMF metrics are log lines;
 *   no cloudwatch:PutMetricData).
 */
import { getStringFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { KPI_FUNCTION_NAME, KPI_NAMESPACE } from "../../lib/kpis/metrics";
import { prepareKpiMetrics } from "../lib/kpiPublish";
import { parseInvocation, parseKpiSettings, runKpis } from "../lib/kpiRun";

const logger = new Logger({ serviceName: KPI_FUNCTION_NAME });
const metrics = prepareKpiMetrics(
  new Metrics({ namespace: KPI_NAMESPACE, serviceName: KPI_FUNCTION_NAME }),
);
const settings = parseKpiSettings(process.env);
const s3 = new S3Client({ retryMode: "adaptive", maxAttempts: 5 });
const dynamo =
  settings.auditTable === undefined
    ? undefined
    : DynamoDBDocumentClient.from(new DynamoDBClient({ retryMode: "adaptive", maxAttempts: 5 }));
const inspectors = new Map<string, Inspector2Client>();

/** One Inspector client per Region for the life of the container. */
function inspectorIn(region: string): Inspector2Client {
  const existing = inspectors.get(region);
  if (existing !== undefined) {
    return existing;
  }
  const client = new Inspector2Client({ region, retryMode: "adaptive", maxAttempts: 8 });
  inspectors.set(region, client);
  return client;
}

/** The Lambda entry point. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  logger.appendKeys({ homeRegion: getStringFromEnv({ key: "AWS_REGION" }) });
  const invocation = parseInvocation(event);
  const result = await runKpis(
    {
      inspector: inspectorIn,
      s3,
      dynamo,
      metrics,
      log: {
        info: (message, extra) => logger.info(message, extra),
        warn: (message, extra) => logger.warn(message, extra),
      },
      now: () => new Date(),
      // arn:aws:lambda:<region>:<account>:function:<name>
      accountId: context.invokedFunctionArn.split(":")[4],
    },
    settings,
    invocation,
  );
  logger.info("KPIs published", { ...result });
  return result;
};
