import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";
import { actionMatcher, parsePolicyDocument } from "../../lib/iamDocument";

/**
 * Actions that have no resource-level permissions, so `"Resource": "*"` is the only option
 * (Service Authorization Reference). Extend through policy config, not by loosening the rule.
 */
const DEFAULT_UNSCOPABLE_ACTIONS = [
  "cloudwatch:PutMetricData",
  "ec2:Describe*",
  "ecr:GetAuthorizationToken",
  "iam:ListPolicies",
  "iam:ListRoles",
  "inspector2:AssociateMember",
  "inspector2:BatchGet*",
  "inspector2:CreateFindingsReport",
  "inspector2:CreateSbomExport",
  "inspector2:Describe*",
  "inspector2:Disable",
  "inspector2:DisassociateMember",
  "inspector2:Enable",
  "inspector2:EnableDelegatedAdminAccount",
  "inspector2:Get*",
  "inspector2:List*",
  "inspector2:UpdateConfiguration",
  "inspector2:UpdateOrganizationConfiguration",
  "kms:ListAliases",
  "kms:ListKeys",
  "logs:DescribeLogGroups",
  "organizations:Describe*",
  "organizations:List*",
  "s3:ListAllMyBuckets",
  "ssm:DescribeInstanceInformation",
  "ssm:ListCommandInvocations",
  "ssm:ListCommands",
  "sts:GetCallerIdentity",
  "tag:GetResources",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    unscopableActions: {
      type: "array",
      items: { type: "string" },
      uniqueItems: true,
      default: DEFAULT_UNSCOPABLE_ACTIONS,
      description:
        'Actions (IAM globs) without resource-level permissions, for which "Resource": "*" is accepted.',
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
  // Invalid JSON is reported by inspector-iam-policy-disallow-wildcard-action.
  if (parsed.kind !== "parsed") {
    return;
  }
  const { unscopableActions } = readConfig<{ unscopableActions: string[] }>(args, CONFIG_SCHEMA);
  const isUnscopable = actionMatcher(unscopableActions);
  for (const statement of parsed.statements) {
    if (statement.effect !== "Allow" || !statement.resources.includes("*")) {
      continue;
    }
    const scopable = statement.actions.filter((a) => !isUnscopable(a));
    if (scopable.length > 0) {
      reportViolation(
        `${label} '${args.name}' statement ${statement.label} grants ${scopable.join(", ")} on Resource "*"; these actions support resource-level permissions, so list the ARNs they need (policy config unscopableActions lists the exceptions).`,
      );
    }
  }
}

/**
 * Least privilege: an action that supports resource-level permissions is granted on the ARNs it
 * needs, not on every resource in the account.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const iamPolicyDisallowWildcardResource: ResourceValidationPolicy = {
  name: "inspector-iam-policy-disallow-wildcard-resource",
  description: "Disallows IAM policies that grant scopable actions on every resource.",
  severity: "medium",
  remediationSteps:
    "Set Resource to the ARNs the actions need, or split actions without resource-level permissions into their own statement.",
  url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
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
