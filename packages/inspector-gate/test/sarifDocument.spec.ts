import { expect } from "chai";
import type { Evaluation } from "../src/evaluate";
import type { GateFinding } from "../src/findings";
import { buildSarif } from "../src/sarif";
import { NO_THRESHOLDS } from "../src/thresholds";

/** Findings written out by hand, one per branch of the SARIF builder. */
const CRITICAL: GateFinding = {
  id: "CVE-2024-0001",
  severity: "critical",
  title: "openssl 3.0.1",
  description: "Buffer overread in X.509 name checks",
  packages: ["openssl@3.0.1"],
  fixAvailable: true,
  fixedIn: ["3.0.14", "3.1.6"],
  score: 9.8,
  url: "https://nvd.nist.gov/vuln/detail/CVE-2024-0001",
  findingArn: "arn:aws:inspector2:us-east-1:111122223333:finding/abc",
};
/** The same vulnerability in a second package: a second result, the same rule. */
const CRITICAL_OTHER_PACKAGE: GateFinding = {
  ...CRITICAL,
  title: "libssl3 3.0.1",
  packages: ["libssl3@3.0.1"],
  findingArn: undefined,
};
const MEDIUM_NOT_FIXABLE: GateFinding = {
  id: "GHSA-29mw-wpgm-hmr9",
  severity: "medium",
  title: "lodash 4.17.20",
  packages: ["lodash@4.17.20", "lodash-es@4.17.20"],
  fixAvailable: false,
  fixedIn: [],
};
const LOW_IGNORED: GateFinding = {
  id: "CVE-2023-0002",
  severity: "low",
  title: "zlib 1.2.13",
  packages: ["zlib@1.2.13"],
  fixAvailable: true,
  fixedIn: [],
  score: 3.7,
};
const OTHER: GateFinding = {
  id: "CVE-2023-0003",
  severity: "other",
  title: "busybox 1.36.1",
  packages: ["busybox@1.36.1"],
  fixAvailable: false,
  fixedIn: [],
};

const EVALUATION: Evaluation = {
  // Out of order on purpose: the document sorts by severity, then id.
  counted: [OTHER, CRITICAL, CRITICAL_OTHER_PACKAGE],
  notFixable: [MEDIUM_NOT_FIXABLE],
  ignored: [
    {
      finding: LOW_IGNORED,
      entry: {
        id: "CVE-2023-0002",
        reason: "zlib is never used to inflate",
        expires: "2027-01-31",
        line: 3,
      },
    },
  ],
  expiredIgnores: [],
  counts: { critical: 2, high: 0, medium: 0, low: 0, other: 1 },
  thresholds: NO_THRESHOLDS,
  breaches: [],
  blocked: [],
  passed: true,
};

const LOCATION = { physicalLocation: { artifactLocation: { uri: "Dockerfile" } } };

