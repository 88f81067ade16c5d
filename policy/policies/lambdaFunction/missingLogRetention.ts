import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { ReferenceIndex, isKnownString, isRecord, resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    minimumRetentionDays: {
      type: "integer",
      minimum: 1,
      default: 1,
      description: "The shortest retention accepted for a function's log group.",
    },
  },
};

/**
 * Lambda creates `/aws/lambda/<name>` with no retention (logs kept forever) unless the program
 * owns the log group: one with that name, or the one set in loggingConfig.logGroup.
 *
 * @severity low
 * @link https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
 */
export const lambdaFunctionMissingLogRetention: StackValidationPolicy = {
  name: "inspector-lambda-function-missing-log-retention",
  description: "Requires every Lambda function to log to a log group with a retention period.",
  severity: "low",
  remediationSteps:
    "Create an aws.cloudwatch.LogGroup named /aws/lambda/<function name> (or set loggingConfig.logGroup to one) with retentionInDays.",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const functions = resourcesOf(args.resources, aws.lambda.Function);
    if (functions.length === 0) {
      args.notApplicable("The stack has no Lambda functions.");
    }
    const { minimumRetentionDays } = readConfig<{ minimumRetentionDays: number }>(
      args,
      CONFIG_SCHEMA,
    );
    const logGroups = resourcesOf(args.resources, aws.cloudwatch.LogGroup);
    const byName = new Map<string, PolicyResource>();
    for (const group of logGroups) {
      const name: unknown = group.props["name"];
      if (isKnownString(name)) {
        byName.set(name, group);
      }
    }
    const byUrn = new Map(logGroups.map((g) => [g.urn, g]));
    // A log group whose name is built from the function's name depends on the function.
    const dependingGroups = new ReferenceIndex(logGroups, "name");
    for (const fn of functions) {
      const groups = new Set<PolicyResource>(dependingGroups.referringTo(fn, []));
      const fnName: unknown = fn.props["name"];
      const defaultGroup = isKnownString(fnName) ? byName.get(`/aws/lambda/${fnName}`) : undefined;
      const loggingConfig: unknown = fn.props["loggingConfig"];
      const configured = isRecord(loggingConfig) ? loggingConfig["logGroup"] : undefined;
      if (defaultGroup !== undefined) {
        groups.add(defaultGroup);
      }
      if (isKnownString(configured) && byName.has(configured)) {
        groups.add(byName.get(configured) as PolicyResource);
      } else if (configured !== undefined) {
        // loggingConfig.logGroup built from a log group's output: the function depends on it.
        for (const dep of fn.dependencies) {
          const group = byUrn.get(dep.urn);
          if (group !== undefined) {
            groups.add(group);
          }
        }
      }
      if (groups.size === 0) {
        reportViolation(
          `Lambda function '${fn.name}' has no log group with retention, so Lambda creates one that keeps logs forever; add an aws.cloudwatch.LogGroup named /aws/lambda/<function name> with retentionInDays, or set loggingConfig.logGroup to one.`,
          fn.urn,
        );
        continue;
      }
      for (const group of groups) {
        const retention: unknown = group.props["retentionInDays"];
        if (
          retention === undefined ||
          retention === 0 ||
          (typeof retention === "number" && retention < minimumRetentionDays)
        ) {
          reportViolation(
            `Log group '${group.name}' of Lambda function '${fn.name}' keeps logs ${retention === undefined || retention === 0 ? "forever" : `for ${String(retention)} days`}; set retentionInDays to at least ${minimumRetentionDays} (policy config minimumRetentionDays).`,
            fn.urn,
          );
        }
      }
    }
  },
};
