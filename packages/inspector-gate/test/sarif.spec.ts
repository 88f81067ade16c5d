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
      driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      suppressions?: { kind: string; justification: string }[];
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
  const evaluation = evaluate({
    findings: scan.findings,
    thresholds: { ...NO_THRESHOLDS, critical: 1 },
    fixableOnly: false,
    ignores,
    scannerCounts: scan.scannerCounts,
  });
  const log = buildSarif({ mode: "sbom", subject: "sbom.json" }, evaluation, {
    version: "0.1.0",
    artifactUri: "sbom.json",
  }) as SarifLog;

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
});
