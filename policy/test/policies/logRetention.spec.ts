/**
 * inspector-lambda-function-missing-log-retention on how it finds a function's log group (issue
 * 18, the policy group's survivors and uncovered lines in this rule): loggingConfig.logGroup
 * built from a log group's output (a dependency of the function), a function that only depends on
 * a log group without naming one, a log group whose name is built from another function, and a
 * retention of 0 (CloudWatch Logs' "never expire").
 */
import * as aws from "@pulumi/aws";
import { lambdaFunctionMissingLogRetention as rule } from "../../policies/lambdaFunction/missingLogRetention";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
import {
  type StackFixtureResource,
  checkStack,
  createStackValidationArgs,
  expectMessages,
  runStackPolicy,
} from "../helpers";

const NO_GROUP = (fn: string) =>
  `Lambda function '${fn}' has no log group with retention, so Lambda creates one that keeps logs forever; add an aws.cloudwatch.LogGroup named /aws/lambda/<function name> with retentionInDays, or set loggingConfig.logGroup to one.`;
const FOREVER = (group: string, fn: string) =>
  `Log group '${group}' of Lambda function '${fn}' keeps logs forever; set retentionInDays to at least 1 (policy config minimumRetentionDays).`;

const role: StackFixtureResource = { cls: aws.iam.Role, name: "role", props: {} };
const sharedGroup: StackFixtureResource = {
  cls: aws.cloudwatch.LogGroup,
  name: "shared",
  props: {},
};

describe("inspector-lambda-function-missing-log-retention: finding the log group", () => {
  it("finds the log group of loggingConfig.logGroup through the function's dependency when the name is not known yet", async () => {
    expectMessages(
      await checkStack(rule, [
        role,
        sharedGroup,
        {
          cls: aws.lambda.Function,
          name: "notify",
          props: { role: "r", loggingConfig: { logGroup: UNKNOWN_SENTINEL } },
          dependsOn: ["role", "shared"],
        },
      ]),
      [FOREVER("shared", "notify")],
    );
  });

  it("does not take a log group the function merely depends on without naming it", async () => {
    expectMessages(
      await checkStack(rule, [
        sharedGroup,
        { cls: aws.lambda.Function, name: "notify", props: { role: "r" }, dependsOn: ["shared"] },
      ]),
      [NO_GROUP("notify")],
    );
  });

  it("takes a log group's name dependency over its other dependencies", async () => {
    // /aws/lambda/${other.name}, created after notify: named for other, not for notify.
    const args = createStackValidationArgs(rule, [
      { cls: aws.lambda.Function, name: "notify", props: { role: "r" } },
      { cls: aws.lambda.Function, name: "other", props: { role: "r" } },
      {
        cls: aws.cloudwatch.LogGroup,
        name: "other-logs",
        props: { retentionInDays: 30 },
        dependsOn: ["other", "notify"],
      },
    ]);
    const [, other, otherLogs] = args.resources;
    otherLogs.propertyDependencies = { name: [other] };
    expectMessages(await runStackPolicy(rule, args), [NO_GROUP("notify")]);
  });

  it("reads a retention of 0 as keeping logs forever", async () => {
    expectMessages(
      await checkStack(rule, [
        { cls: aws.lambda.Function, name: "notify", props: { name: "notify", role: "r" } },
        {
          cls: aws.cloudwatch.LogGroup,
          name: "notify-logs",
          props: { name: "/aws/lambda/notify", retentionInDays: 0 },
        },
      ]),
      [FOREVER("notify-logs", "notify")],
    );
  });
});
