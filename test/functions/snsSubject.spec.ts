import { expect } from "chai";
import { snsSubject } from "../../functions/lib/snsSubject";

describe("snsSubject", () => {
  // SNS accepts 100 characters and refuses 101 (functions/lib/snsSubject.ts cites the sources).
  const cases: [string, string, string][] = [
    ["99 characters, whole", "s".repeat(99), "s".repeat(99)],
    ["100 characters, whole", "s".repeat(100), "s".repeat(100)],
    ["101 characters, cut to 97 and ...", "s".repeat(101), `${"s".repeat(97)}...`],
    ["a line break and a tab", "[HIGH] a\nb\tc", "[HIGH] a?b?c"],
    ["non-ASCII letters", "Überlauf – é", "?berlauf ? ?"],
    ["100 characters with one non-ASCII, whole", `é${"s".repeat(99)}`, `?${"s".repeat(99)}`],
    ["DEL (0x7f), a control character", "a\u007fb", "a?b"],
    ["~ (0x7e), printable", "a~b", "a~b"],
  ];
  for (const [name, text, subject] of cases) {
    it(name, () => {
      expect(snsSubject(text)).to.equal(subject);
    });
  }
});
