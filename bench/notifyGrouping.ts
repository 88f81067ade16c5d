/**
 * The notification grouping as the notify function does it, for benchmarks: the production
 * handler (functions/lib/notify.ts) over its state store on an in-memory table that evaluates
 * the conditions (test/helpers/fakeDynamoTable.ts), with SNS and SQS mocked. Events are delivered
 * in time order, 10 to a batch, the clock at the batch's last event; each flush message is
 * delivered once its delay has passed, the rest at the end.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { createNotifyHandler } from "../functions/lib/notify";
import { NotifyStateStore } from "../functions/lib/notifyState";
import type { InspectorEvent } from "../lib/kpis/compute";
import { parseInspectorTime } from "../lib/kpis/time";
import { FakeDynamoTable } from "../test/helpers/fakeDynamoTable";
import { sqsBatch } from "../test/helpers/remediationFakes";

const TABLE = "notify-state";
const BATCH_SIZE = 10;
const CONTEXT = {
  functionName: "inspector-findings-notify",
  awsRequestId: "bench",
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** What the grouping published. */
export interface GroupingOutcome {
  /** Group messages published (one per CVE, package and window). */
  readonly groups: number;
  /** Records the handler reported failed (0 when nothing was lost). */
  readonly failedRecords: number;
}

/** Runs `events` through the notify function with a grouping window of `windowMinutes`. */
export async function groupThroughNotify(
  events: readonly InspectorEvent[],
  windowMinutes: number,
): Promise<GroupingOutcome> {
  const dynamo = new DynamoDBClient({ region: "us-east-1" });
  const sns = new SNSClient({ region: "us-east-1" });
  const sqs = new SQSClient({ region: "us-east-1" });
  new FakeDynamoTable(TABLE).install(mockClient(dynamo));
  const snsMock = mockClient(sns);
  snsMock.on(PublishCommand).resolves({ MessageId: "1" });
  let clock = 0;
  const pending: { due: number; body: string }[] = [];
  mockClient(sqs)
    .on(SendMessageCommand)
    .callsFake((input: SendMessageCommandInput) => {
      pending.push({
        due: clock + (input.DelaySeconds ?? 0) * 1000,
        body: input.MessageBody ?? "",
      });
      return { MessageId: String(pending.length) };
    });
  const handler = createNotifyHandler({
    state: new NotifyStateStore(dynamo, TABLE),
    sns,
    sqs,
    topicArn: "arn:aws:sns:us-east-1:222222222222:bench",
    flushQueueUrl: "https://sqs.us-east-1.amazonaws.com/222222222222/bench",
    windowMinutes,
    logger: new Logger({ logLevel: "SILENT" }),
    now: () => clock,
  });
  let failedRecords = 0;
  const deliver = async (bodies: string[]) => {
    if (bodies.length > 0) {
      failedRecords += (await handler(sqsBatch(bodies), CONTEXT)).batchItemFailures.length;
    }
  };
  const deliverDue = async (upTo: number) => {
    const due = pending.filter((p) => p.due <= upTo);
    pending.splice(0, pending.length, ...pending.filter((p) => p.due > upTo));
    for (let i = 0; i < due.length; i += BATCH_SIZE) {
      await deliver(due.slice(i, i + BATCH_SIZE).map((p) => p.body));
    }
  };
  const timed = events
    .map((event) => ({ event, at: parseInspectorTime(event.time) ?? 0 }))
    .sort((a, b) => a.at - b.at);
  for (let i = 0; i < timed.length; i += BATCH_SIZE) {
    const batch = timed.slice(i, i + BATCH_SIZE);
    clock = batch[batch.length - 1].at;
    await deliverDue(clock);
    await deliver(batch.map((t) => JSON.stringify(t.event)));
  }
  // Every window has closed a day after the last event.
  clock = (timed.at(-1)?.at ?? 0) + 86_400_000;
  await deliverDue(clock);
  return { groups: snsMock.commandCalls(PublishCommand).length, failedRecords };
}
