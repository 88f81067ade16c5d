/**
 * The KPI function's NewCriticalCves figure (`countNewCriticalCves`): distinct CVEs whose first
 * CRITICAL finding was first observed in the 7 days up to the run, at the window's two edges.
 */
import { expect } from "chai";
import { countNewCriticalCves } from "../../functions/lib/kpiSnapshot";
import { finding } from "../helpers/kpiSampleEvents";

// The run: 2026-01-08T00:00:00.000Z; the window is (2026-01-01T00:00:00.000Z, 2026-01-08T00:00:00.000Z].
const AS_OF = Date.UTC(2026, 0, 8);

/** A CRITICAL (or other) ACTIVE finding of `cve` first observed at `firstObserved`. */
const critical = (arn: string, cve: string, firstObserved: string, severity = "CRITICAL") =>
  finding({
    arn,
    cve,
    severity,
    status: "ACTIVE",
    firstObserved,
    updated: "2026-01-08T00:00:00Z",
  });

describe("countNewCriticalCves: the 7-day window", () => {
  it("counts a CVE first seen one millisecond inside either edge, not one on or past them", () => {
    expect(
      countNewCriticalCves(
        [
          critical("a", "CVE-2026-0001", "2026-01-01T00:00:00.000Z"), // exactly 7 days before: out
          critical("b", "CVE-2026-0002", "2026-01-01T00:00:00.001Z"), // 1 ms inside: in
          critical("c", "CVE-2026-0003", "2026-01-08T00:00:00.000Z"), // at the run: in
          critical("d", "CVE-2026-0004", "2026-01-08T00:00:00.001Z"), // after the run: out
        ],
        AS_OF,
      ),
    ).to.equal(2);
  });

  it("dates a CVE by its earliest CRITICAL finding, counts it once, and ignores other severities", () => {
    expect(
      countNewCriticalCves(
        [
          // Seen critical on two resources: first before the window, so not new this week.
          critical("e", "CVE-2026-0005", "2025-12-31T23:59:59Z"),
          critical("f", "CVE-2026-0005", "2026-01-05T00:00:00Z"),
          // Two findings inside the window: one CVE.
          critical("g", "CVE-2026-0006", "2026-01-03T00:00:00Z"),
          critical("h", "CVE-2026-0006", "2026-01-04T00:00:00Z"),
          // HIGH inside the window: not a critical CVE.
          critical("i", "CVE-2026-0007", "2026-01-05T00:00:00Z", "HIGH"),
        ],
        AS_OF,
      ),
    ).to.equal(1);
  });

  it("reads only aws.inspector2 events", () => {
    const other = critical("j", "CVE-2026-0008", "2026-01-05T00:00:00Z");
    expect(countNewCriticalCves([{ ...other, source: "aws.securityhub" }], AS_OF)).to.equal(0);
    expect(countNewCriticalCves([other], AS_OF)).to.equal(1);
  });
});
