/**
 * inspector-lambda-function-missing-failure-destination on each way a function keeps its failed
 * events (issue 18, the policy group's survivors in this rule): a dead-letter queue, an
 * invoke config's on-failure destination found by the function's name or ARN, an event source
 * mapping's own on-failure destination, and an SQS source queue with a redrive policy, matched by
 * its ARN or by a dependency. An empty value counts as unset.
 */
import * as aws from "@pulumi/aws";
import { lambdaFunctionMissingFailureDestination as rule } from "../../policies/lambdaFunction/missingFailureDestination";
import {
  StackFixtureResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

const FN_ARN = "arn:aws:lambda:us-east-1:111111111111:function:notify";
const QUEUE_ARN = "arn:aws:sqs:us-east-1:111111111111:findings";
const fn: StackFixtureResource = {
  cls: aws.lambda.Function,
  name: "fn",
  props: { name: "notify", arn: FN_ARN, role: "arn:aws:iam::111111111111:role/r" },
};
const REPORT = [
  "Lambda function 'fn' has no dead-letter queue or on-failure destination, so failed events are lost; set deadLetterConfig.targetArn, add a FunctionEventInvokeConfig with destinationConfig.onFailure, or feed it from an SQS queue with a redrivePolicy.",
];
const invokeConfig = (props: Record<string, unknown>): StackFixtureResource => ({
  cls: aws.lambda.FunctionEventInvokeConfig,
  name: "fn-invoke",
  props,
});
const mapping = (props: Record<string, unknown>, dependsOn?: string[]): StackFixtureResource => ({
  cls: aws.lambda.EventSourceMapping,
  name: "fn-source",
  props: { functionName: "notify", ...props },
  dependsOn,
});
const queue = (props: Record<string, unknown>): StackFixtureResource => ({
  cls: aws.sqs.Queue,
  name: "findings",
  props,
});
const REDRIVE = JSON.stringify({ deadLetterTargetArn: `${QUEUE_ARN}-dlq`, maxReceiveCount: 5 });

describe("inspector-lambda-function-missing-failure-destination: each way to keep failed events", () => {
  it("is not applicable to a stack without Lambda functions", async () => {
    expectNotApplicable(await checkStack(rule, [queue({})]), "The stack has no Lambda functions.");
  });

  it("counts an empty dead-letter target as none", async () => {
    expectMessages(
      await checkStack(rule, [
        { ...fn, props: { ...fn.props, deadLetterConfig: { targetArn: "" } } },
      ]),
      REPORT,
    );
  });

  it("counts a dead-letter config or an on-failure destination without its ARN as none", async () => {
    expectMessages(
      await checkStack(rule, [{ ...fn, props: { ...fn.props, deadLetterConfig: {} } }]),
      REPORT,
    );
    expectMessages(
      await checkStack(rule, [
        fn,
        invokeConfig({ functionName: "notify", destinationConfig: { onFailure: {} } }),
      ]),
      REPORT,
    );
  });

  it("finds an event source mapping that names the function by its ARN", async () => {
    expectNoViolations(
      await checkStack(rule, [
        fn,
        mapping({
          functionName: FN_ARN,
          eventSourceArn: "arn:aws:kinesis:us-east-1:111111111111:stream/findings",
          destinationConfig: { onFailure: { destinationArn: `${QUEUE_ARN}-dlq` } },
        }),
      ]),
    );
  });

  it("finds an invoke config that names the function by its ARN", async () => {
    expectNoViolations(
      await checkStack(rule, [
        fn,
        invokeConfig({
          functionName: FN_ARN,
          destinationConfig: { onFailure: { destination: `${QUEUE_ARN}-dlq` } },
        }),
      ]),
    );
  });

  it("does not count an invoke config with only an on-success destination", async () => {
    expectMessages(
      await checkStack(rule, [
        fn,
        invokeConfig({
          functionName: "notify",
          destinationConfig: { onSuccess: { destination: `${QUEUE_ARN}-done` } },
        }),
      ]),
      REPORT,
    );
  });

  it("accepts an event source mapping's own on-failure destination, not an empty one", async () => {
    const stream = "arn:aws:kinesis:us-east-1:111111111111:stream/findings";
    expectNoViolations(
      await checkStack(rule, [
        fn,
        mapping({
          eventSourceArn: stream,
          destinationConfig: { onFailure: { destinationArn: `${QUEUE_ARN}-dlq` } },
        }),
      ]),
    );
    expectMessages(
      await checkStack(rule, [
        fn,
        mapping({
          eventSourceArn: stream,
          destinationConfig: { onFailure: { destinationArn: "" } },
        }),
      ]),
      REPORT,
    );
  });

  it("finds the source queue by its ARN without a dependency, and reads its redrive policy", async () => {
    expectNoViolations(
      await checkStack(rule, [
        fn,
        queue({ arn: QUEUE_ARN, redrivePolicy: REDRIVE }),
        mapping({ eventSourceArn: QUEUE_ARN }),
      ]),
    );
    expectMessages(
      await checkStack(rule, [
        fn,
        queue({ arn: QUEUE_ARN }),
        mapping({ eventSourceArn: QUEUE_ARN }),
      ]),
      REPORT,
    );
  });

  it("finds the source queue through a dependency when its ARN is not known", async () => {
    expectNoViolations(
      await checkStack(rule, [fn, queue({ redrivePolicy: REDRIVE }), mapping({}, ["findings"])]),
    );
  });
});
