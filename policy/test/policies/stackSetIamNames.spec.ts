/**
 * inspector-stack-set-disallow-repeated-iam-names over each IAM type that takes an account-wide
 * name, and over a name built with Fn::Sub that does not carry the Region (issue 18: only
 * AWS::IAM::Role had a case). The named types and their name properties are those of the
 * CloudFormation resource specification (AWS::IAM::ManagedPolicy ManagedPolicyName,
 * AWS::IAM::InstanceProfile InstanceProfileName, AWS::IAM::User UserName, AWS::IAM::Group
 * GroupName).
 */
import * as aws from "@pulumi/aws";
import { stackSetDisallowRepeatedIamNames } from "../../policies/stackSet/disallowRepeatedIamNames";
import { checkStack, expectMessages, type StackFixtureResource } from "../helpers";

const REGIONS = ["us-east-1", "eu-west-1"];

/** A two-Region StackSet whose template holds these resources, none pinned to a Region. */
function stackSet(resources: Record<string, unknown>): StackFixtureResource[] {
  return [
    {
      cls: aws.cloudformation.StackSet,
      name: "baseline",
      props: {
        name: "team-baseline",
        permissionModel: "SERVICE_MANAGED",
        templateBody: JSON.stringify({
          AWSTemplateFormatVersion: "2010-09-09",
          Resources: resources,
        }),
      },
    },
    {
      cls: aws.cloudformation.StackInstances,
      name: "baseline",
      props: { stackSetName: "team-baseline", regions: REGIONS },
    },
  ];
}

const repeated = (type: string, id: string, name: string): string =>
  `StackSet 'baseline' creates ${type} ${id} named ${name} in each of 2 Regions (us-east-1, eu-west-1); IAM names are account-wide, so the second Region fails with EntityAlreadyExists. Give ${id} a Condition that pins it to one Region ({"Fn::Equals": [{"Ref": "AWS::Region"}, "<home Region>"]}).`;

describe("inspector-stack-set-disallow-repeated-iam-names: every named IAM type", () => {
  it("reports each IAM type by its own name property, and no other resource type", async () => {
    const run = await checkStack(
      stackSetDisallowRepeatedIamNames,
      stackSet({
        Policy: {
          Type: "AWS::IAM::ManagedPolicy",
          Properties: { ManagedPolicyName: "team-read", PolicyDocument: {} },
        },
        Profile: {
          Type: "AWS::IAM::InstanceProfile",
          Properties: { InstanceProfileName: "team-ec2", Roles: ["team-ec2"] },
        },
        Operator: { Type: "AWS::IAM::User", Properties: { UserName: "team-operator" } },
        Operators: { Type: "AWS::IAM::Group", Properties: { GroupName: "team-operators" } },
        Queue: { Type: "AWS::SQS::Queue", Properties: { QueueName: "team-queue" } },
      }),
    );
    expectMessages(run, [
      repeated("AWS::IAM::ManagedPolicy", "Policy", '"team-read"'),
      repeated("AWS::IAM::InstanceProfile", "Profile", '"team-ec2"'),
      repeated("AWS::IAM::User", "Operator", '"team-operator"'),
      repeated("AWS::IAM::Group", "Operators", '"team-operators"'),
    ]);
  });

  it("reports a name built with Fn::Sub that does not carry ${AWS::Region}", async () => {
    const run = await checkStack(
      stackSetDisallowRepeatedIamNames,
      stackSet({
        Role: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: { "Fn::Sub": "team-${AWS::AccountId}" },
            AssumeRolePolicyDocument: {},
          },
        },
      }),
    );
    expectMessages(run, [
      repeated("AWS::IAM::Role", "Role", '{"Fn::Sub":"team-${AWS::AccountId}"}'),
    ]);
  });
});
