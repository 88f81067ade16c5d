import { expect } from "chai";
import { evaluate } from "../src/evaluate";
import { parseIgnoreFile } from "../src/ignoreFile";
import { buildSarif, SARIF_LEVEL } from "../src/sarif";
import { parseScanSbomResponse } from "../src/sbom";
import { NO_THRESHOLDS } from "../src/thresholds";
import { fixtureJson } from "./fixtures";
import { sarifValidator } from "./sarifSchema";

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          defaultConfiguration: { level: string };
          properties: { "security-severity": string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      suppressions?: { kind: string; justification: string }[];
      properties: { severity: string; fixAvailable: boolean };
    }[];
  }[];
}

describe("buildSarif", () => {
  const scan = parseScanSbomResponse(fixtureJson("scan-sbom-response.json"));
  const ignores = parseIgnoreFile(
    "ignore.yaml",
    "- id: CVE-2024-0727\n  reason: PKCS12 is never parsed\n  expires: 2027-01-31\n",
    new Date("2026-11-28T00:00:00Z"),
  );
  /** The SARIF log of the fixture's scan, critical threshold 1, with or without --fixable-only. */
  const sarifOf = (fixableOnly: boolean) =>
    buildSarif(
      { mode: "sbom", subject: "sbom.json" },
      evaluate({
        findings: scan.findings,
        thresholds: { ...NO_THRESHOLDS, critical: 1 },
        fixableOnly,
        ignores,
        scannerCounts: scan.scannerCounts,
      }),
      { version: "0.1.0", artifactUri: "sbom.json" },
    ) as SarifLog;
  const log = sarifOf(false);

  it("is valid against the SARIF 2.1.0 JSON schema", () => {
    const validate = sarifValidator();
    const valid = validate(log);
    expect(validate.errors ?? []).to.deep.equal([]);
    expect(valid).to.equal(true);
  });

  it("the schema check is real: a wrong level is rejected", () => {
    const validate = sarifValidator();
    const broken = JSON.parse(JSON.stringify(log)) as SarifLog;
    broken.runs[0].results[0].level = "critical";
    expect(validate(broken)).to.equal(false);
  });

  it("has one rule per vulnerability id and one result per finding, ignored ones suppressed", () => {
    const run = log.runs[0];
    const ids = scan.findings.map((f) => f.id);
    expect(run.tool.driver.rules.map((r) => r.id).sort()).to.deep.equal([...ids].sort());
    expect(run.results).to.have.length(scan.findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).to.equal(r.ruleId);
    }
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions])).to.deep.equal([
      [
        "CVE-2024-0727",
        [
          {
            kind: "external",
            status: "accepted",
            justification: "PKCS12 is never parsed (until 2027-01-31)",
          },
        ],
      ],
    ]);
  });

  it("sets the level from the severity: critical/high error, medium warning, low/other note", () => {
    expect(SARIF_LEVEL).to.deep.equal({
      critical: "error",
      high: "error",
      medium: "warning",
      low: "note",
      other: "note",
    });
    const levels = Object.fromEntries(log.runs[0].results.map((r) => [r.ruleId, r.level]));
    expect(levels).to.deep.equal({
      "CVE-2022-48174": "error",
      "CVE-2023-5363": "error",
      "CVE-2021-23337": "error",
      "CVE-2024-0727": "warning",
      "CVE-2023-42363": "warning",
      "CVE-2024-28863": "warning",
      "CVE-2023-26136": "warning",
      "CVE-2024-2511": "note",
      "CVE-2024-5535": "note",
    });
  });

  it("sets security-severity from the finding's CVSS score, the band's middle only without one", () => {
    // The fixture's NVD CVSSv3.1 base scores (9.8, 7.5, 7.2, 6.5) differ from the band defaults
    // (critical 9.5, high 8.0, medium 5.5); the two findings without a score take the default.
    const bySeverity = Object.fromEntries(
      log.runs[0].tool.driver.rules.map((r) => [r.id, r.properties["security-severity"]]),
    );
    expect(bySeverity).to.deep.equal({
      "CVE-2022-48174": "9.8",
      "CVE-2023-5363": "7.5",
      "CVE-2021-23337": "7.2",
      "CVE-2024-0727": "5.5",
      "CVE-2023-42363": "5.5",
      "CVE-2024-28863": "6.5",
      "CVE-2023-26136": "6.5",
      "CVE-2024-2511": "2.0",
      "CVE-2024-5535": "0.0",
    });
  });

  it("keeps the findings without a fix in the SARIF log under --fixable-only, marked not fixable", () => {
    // Act: --fixable-only stops them from counting against the thresholds, not from being shown.
    const sarif = sarifOf(true);
    // Assess
    const results = sarif.runs[0].results;
    expect(results.map((r) => r.ruleId).sort()).to.deep.equal([
      "CVE-2021-23337",
      "CVE-2022-48174",
      "CVE-2023-26136",
      "CVE-2023-42363",
      "CVE-2023-5363",
      "CVE-2024-0727",
      "CVE-2024-2511",
      "CVE-2024-28863",
      "CVE-2024-5535",
    ]);
    expect(
      results.filter((r) => !r.properties.fixAvailable).map((r) => [r.ruleId, r.level]),
    ).to.deep.equal([
      ["CVE-2024-2511", "note"],
      ["CVE-2024-5535", "note"],
    ]);
  });
});
