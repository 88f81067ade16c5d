import { expect } from "chai";
import { breachedThresholds, NO_THRESHOLDS, type Thresholds } from "../src/thresholds";
import type { SeverityCounts } from "../src/findings";

const COUNTS: SeverityCounts = { critical: 1, high: 2, medium: 4, low: 1, other: 1 };

describe("breachedThresholds (the Inspector GitHub Action's rule: 0 < threshold <= count)", () => {
  const cases: {
    name: string;
    thresholds: Partial<Thresholds>;
    expected: ReturnType<typeof breachedThresholds>;
  }[] = [
    { name: "all thresholds 0 (disabled) never fail", thresholds: {}, expected: [] },
    {
      name: "a count exactly at the threshold fails (critical 1 of 1)",
      thresholds: { critical: 1 },
      expected: [{ severity: "critical", count: 1, threshold: 1 }],
    },
    {
      name: "a count over the threshold fails (medium 4 over 3)",
      thresholds: { medium: 3 },
      expected: [{ severity: "medium", count: 4, threshold: 3 }],
    },
    {
      name: "a count one below the threshold passes (high 2 under 3)",
      thresholds: { high: 3 },
      expected: [],
    },
    {
      name: "every breached bucket is reported, most severe first",
      thresholds: { critical: 1, high: 2, medium: 5, low: 1, other: 1 },
      expected: [
        { severity: "critical", count: 1, threshold: 1 },
        { severity: "high", count: 2, threshold: 2 },
        { severity: "low", count: 1, threshold: 1 },
        { severity: "other", count: 1, threshold: 1 },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(breachedThresholds(COUNTS, { ...NO_THRESHOLDS, ...c.thresholds })).to.deep.equal(
        c.expected,
      );
    });
  }

  it("a zero count never fails, whatever the threshold", () => {
    const zero: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, other: 0 };
    expect(
      breachedThresholds(zero, { critical: 1, high: 1, medium: 1, low: 1, other: 1 }),
    ).to.deep.equal([]);
  });
});
