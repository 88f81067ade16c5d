import { expect } from "chai";
import { execFileSync } from "child_process";
import {
  DELIVERY_DATE_DIRECTORY,
  EXPORT_PARTITION_KEY,
  EXPORT_PARTITION_QUERY,
  FINDINGS_PREFIX,
  PARTITION_DIRECTORY,
  partitionPrefix,
} from "../../lib/exportLayout";
import { matchEventPattern } from "../../lib/eventPatternMatcher";
import { buildExportPattern } from "../../lib/eventPatterns";
import {
  loadOtherSample,
  loadSample,
  OTHER_SAMPLE_FILES,
  SAMPLE_FILES,
  type SampleEvent,
} from "../helpers/events";
import { runJq } from "../helpers/jq";

/** Every sample the export rule admits: the findings, the initial scans and the coverage event. */
function exportedSamples(): [string, SampleEvent][] {
  return [
    ...SAMPLE_FILES.map((f): [string, SampleEvent] => [f, loadSample(f)]),
    ...OTHER_SAMPLE_FILES.map((f): [string, SampleEvent] => [f, loadOtherSample(f)]),
  ].filter(([, e]) => matchEventPattern(buildExportPattern(), e).matched);
}

/** The prefix Firehose evaluates for a record with these keys, on a given arrival day. */
function evaluatePrefix(prefix: string, keys: Record<string, unknown>, day: string): string {
  return prefix
    .replace(/!\{partitionKeyFromQuery:([^}]+)\}/g, (_, key: string) => String(keys[key]))
    .replace("!{timestamp:yyyy-MM-dd}", day);
}

describe("the continuous export's partitioning (lib/exportLayout.ts)", () => {
  it("admits exactly the three finding, three initial-scan and one coverage samples", () => {
    expect(exportedSamples().map(([f]) => f)).to.deep.equal([
      "finding-ec2-package-vulnerability.json",
      "finding-ecr-package-vulnerability.json",
      "finding-lambda-package-vulnerability.json",
      "coverage-ec2.json",
      "scan-ec2-initial.json",
      "scan-ecr-initial.json",
      "scan-lambda-initial.json",
    ]);
  });

  it("gives every exported sample a non-empty, S3-safe partition key when jq evaluates the query", async () => {
    const keys: [string, unknown][] = [];
    for (const [file, event] of exportedSamples()) {
      keys.push([file, await runJq(event, EXPORT_PARTITION_QUERY)]);
    }
    expect(keys).to.deep.equal([
      ["finding-ec2-package-vulnerability.json", { type: "finding" }],
      ["finding-ecr-package-vulnerability.json", { type: "finding" }],
      ["finding-lambda-package-vulnerability.json", { type: "finding" }],
      ["coverage-ec2.json", { type: "coverage" }],
      ["scan-ec2-initial.json", { type: "scan" }],
      ["scan-ecr-initial.json", { type: "scan" }],
      ["scan-lambda-initial.json", { type: "scan" }],
    ]);
  });

  it("shows the defect it replaces: .detail.awsAccountId is null on scan and coverage events", async () => {
    const old = "{account:.detail.awsAccountId}";
    const nulls: string[] = [];
    for (const [file, event] of exportedSamples()) {
      const out = (await runJq(event, old)) as { account: unknown };
      if (out.account === null) {
        nulls.push(file);
      }
    }
    expect(nulls).to.deep.equal([
      "coverage-ec2.json",
      "scan-ec2-initial.json",
      "scan-ecr-initial.json",
      "scan-lambda-initial.json",
    ]);
  });

  it("sends a record without detail-type to the error prefix (jq fails), never to an empty partition", async () => {
    const event = loadOtherSample("scan-ecr-initial.json");
    delete (event as Record<string, unknown>)["detail-type"];
    const out = (await runJq(event, EXPORT_PARTITION_QUERY)) as { error?: string };
    expect(out.error).to.match(/explode input must be a string/);
  });

  it("writes keys the KPI readers parse back: kind from the partition directory, day from dt=", async () => {
    const scan = loadOtherSample("scan-ecr-initial.json");
    const keys = (await runJq(scan, EXPORT_PARTITION_QUERY)) as Record<string, unknown>;
    const prefix = evaluatePrefix(FINDINGS_PREFIX, keys, "2026-11-29");
    const key = `${prefix}inspector-export-findings-1-2026-11-29-08-00-00-abc.json.gz`;
    expect(prefix).to.equal("findings/type=scan/dt=2026-11-29/");
    expect(PARTITION_DIRECTORY.exec(partitionPrefix("findings/", "scan"))?.[1]).to.equal("scan");
    expect(key.startsWith(partitionPrefix("findings/", "scan"))).to.equal(true);
    expect(DELIVERY_DATE_DIRECTORY.exec(key)?.[1]).to.equal("2026-11-29");
  });

  it("names in the prefix exactly the key the query extracts", () => {
    const named = [...FINDINGS_PREFIX.matchAll(/!\{partitionKeyFromQuery:([^}]+)\}/g)].map(
      (m) => m[1],
    );
    expect(named).to.deep.equal([EXPORT_PARTITION_KEY]);
    expect(EXPORT_PARTITION_QUERY.startsWith(`{${EXPORT_PARTITION_KEY}:`)).to.equal(true);
  });

  // Firehose runs JQ-1.6; jq-web above is jq 1.7. Where a jq 1.6 binary is installed (Debian
  // bookworm's jq), the query is run with it too, so a 1.7-only builtin would show here.
  const jq16 = (() => {
    try {
      return execFileSync("jq", ["--version"], { encoding: "utf8" }).trim() === "jq-1.6";
    } catch {
      return false;
    }
  })();
  (jq16 ? it : it.skip)("gives the same keys under jq 1.6 (the version Firehose runs)", () => {
    const keys = exportedSamples().map(([, event]) =>
      execFileSync("jq", ["-c", EXPORT_PARTITION_QUERY], {
        input: JSON.stringify(event),
        encoding: "utf8",
      }).trim(),
    );
    expect(keys).to.deep.equal([
      ...Array<string>(3).fill('{"type":"finding"}'),
      '{"type":"coverage"}',
      ...Array<string>(3).fill('{"type":"scan"}'),
    ]);
  });
});
