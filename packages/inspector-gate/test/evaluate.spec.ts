import { expect } from "chai";
import { evaluate } from "../src/evaluate";
import type { GateFinding, Severity } from "../src/findings";
import { NO_THRESHOLDS } from "../src/thresholds";

function finding(id: string, severity: Severity, fixAvailable = true): GateFinding {
  return { id, severity, title: id, packages: [], fixAvailable, fixedIn: [] };
}

const NONE = { active: [], expired: [] };

describe("evaluate", () => {
  it("never judges fewer than the scanner counted, less what the gate filtered out", () => {
    // ScanSbom's metadata says 2 critical; the per-vulnerability ratings (NVD first) give 1.
    const e = evaluate({
      findings: [finding("CVE-1", "critical"), finding("CVE-2", "high", false)],
      thresholds: { ...NO_THRESHOLDS, critical: 2 },
      fixableOnly: true,
      ignores: NONE,
      scannerCounts: { critical: 2, high: 1, medium: 0, low: 0, other: 0 },
    });
    expect(e.counts).to.deep.equal({ critical: 2, high: 0, medium: 0, low: 0, other: 0 });
    expect([e.passed, e.breaches]).to.deep.equal([
      false,
      [{ severity: "critical", count: 2, threshold: 2 }],
    ]);
  });

  it("matches ignore entries case-insensitively and keeps them out of the counts", () => {
    const e = evaluate({
      findings: [finding("CVE-2024-1", "critical"), finding("CVE-2024-2", "critical")],
      thresholds: { ...NO_THRESHOLDS, critical: 2 },
      fixableOnly: false,
      ignores: {
        active: [{ id: "cve-2024-1", reason: "accepted", expires: "2027-01-01", line: 1 }],
        expired: [],
      },
    });
    expect([e.counts.critical, e.passed, e.ignored.map((i) => i.finding.id)]).to.deep.equal([
      1,
      true,
      ["CVE-2024-1"],
    ]);
  });

  it("fails on a blocked digest whatever the counts", () => {
    const blocked = [
      {
        imageDigest: "sha256:" + "a".repeat(64),
        repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/app",
        findingArns: [],
      },
    ];
    const e = evaluate({
      findings: [],
      thresholds: NO_THRESHOLDS,
      fixableOnly: false,
      ignores: NONE,
      blocked,
    });
    expect([e.passed, e.breaches, e.blocked]).to.deep.equal([false, [], blocked]);
  });
});
