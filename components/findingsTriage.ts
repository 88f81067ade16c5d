/** The triage route's consumer: queue -> notify function -> findings topic, grouped by CVE. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NOTIFY_STATE_KEYS } from "../functions/lib/notifyState";
import { buildNotifyFunctionPolicy } from "../lib/findingsPolicies";
import { MAX_GROUP_WINDOW_MINUTES } from "../lib/noise/grouping";
import { TOKEN_PREFIX } from "./common";
import { EventDeadLetterQueue } from "./eventDeadLetterQueue";
import { FindingsFunction, lambdaLogGroupArn } from "./findingsFunction";

/** Arguments of {@link FindingsTriage}. */
export interface FindingsTriageArgs {
  /** The home Region. */
  readonly region: string;
  readonly accountId: string;
  /** The topic findings are published to. */
  readonly findingsTopicArn: pulumi.Input<string>;
  /** The key of the topics and log groups. */
  readonly keyArn: pulumi.Input<string>;
  /** The topic the dead-letter alarm notifies. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /**
   * Minutes over which findings of one CVE and package become one notification (0-15; 0 sends
   * one per finding). Defaults to 5.
   */
  readonly notificationGroupWindowMinutes?: number;
}

/** The notify function's name. */
export const NOTIFY_FUNCTION_NAME = "inspector-findings-notify";
/** Deliveries before a message moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/** The function's timeout; the queues' visibility timeout is six times it (Lambda guidance). */
export const NOTIFY_TIMEOUT_SECONDS = 30;
/**
 * The most notify instances each queue's mapping runs at once (`scalingConfig.maximumConcurrency`,
 * 2 to 1000: CloudFormation reference, AWS::Lambda::EventSourceMapping ScalingConfig). Each
 * mapping is bounded on its own, so the flush queue never waits behind a burst of findings; the
 * function has no reserved concurrency (see FindingsFunction).
 */
export const NOTIFY_MAX_CONCURRENCY = { findings: 5, flush: 2 } as const;
/** The default grouping window, in minutes. */
export const DEFAULT_GROUP_WINDOW_MINUTES = 5;

/**
 * The triage queue (SSE-SQS, redrive to an alarmed DLQ) that the triage rule targets; the flush
 * queue (the same) on which the notify function schedules each notification group's message with
 * a delay until its window closes; the notification state table (finding fingerprints and groups:
 * on-demand, encrypted, TTL, point-in-time recovery); and the notify function reading both queues
 * in batches with partial batch responses. The flush queue exists with a window of 0 too, so
 * changing the window changes one environment variable, not the resources.
 *
 * @example
 * new FindingsTriage("inspector-triage", { region: "us-east-1", accountId: "222222222222",
 *   findingsTopicArn, keyArn, alarmTopicArn, notificationGroupWindowMinutes: 5 },
 *   { provider: delegatedAdmin });
 */
export class FindingsTriage extends pulumi.ComponentResource {
  public readonly queue: aws.sqs.Queue;
  public readonly deadLetterQueue: EventDeadLetterQueue;
  /** Delayed messages, one per notification group, that make the function publish it. */
  public readonly flushQueue: aws.sqs.Queue;
  public readonly flushDeadLetterQueue: EventDeadLetterQueue;
  public readonly notifier: FindingsFunction;
  /** The notify function's state: one fingerprint per finding, one item per notification group. */
  public readonly stateTable: aws.dynamodb.Table;

