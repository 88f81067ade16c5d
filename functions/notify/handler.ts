/**
 * The triage route's consumer and the notification groups' flush: reads finding events from the
 * triage queue and flush messages from the flush queue, and publishes to the findings topic,
 * grouped by CVE and package over `NOTIFICATION_GROUP_WINDOW_MINUTES` (0: one message per
 * finding). Thin: the logic is functions/lib/notify.ts, the state functions/lib/notifyState.ts.
 * Returns a partial batch response so only the failed messages return to their queue (and, after
 * maxReceiveCount, to its dead-letter queue).
 */
import { getNumberFromEnv, getStringFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { MAX_GROUP_WINDOW_MINUTES } from "../../lib/noise/grouping";
import { createNotifyHandler } from "../lib/notify";
import { NotifyStateStore } from "../lib/notifyState";

const logger = new Logger({ serviceName: "inspector-notify" });
const metrics = new Metrics({ namespace: "InspectorRollout", serviceName: "inspector-notify" });
const retry = { retryMode: "adaptive", maxAttempts: 5 } as const;
const windowMinutes = getNumberFromEnv({ key: "NOTIFICATION_GROUP_WINDOW_MINUTES" });
if (
  !Number.isInteger(windowMinutes) ||
  windowMinutes < 0 ||
  windowMinutes > MAX_GROUP_WINDOW_MINUTES
) {
  // Fail fast: the stack validates the value, so this is a hand-edited environment.
  throw new Error(
    `NOTIFICATION_GROUP_WINDOW_MINUTES (${windowMinutes}) must be a whole number of minutes, 0-${MAX_GROUP_WINDOW_MINUTES}`,
  );
}

export const handler = createNotifyHandler({
  logger,
  metrics,
  state: new NotifyStateStore(
    new DynamoDBClient(retry),
    getStringFromEnv({ key: "NOTIFY_STATE_TABLE" }),
  ),
  sns: new SNSClient(retry),
  // Requests go to the client's endpoint (the Region's, or AWS_ENDPOINT_URL_SQS), never to the
  // host a queue URL names: the SDK's default would follow FLUSH_QUEUE_URL wherever it points.
  sqs: new SQSClient({ ...retry, useQueueUrlAsEndpoint: false }),
  topicArn: getStringFromEnv({ key: "FINDINGS_TOPIC_ARN" }),
  flushQueueUrl: getStringFromEnv({ key: "FLUSH_QUEUE_URL" }),
  windowMinutes,
  now: () => Date.now(),
});
