import { expect } from "chai";
import {
  buildAutoEnable,
  InspectorOrgConfiguration,
} from "../../components/inspectorOrgConfiguration";
import type { ScanType } from "../../lib/regionCapabilities";
import { promiseOf, resourceNamed } from "../helpers/runtime";

describe("buildAutoEnable", () => {
  const cases: {
    name: string;
    scanTypes: ScanType[];
    enabled: boolean;
    flags: Record<string, boolean>;
  }[] = [
    {
      name: "every scan type",
      scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"],
      enabled: true,
      flags: { ec2: true, ecr: true, lambda: true, lambdaCode: true, codeRepository: true },
    },
    {
      name: "a Region without code scanning",
      scanTypes: ["EC2", "ECR", "LAMBDA"],
      enabled: true,
      flags: { ec2: true, ecr: true, lambda: true, lambdaCode: false, codeRepository: false },
    },
    {
      name: "Lambda code without Lambda standard (never auto-enabled alone)",
      scanTypes: ["EC2", "LAMBDA_CODE"],
      enabled: true,
      flags: { ec2: true, ecr: false, lambda: false, lambdaCode: false, codeRepository: false },
    },
    {
      name: "auto-enable off",
      scanTypes: ["EC2", "ECR", "LAMBDA"],
      enabled: false,
      flags: { ec2: false, ecr: false, lambda: false, lambdaCode: false, codeRepository: false },
    },
  ];
  for (const c of cases) {
    it(`sets the flags for ${c.name}`, () => {
      expect(buildAutoEnable(c.scanTypes, c.enabled)).to.deep.equal(c.flags);
    });
  }
});

describe("InspectorOrgConfiguration", () => {
  it("registers one protected, retained organization configuration in its Region with timeouts", async () => {
    const component = new InspectorOrgConfiguration("oc", {
      region: "eu-west-1",
      scanTypes: ["EC2", "ECR"],
      protect: false,
      timeoutMinutes: 35,
    });
    await promiseOf(component.configuration.id);
    const rec = resourceNamed(
      "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
      "oc",
    );
    expect([rec.inputs, rec.protect, rec.retainOnDelete, rec.customTimeouts]).to.deep.equal([
      {
        autoEnable: {
          ec2: true,
          ecr: true,
          lambda: false,
          lambdaCode: false,
          codeRepository: false,
        },
        region: "eu-west-1",
      },
      false,
      true,
      { create: "35m", update: "35m", delete: "35m" },
    ]);
  });
});
