import * as aws from "@pulumi/aws";
import type {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { flattenIntrinsics, parseTemplate } from "../../lib/cfnTemplate";
import { parsePolicyDocument } from "../../lib/iamDocument";
import { isJudgeableResource, missingRequiredResources } from "../../lib/iamRequiredResources";
import { UNKNOWN_SENTINEL } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: {} };

function checkDocument(
  label: string,
  document: unknown,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
): void {
  const parsed = parsePolicyDocument(document);
  if (parsed.kind !== "parsed") {
    return;
  }
  const granted = new Map<string, string[]>();
  const spelled = new Map<string, string>();
  const unknown = new Set<string>();
  for (const statement of parsed.statements) {
    if (statement.effect !== "Allow") {
      continue;
    }
    // Wildcard actions are another policy's concern (inspector-iam-policy-disallow-wildcard-action).
    for (const action of statement.actions.filter((a) => !/[*?]/.test(a))) {
      const key = action.toLowerCase();
      spelled.set(key, action);
      granted.set(key, [...(granted.get(key) ?? []), ...statement.resources]);
      if (
        statement.resources.some((r) => r.includes(UNKNOWN_SENTINEL) || !isJudgeableResource(r))
      ) {
        unknown.add(key);
      }
    }
  }
  for (const { action, problem } of missingRequiredResources(granted)) {
    if (unknown.has(action)) {
      continue;
    }
    reportViolation(
      `${label} '${args.name}' allows ${spelled.get(action) ?? action}, which ${problem}; allowed only on ${(granted.get(action) ?? []).join(", ")} (Service Authorization Reference). Add the missing resource, else every call is AccessDenied.`,
    );
  }
}

/**
 * The template types whose `PolicyDocument` is an identity policy, and those whose `Policies` list
 * holds inline identity policies (`{PolicyName, PolicyDocument}`), per the CloudFormation resource
 * specification. Other types' `PolicyDocument` (a QueuePolicy's, a BucketPolicy's, a VPC
 * endpoint's) is a resource or endpoint policy, not judged here.
 */
const IDENTITY_POLICY_TYPES: ReadonlySet<unknown> = new Set([
  "AWS::IAM::GroupPolicy",
  "AWS::IAM::ManagedPolicy",
  "AWS::IAM::Policy",
  "AWS::IAM::RolePolicy",
  "AWS::IAM::UserPolicy",
]);
const INLINE_POLICY_OWNER_TYPES: ReadonlySet<unknown> = new Set([
  "AWS::IAM::Group",
  "AWS::IAM::Role",
  "AWS::IAM::User",
]);

/** The identity policies of a StackSet template (policy resources and inline policies). */
function templatePolicies(body: unknown): [string, unknown][] {
  const template = parseTemplate(body);
  if (template === undefined) {
    return [];
  }
  const documents: [string, unknown][] = [];
  for (const [id, resource] of Object.entries(template.resources)) {
    const props = resource.Properties ?? {};
    if (IDENTITY_POLICY_TYPES.has(resource.Type)) {
      documents.push([id, flattenIntrinsics(props.PolicyDocument)]);
    }
    if (INLINE_POLICY_OWNER_TYPES.has(resource.Type) && Array.isArray(props.Policies)) {
      for (const p of props.Policies as Record<string, unknown>[]) {
        documents.push([`${id} ${String(p.PolicyName)}`, flattenIntrinsics(p.PolicyDocument)]);
      }
    }
  }
  return documents;
}

/**
 * An identity policy must allow each action on every resource type the Service Authorization
 * Reference marks as required for it (the request is authorized against each), and an action
 * without resource types only on `"*"`: otherwise IAM accepts the policy and every call is
 * AccessDenied (`ssm:StartAutomationExecution` on `automation-definition/...` alone needs the
 * `document` and `automation-execution` types too). Checks role and managed policies and the
 * identity policies inside StackSet templates (IAM policy resources, and the inline policies of
 * roles, users and groups).
 *
 * @severity high
 * @link https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const iamPolicyMissingRequiredResourceType: ResourceValidationPolicy = {
  name: "inspector-iam-policy-missing-required-resource-type",
  description:
    "Requires IAM policies to allow each action on every resource type the Service Authorization Reference requires for it.",
  severity: "high",
  remediationSteps:
    'Add a Resource of each required type (the action\'s "Resource types" marked * in the Service Authorization Reference), or "*" for actions without resource-level permissions.',
  url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: [
    validateResourceOfType(aws.iam.Policy, (policy, args, reportViolation) =>
      checkDocument("IAM policy", policy.policy, args, reportViolation),
    ),
    validateResourceOfType(aws.iam.RolePolicy, (policy, args, reportViolation) =>
      checkDocument("IAM role policy", policy.policy, args, reportViolation),
    ),
    validateResourceOfType(aws.cloudformation.StackSet, (stackSet, args, reportViolation) => {
      for (const [id, document] of templatePolicies(stackSet.templateBody)) {
        checkDocument(`StackSet template policy ${id} of`, document, args, reportViolation);
      }
    }),
  ],
};
