import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { isWildcardAction, parsePolicyDocument } from "../../lib/iamDocument";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    allowedWildcardActions: {
      type: "array",
      items: { type: "string" },
      uniqueItems: true,
      default: [],
      description: 'Service wildcards (for example "inspector2:*") that are accepted anyway.',
    },
  },
};

function checkDocument(
  label: string,
  document: unknown,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
): void {
  const parsed = parsePolicyDocument(document);
  if (parsed.kind === "invalid") {
    reportViolation(
      `${label} '${args.name}' has a policy document that is not valid JSON (${parsed.error}); build it with pulumi.jsonStringify or aws.iam.getPolicyDocumentOutput.`,
    );
    return;
  }
  if (parsed.kind === "unknown") {
    return;
  }
  const { allowedWildcardActions } = readConfig<{ allowedWildcardActions: string[] }>(
    args,
    CONFIG_SCHEMA,
  );
  for (const statement of parsed.statements) {
    if (statement.effect !== "Allow") {
      continue;
    }
    for (const action of statement.actions) {
      if (isWildcardAction(action) && !allowedWildcardActions.includes(action)) {
        reportViolation(
          `${label} '${args.name}' statement ${statement.label} allows the wildcard action "${action}"; list the specific actions the principal needs (policy config allowedWildcardActions).`,
        );
      }
    }
    if (statement.notActions.length > 0) {
      reportViolation(
        `${label} '${args.name}' statement ${statement.label} allows NotAction, which grants every other action; list the allowed actions in Action instead.`,
      );
    }
  }
}

/**
 * Least privilege: an Allow with `*` or `service:*` grants actions nobody reviewed, including
 * ones the service adds later.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const iamPolicyDisallowWildcardAction: ResourceValidationPolicy = {
  name: "inspector-iam-policy-disallow-wildcard-action",
  description: "Disallows IAM policies that allow wildcard actions.",
  severity: "high",
  remediationSteps:
    'Replace "*" and "service:*" in Allow statements with the specific actions the principal calls.',
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  configSchema: CONFIG_SCHEMA,
  validateResource: [
    validateResourceOfType(aws.iam.Policy, (policy, args, reportViolation) =>
      checkDocument("IAM policy", policy.policy, args, reportViolation),
    ),
    validateResourceOfType(aws.iam.RolePolicy, (policy, args, reportViolation) =>
      checkDocument("IAM role policy", policy.policy, args, reportViolation),
    ),
  ],
};
