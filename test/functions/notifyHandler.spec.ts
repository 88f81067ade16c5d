import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { loadSample, variant } from "../helpers/events";

// The handler reads its environment and creates its client at module scope: set the one, mock
// the class of the other, then load it.
process.env.FINDINGS_TOPIC_ARN = "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings";
process.env.IDEMPOTENCY_TABLE = "inspector-findings-notify-idempotency";
process.env.POWERTOOLS_METRICS_DISABLED = "true";
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
// Class-wide mocks, created when this suite starts and restored when it ends, so that other spec
// files mocking client instances are not affected (spec files are all loaded before any runs).
let snsMock: ReturnType<typeof mockClient>;
let dynamoMock: ReturnType<typeof mockClient>;
type Handler = typeof import("../../functions/notify/handler").handler;
let handler: Handler;

function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "0",
        SenderId: "events",
        ApproximateFirstReceiveTimestamp: "0",
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:222222222222:inspector-triage-queue",
      awsRegion: "us-east-1",
    })),
  };
}

const CONTEXT = {
  functionName: "inspector-findings-notify",
  awsRequestId: "req-1",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe("notify handler", () => {
  before(async () => {
    snsMock = mockClient(SNSClient);
    dynamoMock = mockClient(DynamoDBClient);
    ({ handler } = await import("../../functions/notify/handler"));
  });
  beforeEach(() => {
    snsMock.reset();
    dynamoMock.reset();
    dynamoMock.on(PutItemCommand).resolves({});
    dynamoMock.on(UpdateItemCommand).resolves({});
  });
  after(() => {
    snsMock.restore();
    dynamoMock.restore();
  });

  it("publishes each finding and reports only the failed message back to the queue", async () => {
    snsMock
      .on(PublishCommand)
      .resolvesOnce({ MessageId: "1" })
      .rejectsOnce(new Error("KMS access denied"));
    const lambda = JSON.stringify(loadSample("finding-lambda-package-vulnerability.json"));
    const critical = JSON.stringify(
      variant("finding-ecr-package-vulnerability.json", {}, { severity: "CRITICAL" }),
    );

    const response = await handler(sqsEvent([lambda, critical]), CONTEXT);

    expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject)).to.deep.equal([
      "[HIGH] CVE-2023-30861 - flask in 123456789012 eu-central-1",
      "[CRITICAL] CVE-2024-6119 - libssl3t64, openssl in 123456789012 eu-central-1",
    ]);
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.TopicArn).to.equal(
      "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
    );
  });

  it("records each finding update before publishing it, keyed on findingArn and updatedAt", async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: "1" });
    const event = loadSample("finding-lambda-package-vulnerability.json");
    const update = variant(
      "finding-lambda-package-vulnerability.json",
      {},
      {
        updatedAt: "Thu Sep 05 08:00:00.000 UTC 2024",
      },
    );

    await handler(sqsEvent([JSON.stringify(event), JSON.stringify(update)]), CONTEXT);

    const puts = dynamoMock.commandCalls(PutItemCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.TableName)).to.deep.equal([
      "inspector-findings-notify-idempotency",
      "inspector-findings-notify-idempotency",
    ]);
    const ids = puts.map((p) => p.Item?.id?.S);
    expect(ids[0]).to.not.equal(ids[1]);
    expect(snsMock.commandCalls(PublishCommand)).to.have.length(2);
  });

  it("does not publish a redelivered finding update twice", async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: "1" });
    dynamoMock.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: "The conditional request failed",
        $metadata: {},
        Item: {
          id: { S: "inspector-findings-notify#hash" },
          status: { S: "COMPLETED" },
          expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
          data: { S: JSON.stringify({ findingArn: "arn" }) },
        },
      }),
    );
    const event = JSON.stringify(loadSample("finding-lambda-package-vulnerability.json"));

    const response = await handler(sqsEvent([event]), CONTEXT);

    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).to.have.length(0);
  });

  it("drops an event that is not an Inspector finding instead of retrying it forever", async () => {
    const coverage = JSON.stringify({
      ...loadSample("finding-lambda-package-vulnerability.json"),
      "detail-type": "Inspector2 Coverage",
    });

    const response = await handler(sqsEvent([coverage]), CONTEXT);

    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).to.have.length(0);
  });
});
