import { expect } from "chai";
import {
  buildInspectorPolicyDocument,
  InspectorOrganizationPolicy,
} from "../../components/inspectorOrganizationPolicy";
import { promiseOf, resourcesOfType, settle } from "../helpers/runtime";

const lists = (regions: string[]) => ({
  enable_in_regions: { "@@assign": regions },
  disable_in_regions: { "@@assign": [] },
});

describe("buildInspectorPolicyDocument", () => {
  it("lists each scan type's Regions, Lambda code nested in Lambda standard", () => {
    const document = buildInspectorPolicyDocument([
      {
        region: "us-east-1",
        scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"],
      },
      { region: "ca-central-1", scanTypes: ["EC2", "ECR", "LAMBDA"] },
    ]);
    expect(document).to.deep.equal({
      inspector: {
        enablement: {
          ec2_scanning: lists(["us-east-1", "ca-central-1"]),
          ecr_scanning: lists(["us-east-1", "ca-central-1"]),
          lambda_standard_scanning: {
            ...lists(["us-east-1", "ca-central-1"]),
            lambda_code_scanning: lists(["us-east-1"]),
          },
          code_repository_scanning: lists(["us-east-1"]),
        },
      },
    });
  });

  it("leaves out scan types no Region gets, rather than disabling them", () => {
    expect(
      buildInspectorPolicyDocument([{ region: "eu-west-1", scanTypes: ["ECR"] }]),
    ).to.deep.equal({
      inspector: { enablement: { ecr_scanning: lists(["eu-west-1"]) } },
    });
  });
});

describe("InspectorOrganizationPolicy", () => {
  it("creates the policy and one attachment per target, retained, protected and skipDestroy", async () => {
    // Act
    const component = new InspectorOrganizationPolicy(
      "p",
      {
        regions: [{ region: "us-east-1", scanTypes: ["EC2"] }],
        targetIds: ["ou-a1b2-prodapps", "ou-a1b2-nonprod1"],
      },
      {},
    );
    await promiseOf(component.attachments["ou-a1b2-nonprod1"].id);
    await settle();
    // Assess
    const [policy] = resourcesOfType("aws:organizations/policy:Policy");
    expect({
      name: policy.name,
      inputs: policy.inputs,
      protect: policy.protect,
      retain: policy.retainOnDelete,
    }).to.deep.equal({
      name: "p",
      inputs: {
        name: "p",
        description: "Amazon Inspector scanning, managed by inspector-rollout",
        type: "INSPECTOR_POLICY",
        content: JSON.stringify({
          inspector: { enablement: { ec2_scanning: lists(["us-east-1"]) } },
        }),
        skipDestroy: true,
      },
      protect: true,
      retain: true,
    });
    expect(
      resourcesOfType("aws:organizations/policyAttachment:PolicyAttachment").map((a) => [
        a.name,
        a.inputs,
        a.protect,
      ]),
    ).to.deep.equal([
      [
        "p-ou-a1b2-prodapps",
        { policyId: "p-id", targetId: "ou-a1b2-prodapps", skipDestroy: true },
        true,
      ],
      [
        "p-ou-a1b2-nonprod1",
        { policyId: "p-id", targetId: "ou-a1b2-nonprod1", skipDestroy: true },
        true,
      ],
    ]);
  });

  it("rejects an empty target list", () => {
    expect(
      () =>
        new InspectorOrganizationPolicy("p-empty", {
          regions: [{ region: "us-east-1", scanTypes: ["EC2"] }],
          targetIds: [],
        }),
    ).to.throw("targetIds is empty; attach the policy to the root or to at least one OU");
  });

  // One Region with ECR only: the document is 122 characters plus the Region name's length
  // ({"inspector":{"enablement":{"ecr_scanning":{"enable_in_regions":{"@@assign":["<name>"]},
  // "disable_in_regions":{"@@assign":[]}}}}}), so names of 9,877 to 9,879 characters make
  // documents of 9,999 to 10,001.
  for (const [characters, nameLength] of [
    [9999, 9877],
    [10000, 9878],
    [10001, 9879],
  ]) {
    it(`${characters > 10000 ? "rejects" : "accepts"} a document of ${characters} characters`, () => {
      const create = () =>
        new InspectorOrganizationPolicy(`p-${characters}`, {
          regions: [{ region: "r".repeat(nameLength), scanTypes: ["ECR"] }],
          targetIds: ["r-a1b2"],
        });
      if (characters > 10000) {
        expect(create).to.throw(
          "the Inspector policy document is 10001 characters, over the Organizations limit of 10000; govern fewer regions in this stack",
        );
      } else {
        expect(JSON.stringify(create().document)).to.have.length(characters);
      }
    });
  }

  it("rejects a document over the 10,000-character Organizations limit", () => {
    const regions = Array.from({ length: 400 }, (_, i) => ({
      region: `xx-test-${i}`,
      scanTypes: ["EC2", "ECR"] as const,
    }));
    expect(
      () =>
        new InspectorOrganizationPolicy("p-big", {
          regions: regions.map((r) => ({ ...r, scanTypes: [...r.scanTypes] })),
          targetIds: ["r-a1b2"],
        }),
    ).to.throw(
      /^the Inspector policy document is \d+ characters, over the Organizations limit of 10000; govern fewer regions in this stack$/,
    );
  });
});
