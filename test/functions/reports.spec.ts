import {
  AccessDeniedException,
  ConflictException,
  CreateFindingsReportCommand,
  CreateSbomExportCommand,
  GetFindingsReportStatusCommand,
  GetSbomExportCommand,
  Inspector2Client,
  ThrottlingException,
} from "@aws-sdk/client-inspector2";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  ALL_STATUSES_FILTER,
  type ReportDeps,
  type ReportRecord,
  type ReportSettings,
  ReportThrottledError,
  runScheduledReports,
} from "../../functions/lib/reports";

const inspector = new Inspector2Client({ region: "us-east-1" });
const s3 = new S3Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);
const s3Mock = mockClient(s3);

const SETTINGS: ReportSettings = {
  bucketName: "inspector-findings-222222222222-us-east-1",
  kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/1111",
  reportFormat: "CSV",
  sbomFormat: "SPDX_2_3",
  pollIntervalMs: 30_000,
  safetyMarginMs: 30_000,
};
const NOW = new Date("2026-11-30T05:00:00.000Z");
const STAMP = NOW.toISOString();

function deps(remainingMs = 900_000): ReportDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    inspector,
    s3,
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => NOW,
    remainingMs: () => remainingMs,
  };
}

function destination(kind: "findings" | "sbom") {
  return `s3://inspector-findings-222222222222-us-east-1/reports/${kind}/2026-11-30`;
}

function writtenRecords(): { key: string | undefined; record: ReportRecord }[] {
  return s3Mock.commandCalls(PutObjectCommand).map((call) => ({
    key: call.args[0].input.Key,
    record: JSON.parse(call.args[0].input.Body as string) as ReportRecord,
  }));
}

const throttle = () => new ThrottlingException({ message: "Rate exceeded", $metadata: {} });

