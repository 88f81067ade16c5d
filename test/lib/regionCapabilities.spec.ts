import { expect } from "chai";
import {
  OPT_IN_REGIONS,
  describeUnsupported,
  isInspectorRegion,
  REGION_CAPABILITIES,
  resolveRegionScanTypes,
} from "../../lib/regionCapabilities";

describe("REGION_CAPABILITIES", () => {
  it("lists Inspector's 33 commercial Regions, ten with Lambda code and code repository scanning", () => {
    expect(Object.keys(REGION_CAPABILITIES)).to.have.length(33);
    const codeScanning = Object.entries(REGION_CAPABILITIES)
      .filter(([, types]) => types.includes("LAMBDA_CODE") && types.includes("CODE_REPOSITORY"))
      .map(([region]) => region)
      .sort();
    expect(codeScanning).to.deep.equal([
      "ap-northeast-1",
      "ap-southeast-1",
      "ap-southeast-2",
      "eu-central-1",
      "eu-north-1",
      "eu-west-1",
      "eu-west-2",
      "us-east-1",
      "us-east-2",
      "us-west-2",
    ]);
  });

  it("pins the opt-in Regions (their service principals are Region-qualified)", () => {
    // AWS General Reference, "Specify which AWS Regions your account can use": Regions introduced
    // after March 20, 2019 are disabled by default.
    expect([...OPT_IN_REGIONS].sort()).to.deep.equal([
      "af-south-1",
      "ap-east-1",
      "ap-east-2",
      "ap-south-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-7",
      "ca-west-1",
      "eu-central-2",
      "eu-south-1",
      "eu-south-2",
      "il-central-1",
      "me-central-1",
      "me-south-1",
      "mx-central-1",
    ]);
  });

  it("offers EC2, ECR and Lambda standard scanning everywhere", () => {
    for (const [region, types] of Object.entries(REGION_CAPABILITIES)) {
      expect(types.slice(0, 3), region).to.deep.equal(["EC2", "ECR", "LAMBDA"]);
    }
  });

  it("knows which names are Inspector Regions", () => {
    expect(
      ["us-east-1", "mx-central-1", "us-gov-west-1", "eu-west-9", "toString"].map(
        isInspectorRegion,
      ),
    ).to.deep.equal([true, true, false, false, false]);
  });
});

describe("resolveRegionScanTypes", () => {
  it("names every wanted scan type as lacking in a Region Inspector does not serve", () => {
    expect(resolveRegionScanTypes(["ap-south-9"], ["EC2", "LAMBDA"])).to.deep.equal([
      { region: "ap-south-9", scanTypes: [], unsupported: ["EC2", "LAMBDA"] },
    ]);
  });

  it("keeps what each Region supports, in API order, and names what it lacks", () => {
    const resolved = resolveRegionScanTypes(
      ["eu-west-1", "me-south-1"],
      ["CODE_REPOSITORY", "EC2", "LAMBDA_CODE", "LAMBDA"],
    );
    expect(resolved).to.deep.equal([
      {
        region: "eu-west-1",
        scanTypes: ["EC2", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"],
        unsupported: [],
      },
      {
        region: "me-south-1",
        scanTypes: ["EC2", "LAMBDA"],
        unsupported: ["LAMBDA_CODE", "CODE_REPOSITORY"],
      },
    ]);
    expect(describeUnsupported(resolved)).to.deep.equal([
      "me-south-1: Amazon Inspector does not offer LAMBDA_CODE scanning in this Region; it is enabled for EC2, LAMBDA only there",
      "me-south-1: Amazon Inspector does not offer CODE_REPOSITORY scanning in this Region; it is enabled for EC2, LAMBDA only there",
    ]);
  });
});
