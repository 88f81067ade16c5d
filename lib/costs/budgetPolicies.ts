/**
 * The Inspector budget's key and topic policies, as pure functions so that tests assert them
 * literally (STYLE.md rule 41).
 *
 * AWS Budgets publishes as the service principal `budgets.amazonaws.com`; the Budgets user guide
 * ("Creating an Amazon SNS topic for budget notifications", budgets-sns-policy) grants it
 * `SNS:Publish` under `aws:SourceAccount` and `aws:SourceArn` (`arn:aws:budgets::<account>:*`). A
 * service publishes to an encrypted topic only through a customer managed key whose policy lets it
 * (SNS developer guide, sns-key-management: "Enable compatibility between event sources from AWS
 * services and encrypted topics").
 */
import { type PolicyDocument, rootStatement, sourceAccount } from "../findingsPolicies";

/** The Budgets service principal. */
export const BUDGETS_PRINCIPAL = "budgets.amazonaws.com";

/** ARNs of the account's budgets, as `aws:SourceArn` matches them. */
export function budgetsSourceArn(accountId: string): string {
  return `arn:aws:budgets::${accountId}:*`;
}

/** The key policy of the cost-alert topic's key: the account administers it, Budgets uses it. */
export function buildBudgetKeyPolicy(accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      rootStatement(accountId),
      {
        Sid: "AllowBudgetsPublish",
        Effect: "Allow",
        Principal: { Service: BUDGETS_PRINCIPAL },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: sourceAccount(accountId),
      },
    ],
  };
}

/** The cost-alert topic's policy: only this account's budgets may publish. */
export function buildBudgetTopicPolicy(accountId: string, topicArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowBudgetsPublish",
        Effect: "Allow",
        Principal: { Service: BUDGETS_PRINCIPAL },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ArnLike: { "aws:SourceArn": budgetsSourceArn(accountId) },
        },
      },
    ],
  };
}
