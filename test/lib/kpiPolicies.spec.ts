import { expect } from "chai";
import { buildKpiFunctionPolicy, buildKpiSchedulerPolicy } from "../../lib/kpiPolicies";

const BUCKET = "arn:aws:s3:::inspector-findings-222222222222-us-east-1";
const KEY = "arn:aws:kms:us-east-1:222222222222:key/1234";
const DLQ = "arn:aws:sqs:us-east-1:222222222222:inspector-kpis-failures";
const LOGS = "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-kpis";
const AUDIT = "arn:aws:dynamodb:us-east-1:222222222222:table/remediation-audit";

/** The statements every KPI function has, remediation on or off. */
const BASE_STATEMENTS = [
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
    Resource: BUCKET,
    Condition: { StringLike: { "s3:prefix": "findings/*" } },
  },
  {
    Sid: "ReadExportedFindings",
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: `${BUCKET}/findings/*`,
  },
  {
    Sid: "WriteKpiReports",
    Effect: "Allow",
    Action: "s3:PutObject",
    Resource: `${BUCKET}/reports/kpis/*`,
  },
  {
    Sid: "UseExportKeyThroughS3",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: KEY,
    Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
  },
];

const TAIL = [
  { Sid: "SendFailedInvocations", Effect: "Allow", Action: "sqs:SendMessage", Resource: DLQ },
  {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${LOGS}:*`,
  },
];

describe("buildKpiFunctionPolicy", () => {
  const refs = {
    region: "us-east-1",
    bucketArn: BUCKET,
    keyArn: KEY,
    failureQueueArn: DLQ,
    logGroupArn: LOGS,
  };

  it("reads Inspector and the exported findings, writes only reports/kpis/, and publishes metrics through its logs (no PutMetricData)", () => {
    expect(buildKpiFunctionPolicy(refs)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [...BASE_STATEMENTS, ...TAIL],
    });
  });

  it("queries and scans the audit table and its indexes only when there is one", () => {
    expect(buildKpiFunctionPolicy({ ...refs, auditTableArn: AUDIT })).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        ...BASE_STATEMENTS,
        {
          Sid: "ReadRemediationAudit",
          Effect: "Allow",
          Action: ["dynamodb:Query"],
          Resource: `${AUDIT}/index/byAccount`,
        },
        ...TAIL,
      ],
    });
  });
});

describe("buildKpiFunctionPolicy: patch compliance", () => {
  it("lists and reads only ssm-sync/ in addition when the patch compliance KPI is on", () => {
    const refs = {
      region: "us-east-1",
      bucketArn: BUCKET,
      keyArn: KEY,
      failureQueueArn: DLQ,
      logGroupArn: LOGS,
    };
    expect(buildKpiFunctionPolicy({ ...refs, readsSsmSync: true })).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        ...BASE_STATEMENTS,
        {
          Sid: "ListSyncedCompliance",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: BUCKET,
          Condition: { StringLike: { "s3:prefix": "ssm-sync/*" } },
        },
        {
          Sid: "ReadSyncedCompliance",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: `${BUCKET}/ssm-sync/*`,
        },
        ...TAIL,
      ],
    });
    expect(buildKpiFunctionPolicy({ ...refs, readsSsmSync: false })).to.deep.equal(
      buildKpiFunctionPolicy(refs),
    );
  });
});

describe("buildKpiSchedulerPolicy", () => {
  it("invokes only the KPI function and dead-letters only to its queue", () => {
    const fn = "arn:aws:lambda:us-east-1:222222222222:function:inspector-kpis";
    const dlq = "arn:aws:sqs:us-east-1:222222222222:inspector-kpis-schedule-dlq";
    expect(buildKpiSchedulerPolicy(fn, dlq)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "InvokeKpiFunction",
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: fn,
        },
        { Sid: "SendUndelivered", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlq },
      ],
    });
  });
});
