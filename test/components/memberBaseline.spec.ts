import { expect } from "chai";
import { requiredCapability, stackInstancesTimeoutMinutes } from "../../components/memberBaseline";
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

describe("stackInstancesTimeoutMinutes", () => {
  const cases = [
    {
      name: "10 accounts at 50%: 2 batches, raised to the provider's 30-minute floor",
      n: 10,
      r: 2,
      pct: 50,
      type: "PARALLEL",
      want: 30,
    },
    {
      name: "34 accounts at 20%: 6 at a time, 6 batches, Regions in parallel",
      n: 34,
      r: 6,
      pct: 20,
      type: "PARALLEL",
      want: 60,
    },
    { name: "the same Region after Region", n: 34, r: 6, pct: 20, type: "SEQUENTIAL", want: 360 },
    {
      name: "1,000 accounts at 10%: 10 batches",
      n: 1000,
      r: 3,
      pct: 10,
      type: "PARALLEL",
      want: 100,
    },
    {
      name: "a percentage below one account still deploys one at a time",
      n: 5,
      r: 1,
      pct: 1,
      type: "PARALLEL",
      want: 50,
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(
        stackInstancesTimeoutMinutes(c.n, c.r, {
          maxConcurrentPercentage: c.pct,
          failureTolerancePercentage: 0,
          regionConcurrencyType: c.type,
        }),
      ).to.equal(c.want);
    });
  }
});
