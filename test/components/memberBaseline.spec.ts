import { expect } from "chai";
import { requiredCapability } from "../../components/memberBaseline";
import type { CfnResource, CfnTemplate } from "../../components/memberBaselineTemplate";

describe("requiredCapability", () => {
  const template = (resources: Record<string, CfnResource>): CfnTemplate => ({
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "t",
    Resources: resources,
  });

  it("asks for CAPABILITY_NAMED_IAM only when an IAM resource has a custom name", () => {
    expect([
      requiredCapability(
        template({ A: { Type: "AWS::IAM::Role", Properties: { Path: "/service-role/" } } }),
      ),
      requiredCapability(
        template({ A: { Type: "AWS::IAM::Role", Properties: { RoleName: "fixed" } } }),
      ),
      requiredCapability(
        template({ B: { Type: "AWS::SSM::Document", Properties: { Name: "x" } } }),
      ),
    ]).to.deep.equal(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_IAM"]);
  });
});
