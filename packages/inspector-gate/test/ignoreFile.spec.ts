import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { GateUsageError } from "../src/errors";
import { parseIgnoreFile } from "../src/ignoreFile";
import { fixtureText } from "./fixtures";

const NOW = new Date("2026-11-28T09:00:00Z");

describe("parseIgnoreFile", () => {
  it("splits the YAML fixture into entries in force and expired entries, with their lines", () => {
    const list = parseIgnoreFile("ignore.yaml", fixtureText("ignore.yaml"), NOW);
    expect(list).to.deep.equal({
      active: [
        {
          id: "CVE-2023-44487",
          reason: "HTTP/2 is terminated at the ALB; nghttp2 is not reachable from clients",
          expires: "2026-12-31",
          line: 2,
        },
      ],
      expired: [
        {
          id: "CVE-2022-48174",
          reason: "ash is not used at run time (distroless entrypoint)",
          expires: "2026-10-31",
          line: 5,
        },
      ],
    });
  });

  it("reads the same list written as JSON", () => {
    const json = JSON.stringify(
      [{ id: "CVE-2024-6119", reason: "not reachable", expires: "2026-11-28" }],
      null,
      2,
    );
    expect(parseIgnoreFile("ignore.json", json, NOW)).to.deep.equal({
      active: [{ id: "CVE-2024-6119", reason: "not reachable", expires: "2026-11-28", line: 2 }],
      expired: [],
    });
  });

  it("keeps an entry in force through its expiry day and drops it the day after", () => {
    const text =
      "- id: CVE-1\n  reason: r\n  expires: 2026-11-27\n- id: CVE-2\n  reason: r\n  expires: 2026-11-28\n";
    const list = parseIgnoreFile("i.yaml", text, NOW);
    expect(list.active.map((e) => e.id)).to.deep.equal(["CVE-2"]);
    expect(list.expired.map((e) => e.id)).to.deep.equal(["CVE-1"]);
  });

  it("accepts the application teams' example (examples/inspector-ignore.yaml)", () => {
    const text = fs.readFileSync(
      path.resolve(__dirname, "../examples/inspector-ignore.yaml"),
      "utf8",
    );
    expect(
      parseIgnoreFile("inspector-ignore.yaml", text, NOW).active.map((e) => e.id),
    ).to.deep.equal(["CVE-2023-44487"]);
  });

  it("accepts an expiry exactly 3 years from today", () => {
    const text = "- id: CVE-1\n  reason: r\n  expires: 2029-11-28\n";
    expect(parseIgnoreFile("i.yaml", text, NOW).active.map((e) => e.expires)).to.deep.equal([
      "2029-11-28",
    ]);
  });

  it("treats an empty file as no entries", () => {
    expect(parseIgnoreFile("i.yaml", "# nothing accepted\n", NOW)).to.deep.equal({
      active: [],
      expired: [],
    });
  });

  const bad: { name: string; text: string; message: string }[] = [
    {
      name: "not a list",
      text: "id: CVE-1\nreason: r\n",
      message: "--ignore-file i.yaml:1: expected a list of { id, reason, expires } entries",
    },
    {
      name: "an entry that is not a mapping",
      text: "- CVE-2024-1\n",
      message: "--ignore-file i.yaml:1: entry [0] must be a mapping with id, reason and expires",
    },
    {
      name: "a missing reason",
      text: "- id: CVE-1\n  reason: r\n  expires: 2027-01-01\n- id: CVE-2\n  expires: 2027-01-01\n",
      message: '--ignore-file i.yaml:4: entry [1] is missing "reason"',
    },
    {
      name: "a number as id",
      text: "- id: 2024\n  reason: r\n  expires: 2027-01-01\n",
      message: '--ignore-file i.yaml:1: entry [0] field "id" must be a non-empty string',
    },
    {
      name: "an expiry that is not a date",
      text: "- id: CVE-1\n  reason: r\n  expires: next month\n",
      message:
        '--ignore-file i.yaml:3: entry [0] field "expires" is "next month"; use a date YYYY-MM-DD',
    },
    {
      name: "an impossible calendar date",
      text: "- id: CVE-1\n  reason: r\n  expires: 2027-02-30\n",
      message:
        '--ignore-file i.yaml:3: entry [0] field "expires" is "2027-02-30"; use a date YYYY-MM-DD',
    },
    {
      name: "an unknown field (a typo would otherwise silently never expire)",
      text: "- id: CVE-1\n  reason: r\n  expires: 2027-01-01\n  expiry: 2026-01-01\n",
      message:
        '--ignore-file i.yaml:4: entry [0] has unknown field "expiry" (allowed: id, reason, expires)',
    },
    {
      name: "an expiry more than 3 years away (a typo for 2026, or a permanent exception)",
      text: "- id: CVE-1\n  reason: r\n  expires: 2206-01-01\n",
      message:
        '--ignore-file i.yaml:3: entry [0] field "expires" 2206-01-01 is more than 3 years away (latest 2029-11-28); accept a vulnerability for a limited time and renew it, or use an Inspector suppression rule',
    },
    {
      name: "the same id twice, in another case (the second would silently win)",
      text: "- id: CVE-1\n  reason: r\n  expires: 2027-01-01\n- id: cve-1\n  reason: s\n  expires: 2026-12-01\n",
      message:
        '--ignore-file i.yaml:4: entry [1] repeats id "cve-1" of the entry on line 1; keep one entry per id',
    },
    {
      name: "a YAML syntax error",
      text: '- id: CVE-1\n  reason: "r\n',
      message: '--ignore-file i.yaml:3: not valid YAML or JSON (Missing closing "quote)',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}, naming the file, line, entry and field`, () => {
      let caught: unknown;
      try {
        parseIgnoreFile("i.yaml", c.text, NOW);
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(GateUsageError);
      expect((caught as Error).message).to.equal(c.message);
    });
  }
});
