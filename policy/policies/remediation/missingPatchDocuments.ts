import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { parseTemplate } from "../../lib/cfnTemplate";
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
 * True when a CloudFormation template holds an SSM Automation document. A template the pack
 * cannot read (YAML, not known at preview) shows none.
 */
export function hasAutomationDocument(templateBody: unknown): boolean {
  const template = parseTemplate(templateBody);
  return Object.values(template?.resources ?? {}).some(
    (r) => r.Type === "AWS::SSM::Document" && r.Properties?.DocumentType === "Automation",
  );
}

/** The environment variable that carries the triage function's remediation settings. */
export const REMEDIATION_SETTINGS_VARIABLE = "REMEDIATION_SETTINGS";

/**
 * The patch mode a Lambda function's remediation settings give (`off`, `dry-run`, `enforce`), or
 * undefined when the function carries none (or they are not known yet, as in a preview).
 */
export function patchModeOf(environment: unknown): string | undefined {
  const variables = (environment as { variables?: Record<string, unknown> } | undefined)?.variables;
  const settings = variables?.[REMEDIATION_SETTINGS_VARIABLE];
  if (typeof settings !== "string") {
    return undefined;
  }
  try {
    const patchMode = (JSON.parse(settings) as { patchMode?: unknown }).patchMode;
    return typeof patchMode === "string" ? patchMode : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A production stack patches what Inspector finds: SSM Automation documents for patching and
 * containment must be deployed, and the triage function that starts them must patch: its
 * remediation settings' `patchMode` is not `off` (containment alone still deploys the documents,
 * so the documents alone do not show that anything is patched).
 *
 * @severity high
 * @link https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-automation.html
 */
export const remediationMissingPatchDocuments: StackValidationPolicy = {
  name: "inspector-remediation-missing-patch-documents",
  description:
    "Requires SSM Automation remediation documents and a triage function whose patch mode is not off in a stack whose policy config requires remediation.",
  severity: "high",
  remediationSteps:
    "Set the stack's remediation patch mode to dry-run or enforce (remediationPatchMode) so the program deploys its Automation runbooks (aws.ssm.Document, or AWS::SSM::Document in a StackSet template) and its triage function patches, or set requireRemediation to false for a stack where remediation is off.",
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
      return;
    }
    // What the stack does: the triage function's patch mode (its REMEDIATION_SETTINGS).
    const triage = resourcesOf(args.resources, aws.lambda.Function)
      .map((f) => ({ name: f.name, patchMode: patchModeOf(f.props["environment"]) }))
      .filter((f) => f.patchMode !== undefined);
    if (triage.length === 0) {
      reportViolation(
        `No Lambda function carries remediation settings (${REMEDIATION_SETTINGS_VARIABLE}), so nothing starts the Automation documents and findings are never patched; turn remediation on (remediationPatchMode dry-run or enforce) for this stack (policy config requireRemediation).`,
      );
    }
    for (const f of triage.filter((t) => t.patchMode === "off")) {
      reportViolation(
        `Function '${f.name}' runs with patchMode "off" (${REMEDIATION_SETTINGS_VARIABLE}), so findings are never patched although the Automation documents are deployed; set remediationPatchMode to dry-run or enforce (\`pulumi config set remediationPatchMode enforce\`), or set requireRemediation to false in the policy config.`,
      );
    }
  },
};
