import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { inspectorResources } from "../../lib/inspector";
import { resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    requireRemediation: {
      type: "boolean",
      default: true,
      description:
        "Require remediation (SSM Automation documents); set to false only for stacks where remediation is off.",
    },
  },
};

/**
 * A production stack patches what Inspector finds: SSM Automation documents for patching and
 * containment must be deployed, which also means remediation is not `off`.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-automation.html
 */
export const remediationMissingPatchDocuments: StackValidationPolicy = {
  name: "inspector-remediation-missing-patch-documents",
  description:
    "Requires SSM Automation remediation documents in a stack whose policy config requires remediation.",
  severity: "high",
  remediationSteps:
    "Set the stack's remediation mode to dry-run or enforce so the program deploys its aws.ssm.Document Automation runbooks, or set requireRemediation to false for a stack where remediation is off.",
  url: "https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-automation.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const { requireRemediation } = readConfig<{ requireRemediation: boolean }>(args, CONFIG_SCHEMA);
    if (!requireRemediation) {
      args.notApplicable("Policy config requireRemediation is false.");
    }
    if (inspectorResources(args.resources).length === 0) {
      args.notApplicable("The stack has no Inspector2 resources.");
    }
    const automation = resourcesOf(args.resources, aws.ssm.Document).filter(
      (d) => d.props["documentType"] === "Automation",
    );
    if (automation.length === 0) {
      reportViolation(
        "No SSM Automation remediation document is deployed, so findings are never patched; turn remediation on (dry-run or enforce) for this stack (policy config requireRemediation).",
      );
    }
  },
};
