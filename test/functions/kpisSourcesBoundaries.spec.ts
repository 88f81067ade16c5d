/**
 * The KPI sources' bounds, each at, one below and one above its edge: `maxPages` (a source of two
 * pages read with a limit of 1, 2 and 3 pages), `maxObjects` (three objects read with a limit of
 * 2, 3 and 4) and the lookback (an export partition the day before the first day, on it, and the
 * day after; a compliance file written 1 ms before the lookback starts, at it, 1 ms after).
 */
import {
  Inspector2Client,
  ListCoverageCommand,
  ListCoverageStatisticsCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  ListUsageTotalsCommand,
} from "@aws-sdk/client-inspector2";
import {
  GetObjectCommand,
  type GetObjectCommandInput,
  ListObjectsV2Command,
  type ListObjectsV2Request,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  activeFindingsByAccount,
  coverageGaps,
  inactiveResources,
  newFindingsBySeverity,
  readExportedEvents,
  readPatchCompliance,
} from "../../functions/lib/kpiSources";
import { usageTotals } from "../../functions/lib/kpiUsage";
import { findingEvent, gzipBody } from "../helpers/kpiFakes";

const NOW = new Date("2026-11-30T05:00:00.000Z");
const inspector = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);
const s3 = new S3Client({ region: "us-east-1" });
const s3Mock = mockClient(s3);

/** Two pages: the first with a nextToken, the second without. */
function twoPages<T>(first: T, second: T): (input: { nextToken?: string }) => T {
  return (input) =>
    input.nextToken === undefined ? { ...first, nextToken: "page-2" } : { ...second };
}

const coverageRow = (resourceId: string) => ({
  resourceId,
  accountId: "111111111111",
  resourceType: "AWS_EC2_INSTANCE",
  scanType: "PACKAGE",
  scanStatus: { statusCode: "INACTIVE", reason: "NO_INVENTORY" },
});

