/**
 * The scheduled functions as deployed (prod plan), invoked with their planned schedules' inputs
 * as EventBridge Scheduler invokes them, and the code archives the plan names.
 */
import * as fs from "fs";
import * as path from "path";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { type DeployedStack, deployStack } from "./deployedStack";
import { PROJECT_DIR, plannedFunction } from "./plannedStack";

/** Issue 16's goal for every bundle. */
const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

describe("the scheduled functions as deployed (prod plan)", function () {
  this.timeout(180_000);
  let stack: DeployedStack;

  before(async () => {
    stack = await deployStack("prod");
  });
  after(async () => stack.cloud.stop());
  beforeEach(() => {
    stack.cloud.aws.reset();
    stack.world.reset();
  });

  async function objects(prefix: string): Promise<string[]> {
    const bucket = plannedFunction(stack.plan, "inspector-findings-report").environment
      .EXPORT_BUCKET;
    const out = await stack.cloud
      .s3Client()
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key ?? "");
  }

  async function objectText(key: string): Promise<string> {
    const bucket = plannedFunction(stack.plan, "inspector-findings-report").environment
      .EXPORT_BUCKET;
    const out = await stack.cloud
      .s3Client()
      .send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString("utf8")) ?? "";
  }

  it("archives each planned function as functions/dist/<bundle>: one minified index.js, no source map, under 1.5 MB", () => {
    const archives = stack.plan.functions.map((f) => {
      const dir = path.resolve(PROJECT_DIR, f.codePath);
      const files = fs.readdirSync(dir);
      return [
        f.functionName,
        f.codePath,
        files,
        fs.statSync(path.join(dir, "index.js")).size < MAX_BUNDLE_BYTES,
      ];
    });
    expect(archives).to.deep.equal([
      ["inspector-kpis", "functions/dist/kpis", ["index.js"], true],
      ["inspector-remediation-triage", "functions/dist/triage", ["index.js"], true],
      ["inspector-findings-notify", "functions/dist/notify", ["index.js"], true],
      ["inspector-findings-report", "functions/dist/report", ["index.js"], true],
    ]);
  });

  it("runs the report schedule: findings report then SBOM export, each recorded in the export bucket", async () => {
    const schedule = stack.plan.schedules.find((s) => s.name === "inspector-reports");
    const fn = plannedFunction(stack.plan, schedule?.functionName ?? "");
    const container = stack.cloud.container(fn);
    const result = (await container.invoke(schedule?.input)) as {
      records: { kind: string; outcome: string; format: string }[];
    };
    container.stop();
    const calls = stack.cloud.aws.calls.map((c) => [c.operation, c.error]);
    const create = stack.cloud.aws.callsOf("inspector2", "CreateFindingsReport")[0]?.input;
    expect({
      records: result.records.map((r) => [r.kind, r.outcome, r.format]),
      calls,
      destination: create?.s3Destination,
      stored: (await objects("reports/records/")).length,
    }).to.deep.equal({
      records: [
        ["FINDINGS_REPORT", "SUCCEEDED", "CSV"],
        ["SBOM_EXPORT", "SUCCEEDED", "CYCLONEDX_1_4"],
      ],
      calls: [
        ["CreateFindingsReport", undefined],
        ["GetFindingsReportStatus", undefined],
        ["CreateSbomExport", undefined],
        ["GetSbomExport", undefined],
      ],
      destination: {
        bucketName: "inspector-findings-222222222222-us-east-1",
        keyPrefix: `reports/findings/${new Date().toISOString().slice(0, 10)}`,
        kmsKeyArn: fn.environment.EXPORT_KMS_KEY_ARN,
      },
      stored: 2,
    });
  });

  it("runs both KPI schedules: hourly metrics in every governed Region, the weekly report into the bucket", async () => {
    // One member with usage in every Region; the administrator (222222222222) has none.
    stack.world.inspectorMembers = ["333333333333"];
    stack.world.usage.set("333333333333", [
      { type: "EC2_INSTANCE_HOURS", total: 720, estimatedMonthlyCost: 1.25, currency: "USD" },
    ]);
    const hourly = stack.plan.schedules.find((s) => s.name === "inspector-kpis");
    const weekly = stack.plan.schedules.find((s) => s.name === "inspector-kpis-report");
    const container = stack.cloud.container(plannedFunction(stack.plan, "inspector-kpis"));
    await container.invoke(hourly?.input);
    const regionsAsked = new Set(stack.cloud.aws.calls.map((c) => c.region));
    await container.invoke(weekly?.input);
    container.stop();
    const reports = await objects("reports/kpis/");
    const usageCalls = stack.cloud.aws
      .callsOf("inspector2", "ListUsageTotals")
      .map((c) => c.input.accountIds);
    const json = await objectText(reports.find((k) => k.endsWith(".json")) ?? "");
    expect((JSON.parse(json) as { usage: unknown }).usage).to.deep.include({
      currency: "USD",
      // 1.25 USD in each of the 6 governed Regions.
      estimatedMonthlyCost: 7.5,
      byAccount: { "333333333333": 7.5 },
    });
    expect(usageCalls).to.deep.equal(
      Array.from({ length: 12 }, () => ["222222222222", "333333333333"]),
    );
    expect({
      errors: stack.cloud.aws.calls.filter((c) => c.error !== undefined).length,
      regionsAsked: [...regionsAsked].sort(),
      reports: reports.map((k) => path.extname(k)).sort(),
      metricsLogged: container.logs.some((l) => l._aws !== undefined),
    }).to.deep.equal({
      errors: 0,
      regionsAsked: [
        "ap-southeast-2",
        "ca-central-1",
        "eu-central-1",
        "eu-west-1",
        "us-east-1",
        "us-west-2",
      ],
      reports: [".csv", ".json"],
      metricsLogged: true,
    });
  });
});
