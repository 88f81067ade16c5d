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

/** True when a CloudFormation template (JSON text) holds an SSM Automation document. */
export function hasAutomationDocument(templateBody: unknown): boolean {
  if (typeof templateBody !== "string") {
    return false;
  }
  try {
    const template = JSON.parse(templateBody) as { Resources?: Record<string, unknown> };
    return Object.values(template.Resources ?? {}).some((r) => {
      const resource = r as { Type?: unknown; Properties?: { DocumentType?: unknown } };
      return (
        resource.Type === "AWS::SSM::Document" && resource.Properties?.DocumentType === "Automation"
      );
    });
  } catch {
    return false;
  }
}

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
    "Set the stack's remediation mode to dry-run or enforce so the program deploys its Automation runbooks (aws.ssm.Document, or AWS::SSM::Document in a StackSet template), or set requireRemediation to false for a stack where remediation is off.",
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
    // Member accounts get the documents through a StackSet (the member baseline).
    const inStackSets = resourcesOf(args.resources, aws.cloudformation.StackSet).filter((s) =>
      hasAutomationDocument(s.props["templateBody"]),
    );
    if (automation.length === 0 && inStackSets.length === 0) {
      reportViolation(
        "No SSM Automation remediation document is deployed, so findings are never patched; turn remediation on (dry-run or enforce) for this stack (policy config requireRemediation).",
      );
    }
  },
};
