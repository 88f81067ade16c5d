import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { inspectorRules } from "../../lib/events";
import {
  GOVERNED_REGIONS_SCHEMA,
  governedRegions,
  inspectorResources,
  regionOf,
} from "../../lib/inspector";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    ...GOVERNED_REGIONS_SCHEMA,
    requireFindingsRouting: {
      type: "boolean",
      default: true,
      description: "Require an EventBridge rule for Inspector findings in every governed region.",
    },
  },
};

/**
 * Inspector emits findings on the default event bus of the region where it scans, so each
 * governed region needs its own rule (DESIGN.md "Findings flow").
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html
 */
export const eventRuleMissingRegion: StackValidationPolicy = {
  name: "inspector-event-rule-missing-region",
  description: "Requires an EventBridge rule for Inspector findings in every governed region.",
  severity: "high",
  remediationSteps:
    'Add an aws.cloudwatch.EventRule with an eventPattern whose source is ["aws.inspector2"] and region set to the governed region, in the delegated administrator account.',
  url: "https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<{ governedRegions: string[]; requireFindingsRouting: boolean }>(
      args,
      CONFIG_SCHEMA,
    );
    if (!config.requireFindingsRouting) {
      args.notApplicable("Policy config requireFindingsRouting is false.");
    }
    if (config.governedRegions.length === 0 && inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources and no governed regions.");
    }
    const routed = new Set(inspectorRules(args.resources).map(({ rule }) => regionOf(rule)));
    for (const region of governedRegions(args.resources, config.governedRegions)) {
      if (!routed.has(region)) {
        reportViolation(
          `Region '${region}' has no EventBridge rule for Inspector findings; add an aws.cloudwatch.EventRule with eventPattern source ["aws.inspector2"] and region "${region}" (policy config requireFindingsRouting).`,
        );
      }
    }
  },
};
