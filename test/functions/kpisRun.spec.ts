import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AccessDeniedException,
  Inspector2Client,
  ListCoverageCommand,
  type ListCoverageRequest,
  ListCoverageStatisticsCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  type ListFindingsRequest,
  ListMembersCommand,
  ListUsageTotalsCommand,
} from "@aws-sdk/client-inspector2";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2Request,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  KpiAllRegionsFailedError,
  type KpiDeps,
  type KpiSettings,
  KpiSettingsError,
  parseInvocation,
  parseKpiSettings,
  runKpis,
} from "../../functions/lib/kpiRun";
import {
  captureStdout,
  enabledKpiMetrics,
  type EmfDoc,
  findingEvent,
  gzipBody,
  parseEmf,
  requestCopy,
} from "../helpers/kpiFakes";

const NOW = new Date("2026-11-30T05:00:00.000Z");
const A = "111111111111";
const B = "222222222222";
const east = new Inspector2Client({ region: "us-east-1" });
const west = new Inspector2Client({ region: "eu-west-1" });
const eastMock = mockClient(east);
const westMock = mockClient(west);
const s3 = new S3Client({ region: "us-east-1" });
const s3Mock = mockClient(s3);
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const dynamoMock = mockClient(dynamo);

const SETTINGS: KpiSettings = {
  regions: ["us-east-1", "eu-west-1"],
  exportBucket: "inspector-findings-999999999999-us-east-1",
  findingsPrefix: "findings/",
  lookbackDays: 14,
  slaDays: { CRITICAL: 7, HIGH: 30 },
  auditTable: "remediation-audit",
  maxPages: 10,
  maxObjects: 100,
  ssmSyncPrefix: undefined,
  maxSyncObjects: 100,
};

const EVENTS = [
  // CRITICAL, CVE published 2 days before first seen, still open, first seen this week.
  findingEvent({
    arn: "arn:f/critical",
    account: A,
    severity: "CRITICAL",
    status: "ACTIVE",
    firstObservedAt: "2026-11-28T05:00:00Z",
    updatedAt: "2026-11-28T05:00:00Z",
    cve: "CVE-2026-0001",
    vendorCreatedAt: "2026-11-26T05:00:00Z",
  }),
  // HIGH, published 10 days before first seen, closed 5 days after.
  findingEvent({
    arn: "arn:f/high",
    account: A,
    severity: "HIGH",
    status: "ACTIVE",
    firstObservedAt: "2026-11-20T05:00:00Z",
    updatedAt: "2026-11-20T05:00:00Z",
    cve: "CVE-2026-0002",
    vendorCreatedAt: "2026-11-10T05:00:00Z",
  }),
  findingEvent({
    arn: "arn:f/high",
    account: A,
    severity: "HIGH",
    status: "CLOSED",
    firstObservedAt: "2026-11-20T05:00:00Z",
    updatedAt: "2026-11-25T05:00:00Z",
    cve: "CVE-2026-0002",
    vendorCreatedAt: "2026-11-10T05:00:00Z",
  }),
];

const finding = (awsAccountId: string, severity: string) => ({ awsAccountId, severity }) as never;
const resource = (resourceId: string, accountId: string, reason: string) =>
  ({
    resourceId,
    accountId,
    resourceType: "AWS_EC2_INSTANCE",
    scanType: "PACKAGE",
    scanStatus: { statusCode: "INACTIVE", reason },
  }) as never;

