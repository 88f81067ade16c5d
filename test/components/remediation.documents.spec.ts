/**
 * The remediation component's security documents, written out statement by statement (conditions
 * included) as the component renders them: the key policy, the triage queue policy (both ways of
 * scoping it), the automation role's trust and inline policy. Expected values are literals, never
 * the builders' output.
 */
import { expect } from "chai";
import { Remediation } from "../../components/remediation";
import { ENFORCE_ALL } from "../helpers/remediationFakes";
import { promiseOf, resourceNamed, settle } from "../helpers/runtime";

const mock = (type: string, name: string) => `arn:aws:mock:::${type}/${name}`;
const QUEUE = mock("aws:sqs/queue:Queue", "rem-triage");
const TABLE = (name: string) => mock("aws:dynamodb/table:Table", `rem-${name}`);

async function documentsOf(extra: Partial<ConstructorParameters<typeof Remediation>[1]> = {}) {
  const component = new Remediation("rem", {
    region: "us-east-1",
    accountId: "222222222222",
    settings: ENFORCE_ALL,
    organizationId: "o-abc123",
    ...extra,
  });
  await promiseOf(component.triageFunction.arn);
  await settle();
  const json = (type: string, name: string, input: string) =>
    JSON.parse(resourceNamed(type, name).inputs[input] as string) as unknown;
  return {
    key: json("aws:kms/key:Key", "rem", "policy"),
    queue: json("aws:sqs/queuePolicy:QueuePolicy", "rem-triage", "policy"),
    trust: json("aws:iam/role:Role", "rem-automation", "assumeRolePolicy"),
    policy: json("aws:iam/rolePolicy:RolePolicy", "rem-automation", "policy"),
  };
}

/** The triage role's statements in organization o-abc123 without a ticket secret. */
const TRIAGE_STATEMENTS = [
  {
    Sid: "ConsumeTriageQueue",
    Effect: "Allow",
    Action: [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ChangeMessageVisibility",
    ],
    Resource: QUEUE,
  },
  {
    // Powertools' DynamoDBPersistenceLayer: GetItem, PutItem, UpdateItem, DeleteItem.
    Sid: "IdempotencyRecords",
    Effect: "Allow",
    Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
    Resource: TABLE("idempotency"),
  },
  {
    Sid: "AuditTrail",
    Effect: "Allow",
    Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
    Resource: [TABLE("audit"), `${TABLE("audit")}/index/*`],
  },
  {
    // DynamoLockStore: a conditional PutItem to take, a conditional DeleteItem to give back.
    Sid: "InstanceLocks",
    Effect: "Allow",
    Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
    Resource: TABLE("locks"),
  },
  {
    Sid: "BlockedImageDigests",
    Effect: "Allow",
    Action: ["dynamodb:UpdateItem"],
    Resource: TABLE("blocked-digests"),
  },
  {
    Sid: "PublishNotifications",
    Effect: "Allow",
    Action: ["sns:Publish"],
    Resource: mock("aws:sns/topic:Topic", "rem-notifications"),
  },
  {
    Sid: "LookUpRelatedFindings",
    Effect: "Allow",
    Action: ["inspector2:ListFindings"],
    Resource: "*",
  },
  {
    Sid: "AssumeMemberExecutionRole",
    Effect: "Allow",
    Action: ["sts:AssumeRole"],
    Resource: "arn:aws:iam::*:role/inspector/inspector-remediation-execution",
    Condition: { StringEquals: { "aws:ResourceOrgID": "o-abc123" } },
  },
  {
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${mock("aws:cloudwatch/logGroup:LogGroup", "rem-triage")}:*`,
  },
  {
    Sid: "EncryptNotifications",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    Resource: mock("aws:kms/key:Key", "rem"),
    Condition: { StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" } },
  },
];

describe("Remediation documents", () => {
  it("key policy: the account administers; only the triage log group and this account's alarms use it", async () => {
    const { key } = await documentsOf();
    expect(key).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::222222222222:root" },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "LogsEncryptTriageLogs",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            ArnEquals: {
              "kms:EncryptionContext:aws:logs:arn":
                "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-remediation-triage",
            },
          },
        },
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ],
    });
  });

  it("triage queue policy without named rules: EventBridge rules of this account only", async () => {
    const { queue } = await documentsOf();
    expect(queue).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "FindingsRouteToTriage",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: QUEUE,
          Condition: {
            StringEquals: { "aws:SourceAccount": "222222222222" },
            ArnLike: { "aws:SourceArn": "arn:aws:events:*:222222222222:rule/*" },
          },
        },
      ],
    });
  });

  it("automation role: Lambda's documented trust without a condition", async () => {
    const { trust } = await documentsOf();
    expect(trust).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowLambdaAssumeRole",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  it("automation role policy without a ticket secret: member roles of the organization only", async () => {
    const { policy } = await documentsOf();
    expect(policy).to.deep.equal({ Version: "2012-10-17", Statement: TRIAGE_STATEMENTS });
  });

  it("automation role policy in another organization names that organization", async () => {
    const { policy } = await documentsOf({ organizationId: "o-zz9988" });
    expect(policy).to.deep.equal({
      Version: "2012-10-17",
      Statement: TRIAGE_STATEMENTS.map((s) =>
        s.Sid === "AssumeMemberExecutionRole"
          ? { ...s, Condition: { StringEquals: { "aws:ResourceOrgID": "o-zz9988" } } }
          : s,
      ),
    });
  });
});
