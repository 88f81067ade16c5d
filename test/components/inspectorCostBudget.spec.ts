import { expect } from "chai";
import { InspectorCostBudget } from "../../components/inspectorCostBudget";
import { monitor, promiseOf, resourceNamed, settle } from "../helpers/runtime";

const T = {
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  budget: "aws:budgets/budget:Budget",
};
const TOPIC_ARN = `arn:aws:mock:::${T.topic}/b-topic`;

async function build() {
  const component = new InspectorCostBudget("b", {
    region: "us-east-1",
    accountId: "111111111111",
    limitUsd: 2500,
    subscribers: {
      emails: ["secops@example.com"],
      httpsEndpoints: ["https://hooks.example.com/x"],
    },
  });
  await promiseOf(component.budget.arn);
  await settle();
  return component;
}

describe("InspectorCostBudget", () => {
  it("registers a key, a topic with its policy and subscribers, and the budget", async () => {
    await build();
    expect(monitor.registrations.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal(
      [
        "inspector:index:InspectorCostBudget::b",
        `${T.key}::b-key`,
        `${T.topic}::b-topic`,
        `${T.topicPolicy}::b-topic-policy`,
        `${T.subscription}::b-alerts-secops@example.com`,
        `${T.subscription}::b-alerts-https-2eef74cc`,
        `${T.budget}::b-budget`,
      ].sort(),
    );
  });

  it("budgets Amazon Inspector's monthly cost, alerting at 80% and 100% actual and 100% forecast", async () => {
    await build();
    const budget = resourceNamed(T.budget, "b-budget");
    expect(budget.inputs).to.deep.equal({
      accountId: "111111111111",
      name: "inspector-monthly",
      budgetType: "COST",
      limitAmount: "2500.00",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "Service", values: ["Amazon Inspector"] }],
      notifications: [
        {
          comparisonOperator: "GREATER_THAN",
          notificationType: "ACTUAL",
          threshold: 80,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [TOPIC_ARN],
        },
        {
          comparisonOperator: "GREATER_THAN",
          notificationType: "ACTUAL",
          threshold: 100,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [TOPIC_ARN],
        },
        {
          comparisonOperator: "GREATER_THAN",
          notificationType: "FORECASTED",
          threshold: 100,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: [TOPIC_ARN],
        },
      ],
    });
    expect(budget.dependencies).to.include(
      `urn:pulumi:test::inspector-rollout::inspector:index:InspectorCostBudget$${T.topicPolicy}::b-topic-policy`,
    );
  });

  it("lets only this account's budgets publish, through a rotated key of its own", async () => {
    await build();
    expect(
      JSON.parse(resourceNamed(T.topicPolicy, "b-topic-policy").inputs.policy as string),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowBudgetsPublish",
          Effect: "Allow",
          Principal: { Service: "budgets.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: TOPIC_ARN,
          Condition: {
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnLike: { "aws:SourceArn": "arn:aws:budgets::111111111111:*" },
          },
        },
      ],
    });
    const key = resourceNamed(T.key, "b-key");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(JSON.parse(key.inputs.policy as string)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EnableAccountAdministration",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "AllowBudgetsPublish",
          Effect: "Allow",
          Principal: { Service: "budgets.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        },
      ],
    });
    expect(resourceNamed(T.topic, "b-topic").inputs).to.deep.equal({
      region: "us-east-1",
      name: "inspector-cost-alerts",
      kmsMasterKeyId: `arn:aws:mock:::${T.key}/b-key`,
    });
  });
});
