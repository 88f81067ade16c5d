import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { main } from "../../bin/kpis";
import { computeKpis, durationStats, type InspectorEvent } from "../../lib/kpis/compute";
import { readEvents } from "../../lib/kpis/read";
import { isoWeek, parseInspectorTime } from "../../lib/kpis/time";
import { coverage, finding, scan } from "../helpers/kpiSampleEvents";

const A_ACTIVE = finding({
  arn: "A",
  severity: "CRITICAL",
  status: "ACTIVE",
  firstObserved: "Mon Jan 05 00:00:00.000 UTC 2026",
  updated: "Mon Jan 05 00:00:00.000 UTC 2026",
  vendorCreated: "Thu Jan 01 00:00:00.000 UTC 2026",
  cve: "CVE-1",
});
const EVENTS: InspectorEvent[] = [
  // A: CRITICAL, detected 4 days after publication, closed 3 days later; delivered out of order and twice.
  finding({
    arn: "A",
    severity: "CRITICAL",
    status: "CLOSED",
    firstObserved: "Mon Jan 05 00:00:00.000 UTC 2026",
    updated: "Thu Jan 08 00:00:00.000 UTC 2026",
    vendorCreated: "Thu Jan 01 00:00:00.000 UTC 2026",
    cve: "CVE-1",
  }),
  A_ACTIVE,
  A_ACTIVE,
  // B: CRITICAL, same CVE, detected after 2 days, closed after 10 (console-style timestamps).
  finding({
    arn: "B",
    severity: "CRITICAL",
    status: "ACTIVE",
    firstObserved: "Jan 3, 2026, 12:00:00 AM",
    updated: "Jan 3, 2026, 12:00:00 AM",
    vendorCreated: "Jan 1, 2026, 12:00:00 AM",
    cve: "CVE-1",
  }),
  finding({
    arn: "B",
    severity: "CRITICAL",
    status: "CLOSED",
    firstObserved: "Jan 3, 2026, 12:00:00 AM",
    updated: "Jan 13, 2026, 12:00:00 AM",
    vendorCreated: "Jan 1, 2026, 12:00:00 AM",
    cve: "CVE-1",
  }),
  // C: CRITICAL, still open after 10 days (past the 7-day SLA), no vendor date.
  finding({
    arn: "C",
    severity: "CRITICAL",
    status: "ACTIVE",
    firstObserved: "2026-01-10T00:00:00Z",
    updated: "2026-01-10T00:00:00Z",
    cve: "CVE-2",
  }),
  // D: HIGH, closed then reopened: open, 18 days old (within 30).
  finding({
    arn: "D",
    severity: "HIGH",
    status: "ACTIVE",
    firstObserved: "2026-01-02T00:00:00Z",
    updated: "2026-01-02T00:00:00Z",
    vendorCreated: "2025-12-31T00:00:00Z",
  }),
  finding({
    arn: "D",
    severity: "HIGH",
    status: "CLOSED",
    firstObserved: "2026-01-02T00:00:00Z",
    updated: "2026-01-04T00:00:00Z",
    vendorCreated: "2025-12-31T00:00:00Z",
  }),
  finding({
    arn: "D",
    severity: "HIGH",
    status: "ACTIVE",
    firstObserved: "2026-01-02T00:00:00Z",
    updated: "2026-01-06T00:00:00Z",
    vendorCreated: "2025-12-31T00:00:00Z",
  }),
  // E: HIGH in another account and Region, 50 days old: past SLA.
  finding({
    arn: "E",
    severity: "HIGH",
    status: "ACTIVE",
    firstObserved: "2025-12-01T00:00:00Z",
    updated: "2025-12-01T00:00:00Z",
    account: "222222222222",
    region: "eu-west-1",
  }),
  // F: LOW, closed after 10 days.
  finding({
    arn: "F",
    severity: "LOW",
    status: "ACTIVE",
    firstObserved: "2026-01-01T00:00:00Z",
    updated: "2026-01-01T00:00:00Z",
  }),
  finding({
    arn: "F",
    severity: "LOW",
    status: "CLOSED",
    firstObserved: "2026-01-01T00:00:00Z",
    updated: "2026-01-11T00:00:00Z",
  }),
  scan({ CRITICAL: 0, HIGH: 0, MEDIUM: 3, TOTAL: 3 }, "sha256:aaa"),
  scan({ CRITICAL: 1, TOTAL: 1 }, "sha256:bbb"),
  scan({}, "sha256:ccc"),
  coverage("i-0123456789abcdef0", "INACTIVE", "UNMANAGED_EC2_INSTANCE", "2026-01-01T00:00:00Z"),
  coverage("i-0123456789abcdef0", "ACTIVE", "SUCCESSFUL", "2026-01-02T00:00:00Z"),
  coverage("i-0fedcba9876543210", "INACTIVE", "NO_INVENTORY", "2026-01-02T00:00:00Z"),
  coverage(
    "arn:aws:lambda:us-east-1:111111111111:function:f",
    "INACTIVE",
    "NO_INVENTORY",
    "2026-01-02T00:00:00Z",
  ),
  { source: "aws.ecr", "detail-type": "ECR Image Scan", time: "2026-01-02T00:00:00Z", detail: {} },
];

