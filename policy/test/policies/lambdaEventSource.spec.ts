import * as aws from "@pulumi/aws";
import { lambdaEventSourceConfigureMaximumConcurrency } from "../../policies/lambdaEventSource/configureMaximumConcurrency";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
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

  it("reads an empty scalingConfig as unbounded and an unknown maximum as set", async () => {
    const withScaling = (scalingConfig: unknown) =>
      mutate(compliantRollout(), "triage-mapping", (p) => {
        p["scalingConfig"] = scalingConfig;
      });
    expectMessages(await checkStack(policy, withScaling({})), [UNBOUNDED]);
    expectNoViolations(
      await checkStack(policy, withScaling({ maximumConcurrency: UNKNOWN_SENTINEL })),
    );
  });
});

describe("inspector-lambda-event-source-configure-maximum-concurrency: which mappings and functions", () => {
  const QUEUE_ARN = "arn:aws:sqs:us-east-1:111111111111:findings";
  const STREAM_ARN = "arn:aws:kinesis:us-east-1:111111111111:stream/findings";
  const NOTIFY_ARN = "arn:aws:lambda:us-east-1:111111111111:function:notify";
  const fn = (name: string, reserved: unknown, props: Record<string, unknown> = {}) => ({
    cls: aws.lambda.Function,
    name,
    props: { name, role: "r", reservedConcurrentExecutions: reserved, ...props },
  });
  const mapping = (name: string, props: Record<string, unknown>): StackFixtureResource => ({
    cls: aws.lambda.EventSourceMapping,
    name,
    props,
  });
  const reservationMessage = (fnName: string, reserved: number, mappings: number, start: string) =>
    `Lambda function '${fnName}' reserves ${reserved} concurrent executions for ${mappings} SQS mapping(s) that may start ${start}, so messages are throttled back to the queue and reach its dead-letter queue; remove reservedConcurrentExecutions and bound each mapping with scalingConfig.maximumConcurrency.`;

  it("is not applicable to a stack whose only mapping reads a Kinesis stream", async () => {
    expectNotApplicable(
      await checkStack(policy, [
        fn("notify", 1),
        mapping("stream-mapping", { functionName: "notify", eventSourceArn: STREAM_ARN }),
      ]),
      "The stack has no SQS event source mappings.",
    );
  });

  it("takes a mapping for SQS by its queue ARN alone, and finds its function by name or by ARN", async () => {
    expectMessages(
      await checkStack(policy, [
        fn("notify", 1, { arn: NOTIFY_ARN }),
        fn("export", 0),
        mapping("notify-mapping", {
          functionName: NOTIFY_ARN,
          eventSourceArn: QUEUE_ARN,
          scalingConfig: { maximumConcurrency: 2 },
        }),
        mapping("export-mapping", {
          functionName: "export",
          eventSourceArn: `${QUEUE_ARN}-export`,
          scalingConfig: { maximumConcurrency: 3 },
        }),
      ]),
      [reservationMessage("notify", 1, 1, "2"), reservationMessage("export", 0, 1, "3")],
    );
  });

  it("leaves a function without a reservation (-1, unreserved) or without SQS mappings alone", async () => {
    expectNoViolations(
      await checkStack(policy, [
        fn("notify", -1),
        fn("idle", 3),
        mapping("notify-mapping", {
          functionName: "notify",
          eventSourceArn: QUEUE_ARN,
          scalingConfig: { maximumConcurrency: 2 },
        }),
      ]),
    );
  });

  it("skips a reservation against a mapping whose maximum is unknown, and reports one against an unbounded mapping", async () => {
    const stack = (scalingConfig: unknown) => [
      fn("notify", 10),
      mapping("notify-mapping", {
        functionName: "notify",
        eventSourceArn: QUEUE_ARN,
        scalingConfig,
      }),
    ];
    expectNoViolations(await checkStack(policy, stack({ maximumConcurrency: UNKNOWN_SENTINEL })));
    expectMessages(await checkStack(policy, stack(undefined)), [
      "Event source mapping 'notify-mapping' reads an SQS queue without scalingConfig.maximumConcurrency, so its function scales with the queue and competes for the account's concurrency; set scalingConfig.maximumConcurrency between 2 and 1000.",
      reservationMessage("notify", 10, 1, "without limit"),
    ]);
  });
});
