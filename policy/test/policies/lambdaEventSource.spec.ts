import * as aws from "@pulumi/aws";
import { lambdaEventSourceConfigureMaximumConcurrency } from "../../policies/lambdaEventSource/configureMaximumConcurrency";
import { compliantRollout, mutate } from "../fixtures";
import {
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
  type StackFixtureResource,
} from "../helpers";

const policy = lambdaEventSourceConfigureMaximumConcurrency;
const UNBOUNDED =
  "Event source mapping 'triage-mapping' reads an SQS queue without scalingConfig.maximumConcurrency, so its function scales with the queue and competes for the account's concurrency; set scalingConfig.maximumConcurrency between 2 and 1000.";

/** The notify function as it was before issue 12: 5 reserved, two unbounded SQS mappings. */
function sharedReservation(): StackFixtureResource[] {
  return [
    ...mutate(compliantRollout(), "triage-fn", (p) => {
      p["reservedConcurrentExecutions"] = 5;
    }),
    {
      cls: aws.sqs.Queue,
      name: "flush",
      props: { name: "flush", redrivePolicy: "{}" },
    },
    {
      cls: aws.lambda.EventSourceMapping,
      name: "flush-mapping",
      props: { functionName: "triage", scalingConfig: { maximumConcurrency: 2 } },
      dependsOn: ["flush", "triage-fn"],
    },
  ];
}

describe("inspector-lambda-event-source-configure-maximum-concurrency", () => {
  it("passes the compliant rollout (maximumConcurrency 5, no reservation)", async () => {
    expectNoViolations(await checkStack(policy, compliantRollout()));
  });

  it("reports an SQS mapping without scalingConfig", async () => {
    const run = await checkStack(
      policy,
      mutate(compliantRollout(), "triage-mapping", (p) => {
        delete p["scalingConfig"];
      }),
    );
    expectMessages(run, [UNBOUNDED]);
  });

  for (const edge of [2, 1000]) {
    it(`passes maximumConcurrency ${edge}, at the edge of what Lambda accepts (2-1000)`, async () => {
      const run = await checkStack(
        policy,
        mutate(compliantRollout(), "triage-mapping", (p) => {
          p["scalingConfig"] = { maximumConcurrency: edge };
        }),
      );
      expectNoViolations(run);
    });
  }

  for (const bad of [1, 1001, 2.5]) {
    it(`reports maximumConcurrency ${bad}, outside what Lambda accepts`, async () => {
      const run = await checkStack(
        policy,
        mutate(compliantRollout(), "triage-mapping", (p) => {
          p["scalingConfig"] = { maximumConcurrency: bad };
        }),
      );
      expectMessages(run, [
        `Event source mapping 'triage-mapping' sets scalingConfig.maximumConcurrency ${bad}, which Lambda refuses; set a whole number between 2 and 1000.`,
      ]);
    });
  }

  it("reports a reservation below what the function's two SQS mappings may start", async () => {
    expectMessages(await checkStack(policy, sharedReservation()), [
      "Lambda function 'triage-fn' reserves 5 concurrent executions for 2 SQS mapping(s) that may start 7, so messages are throttled back to the queue and reach its dead-letter queue; remove reservedConcurrentExecutions and bound each mapping with scalingConfig.maximumConcurrency.",
    ]);
  });

  it("reports a reservation one below what the mappings may start (6 for 5 + 2)", async () => {
    const run = await checkStack(
      policy,
      mutate(sharedReservation(), "triage-fn", (p) => {
        p["reservedConcurrentExecutions"] = 6;
      }),
    );
    expectMessages(run, [
      "Lambda function 'triage-fn' reserves 6 concurrent executions for 2 SQS mapping(s) that may start 7, so messages are throttled back to the queue and reach its dead-letter queue; remove reservedConcurrentExecutions and bound each mapping with scalingConfig.maximumConcurrency.",
    ]);
  });

  it("passes a reservation that covers every mapping's maximum exactly (7 for 5 + 2)", async () => {
    const run = await checkStack(
      policy,
      mutate(sharedReservation(), "triage-fn", (p) => {
        p["reservedConcurrentExecutions"] = 7;
      }),
    );
    expectNoViolations(run);
  });

  it("is not applicable without SQS mappings", async () => {
    const run = await checkStack(policy, [
      { cls: aws.lambda.Function, name: "fn", props: { name: "fn", role: "r" } },
    ]);
    expectNotApplicable(run, "The stack has no SQS event source mappings.");
  });
});
