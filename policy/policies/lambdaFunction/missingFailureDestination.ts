import * as aws from "@pulumi/aws";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ReferenceIndex, isKnownString, isRecord, resourcesOf } from "../../lib/resources";

/** True when an object input has a non-empty value at `key` (unknowns count as set). */
function hasValue(value: unknown, key: string): boolean {
  return isRecord(value) && value[key] !== undefined && value[key] !== "";
}

/**
 * A failed asynchronous invocation is dropped after the retries unless the function has a
 * dead-letter queue or an on-failure destination; an SQS-fed function relies on its queue's
 * redrive policy instead, so that counts too.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export const lambdaFunctionMissingFailureDestination: StackValidationPolicy = {
  name: "inspector-lambda-function-missing-failure-destination",
  description:
    "Requires every Lambda function to keep failed events in a dead-letter queue or an on-failure destination.",
  severity: "medium",
  remediationSteps:
    "Set deadLetterConfig.targetArn, add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure, or feed the function from an SQS queue that has a redrivePolicy.",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const functions = resourcesOf(args.resources, aws.lambda.Function);
    if (functions.length === 0) {
      args.notApplicable("The stack has no Lambda functions.");
    }
    const invokeConfigs = new ReferenceIndex(
      resourcesOf(args.resources, aws.lambda.FunctionEventInvokeConfig),
      "functionName",
    );
    const mappings = new ReferenceIndex(
      resourcesOf(args.resources, aws.lambda.EventSourceMapping),
      "functionName",
    );
    const queues = resourcesOf(args.resources, aws.sqs.Queue);
    const queueByUrn = new Map(queues.map((q) => [q.urn, q]));
    const queueByArn = new Map<string, PolicyResource>();
    for (const queue of queues) {
      const arn: unknown = queue.props["arn"];
      if (isKnownString(arn)) {
        queueByArn.set(arn, queue);
      }
    }
    const hasRedrive = (mapping: PolicyResource): boolean => {
      if (isRecord(mapping.props["destinationConfig"])) {
        const onFailure = mapping.props["destinationConfig"]["onFailure"];
        if (hasValue(onFailure, "destinationArn")) {
          return true;
        }
      }
      const source: unknown = mapping.props["eventSourceArn"];
      const sourceQueues = [
        ...(isKnownString(source) && queueByArn.has(source) ? [queueByArn.get(source)] : []),
        ...mapping.dependencies.map((d) => queueByUrn.get(d.urn)),
      ];
      return sourceQueues.some((q) => q !== undefined && q.props["redrivePolicy"] !== undefined);
    };
    for (const fn of functions) {
      if (hasValue(fn.props["deadLetterConfig"], "targetArn")) {
        continue;
      }
      const viaInvokeConfig = invokeConfigs.referringTo(fn, ["name", "arn"]).some((c) => {
        const destination: unknown = c.props["destinationConfig"];
        return isRecord(destination) && hasValue(destination["onFailure"], "destination");
      });
      if (viaInvokeConfig || mappings.referringTo(fn, ["name", "arn"]).some(hasRedrive)) {
        continue;
      }
      reportViolation(
        `Lambda function '${fn.name}' has no dead-letter queue or on-failure destination, so failed events are lost; set deadLetterConfig.targetArn, add a FunctionEventInvokeConfig with destinationConfig.onFailure, or feed it from an SQS queue with a redrivePolicy.`,
        fn.urn,
      );
    }
  },
};
