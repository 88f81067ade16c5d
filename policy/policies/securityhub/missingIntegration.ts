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
    requireExistingAccounts: {
      type: "boolean",
      default: true,
      description:
        "Require an organization configuration to reach the existing accounts (CENTRAL, or Member resources), not only those that join later.",
    },
  },
};

interface SecurityHubConfig {
  requireSecurityHub: boolean;
  requireFindingAggregator: boolean;
  requireExistingAccounts: boolean;
}

/** The configuration type of an organization configuration, when known. */
function configurationType(props: Record<string, unknown>): unknown {
  const nested: unknown = props["organizationConfiguration"];
  return typeof nested === "object" && nested !== null
    ? (nested as Record<string, unknown>)["configurationType"]
    : undefined;
}

/**
 * Inspector findings reach Security Hub once both are enabled (the integration activates
 * automatically); a finding aggregator gives the security team one cross-region view. An
 * organization configuration that is LOCAL (or unset, which is LOCAL) only auto-enables accounts
 * "when they join the organization" (Security Hub API, UpdateOrganizationConfiguration): the
 * existing accounts need CENTRAL configuration with a policy association, or Member resources.
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
    const configurations = resourcesOf(args.resources, aws.securityhub.OrganizationConfiguration);
    // Unset means LOCAL. CENTRAL reaches the existing accounts; a value that is neither (the API
    // has only these two) is one not known yet during preview, and is not held against the stack.
    const mayReachExisting = configurations.some((c) => {
      const type = configurationType(c.props);
      return type !== undefined && type !== "LOCAL";
    });
    if (
      config.requireExistingAccounts &&
      !mayReachExisting &&
      resourcesOf(args.resources, aws.securityhub.Member).length === 0
    ) {
      for (const c of configurations) {
        reportViolation(
          `Security Hub organization configuration '${c.name}' is LOCAL, so autoEnable reaches only accounts that join later and the existing accounts never send their Inspector findings; set organizationConfiguration.configurationType CENTRAL with an aws.securityhub.ConfigurationPolicy and its ConfigurationPolicyAssociation, or add aws.securityhub.Member resources (policy config requireExistingAccounts).`,
          c.urn,
        );
      }
    }
  },
};
