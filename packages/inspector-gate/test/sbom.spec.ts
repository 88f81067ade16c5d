import { expect } from "chai";
import { GateAwsError, GateUsageError } from "../src/errors";
import { parseScanSbomResponse, readCycloneDxSbom } from "../src/sbom";
import { fixtureJson, fixtureText } from "./fixtures";

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(GateUsageError);
    return (e as Error).message;
  }
  throw new Error("expected a GateUsageError");
}

describe("readCycloneDxSbom", () => {
  it("accepts the CycloneDX 1.5 fixture and returns the document", () => {
    const sbom = readCycloneDxSbom("sbom.json", fixtureText("sbom-cyclonedx-1.5.json"));
    expect([sbom.bomFormat, sbom.specVersion, (sbom.components as unknown[]).length]).to.deep.equal(
      ["CycloneDX", "1.5", 8],
    );
  });

  const valid = fixtureJson<Record<string, unknown>>("sbom-cyclonedx-1.5.json");
  const pretty = (doc: unknown): string => JSON.stringify(doc, null, 2);
  const cases: { name: string; text: string; message: string }[] = [
    {
      name: "a JSON syntax error, with its line and column",
      text: '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "components": [\n    { "type": "library", "name": "x", }\n  ]\n}\n',
      message: 'SBOM s.json:5: not valid JSON (column 39: expected a string but found "}")',
    },
    {
      name: "a document that is not an object",
      text: "[]",
      message: "SBOM s.json:1: $ must be a JSON object (a CycloneDX BOM)",
    },
    {
      name: "an SPDX document, said to be SPDX with the fix",
      text: '{\n  "spdxVersion": "SPDX-2.3",\n  "packages": []\n}',
      message:
        'SBOM s.json:1: $ is an SPDX document (spdxVersion "SPDX-2.3"); ScanSbom accepts CycloneDX 1.5 JSON only: generate CycloneDX 1.5 JSON, e.g. inspector-sbomgen container --image IMAGE --outfile sbom.json, or syft IMAGE -o cyclonedx-json@1.5=sbom.json',
    },
    {
      name: "CycloneDX 1.4",
      text: pretty({ ...valid, specVersion: "1.4" }),
      message:
        'SBOM s.json:3: $.specVersion is "1.4"; ScanSbom accepts CycloneDX "1.5" only: generate CycloneDX 1.5 JSON, e.g. inspector-sbomgen container --image IMAGE --outfile sbom.json, or syft IMAGE -o cyclonedx-json@1.5=sbom.json',
    },
    {
      name: "components that are not an array",
      text: pretty({ ...valid, components: { name: "x" } }),
      message: "SBOM s.json:34: $.components must be an array",
    },
    {
      name: "no components at all",
      text: '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5"\n}',
      message: "SBOM s.json:1: $.components is missing; expected an array of components",
    },
    {
      name: "a component without a name",
      text: '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "components": [\n    { "type": "library", "name": "a" },\n    {\n      "type": "library",\n      "version": "1.0"\n    }\n  ]\n}',
      message: "SBOM s.json:6: $.components[1].name must be a non-empty string (is missing)",
    },
    {
      name: "a nested component of an unknown type",
      text: '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5",\n  "components": [\n    {\n      "type": "application",\n      "name": "openssl",\n      "components": [\n        { "type": "package", "name": "libssl3" }\n      ]\n    }\n  ]\n}',
      message:
        'SBOM s.json:9: $.components[0].components[0].type is "package"; expected one of application, framework, library, container, platform, operating-system, device, device-driver, firmware, file, machine-learning-model, data',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}, naming the line and JSON path`, () => {
      expect(usageError(() => readCycloneDxSbom("s.json", c.text))).to.equal(c.message);
    });
  }
});

describe("parseScanSbomResponse", () => {
  const result = parseScanSbomResponse(fixtureJson("scan-sbom-response.json"));

  it("reads the metadata.properties counts", () => {
    expect(result.scannerCounts).to.deep.equal({
      critical: 1,
      high: 2,
      medium: 4,
      low: 1,
      other: 1,
    });
  });

  it("makes one finding per vulnerability, severity from the NVD rating, else the vendor's (never EPSS)", () => {
    expect(result.findings.map((f) => [f.id, f.severity, f.score])).to.deep.equal([
      ["CVE-2022-48174", "critical", 9.8],
      ["CVE-2023-5363", "high", 7.5],
      ["CVE-2021-23337", "high", 7.2],
      ["CVE-2024-0727", "medium", 5.5],
      ["CVE-2023-42363", "medium", 5.5],
      ["CVE-2024-28863", "medium", 6.5],
      ["CVE-2023-26136", "medium", 6.5],
      ["CVE-2024-2511", "low", undefined],
      ["CVE-2024-5535", "other", undefined],
    ]);
  });

  it("resolves affected packages and fixed versions from the components and fixed_version properties", () => {
    const openssl = result.findings.find((f) => f.id === "CVE-2023-5363");
    expect(openssl).to.deep.include({
      title: "CVE-2023-5363 in libcrypto3@3.1.3-r0, libssl3@3.1.3-r0",
      packages: ["libcrypto3@3.1.3-r0", "libssl3@3.1.3-r0"],
      fixAvailable: true,
      fixedIn: ["3.1.4-r0"],
      url: "https://nvd.nist.gov/vuln/detail/CVE-2023-5363",
    });
    const unfixed = result.findings.filter((f) => !f.fixAvailable).map((f) => f.id);
    expect(unfixed).to.deep.equal(["CVE-2024-2511", "CVE-2024-5535"]);
  });

  it("treats a response without vulnerabilities or metadata as clean", () => {
    expect(
      parseScanSbomResponse({ sbom: { bomFormat: "CycloneDX", specVersion: "1.5" } }),
    ).to.deep.equal({
      findings: [],
      scannerCounts: undefined,
    });
  });

  it("refuses (AWS error) a response with vulnerabilities it cannot read, counting and locating them", () => {
    const sbom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      vulnerabilities: [{ id: "CVE-1" }, { ratings: [] }, "CVE-3", { id: "CVE-4" }],
    };
    expect(() => parseScanSbomResponse({ sbom })).to.throw(
      GateAwsError,
      "ScanSbom response: 2 of 4 vulnerabilities have no id ($.sbom.vulnerabilities[1], $.sbom.vulnerabilities[2]); the gate does not judge a result it cannot read in full",
    );
  });

  it("refuses (AWS error) a scanner count that is not a count", () => {
    const sbom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      metadata: {
        properties: [{ name: "amazon:inspector:sbom_scanner:high_vulnerabilities", value: "-2" }],
      },
    };
    expect(() => parseScanSbomResponse({ sbom })).to.throw(
      GateAwsError,
      'ScanSbom response: metadata property amazon:inspector:sbom_scanner:high_vulnerabilities is "-2"; expected a count',
    );
  });

  it("fails (AWS error) on a response without an sbom document", () => {
    expect(() => parseScanSbomResponse({ message: "?" })).to.throw(
      GateAwsError,
      'ScanSbom returned no CycloneDX document (no "sbom" object in the response)',
    );
  });
});
