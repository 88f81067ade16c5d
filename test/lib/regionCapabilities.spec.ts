import { expect } from "chai";
import {
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
