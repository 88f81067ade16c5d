import { expect } from "chai";
import {
  awsxLifecyclePolicyDocument,
  remoteComponentsOf,
} from "../../lib/offline/remoteComponents";
import type { RecordedResource } from "../../lib/offline/recorder";

const STACK = "urn:pulumi:dev::app::pulumi:pulumi:Stack";

function registered(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  remote = true,
): RecordedResource {
  return {
    type,
    name,
    urn: `${STACK}$${type}::${name}`,
    custom: false,
    remote,
    inputs,
    dependencies: [],
    protect: false,
    retainOnDelete: false,
    aliases: [],
    ignoreChanges: [],
  };
}

describe("remoteComponentsOf (multi-language components in the offline plan)", () => {
  it("rebuilds an awsx:ecr:Repository's repository from every input but lifecyclePolicy, and its lifecycle policy on the repository's name", () => {
    const { components, inputViews } = remoteComponentsOf([
      registered("awsx:ecr:Repository", "Images", {
        name: "images",
        forceDelete: true,
        imageScanningConfiguration: { scanOnPush: true },
        lifecyclePolicy: { rules: [{ tagStatus: "untagged", maximumAgeLimit: 7 }] },
      }),
    ]);
    const repoUrn = `${STACK}$awsx:ecr:Repository$aws:ecr/repository:Repository::images`;
    expect(
      inputViews.map((v) => ({
        type: v.type,
        name: v.name,
        urn: v.urn,
        inputs: v.inputs,
        deps: v.dependencies,
      })),
    ).to.deep.equal([
      {
        type: "aws:ecr/repository:Repository",
        name: "images",
        urn: repoUrn,
        inputs: {
          name: "images",
          forceDelete: true,
          imageScanningConfiguration: { scanOnPush: true },
        },
        deps: [],
      },
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "images",
        urn: `${STACK}$awsx:ecr:Repository$aws:ecr/lifecyclePolicy:LifecyclePolicy::images`,
        inputs: {
          repository: "images",
          policy:
            '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}}]}',
        },
        deps: [repoUrn],
      },
    ]);
    expect(components.map((c) => c.checkedFromInputs)).to.deep.equal([
      [repoUrn, `${STACK}$awsx:ecr:Repository$aws:ecr/lifecyclePolicy:LifecyclePolicy::images`],
    ]);
  });

  it("names a VPC's child types and an unknown remote component's as not known; custom resources are not components", () => {
    const { components, inputViews } = remoteComponentsOf([
      registered("awsx:ec2:Vpc", "net", { cidrBlock: "10.0.0.0/16" }),
      registered("eks:index:Cluster", "cluster", {}),
      registered("aws:sqs/queue:Queue", "jobs", {}, false),
    ]);
    expect(inputViews).to.deep.equal([]);
    expect(components.map((c) => [c.type, c.children.length, c.checkedFromInputs])).to.deep.equal([
      ["awsx:ec2:Vpc", 9, []],
      ["eks:index:Cluster", 0, []],
    ]);
    expect(components[0].children).to.deep.equal([
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:ec2/routeTable:RouteTable",
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "aws:ec2/route:Route",
      "aws:ec2/internetGateway:InternetGateway",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
      "aws:ec2/vpcEndpoint:VpcEndpoint",
    ]);
  });
});

describe("awsxLifecyclePolicyDocument (awsx's convertRules)", () => {
  it("without rules: awsx's default, untagged images beyond one expire", () => {
    expect(awsxLifecyclePolicyDocument(undefined)).to.deep.equal({
      rules: [
        {
          rulePriority: 1,
          description: "remove untagged images",
          selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("puts the `any` rule last (highest priority number), keeps tag prefixes of tagged rules", () => {
    expect(
      awsxLifecyclePolicyDocument({
        rules: [
          { tagStatus: "any", maximumNumberOfImages: 50 },
          { tagStatus: "tagged", tagPrefixList: ["v"], maximumAgeLimit: 90 },
        ],
      }),
    ).to.deep.equal({
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPrefixList: ["v"],
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 90,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
          action: { type: "expire" },
        },
      ],
    });
  });
});
