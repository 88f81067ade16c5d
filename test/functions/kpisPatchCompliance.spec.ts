import {
  GetObjectCommand,
  type GetObjectCommandInput,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { rowDimensions } from "../../functions/lib/kpiPublish";
import { toCsv } from "../../functions/lib/kpiReport";
import { buildKpiRows, type KpiSnapshot } from "../../functions/lib/kpiSnapshot";
import { readPatchCompliance } from "../../functions/lib/kpiSources";
import { computePatchComplianceRates, parsePatchSummaries } from "../../lib/kpis/patchCompliance";
import { requestCopy } from "../helpers/kpiFakes";

const NOW = new Date("2026-11-30T05:00:00.000Z");
const BUCKET = "inspector-findings-222222222222-us-east-1";
const A = "111111111111";
const B = "333333333333";
const LINUX = "pb-0123456789abcdef0";
const WINDOWS = "pb-0fedcba9876543210";

const s3 = new S3Client({ region: "us-east-1" });
const s3Mock = mockClient(s3);

function key(account: string, region: string, node: string): string {
  return `ssm-sync/AWS:ComplianceSummary/accountid=${account}/region=${region}/resourcetype=ManagedInstanceInventory/${node}.json`;
}

/** One synced summary line (the AWS:ComplianceSummary attributes the KPI reads, and others). */
function line(type: string, status: string, baseline?: string): string {
  return JSON.stringify({
    ComplianceType: type,
    Status: status,
    OverallSeverity: "UNSPECIFIED",
    ...(baseline === undefined ? {} : { PatchBaselineId: baseline, PatchGroup: "" }),
    ExecutionType: "Command",
    ExecutionTime: "2026-11-29T03:00:00Z",
  });
}

function body(text: string) {
  const bytes = Buffer.from(text, "utf8");
  return { transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)) };
}

const FRESH = new Date("2026-11-29T04:00:00.000Z");
const OLD = new Date("2026-10-01T00:00:00.000Z");

/**
 * Five fresh nodes: Linux baseline 2 of 3 compliant (66.7 %), Windows 1 of 1 (100 %), one node
 * with only Association compliance (no patch data, not counted); and one stale file (a node gone
 * since October), not read.
 */
const FILES: Record<string, { at: Date; text: string }> = {
  [key(A, "us-east-1", "i-0000000000000001")]: {
    at: FRESH,
    text: `${line("Association", "COMPLIANT")}\n${line("Patch", "COMPLIANT", LINUX)}\n`,
  },
  [key(A, "eu-west-1", "i-0000000000000002")]: {
    at: FRESH,
    text: `${line("Patch", "NON_COMPLIANT", LINUX)}\n`,
  },
  [key(B, "us-east-1", "mi-00000000000000003")]: {
    at: FRESH,
    text: `${line("Patch", "COMPLIANT", LINUX)}\n`,
  },
  [key(B, "us-east-1", "i-0000000000000004")]: {
    at: FRESH,
    text: `${line("Patch", "COMPLIANT", WINDOWS)}\n`,
  },
  [key(B, "eu-west-1", "i-0000000000000005")]: {
    at: FRESH,
    text: `${line("Association", "NON_COMPLIANT")}\n`,
  },
  [key(B, "eu-west-1", "i-0000000000000006")]: {
    at: OLD,
    text: `${line("Patch", "NON_COMPLIANT", WINDOWS)}\n`,
  },
};

function mockSync(files: Record<string, { at: Date; text: string }>): string[] {
  const read: string[] = [];
  s3Mock.on(ListObjectsV2Command).resolves({
    Contents: Object.entries(files).map(([Key, f]) => ({ Key, LastModified: f.at })),
  });
  s3Mock.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const k = input.Key ?? "";
    read.push(k);
    return { Body: body(files[k].text) };
  });
  return read;
}

const OPTIONS = { bucket: BUCKET, prefix: "ssm-sync/", now: NOW, lookbackDays: 14 };