function mockEast(): void {
  eastMock.on(ListFindingAggregationsCommand).resolves({
    aggregationType: "ACCOUNT",
    responses: [
      {
        accountAggregation: {
          accountId: A,
          severityCounts: { all: 10, critical: 2, high: 3, medium: 4 },
        },
      },
      { accountAggregation: { accountId: B, severityCounts: { all: 1, high: 1 } } },
    ],
  });
  eastMock.on(ListFindingsCommand).callsFake((input: ListFindingsRequest) => {
    const severity = input.filterCriteria?.severity?.[0].value;
    if (severity === undefined) {
      return { findings: [finding(A, "CRITICAL"), finding(A, "HIGH"), finding(B, "HIGH")] };
    }
    return severity === "CRITICAL"
      ? { findings: [finding(A, "CRITICAL")] }
      : { findings: [finding(A, "HIGH"), finding(B, "HIGH"), finding(B, "HIGH")] };
  });
  eastMock.on(ListCoverageCommand).callsFake((input: ListCoverageRequest) =>
    input.filterCriteria?.resourceType?.[0].value === "AWS_EC2_INSTANCE"
      ? {
          coveredResources: [
            resource("i-0000000000000001", A, "UNMANAGED_EC2_INSTANCE"),
            resource("i-0000000000000002", A, "EC2_INSTANCE_STOPPED"),
            resource("i-0000000000000003", B, "NO_INVENTORY"),
          ],
        }
      : { coveredResources: [resource("fn-1", B, "UNSUPPORTED_RUNTIME")] },
  );
  eastMock.on(ListCoverageStatisticsCommand).resolves({
    totalCounts: 8,
    countsByGroup: [
      { groupKey: "UNMANAGED_EC2_INSTANCE", count: 1 },
      { groupKey: "NO_INVENTORY", count: 1 },
      { groupKey: "UNSUPPORTED_RUNTIME", count: 1 },
      { groupKey: "EC2_INSTANCE_STOPPED", count: 5 },
    ] as never,
  });
  eastMock.on(ListMembersCommand).resolves({
    members: [{ accountId: A, delegatedAdminAccountId: B, relationshipStatus: "ENABLED" }],
  });
  eastMock.on(ListUsageTotalsCommand).resolves({
    totals: [
      {
        accountId: A,
        usage: [
          { type: "EC2_INSTANCE_HOURS", total: 7200, estimatedMonthlyCost: 12.53, currency: "USD" },
          { type: "ECR_INITIAL_SCAN", total: 30, estimatedMonthlyCost: 2.7, currency: "USD" },
        ],
      },
      {
        accountId: B,
        usage: [
          { type: "EC2_INSTANCE_HOURS", total: 720, estimatedMonthlyCost: 1.25, currency: "USD" },
          { type: "ECR_INITIAL_SCAN", total: 0, estimatedMonthlyCost: 0, currency: "USD" },
        ],
      },
    ],
  });
}

function mockWestDenied(): void {
  const denied = new AccessDeniedException({ message: "not authorized", $metadata: {} });
  westMock.on(ListFindingAggregationsCommand).rejects(denied);
  westMock.on(ListFindingsCommand).rejects(denied);
  westMock.on(ListCoverageCommand).rejects(denied);
  westMock.on(ListCoverageStatisticsCommand).rejects(denied);
  westMock.on(ListMembersCommand).rejects(denied);
}

function mockExportAndAudit(): void {
  s3Mock
    .on(ListObjectsV2Command)
    .callsFake((input: ListObjectsV2Request) =>
      input.Delimiter === "/"
        ? { CommonPrefixes: [{ Prefix: "findings/type=finding/" }] }
        : { Contents: [{ Key: "findings/type=finding/dt=2026-11-28/s-1.json.gz" }] },
    );
  s3Mock.on(GetObjectCommand).resolves({ Body: gzipBody(EVENTS) as never });
  s3Mock.on(PutObjectCommand).resolves({ ServerSideEncryption: "aws:kms" });
  dynamoMock
    .on(QueryCommand, { ExpressionAttributeValues: { ":account": A } })
    .resolves({ Items: [{ outcome: "started" }, { outcome: "dry-run" }] });
  dynamoMock
    .on(QueryCommand, { ExpressionAttributeValues: { ":account": B } })
    .resolves({ Items: [] });
}

function deps(): KpiDeps & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  return {
    inspector: (region) => (region === "us-east-1" ? east : west),
    s3,
    dynamo,
    metrics: enabledKpiMetrics("kpis"),
    log: {
      info: () => undefined,
      warn: (message, extra) => warnings.push({ message, ...extra }),
    },
    now: () => NOW,
    accountId: B,
    warnings,
  };
}

/** The metric values of the EMF documents, keyed `Name|dim=value,...`. */
function metricValues(docs: readonly EmfDoc[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const d of docs) {
    const dims = Object.entries(d.dimensionValues)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    for (const [name, m] of Object.entries(d.metrics)) {
      values[`${name}|${dims}`] = m.value;
    }
  }
  return values;
}

