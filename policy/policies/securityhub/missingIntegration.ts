import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { inspectorResources } from "../../lib/inspector";
import { resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requireSecurityHub: {
      type: "boolean",
      default: true,
      description: "Require Security Hub in the stack.",
    },
    requireFindingAggregator: {
      type: "boolean",
      default: true,
      description: "Require a Security Hub finding aggregator (cross-region view).",
    },
  },
};

interface SecurityHubConfig {
  requireSecurityHub: boolean;
  requireFindingAggregator: boolean;
}

/**
 * Inspector findings reach Security Hub once both are enabled (the integration activates
 * automatically); a finding aggregator gives the security team one cross-region view.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/inspector/latest/user/securityhub-integration.html
 */
export const securityhubMissingIntegration: StackValidationPolicy = {
  name: "inspector-securityhub-missing-integration",
  description:
    "Requires Security Hub and a finding aggregator in a stack that rolls out Inspector.",
  severity: "medium",
  remediationSteps:
    "Enable Security Hub (aws.securityhub.Account) in the delegated administrator account and add an aws.securityhub.FindingAggregator in the home region.",
  url: "https://docs.aws.amazon.com/inspector/latest/user/securityhub-integration.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const config = readConfig<SecurityHubConfig>(args, CONFIG_SCHEMA);
    if (!config.requireSecurityHub) {
      args.notApplicable("Policy config requireSecurityHub is false.");
    }
    if (inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources.");
    }
    if (resourcesOf(args.resources, aws.securityhub.Account).length === 0) {
      reportViolation(
        "Security Hub is not enabled, so Inspector findings do not reach it; add an aws.securityhub.Account in the delegated administrator account (policy config requireSecurityHub).",
      );
    }
    if (
      config.requireFindingAggregator &&
      resourcesOf(args.resources, aws.securityhub.FindingAggregator).length === 0
    ) {
      reportViolation(
        "Security Hub has no finding aggregator, so findings stay in their regions; add an aws.securityhub.FindingAggregator in the home region (policy config requireFindingAggregator).",
      );
    }
  },
};