describe("computeKpis", () => {
  const report = computeKpis(EVENTS, { asOf: "2026-01-20T00:00:00Z" });

  it("rebuilds findings from duplicated, out-of-order events, counting reopened ones as open", () => {
    expect([report.events, report.findings]).to.deep.equal([
      { read: 20, findingEvents: 12, ignored: 1 },
      { total: 6, open: 3, closed: 3, reopened: 1 },
    ]);
  });

  it("computes time to detect and time to remediate per severity (mean and p90, days)", () => {
    expect(report.timeToDetect).to.deep.equal({
      CRITICAL: { count: 2, meanDays: 3, p90Days: 4 },
      HIGH: { count: 1, meanDays: 2, p90Days: 2 },
    });
    expect(report.timeToRemediate).to.deep.equal({
      CRITICAL: { count: 2, meanDays: 6.5, p90Days: 10 },
      LOW: { count: 1, meanDays: 10, p90Days: 10 },
    });
  });

  it("counts open critical and high findings by account and Region", () => {
    expect(report.openCriticalHighByAccountRegion).to.deep.equal({
      "111111111111/us-east-1": { CRITICAL: 1, HIGH: 1 },
      "222222222222/eu-west-1": { CRITICAL: 0, HIGH: 1 },
    });
  });

  it("counts distinct critical CVEs by the ISO week they were first seen", () => {
    expect(report.newCriticalCvesPerWeek).to.deep.equal({ "2026-W01": 1, "2026-W02": 1 });
  });

  it("computes the ECR pass rate at push, absent severities counting as zero", () => {
    expect(report.ecrPassRateAtPush).to.deep.equal({ scans: 3, passed: 2, rate: 0.667 });
  });

  it("counts EC2 instances whose latest coverage event is INACTIVE, by reason", () => {
    expect(report.ec2WithoutCoverage).to.deep.equal({ count: 1, byReason: { NO_INVENTORY: 1 } });
  });

  it("counts open findings past their SLA, with configurable days", () => {
    expect(report.slaBreaches).to.deep.equal({ CRITICAL: 1, HIGH: 1 });
    expect(
      computeKpis(EVENTS, { asOf: "2026-01-20T00:00:00Z", slaDays: { CRITICAL: 14, HIGH: 60 } })
        .slaBreaches,
    ).to.deep.equal({});
  });

  it("counts a breach only once a finding is open longer than its SLA, not on the day it is due", () => {
    // A CRITICAL finding first observed 2026-01-05 00:00 with a 7-day SLA.
    const open = [A_ACTIVE];
    const at = (asOf: string) => computeKpis(open, { asOf, slaDays: { CRITICAL: 7 } }).slaBreaches;
    expect(at("2026-01-11T23:59:59.999Z")).to.deep.equal({}); // one millisecond under 7 days
    expect(at("2026-01-12T00:00:00.000Z")).to.deep.equal({}); // exactly 7 days: due, not late
    expect(at("2026-01-12T00:00:00.001Z")).to.deep.equal({ CRITICAL: 1 }); // past it
  });

  it("takes the latest event time as the reference when no asOf is given", () => {
    expect(computeKpis(EVENTS).asOf).to.equal("2026-01-13T00:00:00.000Z");
  });
});

describe("durationStats", () => {
  it("uses the nearest-rank 90th percentile", () => {
    const day = 86_400_000;
    expect(durationStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => d * day))).to.deep.equal({
      count: 10,
      meanDays: 5.5,
      p90Days: 9,
    });
    expect(durationStats([])).to.deep.equal({ count: 0, meanDays: undefined, p90Days: undefined });
  });
});

describe("parseInspectorTime and isoWeek", () => {
  const cases: [unknown, string | undefined][] = [
    ["Wed Sep 04 16:59:44.356 UTC 2024", "2024-09-04T16:59:44.356Z"],
    ["Jan 19, 2023, 10:46:15 PM", "2023-01-19T22:46:15.000Z"],
    ["Dec 3, 2021, 12:02:30 AM", "2021-12-03T00:02:30.000Z"],
    ["2026-06-12T01:30:00.000Z", "2026-06-12T01:30:00.000Z"],
    [1767225600, "2026-01-01T00:00:00.000Z"],
    ["yesterday", undefined],
    [null, undefined],
  ];
  for (const [input, expected] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => {
      const t = parseInspectorTime(input);
      expect(t === undefined ? undefined : new Date(t).toISOString()).to.equal(expected);
    });
  }
  it("numbers weeks the ISO way across year ends", () => {
    expect(
      ["2024-12-30", "2021-01-03", "2026-11-28", "2027-01-01"].map((d) =>
        isoWeek(Date.parse(`${d}T12:00:00Z`)),
      ),
    ).to.deep.equal(["2025-W01", "2020-W53", "2026-W48", "2026-W53"]);
  });
});

