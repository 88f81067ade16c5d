import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { createNotifyHandler, FLUSH_MESSAGE_KIND } from "../../functions/lib/notify";
import {
  MAX_LISTED_RESOURCES,
  NotifyStateStore,
  resourceLineAttribute,
} from "../../functions/lib/notifyState";
import { loadSample, type SampleEvent, variant } from "../helpers/events";
import { FakeDynamoTable } from "../helpers/fakeDynamoTable";

const TABLE = "inspector-findings-notify-state";
const TOPIC = "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings";
const FLUSH_QUEUE = "https://sqs.us-east-1.amazonaws.com/222222222222/inspector-triage-flush";
const CVE = "CVE-2026-0001";

// Client INSTANCES, mocked for the whole file: nothing else uses them.
const dynamo = new DynamoDBClient({ region: "us-east-1" });
const sns = new SNSClient({ region: "us-east-1" });
const sqs = new SQSClient({ region: "us-east-1" });
const dynamoMock = mockClient(dynamo);
const snsMock = mockClient(sns);
const sqsMock = mockClient(sqs);

const CONTEXT = {
  functionName: "inspector-findings-notify",
  awsRequestId: "req-1",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** 2026-01-05 at 10:mm:ss UTC, epoch milliseconds. */
const at = (minute: number, second = 0) => Date.UTC(2026, 0, 5, 10, minute, second);

let table: FakeDynamoTable;
let clock: number;
let flushes: SendMessageCommandInput[];

function handlerWith(windowMinutes: number) {
  return createNotifyHandler({
    state: new NotifyStateStore(dynamo, TABLE),
    sns,
    sqs,
    topicArn: TOPIC,
    flushQueueUrl: FLUSH_QUEUE,
    windowMinutes,
    logger: new Logger({ serviceName: "test", logLevel: "SILENT" }),
    now: () => clock,
  });
}

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

/** A finding event: finding `id` on `instance`, for CVE and package, ACTIVE HIGH by default. */
function finding(
  id: string,
  instance: string,
  detail: Record<string, unknown> = {},
  cve = CVE,
  pkg = "openssl",
): SampleEvent {
  const sample = loadSample("finding-ec2-package-vulnerability.json");
  const d = sample.detail as {
    resources: Record<string, unknown>[];
    packageVulnerabilityDetails: Record<string, unknown>;
  };
  return variant(
    "finding-ec2-package-vulnerability.json",
    {},
    {
      findingArn: `arn:aws:inspector2:eu-central-1:123456789012:finding/${id}`,
      status: "ACTIVE",
      severity: "HIGH",
      fixAvailable: "YES",
      exploitAvailable: "NO",
      title: `${cve} - ${pkg}`,
      updatedAt: "Mon Jan 05 10:00:00.000 UTC 2026",
      resources: [{ ...d.resources[0], id: instance }],
      packageVulnerabilityDetails: {
        ...d.packageVulnerabilityDetails,
        vulnerabilityId: cve,
        vulnerablePackages: [{ name: pkg, version: "3.0.2" }],
      },
      ...detail,
    },
  );
}

const bodies = (events: SampleEvent[]) => events.map((e) => JSON.stringify(e));

/** Delivers the flush messages sent so far (and forgets them), at the current clock. */
async function deliverFlushes(handler: ReturnType<typeof handlerWith>) {
  const pending = flushes.map((f) => f.MessageBody ?? "");
  flushes = [];
  return handler(sqsEvent(pending), CONTEXT);
}

/** The response, or the failure Powertools throws when every record of the batch failed. */
async function outcome(response: Promise<unknown>): Promise<unknown> {
  try {
    return await response;
  } catch (error) {
    if (error instanceof FullBatchFailureError) {
      return `all ${error.recordErrors.length} failed: ${error.recordErrors.map((e) => e.name).join(", ")}`;
    }
    throw error;
  }
}

const published = () =>
  snsMock.commandCalls(PublishCommand).map((c) => ({
    subject: c.args[0].input.Subject,
    body: c.args[0].input.Message ?? "",
  }));

describe("notify handler", () => {
  beforeEach(() => {
    dynamoMock.reset();
    snsMock.reset();
    sqsMock.reset();
    table = new FakeDynamoTable(TABLE);
    table.install(dynamoMock);
    snsMock.on(PublishCommand).resolves({ MessageId: "1" });
    flushes = [];
    sqsMock.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => {
      flushes.push(input);
      return { MessageId: `flush-${flushes.length}` };
    });
    clock = at(0, 10);
  });

  describe("grouping (5-minute window)", () => {
    it("sends one message for 10 events of one CVE and package on 3 instances in one window, listing the 3 resources", async () => {
      const handler = handlerWith(5);
      const resent = (id: string, instance: string, minute: number) =>
        finding(id, instance, { updatedAt: `Mon Jan 05 10:0${minute}:00.000 UTC 2026` });

      const first = await handler(
        sqsEvent(
          bodies([
            finding("f-1", "i-00000001"),
            finding("f-2", "i-00000002"),
            resent("f-1", "i-00000001", 1),
            finding("f-3", "i-00000003"),
            resent("f-2", "i-00000002", 1),
          ]),
        ),
        CONTEXT,
      );
      clock = at(3, 30);
      const second = await handler(
        sqsEvent(
          bodies([
            resent("f-3", "i-00000003", 2),
            resent("f-1", "i-00000001", 3),
            // A change a person cares about: the group's line and severity follow it.
            finding("f-2", "i-00000002", { severity: "CRITICAL" }),
            finding("f-2", "i-00000002", {
              severity: "CRITICAL",
              updatedAt: "Mon Jan 05 10:03:00.000 UTC 2026",
            }),
            resent("f-3", "i-00000003", 3),
          ]),
        ),
        CONTEXT,
      );

      expect([first, second]).to.deep.equal([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
      expect(table.keys("group#")).to.deep.equal([`group#${CVE}|openssl#2026-01-05T10:00:00.000Z`]);
      expect(flushes).to.deep.equal([
        {
          QueueUrl: FLUSH_QUEUE,
          MessageBody: JSON.stringify({
            kind: FLUSH_MESSAGE_KIND,
            groupKey: `group#${CVE}|openssl#2026-01-05T10:00:00.000Z`,
          }),
          // From 10:00:10 to the window's end at 10:05:00.
          DelaySeconds: 290,
        },
      ]);
      expect(published()).to.deep.equal([]);

      clock = at(5, 0);
      expect(await deliverFlushes(handler)).to.deep.equal({ batchItemFailures: [] });
      expect(published()).to.deep.equal([
        {
          subject: `[CRITICAL] ${CVE} in openssl: 3 resources`,
          body: [
            `${CVE} (openssl), most severe: CRITICAL, since 2026-01-05T10:00:00.000Z`,
            "",
            "- CRITICAL AWS_EC2_INSTANCE i-00000002 (account 123456789012, eu-central-1)",
            "- HIGH AWS_EC2_INSTANCE i-00000001 (account 123456789012, eu-central-1)",
            "- HIGH AWS_EC2_INSTANCE i-00000003 (account 123456789012, eu-central-1)",
          ].join("\n"),
        },
      ]);
      expect(snsMock.commandCalls(PublishCommand)[0].args[0].input).to.deep.include({
        TopicArn: TOPIC,
        MessageAttributes: {
          messageType: { DataType: "String", StringValue: "finding-group" },
          severity: { DataType: "String", StringValue: "CRITICAL" },
          vulnerabilityId: { DataType: "String", StringValue: CVE },
        },
      });
    });

    it("does not notify again for an event re-sent with a new updatedAt for an unchanged finding", async () => {
      const handler = handlerWith(5);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(5);
      await deliverFlushes(handler);

      clock = at(20);
      const response = await handler(
        sqsEvent(
          bodies([finding("f-1", "i-00000001", { updatedAt: "Mon Jan 05 10:19:00.000 UTC 2026" })]),
        ),
        CONTEXT,
      );

      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(table.keys("group#")).to.deep.equal([`group#${CVE}|openssl#2026-01-05T10:00:00.000Z`]);
      expect(flushes).to.deep.equal([]);
      expect(published().map((p) => p.subject)).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 1 resource`,
      ]);
    });

    it("notifies again, in a later window, when a finding's exploit or fix flag changes", async () => {
      const handler = handlerWith(5);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(5);
      await deliverFlushes(handler);
      clock = at(20);
      await handler(
        sqsEvent(
          bodies([
            finding("f-1", "i-00000001", {
              exploitAvailable: "YES",
              updatedAt: "Mon Jan 05 10:19:00.000 UTC 2026",
            }),
          ]),
        ),
        CONTEXT,
      );
      clock = at(25);
      await deliverFlushes(handler);
      clock = at(40);
      await handler(
        sqsEvent(
          bodies([
            finding("f-1", "i-00000001", {
              exploitAvailable: "YES",
              fixAvailable: "NO",
              updatedAt: "Mon Jan 05 10:39:00.000 UTC 2026",
            }),
          ]),
        ),
        CONTEXT,
      );
      clock = at(45);
      await deliverFlushes(handler);
      expect(table.keys("group#")).to.deep.equal([
        `group#${CVE}|openssl#2026-01-05T10:00:00.000Z`,
        `group#${CVE}|openssl#2026-01-05T10:20:00.000Z`,
        `group#${CVE}|openssl#2026-01-05T10:40:00.000Z`,
      ]);
      expect(published().map((p) => p.body.split("\n")[0])).to.deep.equal([
        `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:00:00.000Z`,
        `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:20:00.000Z`,
        `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:40:00.000Z`,
      ]);
    });

    it("never notifies a suppressed finding, and notifies it again once it is ACTIVE", async () => {
      const handler = handlerWith(5);
      await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001", { status: "SUPPRESSED" })])),
        CONTEXT,
      );
      expect([table.keys("group#"), flushes, published()]).to.deep.equal([[], [], []]);

      clock = at(7);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(10);
      await deliverFlushes(handler);
      expect(published().map((p) => p.subject)).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 1 resource`,
      ]);
    });

    it("never notifies a closed finding", async () => {
      const handler = handlerWith(5);
      await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001", { status: "CLOSED" })])),
        CONTEXT,
      );
      expect([table.keys("group#"), flushes, published()]).to.deep.equal([[], [], []]);
    });

    it("notifies a finding that reopens after CLOSED (the triage rule routes CLOSED events)", async () => {
      const handler = handlerWith(5);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(10);
      await deliverFlushes(handler);
      clock = at(12);
      await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001", { status: "CLOSED" })])),
        CONTEXT,
      );
      clock = at(17);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(20);
      await deliverFlushes(handler);
      expect(published().map((p) => p.subject)).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 1 resource`,
        `[HIGH] ${CVE} in openssl: 1 resource`,
      ]);
    });

    it("sends one message per window: findings of the same CVE and package in two windows", async () => {
      const handler = handlerWith(5);
      clock = at(1);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(7);
      await handler(sqsEvent(bodies([finding("f-2", "i-00000002")])), CONTEXT);

      expect(flushes.map((f) => f.DelaySeconds)).to.deep.equal([240, 180]);
      clock = at(10);
      await deliverFlushes(handler);
      expect(published()).to.deep.equal([
        {
          subject: `[HIGH] ${CVE} in openssl: 1 resource`,
          body: [
            `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:00:00.000Z`,
            "",
            "- HIGH AWS_EC2_INSTANCE i-00000001 (account 123456789012, eu-central-1)",
          ].join("\n"),
        },
        {
          subject: `[HIGH] ${CVE} in openssl: 1 resource`,
          body: [
            `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:05:00.000Z`,
            "",
            "- HIGH AWS_EC2_INSTANCE i-00000002 (account 123456789012, eu-central-1)",
          ].join("\n"),
        },
      ]);
    });

    it("keeps CVEs and packages apart within a window", async () => {
      const handler = handlerWith(5);
      await handler(
        sqsEvent(
          bodies([
            finding("f-1", "i-00000001"),
            finding("f-2", "i-00000001", {}, CVE, "libssl3"),
            finding("f-3", "i-00000001", {}, "CVE-2026-0002", "openssl"),
          ]),
        ),
        CONTEXT,
      );
      expect(table.keys("group#")).to.deep.equal([
        `group#${CVE}|libssl3#2026-01-05T10:00:00.000Z`,
        `group#${CVE}|openssl#2026-01-05T10:00:00.000Z`,
        "group#CVE-2026-0002|openssl#2026-01-05T10:00:00.000Z",
      ]);
      expect(flushes).to.have.length(3);
    });

    it("publishes a redelivered flush once", async () => {
      const handler = handlerWith(5);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      const flush = flushes[0].MessageBody ?? "";
      clock = at(5);

      const responses = [
        await handler(sqsEvent([flush]), CONTEXT),
        await handler(sqsEvent([flush]), CONTEXT),
        await handler(sqsEvent([flush, flush]), CONTEXT),
      ];

      expect(responses).to.deep.equal([
        { batchItemFailures: [] },
        { batchItemFailures: [] },
        { batchItemFailures: [] },
      ]);
      expect(published()).to.have.length(1);
    });

    it("retries a flush whose publish failed, after its lease, and publishes it once", async () => {
      const handler = handlerWith(5);
      await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001"), finding("f-2", "i-00000002")])),
        CONTEXT,
      );
      const flush = flushes[0].MessageBody ?? "";
      snsMock.reset();
      snsMock.on(PublishCommand).rejectsOnce(new Error("KMS access denied")).resolves({});
      clock = at(5);

      const failed = await outcome(handler(sqsEvent([flush, flush]), CONTEXT));
      // Redelivered before the lease ends (another invocation could still be publishing).
      clock = at(6);
      const early = await outcome(handler(sqsEvent([flush]), CONTEXT));
      // After the visibility timeout (180 s), past the lease (120 s).
      clock = at(8);
      const retried = await handler(sqsEvent([flush]), CONTEXT);

      // Every record failed: Powertools fails the invocation, and SQS redelivers both.
      expect([failed, early, retried]).to.deep.equal([
        "all 2 failed: Error, GroupBusyError",
        "all 1 failed: GroupBusyError",
        { batchItemFailures: [] },
      ]);
      expect(
        snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject),
      ).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 2 resources`,
        `[HIGH] ${CVE} in openssl: 2 resources`,
      ]);
    });

    it("puts a finding that arrives after its group's flush started in the next window", async () => {
      const handler = handlerWith(5);
      clock = at(4, 50);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      const first = flushes[0].MessageBody ?? "";
      clock = at(5);
      await handler(sqsEvent([first]), CONTEXT);
      // Processed with a clock still in the first window (another invocation's), after its flush.
      clock = at(4, 59);
      flushes = [];
      await handler(sqsEvent(bodies([finding("f-2", "i-00000002")])), CONTEXT);

      expect(table.keys("group#")).to.deep.equal([
        `group#${CVE}|openssl#2026-01-05T10:00:00.000Z`,
        `group#${CVE}|openssl#2026-01-05T10:05:00.000Z`,
      ]);
      expect(flushes.map((f) => f.DelaySeconds)).to.deep.equal([301]);
      clock = at(10);
      await deliverFlushes(handler);
      expect(published().map((p) => p.body.split("\n")[0])).to.deep.equal([
        `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:00:00.000Z`,
        `${CVE} (openssl), most severe: HIGH, since 2026-01-05T10:05:00.000Z`,
      ]);
    });

    // At the list's bound (MAX_LISTED_RESOURCES): 25 resources are all listed, the rest counted.
    for (const count of [25, 26, 27]) {
      it(`lists ${count} resources ${count > 25 ? "as 25 and a count" : "in full"}`, async () => {
        const handler = handlerWith(15);
        const events = Array.from({ length: count }, (_, i) =>
          finding(`f-${i}`, `i-${String(i).padStart(8, "0")}`),
        );
        for (let i = 0; i < events.length; i += 10) {
          await handler(sqsEvent(bodies(events.slice(i, i + 10))), CONTEXT);
        }
        clock = at(15);
        await deliverFlushes(handler);

        const [message] = published();
        const lines = message.body.split("\n");
        expect([message.subject, lines.length, lines[2], lines[lines.length - 1]]).to.deep.equal([
          `[HIGH] ${CVE} in openssl: ${count} resources`,
          count > 25 ? 2 + 25 + 1 : 2 + 25,
          "- HIGH AWS_EC2_INSTANCE i-00000000 (account 123456789012, eu-central-1)",
          count > 25
            ? `- and ${count - 25} more`
            : "- HIGH AWS_EC2_INSTANCE i-00000024 (account 123456789012, eu-central-1)",
        ]);
      });
    }

    it("fails only the throttled record, and loses nothing: its retry joins the group", async () => {
      const handler = handlerWith(5);
      table.failNext(
        "UpdateItem",
        new ProvisionedThroughputExceededException({ message: "throttled", $metadata: {} }),
      );

      const response = await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001"), finding("f-2", "i-00000002")])),
        CONTEXT,
      );
      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m-0" }] });
      // Nothing recorded for the failed finding: its retry is not "unchanged".
      expect(table.keys("finding#")).to.deep.equal([
        "finding#arn:aws:inspector2:eu-central-1:123456789012:finding/f-2",
      ]);

      clock = at(1);
      await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      clock = at(5);
      await deliverFlushes(handler);
      expect(published().map((p) => p.subject)).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 2 resources`,
      ]);
    });

    it("fails a record whose flush could not be scheduled, and schedules it on the retry", async () => {
      const handler = handlerWith(5);
      sqsMock.reset();
      sqsMock
        .on(SendMessageCommand)
        .rejectsOnce(new Error("SQS unavailable"))
        .callsFake((input: SendMessageCommandInput) => {
          flushes.push(input);
          return { MessageId: "flush" };
        });

      const failed = await handler(
        sqsEvent(bodies([finding("f-1", "i-00000001"), finding("f-2", "i-00000002")])),
        CONTEXT,
      );
      expect(failed).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m-0" }] });
      const retried = await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
      expect(retried).to.deep.equal({ batchItemFailures: [] });

      clock = at(5);
      await deliverFlushes(handler);
      expect(published().map((p) => p.subject)).to.deep.equal([
        `[HIGH] ${CVE} in openssl: 2 resources`,
      ]);
    });
  });

  describe("no grouping (window 0)", () => {
    it("publishes one message per finding and reports only the failed one back to the queue", async () => {
      const handler = handlerWith(0);
      snsMock.reset();
      snsMock
        .on(PublishCommand)
        .resolvesOnce({ MessageId: "1" })
        .rejectsOnce(new Error("KMS access denied"))
        .resolves({ MessageId: "3" });
      const lambda = JSON.stringify(loadSample("finding-lambda-package-vulnerability.json"));
      const critical = JSON.stringify(
        variant("finding-ecr-package-vulnerability.json", {}, { severity: "CRITICAL" }),
      );

      const response = await handler(sqsEvent([lambda, critical]), CONTEXT);

      expect(response).to.deep.equal({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
      expect(
        snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject),
      ).to.deep.equal([
        "[HIGH] CVE-2023-30861 - flask in 123456789012 eu-central-1",
        "[CRITICAL] CVE-2024-6119 - libssl3t64, openssl in 123456789012 eu-central-1",
      ]);
      expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.TopicArn).to.equal(TOPIC);
      expect(
        snsMock.commandCalls(PublishCommand)[0].args[0].input.MessageAttributes?.messageType,
      ).to.deep.equal({ DataType: "String", StringValue: "finding" });
      expect(flushes).to.deep.equal([]);
      expect(table.keys("group#")).to.deep.equal([]);
    });

    it("publishes three findings of one CVE as three messages, and a re-sent unchanged one not again", async () => {
      const handler = handlerWith(0);
      await handler(
        sqsEvent(
          bodies([
            finding("f-1", "i-00000001"),
            finding("f-2", "i-00000002"),
            finding("f-3", "i-00000003"),
            finding("f-1", "i-00000001", { updatedAt: "Mon Jan 05 10:09:00.000 UTC 2026" }),
            finding("f-4", "i-00000004", { status: "SUPPRESSED" }),
          ]),
        ),
        CONTEXT,
      );
      expect(snsMock.commandCalls(PublishCommand)).to.have.length(3);
      expect(flushes).to.deep.equal([]);
    });
  });

  it("records each finding's fingerprint with an expiry", async () => {
    const handler = handlerWith(0);
    await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);
    expect(
      table.item("finding#arn:aws:inspector2:eu-central-1:123456789012:finding/f-1"),
    ).to.deep.equal({
      pk: { S: "finding#arn:aws:inspector2:eu-central-1:123456789012:finding/f-1" },
      fingerprint: {
        S: "arn:aws:inspector2:eu-central-1:123456789012:finding/f-1|ACTIVE|HIGH|YES|NO",
      },
      recordedAt: { S: "2026-01-05T10:00:10.000Z" },
      expiresAt: { N: String(Math.floor(at(0, 10) / 1000) + 30 * 86_400) },
      // The event's updatedAt, 2026-01-05T10:00:00Z, in epoch milliseconds.
      findingUpdatedAt: { N: "1767607200000" },
    });
  });

  it("adds a resource to its group with one conditional write: bounded list, closed groups refused", async () => {
    const handler = handlerWith(5);
    const arn = "arn:aws:inspector2:eu-central-1:123456789012:finding/f-1";
    const line = resourceLineAttribute(arn);
    await handler(sqsEvent(bodies([finding("f-1", "i-00000001")])), CONTEXT);

    expect(dynamoMock.commandCalls(UpdateItemCommand)[0].args[0].input).to.deep.equal({
      TableName: TABLE,
      Key: { pk: { S: `group#${CVE}|openssl#2026-01-05T10:00:00.000Z` } },
      UpdateExpression:
        "SET #line = :line, #cve = if_not_exists(#cve, :cve), #pkg = if_not_exists(#pkg, :pkg), " +
        "#start = if_not_exists(#start, :start), #exp = if_not_exists(#exp, :exp), " +
        "#fq = if_not_exists(#fq, :false) ADD #listed :hashes, #sev :sev",
      ConditionExpression:
        "attribute_not_exists(#closed) AND (attribute_not_exists(#listed) OR " +
        "size(#listed) < :max OR contains(#listed, :hash))",
      ExpressionAttributeNames: {
        "#cve": "vulnerabilityId",
        "#pkg": "packageName",
        "#start": "windowStart",
        "#exp": "expiresAt",
        "#fq": "flushQueued",
        "#sev": "severities",
        "#closed": "closedAt",
        "#line": line,
        "#listed": "listed",
      },
      ExpressionAttributeValues: {
        ":cve": { S: CVE },
        ":pkg": { S: "openssl" },
        ":start": { S: "2026-01-05T10:00:00.000Z" },
        ":exp": { N: String(Date.UTC(2026, 0, 12, 10) / 1000) },
        ":false": { BOOL: false },
        ":sev": { SS: ["HIGH"] },
        ":line": {
          M: {
            findingArn: { S: arn },
            accountId: { S: "123456789012" },
            region: { S: "eu-central-1" },
            resourceType: { S: "AWS_EC2_INSTANCE" },
            resourceId: { S: "i-00000001" },
            severity: { S: "HIGH" },
          },
        },
        ":hashes": { SS: [line.slice(2)] },
        ":hash": { S: line.slice(2) },
        ":max": { N: String(MAX_LISTED_RESOURCES) },
      },
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("drops an event that is not an Inspector finding instead of retrying it forever", async () => {
    const handler = handlerWith(5);
    const coverage = JSON.stringify({
      ...loadSample("finding-lambda-package-vulnerability.json"),
      "detail-type": "Inspector2 Coverage",
    });

    const response = await handler(sqsEvent([coverage, "not json"]), CONTEXT);

    expect(response).to.deep.equal({ batchItemFailures: [] });
    expect([published(), flushes, table.keys()]).to.deep.equal([[], [], []]);
  });
});