describe("patch compliance KPI", () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it("computes the rate per patch baseline from the synced compliance summaries written in the lookback", async () => {
    // Prepare
    const read = mockSync(FILES);

    // Act
    const figures = await readPatchCompliance(s3, { ...OPTIONS, maxObjects: 100 });

    // Assess
    expect(figures).to.deep.equal({
      rates: [
        { baselineId: LINUX, compliant: 2, total: 3, percent: 66.7 },
        { baselineId: WINDOWS, compliant: 1, total: 1, percent: 100 },
      ],
      objects: 5,
      stale: 1,
      unreadable: [],
      truncated: false,
    });
    expect(
      s3Mock.commandCalls(ListObjectsV2Command).map((c) => requestCopy(c.args[0].input)),
    ).to.deep.equal([{ Bucket: BUCKET, Prefix: "ssm-sync/AWS:ComplianceSummary/" }]);
    expect(read).to.not.include(key(B, "eu-west-1", "i-0000000000000006"));
  });

  it("reads only the newest files past maxObjects, and skips a file that is not JSON lines", async () => {
    // Prepare
    const files = {
      [key(A, "us-east-1", "i-000000000000000a")]: {
        at: new Date("2026-11-29T01:00:00.000Z"),
        text: `${line("Patch", "NON_COMPLIANT", LINUX)}\n`,
      },
      [key(A, "us-east-1", "i-000000000000000b")]: {
        at: new Date("2026-11-29T03:00:00.000Z"),
        text: `${line("Patch", "COMPLIANT", LINUX)}\n`,
      },
      [key(A, "us-east-1", "i-000000000000000c")]: {
        at: new Date("2026-11-29T02:00:00.000Z"),
        text: "not json\n",
      },
    };
    mockSync(files);

    // Act
    const figures = await readPatchCompliance(s3, { ...OPTIONS, maxObjects: 2 });

    // Assess
    expect(figures.rates).to.deep.equal([
      { baselineId: LINUX, compliant: 1, total: 1, percent: 100 },
    ]);
    expect([
      figures.objects,
      figures.truncated,
      figures.unreadable.map((u) => u.key),
    ]).to.deep.equal([2, true, [key(A, "us-east-1", "i-000000000000000c")]]);
  });

  it("parses the Patch lines of a file, with the node from its key, and counts a node once", () => {
    const k = key(A, "us-east-1", "i-0000000000000001");
    const records = parsePatchSummaries(
      `${line("Custom:Backup", "COMPLIANT")}\n\n${line("Patch", "NON_COMPLIANT")}\n${line("Patch", "COMPLIANT", LINUX)}\n`,
      k,
    );
    expect(records).to.deep.equal([
      {
        account: A,
        region: "us-east-1",
        resourceId: "i-0000000000000001",
        baselineId: "unknown",
        compliant: false,
      },
      {
        account: A,
        region: "us-east-1",
        resourceId: "i-0000000000000001",
        baselineId: LINUX,
        compliant: true,
      },
    ]);
    expect(computePatchComplianceRates(records)).to.deep.equal([
      { baselineId: LINUX, compliant: 1, total: 1, percent: 100 },
    ]);
    expect(() => parsePatchSummaries("{}", "ssm-sync/AWS:ComplianceSummary/x.json")).to.throw(
      "ssm-sync/AWS:ComplianceSummary/x.json is not <type>/accountid=<id>/region=<region>/resourcetype=<type>/<id>",
    );
  });

  it("publishes PatchComplianceRate in Percent per PatchBaselineId and writes it to the CSV", () => {
    // Prepare
    const snapshot: KpiSnapshot = {
      asOf: NOW.toISOString(),
      regions: ["us-east-1"],
      regionFigures: [],
      failedRegions: [],
      events: undefined,
      remediation: undefined,
      patchCompliance: {
        rates: [
          { baselineId: LINUX, compliant: 2, total: 3, percent: 66.7 },
          { baselineId: WINDOWS, compliant: 1, total: 1, percent: 100 },
        ],
        objects: 5,
        stale: 1,
        unreadable: [],
        truncated: false,
      },
      errors: [],
    };

    // Act
    const rows = buildKpiRows(snapshot);

    // Assess
    expect(rows).to.deep.equal([
      { kpi: "PatchComplianceRate", unit: "Percent", value: 66.7, patchBaselineId: LINUX },
      { kpi: "PatchComplianceRate", unit: "Percent", value: 100, patchBaselineId: WINDOWS },
      { kpi: "KpiSourceErrors", unit: "Count", value: 0 },
    ]);
    expect(rows.map(rowDimensions)).to.deep.equal([
      { PatchBaselineId: LINUX },
      { PatchBaselineId: WINDOWS },
      {},
    ]);
    expect(toCsv(rows)).to.equal(
      [
        "kpi,severity,account,region,value,patchBaselineId,usageType",
        `PatchComplianceRate,,,,66.7,${LINUX},`,
        `PatchComplianceRate,,,,100,${WINDOWS},`,
        "KpiSourceErrors,,,,0,,",
        "",
      ].join("\n"),
    );
  });
});
