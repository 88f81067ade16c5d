/**
 * The triage route's consumer: reads finding events from the triage queue (EventBridge -> SQS),
 * formats each for a person, and publishes it to the findings topic. Returns a partial batch
 * response so only the failed messages return to the queue (and, after maxReceiveCount, to its
 * dead-letter queue).
 *
 * EventBridge and SQS deliver at least once: a finding is published once per `findingArn` +
 * `updatedAt` (Powertools idempotency on a DynamoDB table), so a redelivery does not page twice
 * while a real state change of the finding still notifies.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { getStringFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { type FindingEvent, FindingEventSchema } from "../lib/findingEvent";
import { formatFindingMessage } from "../lib/formatFindingMessage";

const logger = new Logger({ serviceName: "inspector-notify" });
const metrics = new Metrics({ namespace: "InspectorRollout", serviceName: "inspector-notify" });
const sns = new SNSClient({ retryMode: "adaptive", maxAttempts: 5 });
const topicArn = getStringFromEnv({ key: "FINDINGS_TOPIC_ARN" });
const processor = new BatchProcessor(EventType.SQS);
const idempotency = new IdempotencyConfig({
  eventKeyJmesPath: "[detail.findingArn, detail.updatedAt]",
  expiresAfterSeconds: 7 * 24 * 60 * 60,
});
const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: getStringFromEnv({ key: "IDEMPOTENCY_TABLE" }),
  awsSdkV3Client: new DynamoDBClient({ retryMode: "adaptive", maxAttempts: 5 }),
});

/** Publishes one finding; recorded so that the same finding update is published once. */
const publishOnce = makeIdempotent(
  async (event: FindingEvent): Promise<{ findingArn: string }> => {
    const message = formatFindingMessage(event);
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: {
          severity: { DataType: "String", StringValue: event.detail.severity },
          awsAccountId: { DataType: "String", StringValue: event.detail.awsAccountId },
        },
      }),
    );
    metrics.addMetric("FindingsNotified", MetricUnit.Count, 1);
    return { findingArn: event.detail.findingArn };
  },
  { persistenceStore, config: idempotency },
);

async function handleRecord(record: SQSRecord): Promise<void> {
  const parsed = FindingEventSchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    // Not retryable: a malformed event stays malformed. Logged and dropped, counted.
    logger.error("not an Inspector2 finding event", {
      messageId: record.messageId,
      issues: parsed.error.issues,
    });
    metrics.addMetric("InvalidFindingEvents", MetricUnit.Count, 1);
    return;
  }
  const event = parsed.data;
  logger.appendKeys({ findingArn: event.detail.findingArn, accountId: event.detail.awsAccountId });
  try {
    await publishOnce(event);
    logger.info("finding handled", { severity: event.detail.severity });
  } finally {
    logger.removeKeys(["findingArn", "accountId"]);
  }
}

/** The Lambda entry point. */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  idempotency.registerLambdaContext(context);
  try {
    return await processPartialResponse(event, handleRecord, processor, { context });
  } finally {
    metrics.publishStoredMetrics();
  }
};