  constructor(name: string, args: FindingsTriageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsTriage`, name, {}, opts);
    const { region, accountId } = args;
    const windowMinutes = args.notificationGroupWindowMinutes ?? DEFAULT_GROUP_WINDOW_MINUTES;
    if (
      !Number.isInteger(windowMinutes) ||
      windowMinutes < 0 ||
      windowMinutes > MAX_GROUP_WINDOW_MINUTES
    ) {
      throw new pulumi.ResourceError(
        `notificationGroupWindowMinutes (${windowMinutes}) is not a whole number of minutes from 0 to ${MAX_GROUP_WINDOW_MINUTES} (the longest SQS message delay); pass 0-${MAX_GROUP_WINDOW_MINUTES}`,
        this,
      );
    }
    const queue = (queueName: string, deadLetterQueue: EventDeadLetterQueue) =>
      new aws.sqs.Queue(
        queueName,
        {
          region,
          name: queueName,
          sqsManagedSseEnabled: true,
          visibilityTimeoutSeconds: NOTIFY_TIMEOUT_SECONDS * 6,
          messageRetentionSeconds: 4 * 24 * 60 * 60,
          redrivePolicy: deadLetterQueue.queue.arn.apply((deadLetterTargetArn) =>
            JSON.stringify({ deadLetterTargetArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
          ),
        },
        { parent: this },
      );
    const deadLetterQueue = (dlqName: string) =>
      new EventDeadLetterQueue(
        dlqName,
        { region, ruleArns: [], alarmTopicArn: args.alarmTopicArn, isEventBridgeQueue: false },
        { parent: this },
      );
    this.deadLetterQueue = deadLetterQueue(`${name}-queue-dlq`);
    this.queue = queue(`${name}-queue`, this.deadLetterQueue);
    this.flushDeadLetterQueue = deadLetterQueue(`${name}-flush-dlq`);
    this.flushQueue = queue(`${name}-flush`, this.flushDeadLetterQueue);
    this.stateTable = new aws.dynamodb.Table(
      `${name}-notify-state`,
      {
        region,
        name: `${NOTIFY_FUNCTION_NAME}-state`,
        billingMode: "PAY_PER_REQUEST",
        hashKey: NOTIFY_STATE_KEYS.partitionKey,
        attributes: [{ name: NOTIFY_STATE_KEYS.partitionKey, type: "S" }],
        // Fingerprints expire after 30 days, groups 7 days after their window.
        ttl: { attributeName: NOTIFY_STATE_KEYS.ttlAttribute, enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      },
      { parent: this },
    );
    this.notifier = new FindingsFunction(
      `${name}-notify`,
      {
        region,
        functionName: NOTIFY_FUNCTION_NAME,
        bundle: "notify",
        timeoutSeconds: NOTIFY_TIMEOUT_SECONDS,
        logKeyArn: args.keyArn,
        logRetentionDays: args.logRetentionDays,
        environment: {
          FINDINGS_TOPIC_ARN: args.findingsTopicArn,
          NOTIFY_STATE_TABLE: this.stateTable.name,
          FLUSH_QUEUE_URL: this.flushQueue.url,
          NOTIFICATION_GROUP_WINDOW_MINUTES: String(windowMinutes),
        },
        policy: pulumi
          .all([
            this.queue.arn,
            this.flushQueue.arn,
            args.findingsTopicArn,
            args.keyArn,
            this.stateTable.arn,
          ])
          .apply(([queueArn, flushQueueArn, topicArn, keyArn, tableArn]) =>
            JSON.stringify(
              buildNotifyFunctionPolicy({
                queueArn,
                flushQueueArn,
                topicArn,
                keyArn,
                tableArn,
                logGroupArn: lambdaLogGroupArn(region, accountId, NOTIFY_FUNCTION_NAME),
              }),
            ),
          ),
      },
      { parent: this },
    );
    new aws.lambda.EventSourceMapping(
      `${name}-notify`,
      {
        region,
        eventSourceArn: this.queue.arn,
        functionName: this.notifier.function.name,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 5,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: NOTIFY_MAX_CONCURRENCY.findings },
      },
      { parent: this },
    );
    // Flushes are already delayed to their window's end: no batching window on top.
    new aws.lambda.EventSourceMapping(
      `${name}-notify-flush`,
      {
        region,
        eventSourceArn: this.flushQueue.arn,
        functionName: this.notifier.function.name,
        batchSize: 10,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: NOTIFY_MAX_CONCURRENCY.flush },
      },
      { parent: this },
    );
    this.registerOutputs({
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      flushQueue: this.flushQueue,
      flushDeadLetterQueue: this.flushDeadLetterQueue,
      notifier: this.notifier,
      stateTable: this.stateTable,
    });
  }
}
