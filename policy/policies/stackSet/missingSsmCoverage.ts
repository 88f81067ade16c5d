import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { inspectorResources } from "../../lib/inspector";
import { isRecord, resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requireSsmCoverage: {
      type: "boolean",
      default: true,
      description:
        "Require a service-managed StackSet with auto-deployment (SSM coverage for agent-based scanning).",
    },
  },
};

/**
 * Agent-based EC2 scanning needs instances managed by SSM in their own account; what members
 * need goes out through a service-managed StackSet with auto-deployment, so accounts created
 * later are covered too (DESIGN.md "Accounts, regions, roles").
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export const stackSetMissingSsmCoverage: StackValidationPolicy = {
  name: "inspector-stack-set-missing-ssm-coverage",
  description:
    "Requires a service-managed, auto-deploying CloudFormation StackSet that brings SSM coverage to member accounts.",
  severity: "medium",
  remediationSteps:
    "Add an aws.cloudformation.StackSet with permissionModel SERVICE_MANAGED and autoDeployment.enabled true (plus StackInstances for the target OUs and Regions).",
  url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const { requireSsmCoverage } = readConfig<{ requireSsmCoverage: boolean }>(args, CONFIG_SCHEMA);
    if (!requireSsmCoverage) {
      args.notApplicable("Policy config requireSsmCoverage is false.");
    }
    if (inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources.");
    }
    const serviceManaged = resourcesOf(args.resources, aws.cloudformation.StackSet).filter(
      (s) => s.props["permissionModel"] === "SERVICE_MANAGED",
    );
    if (serviceManaged.length === 0) {
      reportViolation(
        'No service-managed StackSet deploys SSM coverage to member accounts; add an aws.cloudformation.StackSet with permissionModel "SERVICE_MANAGED" and autoDeployment.enabled true (policy config requireSsmCoverage).',
      );
    }
    for (const stackSet of serviceManaged) {
      const autoDeployment: unknown = stackSet.props["autoDeployment"];
      if (
        !isRecord(autoDeployment) ||
        autoDeployment["enabled"] === false ||
        autoDeployment["enabled"] === undefined
      ) {
        reportViolation(
          `StackSet '${stackSet.name}' does not auto-deploy, so accounts created later get no SSM coverage; set autoDeployment.enabled to true.`,
          stackSet.urn,
        );
      }
    }
  },
};
