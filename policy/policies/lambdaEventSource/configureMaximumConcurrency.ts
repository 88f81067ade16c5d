import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isKnownString, isRecord, ReferenceIndex, resourcesOf } from "../../lib/resources";

/** The documented range of `scalingConfig.maximumConcurrency` (SQS event sources only). */
const MIN_MAXIMUM_CONCURRENCY = 2;
const MAX_MAXIMUM_CONCURRENCY = 1000;

/** The mapping's `scalingConfig.maximumConcurrency`: a number, "unknown", or undefined (unset). */
function maximumConcurrency(mapping: PolicyResource): number | "unknown" | undefined {
  const scaling: unknown = mapping.props["scalingConfig"];
  if (scaling === undefined) {
    return undefined;
  }
  if (!isRecord(scaling)) {
    return "unknown";
  }
  const value: unknown = scaling["maximumConcurrency"];
  return typeof value === "number" ? value : value === undefined ? undefined : "unknown";
}

/**
 * An SQS-fed function is bounded per queue with the event source mapping's
 * `scalingConfig.maximumConcurrency`, not with reserved concurrency: a reservation fails in an
 * account whose concurrency quota leaves less than 100 unreserved (Lambda developer guide,
 * configuration-concurrency), and a reservation below what the mappings may start throttles
 * them, so messages return to the queue and, past maxReceiveCount, reach the dead-letter queue
 * (Lambda developer guide, services-sqs-scaling, "Configuring maximum concurrency").
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const lambdaEventSourceConfigureMaximumConcurrency: StackValidationPolicy = {
  name: "inspector-lambda-event-source-configure-maximum-concurrency",
  description:
    "Requires every SQS event source mapping to bound its function with a scaling maximum concurrency of 2 to 1000, and no function reservation below what its mappings may start.",
  severity: "medium",
  remediationSteps:
    "Set scalingConfig.maximumConcurrency (2-1000) on each aws.lambda.EventSourceMapping reading an SQS queue, and remove reservedConcurrentExecutions from the function (or keep it at least the sum of its mappings' maximumConcurrency).",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const queues = resourcesOf(args.resources, aws.sqs.Queue);
    const queueUrns = new Set(queues.map((q) => q.urn));
    const isSqsMapping = (mapping: PolicyResource): boolean => {
      const source: unknown = mapping.props["eventSourceArn"];
      return (
        (isKnownString(source) && source.startsWith("arn:aws:sqs:")) ||
        mapping.dependencies.some((d) => queueUrns.has(d.urn))
      );
    };
    const mappings = resourcesOf(args.resources, aws.lambda.EventSourceMapping).filter(
      isSqsMapping,
    );
    if (mappings.length === 0) {
      args.notApplicable("The stack has no SQS event source mappings.");
    }
    for (const mapping of mappings) {
      const max = maximumConcurrency(mapping);
      if (max === undefined) {
        reportViolation(
          `Event source mapping '${mapping.name}' reads an SQS queue without scalingConfig.maximumConcurrency, so its function scales with the queue and competes for the account's concurrency; set scalingConfig.maximumConcurrency between ${MIN_MAXIMUM_CONCURRENCY} and ${MAX_MAXIMUM_CONCURRENCY}.`,
          mapping.urn,
        );
      } else if (
        max !== "unknown" &&
        (!Number.isInteger(max) || max < MIN_MAXIMUM_CONCURRENCY || max > MAX_MAXIMUM_CONCURRENCY)
      ) {
        reportViolation(
          `Event source mapping '${mapping.name}' sets scalingConfig.maximumConcurrency ${max}, which Lambda refuses; set a whole number between ${MIN_MAXIMUM_CONCURRENCY} and ${MAX_MAXIMUM_CONCURRENCY}.`,
          mapping.urn,
        );
      }
    }
    const byFunction = new ReferenceIndex(mappings, "functionName");
    for (const fn of resourcesOf(args.resources, aws.lambda.Function)) {
      const reserved: unknown = fn.props["reservedConcurrentExecutions"];
      if (typeof reserved !== "number" || reserved < 0) {
        continue;
      }
      const fed = byFunction.referringTo(fn, ["name", "arn"]);
      if (fed.length === 0) {
        continue;
      }
      const maxima = fed.map(maximumConcurrency);
      if (maxima.includes("unknown")) {
        continue;
      }
      // An unbounded mapping (already reported above) may start as many as the queue needs.
      const total = maxima.reduce<number>(
        (sum, m) => sum + (typeof m === "number" ? m : Infinity),
        0,
      );
      if (reserved < total) {
        reportViolation(
          `Lambda function '${fn.name}' reserves ${reserved} concurrent executions for ${fed.length} SQS mapping(s) that may start ${Number.isFinite(total) ? total : "without limit"}, so messages are throttled back to the queue and reach its dead-letter queue; remove reservedConcurrentExecutions and bound each mapping with scalingConfig.maximumConcurrency.`,
          fn.urn,
        );
      }
    }
  },
};
