/** Encrypted SNS topics of the findings flow in one Region, with their subscriptions. */
import * as aws from "@pulumi/aws";
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { buildNotificationKeyPolicy, buildTopicPolicy } from "../lib/findingsPolicies";
import { TOKEN_PREFIX } from "./common";

/** The subscribers of one topic. */
export interface TopicSubscribers {
  /** Email addresses. Defaults to none. */
  readonly emails?: readonly string[];
  /** https:// endpoints. Defaults to none. */
  readonly httpsEndpoints?: readonly string[];
}

/** An AWS Chatbot Slack channel that receives the findings topic. */
export interface SlackChannel {
  readonly teamId: string;
  readonly channelId: string;
}

/** Arguments of {@link FindingsNotifications}. */
export interface FindingsNotificationsArgs {
  /** The Region of the key and topics. */
  readonly region: string;
  /** The account the key policy and topic policies are scoped to (the delegated admin). */
  readonly accountId: string;
  /** Topic name suffix -> subscribers; one topic per entry (e.g. `findings`, `operations`). */
  readonly topics: Readonly<Record<string, TopicSubscribers>>;
  /** Topic name -> EventBridge rule ARNs allowed to publish to it. Defaults to none. */
  readonly publishingRuleArns?: Readonly<Record<string, pulumi.Input<string>[]>>;
  /** A Slack channel (AWS Chatbot) for the named topic. Defaults to none. */
  readonly slack?: SlackChannel & { readonly topic: string };
}

/** A stable 8-character name key for a value that cannot appear in a resource name (a URL). */
export function shortHash(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 8);
}

/**
 * Subscribes emails and https:// endpoints to a topic. Names derive from the address (an email)
 * or its hash (a URL), never from list positions, so reordering subscribers replaces nothing.
 */
export function subscribeTopic(
  prefix: string,
  region: string,
  topicArn: pulumi.Input<string>,
  subscribers: TopicSubscribers,
  opts: pulumi.CustomResourceOptions,
): void {
  for (const email of subscribers.emails ?? []) {
    new aws.sns.TopicSubscription(
      `${prefix}-${email}`,
      { region, topic: topicArn, protocol: "email", endpoint: email },
      opts,
    );
  }
  for (const url of subscribers.httpsEndpoints ?? []) {
    new aws.sns.TopicSubscription(
      `${prefix}-https-${shortHash(url)}`,
      { region, topic: topicArn, protocol: "https", endpoint: url },
      opts,
    );
  }
}

/** AWS Chatbot's read-nothing guardrail: the channel receives notifications and runs nothing. */
export const CHATBOT_GUARDRAIL_POLICY_ARN = "arn:aws:iam::aws:policy/AWSDenyAll";

/**
 * A customer-managed key (rotation on) and one topic per route. CloudWatch alarms and EventBridge
 * can publish to an encrypted topic only through a customer-managed key whose policy lets them
 * (SNS developer guide, sns-key-management), so `alias/aws/sns` will not do. The key also
 * encrypts the Region's function log groups.
 *
 * @example
 * new FindingsNotifications("inspector-notify-us-east-1", { region: "us-east-1",
 *   accountId: "222222222222", topics: { findings: { emails: ["soc@example.com"] } } },
 *   { provider: delegatedAdmin });
 */
export class FindingsNotifications extends pulumi.ComponentResource {
  public readonly key: aws.kms.Key;
  /** The topics, keyed as in `args.topics`. */
  public readonly topics: Readonly<Record<string, aws.sns.Topic>>;
  /** The Chatbot channel, when `args.slack` is set. */
  public readonly slackChannel: aws.chatbot.SlackChannelConfiguration | undefined;

  constructor(
    name: string,
    args: FindingsNotificationsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:FindingsNotifications`, name, {}, opts);
    const { region, accountId } = args;
    const parent = { parent: this };
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        region,
        description: "Inspector findings flow: SNS topics and function log groups",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(buildNotificationKeyPolicy({ accountId, region })),
      },
      parent,
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { region, name: `alias/${name}`, targetKeyId: this.key.keyId },
      parent,
    );
    const topics: Record<string, aws.sns.Topic> = {};
    for (const [topicName, subscribers] of Object.entries(args.topics)) {
      const topic = new aws.sns.Topic(
        `${name}-${topicName}`,
        { region, name: `${name}-${topicName}`, kmsMasterKeyId: this.key.arn },
        parent,
      );
      topics[topicName] = topic;
      const ruleArns = args.publishingRuleArns?.[topicName] ?? [];
      new aws.sns.TopicPolicy(
        `${name}-${topicName}`,
        {
          region,
          arn: topic.arn,
          policy: pulumi
            .all([topic.arn, pulumi.all(ruleArns)])
            .apply(([topicArn, arns]) =>
              JSON.stringify(buildTopicPolicy({ accountId, region, topicArn, ruleArns: arns })),
            ),
        },
        parent,
      );
      subscribeTopic(`${name}-${topicName}`, region, topic.arn, subscribers, parent);
    }
    this.topics = Object.freeze(topics);
    this.slackChannel =
      args.slack === undefined ? undefined : this.createSlackChannel(name, args.slack);
    this.registerOutputs({ key: this.key, topics: this.topics, slackChannel: this.slackChannel });
  }

  private createSlackChannel(
    name: string,
    slack: SlackChannel & { readonly topic: string },
  ): aws.chatbot.SlackChannelConfiguration {
    const topic = this.topics[slack.topic];
    if (topic === undefined) {
      throw new pulumi.ResourceError(
        `slack.topic ("${slack.topic}") is not one of the topics (${Object.keys(this.topics).join(", ")}); name an existing topic`,
        this,
      );
    }
    const role = new aws.iam.Role(
      `${name}-chatbot`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AllowChatbotAssumeRole",
              Effect: "Allow",
              Principal: { Service: "chatbot.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      },
      { parent: this },
    );
    return new aws.chatbot.SlackChannelConfiguration(
      `${name}-slack`,
      {
        configurationName: `${name}-slack`,
        iamRoleArn: role.arn,
        slackTeamId: slack.teamId,
        slackChannelId: slack.channelId,
        snsTopicArns: [topic.arn],
        guardrailPolicyArns: [CHATBOT_GUARDRAIL_POLICY_ARN],
        loggingLevel: "ERROR",
      },
      { parent: this },
    );
  }
}