describe("npm run kpis (bin/kpis.ts)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kpis-"));
  fs.writeFileSync(path.join(dir, "array.json"), JSON.stringify(EVENTS.slice(0, 10)));
  fs.writeFileSync(
    path.join(dir, "lines.jsonl"),
    EVENTS.slice(10)
      .map((e) => JSON.stringify(e))
      .join("\n"),
  );
  fs.mkdirSync(path.join(dir, "nested"));
  fs.writeFileSync(path.join(dir, "nested", "empty.json.gz"), zlib.gzipSync(""));

  function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out, err };
  }

  it("reads arrays, JSON lines and gzip under a directory and prints the same KPIs as JSON", () => {
    expect(readEvents(dir).events).to.have.length(20);
    const result = run(["--events", dir, "--as-of", "2026-01-20", "--json"]);
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.out[0])).to.deep.equal({
      ...(JSON.parse(JSON.stringify(computeKpis(EVENTS, { asOf: "2026-01-20" }))) as object),
      skipped: { count: 0, problems: [] },
    });
  });

  it("exits 2 naming the file and line of a line that is not JSON, and reports the good ones", () => {
    const bad = path.join(dir, "..", `bad-${path.basename(dir)}.jsonl`);
    fs.writeFileSync(bad, `${JSON.stringify(EVENTS[0])}\n{not json\n`);
    const result = run(["--events", bad]);
    expect({ code: result.code, err: result.err }).to.deep.equal({
      code: 2,
      err: [
        `kpis: ${bad}:2: is not valid JSON (Expected property name or '}' in JSON at position 1)`,
        "kpis: 1 record(s) skipped; the report covers the other 1 event(s); fix or remove them and run again",
      ],
    });
    expect(result.out[0].split("\n")[0]).to.equal(
      "KPIs as of 2026-01-08T00:00:00.000Z over 1 finding events (1 read, 0 not from Inspector)",
    );
  });

  // stderr lists the first 20 skipped records (MAX_LISTED_PROBLEMS), then the count; --json keeps
  // the first 1,000.
  for (const bad of [19, 20, 21]) {
    it(`lists ${Math.min(bad, 20)} of ${bad} skipped records on stderr`, () => {
      const file = path.join(dir, "..", `skipped-${bad}-${path.basename(dir)}.jsonl`);
      fs.writeFileSync(
        file,
        [JSON.stringify(EVENTS[0]), ...Array.from({ length: bad }, () => "{not json")].join("\n"),
      );
      const result = run(["--events", file]);
      expect([
        result.code,
        result.err.length,
        result.err.slice(0, -1).every((l) => l.startsWith(`kpis: ${file}:`)),
        result.err[result.err.length - 1],
      ]).to.deep.equal([
        2,
        Math.min(bad, 20) + 1,
        true,
        `kpis: ${bad} record(s) skipped${bad > 20 ? " (the first 20 listed)" : ""}; the report covers the other 1 event(s); fix or remove them and run again`,
      ]);
    });
  }

  for (const bad of [20, 21]) {
    it(`lists ${Math.min(bad, 20)} of ${bad} skipped records when no event is usable`, () => {
      const file = path.join(dir, "..", `unusable-${bad}-${path.basename(dir)}.jsonl`);
      fs.writeFileSync(file, Array.from({ length: bad }, () => "{not json").join("\n"));
      const result = run(["--events", file]);
      expect([result.code, result.err.length, result.err[result.err.length - 1]]).to.deep.equal([
        2,
        21,
        `kpis: no usable events in 1 file(s) (${bad} record(s) skipped); nothing to compute`,
      ]);
    });
  }

  for (const bad of [1000, 1001]) {
    it(`keeps the first 1000 of ${bad} skipped records in --json`, () => {
      const file = path.join(dir, "..", `json-${bad}-${path.basename(dir)}.jsonl`);
      fs.writeFileSync(
        file,
        [JSON.stringify(EVENTS[0]), ...Array.from({ length: bad }, () => "{not json")].join("\n"),
      );
      const result = run(["--events", file, "--json"]);
      const doc = JSON.parse(result.out[0]) as { skipped: { count: number; problems: string[] } };
      expect([doc.skipped.count, doc.skipped.problems.length]).to.deep.equal([bad, 1000]);
    });
  }

  // --sla-<severity>: whole days from 1 to 3650.
  for (const [days, code] of [
    ["1", 0],
    ["3649", 0],
    ["3650", 0],
    ["3651", 2],
  ] as const) {
    it(`${code === 0 ? "accepts" : "refuses"} --sla-low ${days}`, () => {
      const result = run(["--events", dir, "--as-of", "2026-01-20", "--sla-low", days]);
      expect([result.code, result.err]).to.deep.equal(
        code === 0
          ? [0, []]
          : [
              2,
              [
                `kpis: --sla-low ("${days}") must be a whole number of days from 1 to 3650, without a unit`,
              ],
            ],
      );
    });
  }

  it("exits 2 for a missing --events and for a bad SLA", () => {
    expect(run([]).code).to.equal(2);
    expect(run(["--events", dir, "--sla-critical", "0"]).err).to.deep.equal([
      'kpis: --sla-critical ("0") must be a whole number of days from 1 to 3650, without a unit',
    ]);
  });
});
