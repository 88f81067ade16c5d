/**
 * The verify command's limits, each at, one below and one above its edge: `--wait` (0 to 240
 * minutes) and the accounts a grouped gap line names before "and N more" (5).
 */
import { expect } from "chai";
import { parseWait } from "../../bin/verify";
import { Day0UsageError } from "../../lib/day0/stack";
import type { Gap } from "../../lib/verify/gaps";
import { formatVerifyReport } from "../../lib/verify/report";
import { type VerifyReport, verifyUntilCovered } from "../../lib/verify/verify";

describe("verify limits", () => {
  describe("parseWait (--wait MINUTES, 0 to 240)", () => {
    for (const [value, minutes] of [
      [undefined, 0],
      ["0", 0],
      ["1", 1],
      ["239", 239],
      ["240", 240],
    ] as const) {
      it(`reads ${JSON.stringify(value)} as ${minutes} minutes`, () => {
        expect(parseWait(value)).to.equal(minutes);
      });
    }
    for (const value of ["241", "-1", "1.5"]) {
      it(`refuses ${value}`, () => {
        let problems: readonly string[] = [];
        try {
          parseWait(value);
        } catch (err) {
          expect(err).to.be.instanceOf(Day0UsageError);
          problems = (err as Day0UsageError).problems;
        }
        expect(problems).to.deep.equal([`--wait ("${value}") must be whole minutes from 0 to 240`]);
      });
    }
  });

  describe("verifyUntilCovered: polls every 30 s until the deadline, not past it", () => {
    it("cuts the last sleep at the deadline when each verification takes 10 s of a 1-minute wait", async () => {
      let now = 0;
      const sleeps: number[] = [];
      const verifiedAt: number[] = [];
      const gap = { isCovered: false } as VerifyReport;
      const result = await verifyUntilCovered(
        () => {
          verifiedAt.push(now);
          now += 10_000;
          return Promise.resolve(gap);
        },
        1,
        {
          now: () => now,
          sleep: (ms) => {
            sleeps.push(ms);
            now += ms;
            return Promise.resolve();
          },
        },
      );
      // 0-10 s verify, 30 s sleep, 40-50 s verify, 10 s sleep to the deadline, a last verify.
      expect([sleeps, verifiedAt, result.rounds]).to.deep.equal([
        [30_000, 10_000],
        [0, 40_000, 60_000],
        3,
      ]);
    });
  });

  describe("formatVerifyReport: a cause's accounts, the first 5 named", () => {
    const CAUSE = "account not enabled (re-run pulumi up)";
    function reportWith(count: number): VerifyReport {
      const gaps: Gap[] = Array.from({ length: count }, (_, i) => ({
        kind: "account",
        region: "us-east-1",
        accountId: String(300000000001 + i),
        status: "DISABLED",
        cause: CAUSE,
      }));
      return {
        enablementMode: "delegated-admin",
        delegatedAdminAccountId: "222222222222",
        isCovered: false,
        isComplete: true,
        accountsExpected: 10,
        totals: { accountRegions: 10, accountRegionsCovered: 10 - count, percentCovered: 0 },
        regions: [],
        gaps,
        gapsByCause: [{ cause: CAUSE, count }],
        problems: [],
      };
    }
    const named = (n: number) =>
      Array.from({ length: n }, (_, i) => `us-east-1 ${300000000001 + i} [DISABLED]`).join(", ");
    for (const [count, line] of [
      [4, `  4 x ${CAUSE}: ${named(4)}`],
      [5, `  5 x ${CAUSE}: ${named(5)}`],
      [6, `  6 x ${CAUSE}: ${named(5)}, and 1 more`],
    ] as const) {
      it(`${count} gaps of one cause`, () => {
        const lines = formatVerifyReport("dev", reportWith(count)).split("\n");
        expect(lines.slice(-3)).to.deep.equal([
          `Gaps (${count}), by likely cause:`,
          line,
          `Not covered: ${count} gap(s).`,
        ]);
      });
    }
  });
});
