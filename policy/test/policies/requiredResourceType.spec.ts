/**
 * inspector-iam-policy-missing-required-resource-type on what it reads and what it skips (issue
 * 18, the policy group's survivors in this rule): every identity policy a StackSet template can
 * hold, not its resource policies; Allow statements only; an action granted on a Resource the pack
 * cannot judge (another service's ARN, the offline plan's stand-in, a value unknown at preview).
 * The SAR facts used: sqs:SendMessage requires a queue (arn:*:sqs:*:*:*), sqs:ListQueues takes
 * only "*".
 */
import * as aws from "@pulumi/aws";
import { iamPolicyMissingRequiredResourceType as rule } from "../../policies/iamPolicy/missingRequiredResourceType";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
import { type PolicyRun, checkResource, expectMessages, expectNoViolations } from "../helpers";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:findings";
const TOPIC_DLQ = "arn:aws:sns:us-east-1:111122223333:findings-dlq";

function documentOf(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

/** sqs:SendMessage granted on two topics instead of a queue: a grant AWS accepts and never honours. */
const SEND_TO_TOPICS = documentOf({
  Effect: "Allow",
  Action: "sqs:SendMessage",
  Resource: [TOPIC, TOPIC_DLQ],
});

function sendToTopicsMessage(label: string): string {
  return `${label} 'subject' allows sqs:SendMessage, which requires a Resource of type queue (arn:*:sqs:*:*:*); allowed only on ${TOPIC}, ${TOPIC_DLQ} (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.`;
}

function stackSetWith(resources: Record<string, unknown>): Promise<PolicyRun> {
  return checkResource(rule, aws.cloudformation.StackSet, {
    templateBody: JSON.stringify({ Resources: resources }),
  });
}

describe("inspector-iam-policy-missing-required-resource-type: what it reads", () => {
  it("judges each IAM policy resource and each inline policy of a role, user and group in a template", async () => {
    const policyResource = (type: string) => ({
      Type: type,
      Properties: { PolicyName: "send", PolicyDocument: SEND_TO_TOPICS },
    });
    const owner = (type: string) => ({
      Type: type,
      Properties: { Policies: [{ PolicyName: "send", PolicyDocument: SEND_TO_TOPICS }] },
    });
    expectMessages(
      await stackSetWith({
        GroupPolicy: policyResource("AWS::IAM::GroupPolicy"),
        ManagedPolicy: policyResource("AWS::IAM::ManagedPolicy"),
        Policy: policyResource("AWS::IAM::Policy"),
        RolePolicy: policyResource("AWS::IAM::RolePolicy"),
        UserPolicy: policyResource("AWS::IAM::UserPolicy"),
        Group: owner("AWS::IAM::Group"),
        Role: owner("AWS::IAM::Role"),
        User: owner("AWS::IAM::User"),
      }),
      [
        "GroupPolicy",
        "ManagedPolicy",
        "Policy",
        "RolePolicy",
        "UserPolicy",
        "Group send",
        "Role send",
        "User send",
      ].map((id) => sendToTopicsMessage(`StackSet template policy ${id} of`)),
    );
  });

  it("leaves a template's resource policy and a role without inline policies alone", async () => {
    expectNoViolations(
      await stackSetWith({
        Role: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: {},
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          },
        },
        QueuePolicy: {
          Type: "AWS::SQS::QueuePolicy",
          Properties: {
            Queues: ["https://sqs.us-east-1.amazonaws.com/111122223333/q"],
            PolicyDocument: SEND_TO_TOPICS,
          },
        },
      }),
    );
  });

  it("judges Allow statements only", async () => {
    expectMessages(
      await checkResource(rule, aws.iam.Policy, {
        policy: JSON.stringify(
          documentOf(
            { Effect: "Deny", Action: "sqs:ListQueues", Resource: TOPIC },
            { Effect: "Allow", Action: "sqs:ListQueues", Resource: TOPIC_DLQ },
          ),
        ),
      }),
      [
        `IAM policy 'subject' allows sqs:ListQueues, which supports no resource-level permissions, so it needs "Resource": "*"; allowed only on ${TOPIC_DLQ} (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.`,
      ],
    );
  });

  it("skips an action granted on a Resource it cannot judge, and only that action", async () => {
    // The offline plan's stand-in for an ARN known after deployment, and a value unknown at
    // preview inside an ARN of a service the table knows: either may be the missing queue.
    for (const unjudgeable of [
      "arn:aws:mock:::queue-arn",
      `arn:aws:sns:us-east-1:111122223333:${UNKNOWN_SENTINEL}`,
    ]) {
      expectMessages(
        await checkResource(rule, aws.iam.RolePolicy, {
          role: "r",
          // A document object, as a program may pass: a JSON string holding the preview's
          // unknown value is unknown as a whole.
          policy: documentOf(
            { Effect: "Allow", Action: "sqs:SendMessage", Resource: [TOPIC, unjudgeable] },
            { Effect: "Allow", Action: "sqs:ListQueues", Resource: TOPIC },
          ),
        }),
        [
          `IAM role policy 'subject' allows sqs:ListQueues, which supports no resource-level permissions, so it needs "Resource": "*"; allowed only on ${TOPIC} (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.`,
        ],
      );
    }
  });
});
