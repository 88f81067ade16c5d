/**
 * What the pack checks for any team's stack that AWS would refuse at deploy time (issue 12):
 * named IAM resources repeated per Region by a multi-Region StackSet, and IAM policies that miss
 * a resource type their actions require. Fixtures start compliant and change one field.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { iamPolicyMissingRequiredResourceType } from "../../policies/iamPolicy/missingRequiredResourceType";
import { stackSetDisallowRepeatedIamNames } from "../../policies/stackSet/disallowRepeatedIamNames";
import { globsIntersect } from "../../lib/arnMatch";
import { requirementOf } from "../../lib/iamRequiredResources";
import {
  type StackFixtureResource,
  checkResource,
  checkStack,
  clone,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

const PINNED = { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] };

function template(role: Record<string, unknown>): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Conditions: { IsHomeRegion: PINNED },
    Resources: {
      Role: role,
      Doc: { Type: "AWS::SSM::Document", Properties: { Name: "Team-Runbook", Content: {} } },
    },
  });
}

const PINNED_ROLE = {
  Type: "AWS::IAM::Role",
  Condition: "IsHomeRegion",
  Properties: { RoleName: "team-automation", AssumeRolePolicyDocument: {} },
};

function stackSetFixture(role: Record<string, unknown>, regions: string[]): StackFixtureResource[] {
  return [
    {
      cls: aws.cloudformation.StackSet,
      name: "baseline",
      props: {
        name: "team-baseline",
        permissionModel: "SERVICE_MANAGED",
        templateBody: template(role),
      },
    },
    {
      cls: aws.cloudformation.StackInstances,
      name: "baseline",
      props: { stackSetName: "team-baseline", regions },
    },
  ];
}

describe("inspector-stack-set-disallow-repeated-iam-names", () => {
  it("passes a named role pinned to one Region by a condition", async () => {
    expectNoViolations(
      await checkStack(
        stackSetDisallowRepeatedIamNames,
        stackSetFixture(PINNED_ROLE, ["us-east-1", "eu-west-1"]),
      ),
    );
  });

  it("passes a named role of a StackSet deployed to one Region", async () => {
    const role = { ...clone(PINNED_ROLE), Condition: undefined };
    expectNoViolations(
      await checkStack(stackSetDisallowRepeatedIamNames, stackSetFixture(role, ["us-east-1"])),
    );
  });

  it("passes a role name that carries the Region", async () => {
    const role = clone(PINNED_ROLE) as Record<string, unknown> & {
      Properties: Record<string, unknown>;
    };
    delete role.Condition;
    role.Properties.RoleName = { "Fn::Sub": "team-automation-${AWS::Region}" };
    expectNoViolations(
      await checkStack(
        stackSetDisallowRepeatedIamNames,
        stackSetFixture(role, ["us-east-1", "eu-west-1"]),
      ),
    );
  });

  it("reports a named role without a Region condition in a two-Region StackSet", async () => {
    const role = clone(PINNED_ROLE) as Record<string, unknown>;
    delete role.Condition;
    expectMessages(
      await checkStack(
        stackSetDisallowRepeatedIamNames,
        stackSetFixture(role, ["us-east-1", "eu-west-1"]),
      ),
      [
        'StackSet \'baseline\' creates AWS::IAM::Role Role named "team-automation" in each of 2 Regions (us-east-1, eu-west-1); IAM names are account-wide, so the second Region fails with EntityAlreadyExists. Give Role a Condition that pins it to one Region ({"Fn::Equals": [{"Ref": "AWS::Region"}, "<home Region>"]}).',
      ],
    );
  });

  it("reports the same across one StackSetInstance per Region", async () => {
    const role = clone(PINNED_ROLE) as Record<string, unknown>;
    delete role.Condition;
    const [stackSet] = stackSetFixture(role, []);
    const run = await checkStack(stackSetDisallowRepeatedIamNames, [
      stackSet,
      ...["us-east-1", "eu-west-1"].map((region) => ({
        cls: aws.cloudformation.StackSetInstance,
        name: `baseline-${region}`,
        props: { stackSetName: "team-baseline", stackSetInstanceRegion: region },
      })),
    ]);
    expect(run.violations).to.have.length(1);
  });

  it("does not apply to a stack without StackSets", async () => {
    expectNotApplicable(
      await checkStack(stackSetDisallowRepeatedIamNames, []),
      "The stack has no CloudFormation StackSet.",
    );
  });
});

const START_AUTOMATION = {
  Sid: "Start",
  Effect: "Allow",
  Action: ["ssm:StartAutomationExecution"],
  Resource: [
    "arn:aws:ssm:*:111122223333:document/Team-Runbook",
    "arn:aws:ssm:*:111122223333:automation-execution/*",
  ],
};

function policyWith(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

describe("inspector-iam-policy-missing-required-resource-type", () => {
  it("reads the generated Service Authorization Reference table", () => {
    expect(requirementOf("ssm:StartAutomationExecution")).to.deep.equal({
      action: "ssm:StartAutomationExecution",
      required: [
        ["automation-execution", "arn:*:ssm:*:*:automation-execution/*"],
        ["document", "arn:*:ssm:*:*:document/*"],
      ],
    });
    expect([
      globsIntersect("log-group:/aws/x:*", "log-group:*:log-stream:*"),
      globsIntersect("automation-definition/a:*", "document/*"),
    ]).to.deep.equal([true, false]);
  });

  it("passes StartAutomationExecution on its document and automation-execution", async () => {
    expectNoViolations(
      await checkResource(iamPolicyMissingRequiredResourceType, aws.iam.RolePolicy, {
        policy: policyWith(START_AUTOMATION, {
          Sid: "List",
          Effect: "Allow",
          Action: ["ssm:ListCommandInvocations"],
          Resource: "*",
        }),
      }),
    );
  });

  it("reports StartAutomationExecution on automation-definition only", async () => {
    const statement = {
      ...START_AUTOMATION,
      Resource: ["arn:aws:ssm:*:111122223333:automation-definition/Team-Runbook:*"],
    };
    expectMessages(
      await checkResource(iamPolicyMissingRequiredResourceType, aws.iam.Policy, {
        policy: policyWith(statement),
      }),
      [
        "IAM policy 'subject' allows ssm:StartAutomationExecution, which requires a Resource of type automation-execution (arn:*:ssm:*:*:automation-execution/*); allowed only on arn:aws:ssm:*:111122223333:automation-definition/Team-Runbook:* (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.",
        "IAM policy 'subject' allows ssm:StartAutomationExecution, which requires a Resource of type document (arn:*:ssm:*:*:document/*); allowed only on arn:aws:ssm:*:111122223333:automation-definition/Team-Runbook:* (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.",
      ],
    );
  });

  it('reports an action without resource-level permissions scoped to an ARN instead of "*"', async () => {
    expectMessages(
      await checkResource(iamPolicyMissingRequiredResourceType, aws.iam.RolePolicy, {
        policy: policyWith({
          Sid: "List",
          Effect: "Allow",
          Action: ["ssm:ListCommandInvocations"],
          Resource: "arn:aws:ec2:us-east-1:111122223333:instance/*",
        }),
      }),
      [
        `IAM role policy 'subject' allows ssm:ListCommandInvocations, which supports no resource-level permissions, so it needs "Resource": "*"; allowed only on arn:aws:ec2:us-east-1:111122223333:instance/* (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.`,
      ],
    );
  });

  it("checks the IAM policies inside a StackSet template, Fn::Sub resolved to globs", async () => {
    const body = JSON.stringify({
      Resources: {
        Role: {
          Type: "AWS::IAM::Role",
          Properties: {
            Policies: [
              {
                PolicyName: "run",
                PolicyDocument: {
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Sid: "Start",
                      Effect: "Allow",
                      Action: ["ssm:StartAutomationExecution"],
                      Resource: [
                        {
                          "Fn::Sub":
                            "arn:${AWS::Partition}:ssm:*:${AWS::AccountId}:automation-definition/Team-Runbook:*",
                        },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    });
    const run = await checkResource(
      iamPolicyMissingRequiredResourceType,
      aws.cloudformation.StackSet,
      {
        templateBody: body,
      },
    );
    expect(run.violations.map((v) => v.message.split(",")[0])).to.deep.equal([
      "StackSet template policy Role run of 'subject' allows ssm:StartAutomationExecution",
      "StackSet template policy Role run of 'subject' allows ssm:StartAutomationExecution",
    ]);
  });
});