describe("runKpis", () => {
  beforeEach(() => {
    eastMock.reset();
    westMock.reset();
    s3Mock.reset();
    dynamoMock.reset();
  });

  it("publishes every KPI from the Region that answered and counts the failed Region's sources", async () => {
    // Prepare
    mockEast();
    mockWestDenied();
    mockExportAndAudit();
    const d = deps();

    // Act
    let result: Awaited<ReturnType<typeof runKpis>> | undefined;
    const lines = await captureStdout(async () => {
      result = await runKpis(d, SETTINGS, {});
    });

    // Assess
    expect(metricValues(parseEmf(lines))).to.deep.equal({
      "ActiveFindings|Severity=CRITICAL": 2,
      [`ActiveFindings|Severity=CRITICAL,AccountId=${A},Region=us-east-1`]: 2,
      "ActiveFindings|Severity=HIGH": 4,
      [`ActiveFindings|Severity=HIGH,AccountId=${A},Region=us-east-1`]: 3,
      [`ActiveFindings|Severity=HIGH,AccountId=${B},Region=us-east-1`]: 1,
      "ActiveFindings|Severity=MEDIUM": 4,
      [`ActiveFindings|Severity=MEDIUM,AccountId=${A},Region=us-east-1`]: 4,
      "ActiveFindings|Severity=ALL": 11,
      [`ActiveFindings|Severity=ALL,AccountId=${A},Region=us-east-1`]: 10,
      [`ActiveFindings|Severity=ALL,AccountId=${B},Region=us-east-1`]: 1,
      "NewFindings|Severity=CRITICAL": 1,
      "NewFindings|Severity=HIGH": 2,
      "NewFindings|Severity=MEDIUM": 0,
      "NewFindings|Severity=LOW": 0,
      "NewFindings|Severity=INFORMATIONAL": 0,
      "NewFindings|Severity=UNTRIAGED": 0,
      "NewCriticalCves|": 1,
      "SlaBreaches|Severity=CRITICAL": 1,
      [`SlaBreaches|Severity=CRITICAL,AccountId=${A},Region=us-east-1`]: 1,
      "SlaBreaches|Severity=HIGH": 3,
      [`SlaBreaches|Severity=HIGH,AccountId=${A},Region=us-east-1`]: 1,
      [`SlaBreaches|Severity=HIGH,AccountId=${B},Region=us-east-1`]: 2,
      "MeanTimeToDetectDays|Severity=CRITICAL": 2,
      "P90TimeToDetectDays|Severity=CRITICAL": 2,
      "MeanTimeToDetectDays|Severity=HIGH": 10,
      "P90TimeToDetectDays|Severity=HIGH": 10,
      "MeanTimeToRemediateDays|Severity=HIGH": 5,
      "P90TimeToRemediateDays|Severity=HIGH": 5,
      "Ec2InstancesWithoutSsm|": 2,
      [`Ec2InstancesWithoutSsm|AccountId=${A},Region=us-east-1`]: 1,
      [`Ec2InstancesWithoutSsm|AccountId=${B},Region=us-east-1`]: 1,
      "LambdaFunctionsNotCovered|": 1,
      [`LambdaFunctionsNotCovered|AccountId=${B},Region=us-east-1`]: 1,
      "CoverageGaps|": 3,
      "RemediationActions|": 2,
      // ListUsageTotals for the administrator (B) and its member (A), us-east-1 only.
      "EstimatedMonthlyCost|": 16.48,
      "EstimatedMonthlyCost|UsageType=EC2_INSTANCE_HOURS": 13.78,
      "EstimatedMonthlyCost|UsageType=ECR_INITIAL_SCAN": 2.7,
      [`EstimatedMonthlyCost|AccountId=${A}`]: 15.23,
      [`EstimatedMonthlyCost|AccountId=${B}`]: 1.25,
      "UsageTotal|UsageType=EC2_INSTANCE_HOURS": 7920,
      "UsageTotal|UsageType=ECR_INITIAL_SCAN": 30,
      "KpiSourceErrors|": 7,
    });
    expect(
      eastMock.commandCalls(ListUsageTotalsCommand).map((c) => requestCopy(c.args[0].input)),
    ).to.deep.equal([{ accountIds: [A, B], maxResults: 500 }]);
    expect(result).to.deep.include({
      failedRegions: ["eu-west-1"],
      sourceErrors: 7,
      report: undefined,
    });
    expect(d.warnings.filter((w) => w.message === "KPI source failed")).to.have.length(7);
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it("writes the weekly JSON and CSV report only on {report: true}, with the bucket's default encryption", async () => {
    // Prepare
    mockEast();
    mockWestDenied();
    mockExportAndAudit();

    // Act
    let result: Awaited<ReturnType<typeof runKpis>> | undefined;
    await captureStdout(async () => {
      result = await runKpis(deps(), SETTINGS, { report: true });
    });

    // Assess
    const puts = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ContentType, p.ServerSideEncryption])).to.deep.equal(
      [
        [SETTINGS.exportBucket, "reports/kpis/2026-W49.json", "application/json", undefined],
        [SETTINGS.exportBucket, "reports/kpis/2026-W49.csv", "text/csv; charset=utf-8", undefined],
      ],
    );
    expect(result?.report).to.deep.equal({
      json: "reports/kpis/2026-W49.json",
      csv: "reports/kpis/2026-W49.csv",
    });
    const json = JSON.parse(puts[0].Body as string) as Record<string, unknown>;
    expect(json.week).to.equal("2026-W49");
    expect(json.regions).to.deep.equal({
      governed: ["us-east-1", "eu-west-1"],
      failed: ["eu-west-1"],
    });
    expect(json.remediation).to.deep.equal({ total: 2, byOutcome: { started: 1, "dry-run": 1 } });
    const csv = (puts[1].Body as string).split("\n");
    expect(csv[0]).to.equal("kpi,severity,account,region,value,patchBaselineId,usageType");
    expect(csv).to.include(`SlaBreaches,HIGH,${B},us-east-1,2,,`);
    expect(csv).to.include("KpiSourceErrors,,,,7,,");
    // The usage of every account, Region and usage type after the published rows.
    expect(csv.slice(csv.indexOf("KpiSourceErrors,,,,7,,") + 1)).to.deep.equal([
      `UsageTotal,,${A},us-east-1,7200,,EC2_INSTANCE_HOURS`,
      `EstimatedMonthlyCost,,${A},us-east-1,12.53,,EC2_INSTANCE_HOURS`,
      `UsageTotal,,${A},us-east-1,30,,ECR_INITIAL_SCAN`,
      `EstimatedMonthlyCost,,${A},us-east-1,2.7,,ECR_INITIAL_SCAN`,
      `UsageTotal,,${B},us-east-1,720,,EC2_INSTANCE_HOURS`,
      `EstimatedMonthlyCost,,${B},us-east-1,1.25,,EC2_INSTANCE_HOURS`,
      `UsageTotal,,${B},us-east-1,0,,ECR_INITIAL_SCAN`,
      `EstimatedMonthlyCost,,${B},us-east-1,0,,ECR_INITIAL_SCAN`,
      "",
    ]);
    expect(json.usage).to.deep.equal({
      currency: "USD",
      estimatedMonthlyCost: 16.48,
      byUsageType: { EC2_INSTANCE_HOURS: 13.78, ECR_INITIAL_SCAN: 2.7 },
      byAccount: { [A]: 15.23, [B]: 1.25 },
      lines: [
        {
          accountId: A,
          region: "us-east-1",
          usageType: "EC2_INSTANCE_HOURS",
          total: 7200,
          estimatedMonthlyCost: 12.53,
        },
        {
          accountId: A,
          region: "us-east-1",
          usageType: "ECR_INITIAL_SCAN",
          total: 30,
          estimatedMonthlyCost: 2.7,
        },
        {
          accountId: B,
          region: "us-east-1",
          usageType: "EC2_INSTANCE_HOURS",
          total: 720,
          estimatedMonthlyCost: 1.25,
        },
        {
          accountId: B,
          region: "us-east-1",
          usageType: "ECR_INITIAL_SCAN",
          total: 0,
          estimatedMonthlyCost: 0,
        },
      ],
    });
    expect((json.inspector as Record<string, unknown>[]).map((r) => "usage" in r)).to.deep.equal([
      false,
      false,
    ]);
  });

  it("fails when every Region failed, after publishing KpiSourceErrors, and writes no report", async () => {
    // Prepare
    mockWestDenied();
    const denied = new AccessDeniedException({ message: "not authorized", $metadata: {} });
    eastMock.on(ListFindingAggregationsCommand).rejects(denied);
    eastMock.on(ListFindingsCommand).rejects(denied);
    eastMock.on(ListCoverageCommand).rejects(denied);
    eastMock.on(ListCoverageStatisticsCommand).rejects(denied);
    eastMock.on(ListMembersCommand).rejects(denied);
    mockExportAndAudit();

    // Act
    let error: unknown;
    const lines = await captureStdout(async () => {
      try {
        await runKpis(deps(), SETTINGS, { report: true });
      } catch (err) {
        error = err;
      }
    });

    // Assess
    expect(error).to.be.instanceOf(KpiAllRegionsFailedError);
    expect((error as Error).message).to.equal(
      "every governed Region failed (us-east-1, eu-west-1); see KpiSourceErrors and the log",
    );
    expect(metricValues(parseEmf(lines))["KpiSourceErrors|"]).to.equal(14);
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });
});

