import { expect } from "chai";
import { evaluate } from "../src/evaluate";
import { GateUsageError } from "../src/errors";
import type { GateFinding } from "../src/findings";
import { parseIgnoreFile } from "../src/ignoreFile";
import { NO_THRESHOLDS } from "../src/thresholds";

const NOW = new Date("2026-11-28T00:00:00Z");

describe("parseIgnoreFile: edges", () => {
  for (const [name, text] of [
    ["an empty file", ""],
    ["a file of comments only", "# nothing accepted yet\n"],
    ["a YAML null document", "~\n"],
  ]) {
    it(`reads ${name} as no entries`, () => {
      expect(parseIgnoreFile("ignore.yaml", text, NOW)).to.deep.equal({ active: [], expired: [] });
    });
  }

  it("trims the id, reason and expires it keeps", () => {
    const text = "- id: ' CVE-2024-1 '\n  reason: ' not reachable '\n  expires: ' 2027-01-31 '\n";
    expect(parseIgnoreFile("ignore.yaml", text, NOW)).to.deep.equal({
      active: [{ id: "CVE-2024-1", reason: "not reachable", expires: "2027-01-31", line: 1 }],
      expired: [],
    });
  });

  const bad: [string, string, string][] = [
    [
      "a blank id",
      "- id: '  '\n  reason: r\n  expires: 2027-01-31\n",
      'ignore.yaml:1: entry [0] field "id" must be a non-empty string',
    ],
    [
      "a key that is not a name",
      "- ? [a]\n  : b\n",
      'ignore.yaml:1: entry [0] has unknown field "" (allowed: id, reason, expires)',
    ],
    [
      "nesting deeper than the parser's stack",
      "[".repeat(5000),
      "ignore.yaml:1: not valid YAML or JSON (nested too deeply)",
    ],
  ];
  it("cuts a long parser message at 200 characters", () => {
    // yaml's message here is "Could not resolve tag: !" + the 300-character handle + "!x".
    const text = `# accepted risks\n- !${"k".repeat(300)}!x a\n`;
    let message = "";
    try {
      parseIgnoreFile("ignore.yaml", text, NOW);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      `--ignore-file ignore.yaml:2: not valid YAML or JSON (Could not resolve tag: !${"k".repeat(176)})`,
    );
  });

  for (const [name, text, message] of bad) {
    it(`rejects ${name}, naming the line`, () => {
      expect(() => parseIgnoreFile("ignore.yaml", text, NOW)).to.throw(
        GateUsageError,
        `--ignore-file ${message}`,
      );
    });
  }
});

describe("evaluate: order", () => {
  const finding = (id: string, severity: GateFinding["severity"]): GateFinding => ({
    id,
    severity,
    title: id,
    packages: [],
    fixAvailable: true,
    fixedIn: [],
  });

  it("lists the counted findings most severe first, then by id", () => {
    const e = evaluate({
      findings: [
        finding("CVE-3", "low"),
        finding("CVE-2", "critical"),
        finding("CVE-1", "critical"),
      ],
      thresholds: NO_THRESHOLDS,
      fixableOnly: false,
      ignores: { active: [], expired: [] },
    });
    expect(e.counted.map((f) => f.id)).to.deep.equal(["CVE-1", "CVE-2", "CVE-3"]);
  });
});