describe("runScheduledReports", () => {
  beforeEach(() => {
    inspectorMock.reset();
    s3Mock.reset();
    s3Mock.on(PutObjectCommand).resolves({});
  });

  it("polls a findings report in progress until it succeeds, then exports the SBOM, recording both", async () => {
    inspectorMock.on(CreateFindingsReportCommand).resolves({ reportId: "r-1" });
    inspectorMock
      .on(GetFindingsReportStatusCommand)
      .resolvesOnce({ reportId: "r-1", status: "IN_PROGRESS" })
      .resolvesOnce({ reportId: "r-1", status: "IN_PROGRESS" })
      .resolves({ reportId: "r-1", status: "SUCCEEDED" });
    inspectorMock.on(CreateSbomExportCommand).resolves({ reportId: "s-1" });
    inspectorMock.on(GetSbomExportCommand).resolves({ reportId: "s-1", status: "SUCCEEDED" });
    const d = deps();

    const records = await runScheduledReports(d, SETTINGS);

    expect(
      inspectorMock.commandCalls(CreateFindingsReportCommand).map((c) => c.args[0].input),
    ).to.deep.equal([
      {
        reportFormat: "CSV",
        s3Destination: {
          bucketName: SETTINGS.bucketName,
          keyPrefix: "reports/findings/2026-11-30",
          kmsKeyArn: SETTINGS.kmsKeyArn,
        },
        filterCriteria: ALL_STATUSES_FILTER,
      },
    ]);
    expect(
      inspectorMock.commandCalls(CreateSbomExportCommand).map((c) => c.args[0].input),
    ).to.deep.equal([
      {
        reportFormat: "SPDX_2_3",
        s3Destination: {
          bucketName: SETTINGS.bucketName,
          keyPrefix: "reports/sbom/2026-11-30",
          kmsKeyArn: SETTINGS.kmsKeyArn,
        },
      },
    ]);
    expect(d.sleeps).to.deep.equal([30_000, 30_000]);
    const expected: ReportRecord[] = [
      {
        kind: "FINDINGS_REPORT",
        format: "CSV",
        destination: destination("findings"),
        startedAt: STAMP,
        outcome: "SUCCEEDED",
        reportId: "r-1",
        recordedAt: STAMP,
      },
      {
        kind: "SBOM_EXPORT",
        format: "SPDX_2_3",
        destination: destination("sbom"),
        startedAt: STAMP,
        outcome: "SUCCEEDED",
        reportId: "s-1",
        recordedAt: STAMP,
      },
    ];
    expect(records).to.deep.equal(expected);
    expect(writtenRecords()).to.deep.equal([
      { key: "reports/records/2026-11-30/findings_report-r-1.json", record: expected[0] },
      { key: "reports/records/2026-11-30/sbom_export-s-1.json", record: expected[1] },
    ]);
  });

  it("records a failed report with Inspector's error code and still exports the SBOM", async () => {
    inspectorMock.on(CreateFindingsReportCommand).resolves({ reportId: "r-2" });
    inspectorMock.on(GetFindingsReportStatusCommand).resolves({
      reportId: "r-2",
      status: "FAILED",
      errorCode: "INVALID_PERMISSIONS",
      errorMessage: "Inspector cannot write to the bucket",
    });
    inspectorMock.on(CreateSbomExportCommand).resolves({ reportId: "s-2" });
    inspectorMock.on(GetSbomExportCommand).resolves({ reportId: "s-2", status: "SUCCEEDED" });

    const records = await runScheduledReports(deps(), SETTINGS);

    expect(
      records.map((r) => ({
        outcome: r.outcome,
        errorCode: r.errorCode,
        errorMessage: r.errorMessage,
      })),
    ).to.deep.equal([
      {
        outcome: "FAILED",
        errorCode: "INVALID_PERMISSIONS",
        errorMessage: "Inspector cannot write to the bucket",
      },
      { outcome: "SUCCEEDED", errorCode: undefined, errorMessage: undefined },
    ]);
    expect(writtenRecords().map((w) => w.record.outcome)).to.deep.equal(["FAILED", "SUCCEEDED"]);
  });

  it("records a report another run already started as SKIPPED_ALREADY_RUNNING (ConflictException)", async () => {
    inspectorMock.on(CreateFindingsReportCommand).rejects(
      new ConflictException({
        message: "Cannot have multiple reports in-progress",
        $metadata: {},
        resourceId: "r-0",
        resourceType: "report",
      }),
    );
    inspectorMock.on(CreateSbomExportCommand).resolves({ reportId: "s-3" });
    inspectorMock.on(GetSbomExportCommand).resolves({ reportId: "s-3", status: "SUCCEEDED" });

    const records = await runScheduledReports(deps(), SETTINGS);

    expect(records[0]).to.deep.equal({
      kind: "FINDINGS_REPORT",
      format: "CSV",
      destination: destination("findings"),
      startedAt: STAMP,
      outcome: "SKIPPED_ALREADY_RUNNING",
      errorMessage: "Cannot have multiple reports in-progress",
      recordedAt: STAMP,
    });
    expect(inspectorMock.commandCalls(GetFindingsReportStatusCommand)).to.have.length(0);
    expect(writtenRecords().map((w) => w.key)).to.deep.equal([
      "reports/records/2026-11-30/findings_report-no-report-2026-11-30T05-00-00-000Z.json",
      "reports/records/2026-11-30/sbom_export-s-3.json",
    ]);
  });

  it("records a throttled report, gives the SBOM export its turn, then throws so the invocation is retried", async () => {
    inspectorMock.on(CreateFindingsReportCommand).rejects(throttle());
    inspectorMock.on(CreateSbomExportCommand).resolves({ reportId: "s-4" });
    inspectorMock.on(GetSbomExportCommand).resolves({ reportId: "s-4", status: "SUCCEEDED" });

    let thrown: unknown;
    try {
      await runScheduledReports(deps(), SETTINGS);
    } catch (err) {
      thrown = err;
    }

    expect(thrown).to.be.instanceOf(ReportThrottledError);
    expect((thrown as ReportThrottledError).record.outcome).to.equal("THROTTLED");
    expect(writtenRecords().map((w) => [w.record.kind, w.record.outcome])).to.deep.equal([
      ["FINDINGS_REPORT", "THROTTLED"],
      ["SBOM_EXPORT", "SUCCEEDED"],
    ]);
  });

  it("records a throttled status poll with the report id", async () => {
    inspectorMock.on(CreateFindingsReportCommand).resolves({ reportId: "r-5" });
    inspectorMock.on(GetFindingsReportStatusCommand).rejects(throttle());
    inspectorMock.on(CreateSbomExportCommand).resolves({ reportId: "s-5" });
    inspectorMock.on(GetSbomExportCommand).resolves({ reportId: "s-5", status: "SUCCEEDED" });

    let thrown: unknown;
    try {
      await runScheduledReports(deps(), SETTINGS);
    } catch (err) {
      thrown = err;
    }

    expect(thrown).to.be.instanceOf(ReportThrottledError);
    expect(writtenRecords()[0].record).to.deep.equal({
      kind: "FINDINGS_REPORT",
      format: "CSV",
      destination: destination("findings"),
      startedAt: STAMP,
      outcome: "THROTTLED",
      reportId: "r-5",
      errorMessage: "Rate exceeded",
      recordedAt: STAMP,
    });
  });

  it("records a report still running when the invocation runs out of time, and starts nothing else", async () => {
    inspectorMock.on(CreateFindingsReportCommand).resolves({ reportId: "r-6" });
    inspectorMock
      .on(GetFindingsReportStatusCommand)
      .resolves({ reportId: "r-6", status: "IN_PROGRESS" });
    const d = deps(50_000);

    const records = await runScheduledReports(d, SETTINGS);

    expect(records.map((r) => [r.kind, r.outcome, r.reportId])).to.deep.equal([
      ["FINDINGS_REPORT", "IN_PROGRESS", "r-6"],
    ]);
    expect(d.sleeps).to.deep.equal([]);
    expect(inspectorMock.commandCalls(CreateSbomExportCommand)).to.have.length(0);
  });

  it("lets any other error through, unrecorded, for the invocation's retries and failure queue", async () => {
    const denied = new AccessDeniedException({ message: "not authorized", $metadata: {} });
    inspectorMock.on(CreateFindingsReportCommand).rejects(denied);

    let thrown: unknown;
    try {
      await runScheduledReports(deps(), SETTINGS);
    } catch (err) {
      thrown = err;
    }

    expect(thrown).to.equal(denied);
    expect(writtenRecords()).to.deep.equal([]);
    expect(inspectorMock.commandCalls(CreateSbomExportCommand)).to.have.length(0);
  });
});
