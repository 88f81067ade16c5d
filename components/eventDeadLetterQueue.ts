/** A dead-letter queue for EventBridge targets, with an alarm on its depth. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildEventQueuePolicy } from "../lib/findingsPolicies";
import { TOKEN_PREFIX } from "./common";

/** Arguments of {@link EventDeadLetterQueue}. */
export interface EventDeadLetterQueueArgs {
  /** The Region of the queue; EventBridge needs the DLQ in the rule's Region. */
  readonly region: string;
  /** The rules whose targets dead-letter here; only they may send. */
  readonly ruleArns: pulumi.Input<string>[];
  /** The SNS topic (same Region) the alarm notifies. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** How long undelivered events are kept, in seconds. Defaults to 14 days, the SQS maximum. */
  readonly messageRetentionSeconds?: number;
  /** Whether EventBridge (rather than another service) sends to the queue. Defaults to true. */
  readonly isEventBridgeQueue?: boolean;
}

/** The SQS maximum retention: time to read and redrive what failed. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/**
 * SSE-SQS (EventBridge cannot send to a queue encrypted with the AWS managed SQS key, and
 * SQS-managed keys need no key policy), a queue policy letting only events.amazonaws.com send
 * under the rules' ARNs, and an alarm when any message is visible: one undelivered event is a
 * finding nobody handles.
 *
 * @example
 * new EventDeadLetterQueue("inspector-triage-dlq", { region: "us-east-1",
 *   ruleArns: [rule.arn], alarmTopicArn: operations.arn }, { provider });
 */
export class EventDeadLetterQueue extends pulumi.ComponentResource {
  public readonly queue: aws.sqs.Queue;
  public readonly alarm: aws.cloudwatch.MetricAlarm;

  constructor(
    name: string,
    args: EventDeadLetterQueueArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:EventDeadLetterQueue`, name, {}, opts);
    const { region } = args;
    this.queue = new aws.sqs.Queue(
      name,
      {
        region,
        name,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: args.messageRetentionSeconds ?? DLQ_RETENTION_SECONDS,
      },
      { parent: this },
    );
    if (args.isEventBridgeQueue ?? true) {
      new aws.sqs.QueuePolicy(
        name,
        {
          region,
          queueUrl: this.queue.url,
          policy: pulumi
            .all([this.queue.arn, pulumi.all(args.ruleArns)])
            .apply(([queueArn, ruleArns]) =>
              JSON.stringify(buildEventQueuePolicy(queueArn, ruleArns)),
            ),
        },
        { parent: this },
      );
    }
    this.alarm = new aws.cloudwatch.MetricAlarm(
      name,
      {
        region,
        name,
        alarmDescription: `Undelivered Inspector events in ${name}; see the README runbook "Dead-letter alarm".`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: this.queue.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [args.alarmTopicArn],
        okActions: [args.alarmTopicArn],
      },
      { parent: this },
    );
    this.registerOutputs({ queue: this.queue, alarm: this.alarm });
  }
}
