/** An AWS Budgets cost budget for Amazon Inspector across the organization, with its alert topic. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildBudgetKeyPolicy, buildBudgetTopicPolicy } from "../lib/costs/budgetPolicies";
import { TOKEN_PREFIX } from "./common";
import { subscribeTopic, type TopicSubscribers } from "./findingsNotifications";

/** The service name Cost Explorer and Budgets filter Inspector's charges by. */
export const INSPECTOR_SERVICE_NAME = "Amazon Inspector";

/** The budget's fixed name: one Inspector budget per organization. */
export const BUDGET_NAME = "inspector-monthly";

/** The alert topic's fixed name. */
export const COST_ALERT_TOPIC_NAME = "inspector-cost-alerts";

/** When the budget alerts: 80% and 100% of actual spend, 100% of forecast spend. */
export const BUDGET_ALERTS: readonly { type: "ACTUAL" | "FORECASTED"; percent: number }[] = [
  { type: "ACTUAL", percent: 80 },
  { type: "ACTUAL", percent: 100 },
  { type: "FORECASTED", percent: 100 },
];

/** Arguments of {@link InspectorCostBudget}. */
export interface InspectorCostBudgetArgs {
  /** The Region of the alert topic and its key (the budget itself is global). */
  readonly region: string;
  /** The management (payer) account, whose budgets see every member's charges. */
  readonly accountId: string;
  /** Monthly limit in USD. */
  readonly limitUsd: number;
  /** Who gets the alerts (the operations topic's subscribers). Defaults to none. */
  readonly subscribers?: TopicSubscribers;
}

/**
 * A monthly cost budget filtered to Amazon Inspector in the management account, where Budgets
 * sees the whole organization's charges (a budget in a member account sees only that account's),
 * alerting an encrypted topic of its own in that account: Budgets documents publishing to a topic
 * whose policy it is granted in, not to another account's topic, so the operations subscribers are
 * subscribed here too.
 *
 * @example
 * new InspectorCostBudget("inspector-budget", { region: "us-east-1", accountId: "111111111111",
 *   limitUsd: 2500, subscribers: { emails: ["secops@example.com"] } }, { provider: management });
 */
export class InspectorCostBudget extends pulumi.ComponentResource {
  public readonly budget: aws.budgets.Budget;
  public readonly topic: aws.sns.Topic;

  constructor(name: string, args: InspectorCostBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:InspectorCostBudget`, name, {}, opts);
    const { region, accountId } = args;
    const parent = { parent: this };
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        region,
        description: "Inspector cost budget alerts (SNS)",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(buildBudgetKeyPolicy(accountId)),
      },
      parent,
    );
    this.topic = new aws.sns.Topic(
      `${name}-topic`,
      { region, name: COST_ALERT_TOPIC_NAME, kmsMasterKeyId: key.arn },
      parent,
    );
    const topicPolicy = new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        region,
        arn: this.topic.arn,
        policy: this.topic.arn.apply((arn) =>
          JSON.stringify(buildBudgetTopicPolicy(accountId, arn)),
        ),
      },
      parent,
    );
    subscribeTopic(`${name}-alerts`, region, this.topic.arn, args.subscribers ?? {}, parent);
    this.budget = new aws.budgets.Budget(
      `${name}-budget`,
      {
        accountId,
        name: BUDGET_NAME,
        budgetType: "COST",
        limitAmount: args.limitUsd.toFixed(2),
        limitUnit: "USD",
        timeUnit: "MONTHLY",
        costFilters: [{ name: "Service", values: [INSPECTOR_SERVICE_NAME] }],
        notifications: BUDGET_ALERTS.map((a) => ({
          comparisonOperator: "GREATER_THAN",
          notificationType: a.type,
          threshold: a.percent,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [this.topic.arn],
        })),
      },
      // Budgets checks the topic when it sends, so the policy must exist first.
      { parent: this, dependsOn: [topicPolicy] },
    );
    this.registerOutputs({ budget: this.budget, topic: this.topic });
  }
}
