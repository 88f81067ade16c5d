/**
 * lib/findingsDeployChecks.ts's API limits, each at, one below and one above its edge, over
 * resources that are otherwise compliant. Limits from the botocore models the checks cite
 * (events 2015-10-07: RuleName and TargetId 1-64, RuleDescription 512, EventPattern 4096,
 * MaximumRetryAttempts 0-185, MaximumEventAgeInSeconds 60-86400; firehose 2015-08-04:
 * DeliveryStreamName 1-64, Prefix and ErrorOutputPrefix 1024, SizeInMBs 1-128, IntervalInSeconds
 * 60-900; 64 MiB the dynamic-partitioning minimum; Lambda ScalingConfig MaximumConcurrency 2-1000).
 */
import { expect } from "chai";
import {
  checkEventRule,
  checkEventTarget,
  checkFirehoseStream,
  checkLambdaConcurrency,
  CHECKED_TYPES,
  type PlannedResource,
} from "../../lib/findingsDeployChecks";

function resource(type: string, inputs: Record<string, unknown>): PlannedResource {
  return { type, name: "x", urn: `urn:pulumi:dev::p::${type}::x`, inputs, dependencies: [] };
}

const PATTERN = '{"source":["aws.inspector2"]}';

describe("findings deploy checks: limits at their edges", () => {
  describe("EventBridge rule", () => {
    const rule = (inputs: Record<string, unknown>) =>
      checkEventRule(
        resource(CHECKED_TYPES.rule, {
          name: "n",
          description: "d",
          eventPattern: PATTERN,
          ...inputs,
        }),
      );
    for (const [length, problems] of [
      [64, []],
      [65, [`rule x: name "${"n".repeat(65)}" is not 1-64 of [.-_A-Za-z0-9]`]],
      [0, ['rule x: name "" is not 1-64 of [.-_A-Za-z0-9]']],
      [1, []],
    ] as const) {
      it(`a name of ${length} characters`, () => {
        expect(rule({ name: "n".repeat(length) })).to.deep.equal(problems);
      });
    }
    for (const [length, problems] of [
      [511, []],
      [512, []],
      [513, ["rule x: description is 513 characters, over 512"]],
    ] as const) {
      it(`a description of ${length} characters`, () => {
        expect(rule({ description: "d".repeat(length) })).to.deep.equal(problems);
      });
    }
    // '{"source":["' and '"]}' are 15 characters around the value.
    for (const [length, problems] of [
      [4095, []],
      [4096, []],
      [4097, ["rule x: event pattern is 4097 characters, over 4096"]],
    ] as const) {
      it(`an event pattern of ${length} characters`, () => {
        const eventPattern = `{"source":["${"s".repeat(length - 15)}"]}`;
        expect(rule({ eventPattern })).to.deep.equal(problems);
      });
    }
  });

  describe("EventBridge target", () => {
    const target = (retryPolicy: Record<string, unknown>, targetId = "t") =>
      checkEventTarget(
        resource(CHECKED_TYPES.target, {
          targetId,
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600, ...retryPolicy },
        }),
      );
    for (const [attempts, ok] of [
      [-1, false],
      [0, true],
      [1, true],
      [184, true],
      [185, true],
      [186, false],
    ] as const) {
      it(`maximumRetryAttempts ${attempts}`, () => {
        expect(target({ maximumRetryAttempts: attempts })).to.deep.equal(
          ok ? [] : [`target x: maximumRetryAttempts ${attempts} is not 0-185`],
        );
      });
    }
    for (const [age, ok] of [
      [59, false],
      [60, true],
      [61, true],
      [86399, true],
      [86400, true],
      [86401, false],
    ] as const) {
      it(`maximumEventAgeInSeconds ${age}`, () => {
        expect(target({ maximumEventAgeInSeconds: age })).to.deep.equal(
          ok ? [] : [`target x: maximumEventAgeInSeconds ${age} is not 60-86400`],
        );
      });
    }
    it("a targetId of 64 characters, and of 65", () => {
      expect([target({}, "t".repeat(64)), target({}, "t".repeat(65))]).to.deep.equal([
        [],
        [`target x: targetId "${"t".repeat(65)}" is not 1-64 of [.-_A-Za-z0-9]`],
      ]);
    });
  });

  describe("Firehose stream", () => {
    const plain = (s3: Record<string, unknown>, name = "s") =>
      checkFirehoseStream(
        resource(CHECKED_TYPES.stream, {
          name,
          extendedS3Configuration: {
            prefix: "findings/",
            errorOutputPrefix: "errors/",
            bufferingSize: 5,
            bufferingInterval: 300,
            ...s3,
          },
        }),
      );
    const partitioned = (bufferingSize: number) =>
      checkFirehoseStream(
        resource(CHECKED_TYPES.stream, {
          name: "s",
          extendedS3Configuration: {
            prefix: "findings/type=!{partitionKeyFromQuery:type}/",
            errorOutputPrefix: "errors/!{firehose:error-output-type}/",
            bufferingSize,
            bufferingInterval: 300,
            dynamicPartitioningConfiguration: { enabled: true },
            processingConfiguration: {
              processors: [
                {
                  type: "MetadataExtraction",
                  parameters: [
                    { parameterName: "MetadataExtractionQuery", parameterValue: "{type: .t}" },
                    { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                  ],
                },
              ],
            },
          },
        }),
      );
    for (const [length, problems] of [
      [1023, []],
      [1024, []],
      [
        1025,
        [
          "stream x: prefix is 1025 characters, over 1024",
          "stream x: errorOutputPrefix is 1025 characters, over 1024",
        ],
      ],
    ] as const) {
      it(`a prefix and an error prefix of ${length} characters`, () => {
        const prefix = `${"p".repeat(length - 1)}/`;
        expect(plain({ prefix, errorOutputPrefix: prefix })).to.deep.equal(problems);
      });
    }
    for (const [size, ok] of [
      [0, false],
      [1, true],
      [2, true],
      [127, true],
      [128, true],
      [129, false],
    ] as const) {
      it(`bufferingSize ${size} MiB without partitioning`, () => {
        expect(plain({ bufferingSize: size })).to.deep.equal(
          ok ? [] : [`stream x: bufferingSize ${size} MiB is not 1-128`],
        );
      });
    }
    for (const [size, ok] of [
      [63, false],
      [64, true],
      [65, true],
      [128, true],
      [129, false],
    ] as const) {
      it(`bufferingSize ${size} MiB with dynamic partitioning`, () => {
        expect(partitioned(size)).to.deep.equal(
          ok
            ? []
            : [
                `stream x: bufferingSize ${size} MiB is not 64-128 (the minimum with dynamic partitioning)`,
              ],
        );
      });
    }
    for (const [interval, ok] of [
      [59, false],
      [60, true],
      [61, true],
      [899, true],
      [900, true],
      [901, false],
    ] as const) {
      it(`bufferingInterval ${interval} s`, () => {
        expect(plain({ bufferingInterval: interval })).to.deep.equal(
          ok ? [] : [`stream x: bufferingInterval ${interval} is not 60-900 seconds`],
        );
      });
    }
    it("a stream name of 64 characters, and of 65", () => {
      expect([plain({}, "s".repeat(64)), plain({}, "s".repeat(65))]).to.deep.equal([
        [],
        [`stream x: name "${"s".repeat(65)}" is not 1-64 of [a-zA-Z0-9_.-]`],
      ]);
    });
  });

  describe("SQS event source mapping", () => {
    for (const [max, ok] of [
      [1, false],
      [2, true],
      [3, true],
      [999, true],
      [1000, true],
      [1001, false],
    ] as const) {
      it(`scalingConfig.maximumConcurrency ${max}`, () => {
        const mapping = resource(CHECKED_TYPES.mapping, {
          eventSourceArn: "arn:aws:sqs:us-east-1:222222222222:q",
          scalingConfig: { maximumConcurrency: max },
        });
        expect(checkLambdaConcurrency(mapping)).to.deep.equal(
          ok ? [] : [`mapping x: scalingConfig.maximumConcurrency ${max} is not 2-1000`],
        );
      });
    }
  });
});
