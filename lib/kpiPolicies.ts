/**
 * The KPI function's and its scheduler's policies, as pure functions of plain ARNs, so tests
 * assert the statements exactly (STYLE.md rule 41).
 *
 * The function publishes its metrics in CloudWatch's embedded metric format: they are log lines in
 * its own log group, so it needs no cloudwatch:PutMetricData.
 */
import { logStatement, type PolicyDocument, type PolicyStatement } from "./findingsPolicies";
import { AUDIT_KEYS } from "../functions/lib/stores";
import { EXPORT_ROOT_PREFIX } from "./exportLayout";
import { KPI_REPORTS_PREFIX } from "./kpis/metrics";
import { SSM_SYNC_PREFIX } from "./kpis/patchCompliance";

/** The continuous export's key prefix, which the function lists and reads. */
export const KPI_FINDINGS_PREFIX = EXPORT_ROOT_PREFIX;

/** What the KPI function touches. */
export interface KpiFunctionRefs {
  /** The home Region (the bucket's and the function's). */
  readonly region: string;
  readonly bucketArn: string;
  /** The export key (the bucket's SSE-KMS key). */
  readonly keyArn: string;
  readonly failureQueueArn: string;
  readonly logGroupArn: string;
  /** The remediation audit table; absent when remediation is off. */
  readonly auditTableArn?: string;
  /** True when the patch compliance KPI reads the members' synced data under `ssm-sync/`. */
  readonly readsSsmSync?: boolean;
}

/**
 * The KPI function: read Inspector's aggregations, findings, coverage, members and usage totals
 * in every governed Region (these List* actions have no resource types and no condition keys:
 * Resource "*", Service Authorization Reference for Amazon Inspector), list and
 * read the exported finding events, write the weekly report under `reports/kpis/`, use the export
 * key only through S3, query the audit table's byAccount index when there is one, dead-letter failed
 * invocations, and log.
 */
export function buildKpiFunctionPolicy(refs: KpiFunctionRefs): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadInspectorFindingsCoverageAndUsage",
      Effect: "Allow",
      Action: [
        "inspector2:ListCoverage",
        "inspector2:ListCoverageStatistics",
        "inspector2:ListFindingAggregations",
        "inspector2:ListFindings",
        "inspector2:ListMembers",
        "inspector2:ListUsageTotals",
      ],
      Resource: "*",
    },
    {
      Sid: "ListExportedFindings",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: refs.bucketArn,
      Condition: { StringLike: { "s3:prefix": `${KPI_FINDINGS_PREFIX}*` } },
    },
    {
      Sid: "ReadExportedFindings",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `${refs.bucketArn}/${KPI_FINDINGS_PREFIX}*`,
    },
    {
      Sid: "WriteKpiReports",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: `${refs.bucketArn}/${KPI_REPORTS_PREFIX}*`,
    },
    {
      Sid: "UseExportKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: refs.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${refs.region}.amazonaws.com` } },
    },
  ];
  if (refs.readsSsmSync === true) {
    // The members' resource data sync files (patch compliance KPI), read-only.
    statements.push(
      {
        Sid: "ListSyncedCompliance",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: refs.bucketArn,
        Condition: { StringLike: { "s3:prefix": `${SSM_SYNC_PREFIX}*` } },
      },
      {
        Sid: "ReadSyncedCompliance",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${refs.bucketArn}/${SSM_SYNC_PREFIX}*`,
      },
    );
  }
  if (refs.auditTableArn !== undefined) {
    // The function counts actions per account through the byAccount index: no Scan, no table.
    statements.push({
      Sid: "ReadRemediationAudit",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: `${refs.auditTableArn}/index/${AUDIT_KEYS.byAccountIndex}`,
    });
  }
  statements.push(
    {
      Sid: "SendFailedInvocations",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: refs.failureQueueArn,
    },
    logStatement(refs.logGroupArn),
  );
  return { Version: "2012-10-17", Statement: statements };
}

/** The KPI schedules' role: invoke the KPI function, and dead-letter what it cannot deliver. */
export function buildKpiSchedulerPolicy(
  functionArn: string,
  deadLetterQueueArn: string,
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeKpiFunction",
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: functionArn,
      },
      {
        Sid: "SendUndelivered",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: deadLetterQueueArn,
      },
    ],
  };
}