describe("buildSarif: the whole document", () => {
  it("writes every rule and result field from the findings, the not-fixable and ignored ones included", () => {
    const log = buildSarif({ mode: "ecr", subject: "app@sha256:0123" }, EVALUATION, {
      version: "0.2.0",
      artifactUri: "Dockerfile",
    });
    expect(log).to.deep.equal({
      $schema:
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "inspector-gate",
              version: "0.2.0",
              informationUri:
                "https://docs.aws.amazon.com/inspector/latest/user/scanning-cicd.html",
              rules: [
                {
                  id: "CVE-2024-0001",
                  name: "CVE20240001",
                  shortDescription: { text: "CVE-2024-0001" },
                  fullDescription: { text: "Buffer overread in X.509 name checks" },
                  helpUri: "https://nvd.nist.gov/vuln/detail/CVE-2024-0001",
                  help: { text: "Upgrade to a fixed version: 3.0.14, 3.1.6." },
                  defaultConfiguration: { level: "error" },
                  // The finding's own CVSS score, not the band's default (9.5).
                  properties: {
                    tags: ["security", "vulnerability", "critical"],
                    "security-severity": "9.8",
                  },
                },
                {
                  id: "GHSA-29mw-wpgm-hmr9",
                  name: "GHSA29mwwpgmhmr9",
                  shortDescription: { text: "GHSA-29mw-wpgm-hmr9" },
                  fullDescription: { text: "lodash 4.17.20" },
                  help: { text: "No fixed version is available yet." },
                  defaultConfiguration: { level: "warning" },
                  properties: {
                    tags: ["security", "vulnerability", "medium"],
                    "security-severity": "5.5",
                  },
                },
                {
                  id: "CVE-2023-0002",
                  name: "CVE20230002",
                  shortDescription: { text: "CVE-2023-0002" },
                  fullDescription: { text: "zlib 1.2.13" },
                  help: { text: "Upgrade to a fixed version." },
                  defaultConfiguration: { level: "note" },
                  properties: {
                    tags: ["security", "vulnerability", "low"],
                    "security-severity": "3.7",
                  },
                },
                {
                  id: "CVE-2023-0003",
                  name: "CVE20230003",
                  shortDescription: { text: "CVE-2023-0003" },
                  fullDescription: { text: "busybox 1.36.1" },
                  help: { text: "No fixed version is available yet." },
                  defaultConfiguration: { level: "note" },
                  properties: {
                    tags: ["security", "vulnerability", "other"],
                    "security-severity": "0.0",
                  },
                },
              ],
            },
          },
          automationDetails: { id: "inspector-gate/ecr/" },
          results: [
            {
              ruleId: "CVE-2024-0001",
              ruleIndex: 0,
              level: "error",
              message: {
                text: "CRITICAL openssl 3.0.1 (fixed in 3.0.14, 3.1.6) in app@sha256:0123",
              },
              locations: [
                { ...LOCATION, logicalLocations: [{ name: "openssl@3.0.1", kind: "package" }] },
              ],
              partialFingerprints: { vulnerabilityPackage: "CVE-2024-0001|openssl@3.0.1" },
              properties: {
                severity: "critical",
                fixAvailable: true,
                findingArn: "arn:aws:inspector2:us-east-1:111122223333:finding/abc",
              },
            },
            {
              ruleId: "CVE-2024-0001",
              ruleIndex: 0,
              level: "error",
              message: {
                text: "CRITICAL libssl3 3.0.1 (fixed in 3.0.14, 3.1.6) in app@sha256:0123",
              },
              locations: [
                { ...LOCATION, logicalLocations: [{ name: "libssl3@3.0.1", kind: "package" }] },
              ],
              partialFingerprints: { vulnerabilityPackage: "CVE-2024-0001|libssl3@3.0.1" },
              properties: { severity: "critical", fixAvailable: true },
            },
            {
              ruleId: "GHSA-29mw-wpgm-hmr9",
              ruleIndex: 1,
              level: "warning",
              message: { text: "MEDIUM lodash 4.17.20 in app@sha256:0123" },
              locations: [
                {
                  ...LOCATION,
                  logicalLocations: [
                    { name: "lodash@4.17.20", kind: "package" },
                    { name: "lodash-es@4.17.20", kind: "package" },
                  ],
                },
              ],
              // Packages sorted: the fingerprint does not change with the scanner's order.
              partialFingerprints: {
                vulnerabilityPackage: "GHSA-29mw-wpgm-hmr9|lodash-es@4.17.20,lodash@4.17.20",
              },
              properties: { severity: "medium", fixAvailable: false },
            },
            {
              ruleId: "CVE-2023-0002",
              ruleIndex: 2,
              level: "note",
              message: { text: "LOW zlib 1.2.13 (fixed in a newer version) in app@sha256:0123" },
              locations: [
                { ...LOCATION, logicalLocations: [{ name: "zlib@1.2.13", kind: "package" }] },
              ],
              partialFingerprints: { vulnerabilityPackage: "CVE-2023-0002|zlib@1.2.13" },
              suppressions: [
                {
                  kind: "external",
                  status: "accepted",
                  justification: "zlib is never used to inflate (until 2027-01-31)",
                },
              ],
              properties: { severity: "low", fixAvailable: true },
            },
            {
              ruleId: "CVE-2023-0003",
              ruleIndex: 3,
              level: "note",
              message: { text: "OTHER busybox 1.36.1 in app@sha256:0123" },
              locations: [
                { ...LOCATION, logicalLocations: [{ name: "busybox@1.36.1", kind: "package" }] },
              ],
              partialFingerprints: { vulnerabilityPackage: "CVE-2023-0003|busybox@1.36.1" },
              properties: { severity: "other", fixAvailable: false },
            },
          ],
        },
      ],
    });
  });
});
