/** The triage route's consumer: queue -> notify function -> findings topic. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildNotifyFunctionPolicy } from "../lib/findingsPolicies";
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
}

/** The notify function's name. */
export const NOTIFY_FUNCTION_NAME = "inspector-findings-notify";
/** Deliveries before a message moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/** The function's timeout; the queue's visibility timeout is six times it (Lambda guidance). */
export const NOTIFY_TIMEOUT_SECONDS = 30;

/**
 * The triage queue (SSE-SQS, redrive to an alarmed DLQ) that the triage rule targets, and the
 * notify function reading it in batches with partial batch responses.
 *
 * @example
 * new FindingsTriage("inspector-triage", { region: "us-east-1", accountId: "222222222222",
 *   findingsTopicArn, keyArn, alarmTopicArn }, { provider: delegatedAdmin });
 */
export class FindingsTriage extends pulumi.ComponentResource {
  public readonly queue: aws.sqs.Queue;
  public readonly deadLetterQueue: EventDeadLetterQueue;
  public readonly notifier: FindingsFunction;
  /** Powertools idempotency records: one per finding update published. */
  public readonly idempotencyTable: aws.dynamodb.Table;

  constructor(name: string, args: FindingsTriageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsTriage`, name, {}, opts);
    const { region, accountId } = args;
    this.deadLetterQueue = new EventDeadLetterQueue(
      `${name}-queue-dlq`,
      { region, ruleArns: [], alarmTopicArn: args.alarmTopicArn, isEventBridgeQueue: false },
      { parent: this },
    );
    this.queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        region,
        name: `${name}-queue`,
        sqsManagedSseEnabled: true,
        visibilityTimeoutSeconds: NOTIFY_TIMEOUT_SECONDS * 6,
        messageRetentionSeconds: 4 * 24 * 60 * 60,
        redrivePolicy: this.deadLetterQueue.queue.arn.apply((deadLetterTargetArn) =>
          JSON.stringify({ deadLetterTargetArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
        ),
      },
      { parent: this },
    );
    this.idempotencyTable = new aws.dynamodb.Table(
      `${name}-idempotency`,
      {
        region,
        name: `${NOTIFY_FUNCTION_NAME}-idempotency`,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        // Powertools' default expiry attribute; records expire after seven days.
        ttl: { attributeName: "expiration", enabled: true },
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
          IDEMPOTENCY_TABLE: this.idempotencyTable.name,
        },
        policy: pulumi
          .all([this.queue.arn, args.findingsTopicArn, args.keyArn, this.idempotencyTable.arn])
          .apply(([queueArn, topicArn, keyArn, tableArn]) =>
            JSON.stringify(
              buildNotifyFunctionPolicy({
                queueArn,
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
      },
      { parent: this },
    );
    this.registerOutputs({
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      notifier: this.notifier,
      idempotencyTable: this.idempotencyTable,
    });
  }
}