describe("parseKpiSettings", () => {
  const BASE = { REGIONS: "us-east-1, eu-west-1", EXPORT_BUCKET: "bucket" };

  it("reads the contract's variables and defaults the optional ones", () => {
    expect(parseKpiSettings(BASE)).to.deep.equal({
      regions: ["us-east-1", "eu-west-1"],
      exportBucket: "bucket",
      findingsPrefix: "findings/",
      lookbackDays: 30,
      slaDays: { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 },
      auditTable: undefined,
      maxPages: 200,
      maxObjects: 5000,
      ssmSyncPrefix: undefined,
      maxSyncObjects: 10000,
    });
    expect(
      parseKpiSettings({
        ...BASE,
        FINDINGS_PREFIX: "findings",
        LOOKBACK_DAYS: "7",
        SLA_DAYS: '{"CRITICAL":3}',
        AUDIT_TABLE: "audit",
        SSM_SYNC_PREFIX: "ssm-sync",
      }),
    ).to.deep.include({
      findingsPrefix: "findings/",
      lookbackDays: 7,
      slaDays: { CRITICAL: 3 },
      auditTable: "audit",
      ssmSyncPrefix: "ssm-sync/",
    });
  });

  const cases = [
    {
      name: "no Regions",
      env: { EXPORT_BUCKET: "b" },
      message:
        'REGIONS ("") must list Region names separated by commas, e.g. "us-east-1,eu-west-1"',
    },
    {
      name: "a Region that is not one",
      env: { REGIONS: "us-east-1,useast2", EXPORT_BUCKET: "b" },
      message:
        'REGIONS ("us-east-1,useast2") must list Region names separated by commas, e.g. "us-east-1,eu-west-1"',
    },
    {
      name: "no bucket",
      env: { REGIONS: "us-east-1" },
      message: "EXPORT_BUCKET must name the export bucket",
    },
    {
      name: "a lookback of zero days",
      env: { ...BASE, LOOKBACK_DAYS: "0" },
      message: 'LOOKBACK_DAYS ("0") must be a whole number of days from 1 to 400',
    },
    // LOOKBACK_DAYS 1 to 400 and SLA days 1 to 3650: the values past each end (400 and 3650
    // themselves are read by "accepts the ends of each range" below).
    {
      name: "a lookback of 401 days",
      env: { ...BASE, LOOKBACK_DAYS: "401" },
      message: 'LOOKBACK_DAYS ("401") must be a whole number of days from 1 to 400',
    },
    {
      name: "an SLA of 0 days",
      env: { ...BASE, SLA_DAYS: '{"HIGH":0}' },
      message:
        'SLA_DAYS ("{\\"HIGH\\":0}") must be a JSON object of days (1 to 3650) per severity, e.g. {"CRITICAL":7,"HIGH":30}',
    },
    {
      name: "an SLA of 3651 days",
      env: { ...BASE, SLA_DAYS: '{"LOW":3651}' },
      message:
        'SLA_DAYS ("{\\"LOW\\":3651}") must be a JSON object of days (1 to 3650) per severity, e.g. {"CRITICAL":7,"HIGH":30}',
    },
    {
      name: "an SLA that is not JSON",
      env: { ...BASE, SLA_DAYS: "CRITICAL=7" },
      message:
        'SLA_DAYS ("CRITICAL=7") must be a JSON object of days (1 to 3650) per severity, e.g. {"CRITICAL":7,"HIGH":30}',
    },
    {
      name: "an SLA for an unknown severity",
      env: { ...BASE, SLA_DAYS: '{"SEVERE":7}' },
      message:
        'SLA_DAYS ("{\\"SEVERE\\":7}") must be a JSON object of days (1 to 3650) per severity, e.g. {"CRITICAL":7,"HIGH":30}',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      expect(() => parseKpiSettings(c.env)).to.throw(KpiSettingsError, c.message);
    });
  }

  it("accepts the ends of each range: a lookback of 1 and 400 days, SLAs of 1 and 3650 days", () => {
    const read = (env: Record<string, string>) => {
      const s = parseKpiSettings({ ...BASE, ...env });
      return [s.lookbackDays, s.slaDays];
    };
    expect(read({ LOOKBACK_DAYS: "1", SLA_DAYS: '{"CRITICAL":1}' })).to.deep.equal([
      1,
      { CRITICAL: 1 },
    ]);
    expect(read({ LOOKBACK_DAYS: "400", SLA_DAYS: '{"LOW":3650}' })).to.deep.equal([
      400,
      { LOW: 3650 },
    ]);
  });
});

describe("parseInvocation", () => {
  it("accepts the two schedules' events and rejects anything else", () => {
    expect(parseInvocation({})).to.deep.equal({});
    expect(parseInvocation({ report: true })).to.deep.equal({ report: true });
    expect(() => parseInvocation({ report: "yes" })).to.throw(
      KpiSettingsError,
      'the invocation event must be {} or {"report": true}, got {"report":"yes"}',
    );
  });
});
