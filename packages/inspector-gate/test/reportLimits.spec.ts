/**
 * The reports' cuts, each at, one below and one above its edge: the text table's 50 finding rows,
 * its FIX column (23 characters) and PACKAGE column (60), and the markdown summary's 100 rows.
 */
import { expect } from "chai";
import type { Evaluation } from "../src/evaluate";
import type { GateFinding } from "../src/findings";
import { formatMarkdown, formatTable, type GateTarget } from "../src/report";

const TARGET: GateTarget = { mode: "sbom", subject: "bom.json" };

function finding(n: number, overrides: Partial<GateFinding> = {}): GateFinding {
  return {
    id: `CVE-2026-${String(10000 + n)}`,
    severity: "high",
    title: "t",
    packages: ["lib@1.0.0"],
    fixAvailable: true,
    fixedIn: ["1.0.1"],
    ...overrides,
  };
}

function evaluation(counted: readonly GateFinding[]): Evaluation {
  return {
    counted,
    ignored: [],
    notFixable: [],
    expiredIgnores: [],
    counts: { critical: 0, high: counted.length, medium: 0, low: 0, other: 0 },
    thresholds: { critical: 1, high: 0, medium: 0, low: 0, other: 0 },
    breaches: [],
    blocked: [],
    passed: true,
  };
}

/** The table's finding rows and what follows them, up to the verdict. */
function findingRows(counted: readonly GateFinding[]): string[] {
  const lines = formatTable(TARGET, evaluation(counted)).split("\n");
  const header = lines.indexOf("ID                    SEVERITY  FIX                     PACKAGE");
  return lines.slice(header + 1, -2);
}

const row = (n: number) =>
  `CVE-2026-${String(10000 + n)}        high      1.0.1                   lib@1.0.0`;

describe("gate reports: cuts", () => {
  for (const [count, tail] of [
    [49, row(48)],
    [50, row(49)],
    [51, "... and 1 more (--json or --sarif for all)"],
  ] as const) {
    it(`the text table lists ${count} counted findings ${count > 50 ? "as 50 rows and a count" : "in full"}`, () => {
      const counted = Array.from({ length: count }, (_, i) => finding(i));
      const rows = findingRows(counted);
      expect(rows.length).to.equal(Math.min(count, 50) + (count > 50 ? 1 : 0));
      expect([rows[0], rows[rows.length - 1]]).to.deep.equal([row(0), tail]);
    });
  }

  // FIX is cut at 23 characters (22 and an ellipsis), then padded to 24.
  const fix22 = "1.0.1, 1.1.2, 2.0.0-rc";
  const fix23 = "1.0.1, 1.1.2, 2.0.0-rc1";
  const fix24 = "1.0.1, 1.1.2, 2.0.0-rc12";
  for (const [fixedIn, shown] of [
    [fix22, `${fix22}  `],
    [fix23, `${fix23} `],
    [fix24, "1.0.1, 1.1.2, 2.0.0-rc… "],
  ] as const) {
    it(`the FIX column of ${fixedIn.length} characters`, () => {
      const [only] = findingRows([finding(0, { fixedIn: fixedIn.split(", ") })]);
      expect(only).to.equal(`CVE-2026-10000        high      ${shown}lib@1.0.0`);
    });
  }

  // PACKAGE is cut at 60 characters (59 and an ellipsis).
  for (const length of [59, 60, 61]) {
    it(`the PACKAGE column of ${length} characters`, () => {
      const pkg = `p@${"9".repeat(length - 2)}`;
      const [only] = findingRows([finding(0, { packages: [pkg] })]);
      const shown = length <= 60 ? pkg : `p@${"9".repeat(57)}…`;
      expect(only).to.equal(`CVE-2026-10000        high      1.0.1                   ${shown}`);
    });
  }

  for (const count of [99, 100, 101]) {
    it(`the markdown summary lists ${count} counted findings ${count > 100 ? "as 100 rows and a count" : "in full"}`, () => {
      const counted = Array.from({ length: count }, (_, i) => finding(i));
      const lines = formatMarkdown(TARGET, evaluation(counted)).split("\n");
      const rows = lines.filter((l) => l.startsWith("| CVE-2026-"));
      expect([rows.length, rows[rows.length - 1]]).to.deep.equal([
        Math.min(count, 100),
        `| CVE-2026-${String(10000 + Math.min(count, 100) - 1)} | high | 1.0.1 | lib@1.0.0 |`,
      ]);
      expect(lines.filter((l) => l.startsWith("… and"))).to.deep.equal(
        count > 100 ? ["… and 1 more."] : [],
      );
    });
  }
});
