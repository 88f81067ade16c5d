/**
 * The event pattern matcher at its limits (issue 18): each numeric operator at, one below and one
 * above its bound; IPv4 CIDR blocks at their edges and their bad forms; escaped wildcards; the
 * anything-but operand checks. Written against the surviving mutants of `npm run mutation --
 * --group events` (docs/mutation.md). Expected values follow EventBridge's content filtering
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
import { expect } from "chai";
import { matchEventPattern } from "../../lib/eventPatternMatcher";

/** Whether `{detail: {v: [matcher]}}` matches an event whose `detail.v` is `value`. */
function matches(matcher: unknown, value: unknown): boolean {
  return matchEventPattern({ detail: { v: [matcher] } }, { detail: { v: value } }).matched;
}

/** The message a pattern with this matcher is refused with. */
function refusal(matcher: unknown, value: unknown = "x"): string {
  try {
    matchEventPattern({ detail: { v: [matcher] } }, { detail: { v: value } });
  } catch (err) {
    return (err as Error).message;
  }
  return "accepted";
}

describe("event pattern matcher at its limits", () => {
  describe("numeric: at, one below and one above the bound 5", () => {
    const cases: [string, [boolean, boolean, boolean]][] = [
      ["=", [false, true, false]],
      ["<", [true, false, false]],
      ["<=", [true, true, false]],
      [">", [false, false, true]],
      [">=", [false, true, true]],
    ];
    for (const [op, expected] of cases) {
      it(`${op} 5 for 4, 5 and 6`, () => {
        expect([4, 5, 6].map((v) => matches({ numeric: [op, 5] }, v))).to.deep.equal(expected);
      });
    }

    it("a range needs both of its checks: > 0 and <= 5", () => {
      expect([0, 1, 5, 6].map((v) => matches({ numeric: [">", 0, "<=", 5] }, v))).to.deep.equal([
        false,
        true,
        true,
        false,
      ]);
    });

    it("never matches a string, even one that reads as the number", () => {
      expect(matches({ numeric: ["=", 5] }, "5")).to.equal(false);
    });

    it("refuses an empty list, an odd list, an unknown operator and a bound that is not a number", () => {
      expect([
        refusal({ numeric: [] }),
        refusal({ numeric: [">", 0, "<"] }),
        refusal({ numeric: ["!=", 0] }),
        refusal({ numeric: [">", "0"] }),
        refusal({ numeric: [0, 0] }),
      ]).to.deep.equal([
        'detail.v: numeric needs operator/number pairs such as [">", 0, "<=", 5], got []',
        'detail.v: numeric needs operator/number pairs such as [">", 0, "<=", 5], got [">",0,"<"]',
        'detail.v: numeric operator "!=" with 0 is not one of = < <= > >= followed by a number',
        'detail.v: numeric operator ">" with "0" is not one of = < <= > >= followed by a number',
        "detail.v: numeric operator 0 with 0 is not one of = < <= > >= followed by a number",
      ]);
    });
  });

  describe("cidr (IPv4)", () => {
    it("matches the first and last address of a /24 and not the neighbours", () => {
      expect(
        ["10.0.0.0", "10.0.0.255", "10.0.1.0", "9.255.255.255"].map((v) =>
          matches({ cidr: "10.0.0.0/24" }, v),
        ),
      ).to.deep.equal([true, true, false, false]);
    });

    it("takes /32 as one address and /0 as every address", () => {
      expect([
        matches({ cidr: "192.168.1.7/32" }, "192.168.1.7"),
        matches({ cidr: "192.168.1.7/32" }, "192.168.1.8"),
        matches({ cidr: "0.0.0.0/0" }, "255.255.255.255"),
      ]).to.deep.equal([true, false, true]);
    });

    it("does not match an event value that is not an IPv4 address", () => {
      expect(
        ["10.0.0.256", "10.0.0", "10.0.0.0.1", "10.0.0.0255", "10.0.0.a", 167772160].map((v) =>
          matches({ cidr: "10.0.0.0/8" }, v),
        ),
      ).to.deep.equal([false, false, false, false, false, false]);
    });

    it("refuses blocks with 33 or -1 bits, an octet over 255, no prefix length, or three octets", () => {
      const refused = (cidr: string) =>
        `detail.v: cidr "${cidr}" is not an IPv4 CIDR block (IPv6 is not modelled offline)`;
      expect(
        ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.256/24", "10.0.0.0", "10.0.0/8", "10.0.0.0/8.5"].map(
          (c) => refusal({ cidr: c }, "10.0.0.1"),
        ),
      ).to.deep.equal(
        ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.256/24", "10.0.0.0", "10.0.0/8", "10.0.0.0/8.5"].map(
          refused,
        ),
      );
    });

    it("accepts the edges 0 and 32 bits and the octet 255", () => {
      expect(
        ["0.0.0.0/0", "1.2.3.4/32", "255.255.255.255/32"].map((c) =>
          refusal({ cidr: c }, "1.2.3.4"),
        ),
      ).to.deep.equal(["accepted", "accepted", "accepted"]);
    });
  });

  describe("wildcard", () => {
    it("takes * as any run of characters, including none and line breaks", () => {
      expect(
        ["a.log", ".log", "a\nb.log", "alog", "a.log.gz"].map((v) =>
          matches({ wildcard: "*.log" }, v),
        ),
      ).to.deep.equal([true, true, true, false, false]);
    });

    it("takes \\* as a literal star and \\\\ as a literal backslash", () => {
      expect([
        matches({ wildcard: "a\\*b" }, "a*b"),
        matches({ wildcard: "a\\*b" }, "axb"),
        matches({ wildcard: "a\\\\*" }, "a\\xyz"),
        matches({ wildcard: "a\\\\*" }, "axyz"),
      ]).to.deep.equal([true, false, true, false]);
    });

    it("escapes the regular expression's own characters", () => {
      expect(
        ["a+b(c)", "aab(c)", "a+bc"].map((v) => matches({ wildcard: "a+b(c)" }, v)),
      ).to.deep.equal([true, false, false]);
    });
  });

  describe("anything-but", () => {
    it("excludes the listed strings and numbers only", () => {
      expect(["x", "y", 3, 4].map((v) => matches({ "anything-but": ["x", 3] }, v))).to.deep.equal([
        false,
        true,
        false,
        true,
      ]);
    });

    it("does not exclude a number with a string filter", () => {
      expect(matches({ "anything-but": { prefix: "1" } }, 12)).to.equal(true);
    });

    it("refuses two operators, an unsupported one, non-strings in a filter and other values", () => {
      expect([
        refusal({ "anything-but": { prefix: "a", suffix: "b" } }),
        refusal({ "anything-but": { numeric: [">", 1] } }),
        refusal({ "anything-but": { prefix: [true] } }),
        refusal({ "anything-but": [true] }),
      ]).to.deep.equal([
        'detail.v: anything-but takes one operator, got {"prefix":"a","suffix":"b"}',
        'detail.v: anything-but does not support "numeric"',
        "detail.v: anything-but prefix needs strings, got [true]",
        "detail.v: anything-but needs strings or numbers, got [true]",
      ]);
    });
  });
});