describe("KPI sources: bounds", () => {
  beforeEach(() => {
    inspectorMock.reset();
    s3Mock.reset();
  });

  // `++pages >= maxPages`: with two pages, a limit of 1 stops after the first and says the figure
  // is a lower bound (truncated) where the source reports it; 2 and 3 read both, not truncated.
  const pageCases = [
    { maxPages: 1, calls: 1, truncated: true },
    { maxPages: 2, calls: 2, truncated: false },
    { maxPages: 3, calls: 2, truncated: false },
  ];
  for (const c of pageCases) {
    it(`ListFindings (new findings) of two pages with maxPages ${c.maxPages}`, async () => {
      inspectorMock
        .on(ListFindingsCommand)
        .callsFake(
          twoPages(
            { findings: [{ severity: "HIGH" }] },
            { findings: [{ severity: "CRITICAL" }] },
          ) as never,
        );
      const result = await newFindingsBySeverity(inspector, NOW, c.maxPages);
      expect(result).to.deep.equal({
        bySeverity: c.calls === 1 ? { HIGH: 1 } : { HIGH: 1, CRITICAL: 1 },
        truncated: c.truncated,
      });
      expect(inspectorMock.commandCalls(ListFindingsCommand)).to.have.length(c.calls);
    });

    it(`ListCoverage of two pages with maxPages ${c.maxPages}`, async () => {
      inspectorMock
        .on(ListCoverageCommand)
        .callsFake(
          twoPages(
            { coveredResources: [coverageRow("i-0000000000000001")] },
            { coveredResources: [coverageRow("i-0000000000000002")] },
          ) as never,
        );
      const result = await inactiveResources(inspector, "AWS_EC2_INSTANCE", c.maxPages);
      expect(result).to.deep.equal({
        byAccount: { "111111111111": c.calls },
        byReason: { NO_INVENTORY: c.calls },
        truncated: c.truncated,
      });
      expect(inspectorMock.commandCalls(ListCoverageCommand)).to.have.length(c.calls);
    });

    it(`ListFindingAggregations of two pages with maxPages ${c.maxPages}`, async () => {
      const counts = { critical: 1, high: 0, medium: 0, all: 1 };
      inspectorMock.on(ListFindingAggregationsCommand).callsFake(
        twoPages(
          {
            responses: [
              { accountAggregation: { accountId: "111111111111", severityCounts: counts } },
            ],
          },
          {
            responses: [
              { accountAggregation: { accountId: "333333333333", severityCounts: counts } },
            ],
          },
        ) as never,
      );
      const result = await activeFindingsByAccount(inspector, c.maxPages);
      expect(Object.keys(result)).to.deep.equal(
        c.calls === 1 ? ["111111111111"] : ["111111111111", "333333333333"],
      );
      expect(inspectorMock.commandCalls(ListFindingAggregationsCommand)).to.have.length(c.calls);
    });

    it(`ListCoverageStatistics of two pages with maxPages ${c.maxPages}`, async () => {
      inspectorMock
        .on(ListCoverageStatisticsCommand)
        .callsFake(
          twoPages(
            { countsByGroup: [{ groupKey: "NO_INVENTORY", count: 4 }] },
            { countsByGroup: [{ groupKey: "UNMANAGED_EC2_INSTANCE", count: 3 }] },
          ) as never,
        );
      const result = await coverageGaps(inspector, c.maxPages);
      expect(result).to.deep.equal(
        c.calls === 1
          ? { total: 4, byReason: { NO_INVENTORY: 4 } }
          : { total: 7, byReason: { NO_INVENTORY: 4, UNMANAGED_EC2_INSTANCE: 3 } },
      );
      expect(inspectorMock.commandCalls(ListCoverageStatisticsCommand)).to.have.length(c.calls);
    });

    it(`ListUsageTotals of two pages with maxPages ${c.maxPages}`, async () => {
      const usage = (accountId: string) => ({
        accountId,
        usage: [{ type: "EC2_INSTANCE_HOURS", total: 1, estimatedMonthlyCost: 1, currency: "USD" }],
      });
      inspectorMock.on(ListMembersCommand).resolves({ members: [] });
      inspectorMock
        .on(ListUsageTotalsCommand)
        .callsFake(
          twoPages(
            { totals: [usage("222222222222")] },
            { totals: [usage("222222222222")] },
          ) as never,
        );
      const result = await usageTotals(inspector, "222222222222", c.maxPages);
      expect([result.lines.length, result.truncated]).to.deep.equal([c.calls, c.truncated]);
      expect(inspectorMock.commandCalls(ListUsageTotalsCommand)).to.have.length(c.calls);
    });
  }

  /** One kind partition holding `keys`; every object one finding event; returns the keys read. */
  function mockExport(keys: readonly string[]): string[] {
    const read: string[] = [];
    s3Mock
      .on(ListObjectsV2Command)
      .callsFake((input: ListObjectsV2Request) =>
        input.Delimiter === "/"
          ? { CommonPrefixes: [{ Prefix: "findings/type=finding/" }] }
          : { Contents: keys.map((Key) => ({ Key })) },
      );
    s3Mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
      read.push(input.Key ?? "");
      return {
        Body: gzipBody([
          findingEvent({
            arn: `arn:aws:inspector2:us-east-1:111111111111:finding/${read.length}`,
            account: "111111111111",
            severity: "HIGH",
            status: "ACTIVE",
            firstObservedAt: "2026-11-28T10:00:00Z",
            updatedAt: "2026-11-28T10:00:00Z",
          }),
        ]),
      };
    });
    return read;
  }

  it("reads the export from the first lookback day on: 7 days before 2026-11-30T05:00Z is 2026-11-23", async () => {
    const read = mockExport([
      "findings/type=finding/dt=2026-11-22/before.json.gz",
      "findings/type=finding/dt=2026-11-23/first-day.json.gz",
      "findings/type=finding/dt=2026-11-24/after.json.gz",
    ]);
    const result = await readExportedEvents(s3, {
      bucket: "export",
      prefix: "findings/",
      now: NOW,
      lookbackDays: 7,
      maxObjects: 100,
    });
    expect(read).to.deep.equal([
      "findings/type=finding/dt=2026-11-23/first-day.json.gz",
      "findings/type=finding/dt=2026-11-24/after.json.gz",
    ]);
    expect([result.objects, result.truncated]).to.deep.equal([2, false]);
  });

  // `keys.length > maxObjects`: three objects of three days; past the limit, the newest are read.
  const EXPORT_KEYS = [
    "findings/type=finding/dt=2026-11-27/a.json.gz",
    "findings/type=finding/dt=2026-11-28/b.json.gz",
    "findings/type=finding/dt=2026-11-29/c.json.gz",
  ];
  const exportCases = [
    { maxObjects: 2, read: [EXPORT_KEYS[2], EXPORT_KEYS[1]], truncated: true },
    { maxObjects: 3, read: EXPORT_KEYS, truncated: false },
    { maxObjects: 4, read: EXPORT_KEYS, truncated: false },
  ];
  for (const c of exportCases) {
    it(`reads three exported objects with maxObjects ${c.maxObjects}`, async () => {
      const read = mockExport(EXPORT_KEYS);
      const result = await readExportedEvents(s3, {
        bucket: "export",
        prefix: "findings/",
        now: NOW,
        lookbackDays: 7,
        maxObjects: c.maxObjects,
      });
      expect(read).to.deep.equal(c.read);
      expect([result.objects, result.truncated, result.events.length]).to.deep.equal([
        c.read.length,
        c.truncated,
        c.read.length,
      ]);
    });
  }

  /** Compliance summary files written at the given times; returns the keys read. */
  function mockSync(files: readonly { key: string; at: Date }[]): string[] {
    const read: string[] = [];
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: files.map((f) => ({ Key: f.key, LastModified: f.at })),
    });
    s3Mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
      read.push(input.Key ?? "");
      const line = JSON.stringify({
        ComplianceType: "Patch",
        Status: "COMPLIANT",
        PatchBaselineId: "pb-0123456789abcdef0",
      });
      const bytes = Buffer.from(`${line}\n`, "utf8");
      return { Body: { transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)) } };
    });
    return read;
  }
  const syncKey = (node: string) =>
    `ssm-sync/AWS:ComplianceSummary/accountid=111111111111/region=us-east-1/resourcetype=ManagedInstanceInventory/${node}.json`;
  // 14 days before NOW.
  const SINCE = Date.parse("2026-11-16T05:00:00.000Z");

  it("counts a compliance file written 1 ms before the 14-day lookback as stale, at and after it as read", async () => {
    const read = mockSync([
      { key: syncKey("i-0000000000000001"), at: new Date(SINCE - 1) },
      { key: syncKey("i-0000000000000002"), at: new Date(SINCE) },
      { key: syncKey("i-0000000000000003"), at: new Date(SINCE + 1) },
    ]);
    const figures = await readPatchCompliance(s3, {
      bucket: "sync",
      prefix: "ssm-sync/",
      now: NOW,
      lookbackDays: 14,
      maxObjects: 100,
    });
    expect(read).to.deep.equal([syncKey("i-0000000000000002"), syncKey("i-0000000000000003")]);
    expect([figures.objects, figures.stale, figures.truncated]).to.deep.equal([2, 1, false]);
  });

  // `found.length > maxObjects`: three fresh files; past the limit, the newest are read.
  const SYNC_FILES = [
    { key: syncKey("i-000000000000000a"), at: new Date("2026-11-29T01:00:00.000Z") },
    { key: syncKey("i-000000000000000b"), at: new Date("2026-11-29T03:00:00.000Z") },
    { key: syncKey("i-000000000000000c"), at: new Date("2026-11-29T02:00:00.000Z") },
  ];
  const syncCases = [
    {
      maxObjects: 2,
      read: [SYNC_FILES[1].key, SYNC_FILES[2].key],
      truncated: true,
    },
    { maxObjects: 3, read: SYNC_FILES.map((f) => f.key), truncated: false },
    { maxObjects: 4, read: SYNC_FILES.map((f) => f.key), truncated: false },
  ];
  for (const c of syncCases) {
    it(`reads three compliance files with maxObjects ${c.maxObjects}`, async () => {
      const read = mockSync(SYNC_FILES);
      const figures = await readPatchCompliance(s3, {
        bucket: "sync",
        prefix: "ssm-sync/",
        now: NOW,
        lookbackDays: 14,
        maxObjects: c.maxObjects,
      });
      expect(read).to.deep.equal(c.read);
      expect([figures.objects, figures.truncated]).to.deep.equal([c.read.length, c.truncated]);
    });
  }
});
