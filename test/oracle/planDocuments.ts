/**
 * What the oracle checks read out of a plan: every IAM policy document the program builds
 * (identity, trust and resource policies of the registered resources, and those inside the
 * StackSet templates, rendered as CloudFormation would resolve them in a member account), the
 * StackSet templates themselves, and the names of named resources.
 */
import type { PlanResult } from "../../lib/offline/plan";
import type { RecordedResource } from "../../lib/offline/recorder";
import type { PolicyKind, PolicyUnderTest } from "./iamOracle";

/** A member account the templates are rendered for. */
export const MEMBER_ACCOUNT = "333333333333";

/** Registered resource types whose inputs carry a policy document, and its kind. */
const POLICY_INPUTS: Readonly<Record<string, readonly [string, PolicyKind][]>> = {
  "aws:iam/role:Role": [["assumeRolePolicy", "trust"]],
  "aws:iam/rolePolicy:RolePolicy": [["policy", "identity"]],
  "aws:iam/policy:Policy": [["policy", "identity"]],
  "aws:kms/key:Key": [["policy", "resource"]],
  "aws:s3/bucketPolicy:BucketPolicy": [["policy", "resource"]],
  "aws:sqs/queuePolicy:QueuePolicy": [["policy", "resource"]],
  "aws:sns/topicPolicy:TopicPolicy": [["policy", "resource"]],
  "aws:dynamodb/resourcePolicy:ResourcePolicy": [["policy", "resource"]],
  "aws:ecr/repositoryPolicy:RepositoryPolicy": [["policy", "resource"]],
  "aws:lambda/permission:Permission": [],
};

/** A StackSet's template as registered. */
export interface PlannedTemplate {
  readonly source: string;
  readonly template: CfnTemplateJson;
  /** The Regions its instances deploy to. */
  readonly regions: readonly string[];
}

/** A template as JSON (the checks read it loosely). */
export interface CfnTemplateJson {
  readonly Parameters?: Record<string, { Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

/** A template resource as JSON. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Properties?: Record<string, unknown>;
}

const ofType = (plan: PlanResult, type: string): RecordedResource[] =>
  plan.registrations.filter((r) => r.type === type);

/** The StackSet templates of a plan, with the Regions of their instances. */
export function templatesOfPlan(plan: PlanResult): PlannedTemplate[] {
  return ofType(plan, "aws:cloudformation/stackSet:StackSet").map((set) => {
    const name = set.inputs.name;
    const regions = [
      ...ofType(plan, "aws:cloudformation/stackInstances:StackInstances")
        .filter((i) => i.inputs.stackSetName === name)
        .flatMap((i) => i.inputs.regions as string[]),
      ...ofType(plan, "aws:cloudformation/stackSetInstance:StackSetInstance")
        .filter((i) => i.inputs.stackSetName === name)
        .map((i) => i.inputs.stackSetInstanceRegion as string),
    ];
    return {
      source: `${set.type} ${set.name}`,
      template: JSON.parse(set.inputs.templateBody as string) as CfnTemplateJson,
      regions,
    };
  });
}

/** Where a template is rendered: one member account, one Region. */
export interface RenderContext {
  readonly account: string;
  readonly region: string;
  readonly template: CfnTemplateJson;
}

/** Whether a template condition is true in the context. */
export function evaluateCondition(name: string, ctx: RenderContext): boolean {
  const condition = ctx.template.Conditions?.[name];
  if (condition === undefined) {
    throw new Error(`condition ${name} is not defined`);
  }
  return renderValue(condition, ctx) === true;
}

/** Whether a resource exists in the context (its Condition holds, if it has one). */
export function existsIn(resource: CfnResourceJson, ctx: RenderContext): boolean {
  return resource.Condition === undefined || evaluateCondition(resource.Condition, ctx);
}

const NO_VALUE = Symbol("AWS::NoValue");

function pseudo(name: string, ctx: RenderContext): unknown {
  switch (name) {
    case "AWS::AccountId":
      return ctx.account;
    case "AWS::Region":
      return ctx.region;
    case "AWS::Partition":
      return "aws";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::StackName":
      return "StackSet-inspector-rollout-member-baseline-0123";
    case "AWS::NoValue":
      return NO_VALUE;
    default:
      return undefined;
  }
}

/** What `Ref` gives for a template resource or parameter. */
function refOf(name: string, ctx: RenderContext): unknown {
  const p = pseudo(name, ctx);
  if (p !== undefined) {
    return p;
  }
  const parameter = ctx.template.Parameters?.[name];
  if (parameter !== undefined) {
    return parameter.Default ?? "";
  }
  const resource = ctx.template.Resources[name];
  if (resource === undefined) {
    throw new Error(`Ref ${name}: no such resource, parameter or pseudo parameter`);
  }
  const props = resource.Properties ?? {};
  switch (resource.Type) {
    case "AWS::IAM::ManagedPolicy":
      return `arn:aws:iam::${ctx.account}:policy${(props.Path as string | undefined) ?? "/"}${
        (props.ManagedPolicyName as string | undefined) ?? `${name}-GENERATED`
      }`;
    case "AWS::IAM::Role":
      return props.RoleName ?? `StackSet-baseline-${name}-GENERATED`;
    case "AWS::SSM::Document":
      return props.Name ?? `StackSet-baseline-${name}-GENERATED`;
    default:
      return `${name}-physical-id`;
  }
}

function getAtt(name: string, attribute: string, ctx: RenderContext): unknown {
  const resource = ctx.template.Resources[name];
  if (resource === undefined) {
    throw new Error(`Fn::GetAtt ${name}.${attribute}: no such resource`);
  }
  if (resource.Type === "AWS::IAM::Role" && attribute === "Arn") {
    const props = resource.Properties ?? {};
    return `arn:aws:iam::${ctx.account}:role${(props.Path as string | undefined) ?? "/"}${refOf(name, ctx) as string}`;
  }
  return `${name}.${attribute}`;
}

/** A template value with its intrinsic functions resolved as CloudFormation would. */
export function renderValue(value: unknown, ctx: RenderContext): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => renderValue(v, ctx)).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    switch (fn) {
      case "Ref":
        return refOf(arg as string, ctx);
      case "Fn::GetAtt":
        return getAtt((arg as string[])[0], (arg as string[])[1], ctx);
      case "Fn::Sub": {
        const [text, vars] = Array.isArray(arg)
          ? [arg[0] as string, arg[1] as Record<string, unknown>]
          : [arg as string, {}];
        return text.replace(/\$\{([^}!]+)\}/g, (_m, ref: string) => {
          if (ref in vars) {
            return String(renderValue(vars[ref], ctx));
          }
          const [target, attribute] = ref.split(".");
          return String(
            attribute === undefined ? refOf(target, ctx) : getAtt(target, attribute, ctx),
          );
        });
      }
      case "Fn::If": {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return renderValue(evaluateCondition(condition, ctx) ? whenTrue : whenFalse, ctx);
      }
      case "Fn::Equals": {
        const [a, b] = arg as [unknown, unknown];
        return JSON.stringify(renderValue(a, ctx)) === JSON.stringify(renderValue(b, ctx));
      }
      case "Fn::Not":
        return !(renderValue((arg as unknown[])[0], ctx) as boolean);
      case "Fn::And":
        return (arg as unknown[]).every((c) => renderValue(c, ctx) === true);
      case "Fn::Or":
        return (arg as unknown[]).some((c) => renderValue(c, ctx) === true);
      case "Condition":
        return evaluateCondition(arg as string, ctx);
      default:
        break;
    }
  }
  return Object.fromEntries(
    entries.map(([k, v]) => [k, renderValue(v, ctx)] as const).filter(([, v]) => v !== NO_VALUE),
  );
}

/** The IAM documents of a template's resources that exist in the context, rendered. */
export function templatePolicies(source: string, ctx: RenderContext): PolicyUnderTest[] {
  const policies: PolicyUnderTest[] = [];
  for (const [id, resource] of Object.entries(ctx.template.Resources)) {
    if (!existsIn(resource, ctx)) {
      continue;
    }
    const props = resource.Properties ?? {};
    const where = `${source} ${ctx.region} ${id}`;
    if (resource.Type === "AWS::IAM::Role") {
      policies.push({
        source: `${where} trust`,
        kind: "trust",
        document: renderValue(props.AssumeRolePolicyDocument, ctx),
      });
      for (const p of (props.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]) {
        policies.push({
          source: `${where} ${p.PolicyName}`,
          kind: "identity",
          document: renderValue(p.PolicyDocument, ctx),
        });
      }
    }
    if (resource.Type === "AWS::IAM::ManagedPolicy" || resource.Type === "AWS::IAM::Policy") {
      policies.push({
        source: where,
        kind: "identity",
        document: renderValue(props.PolicyDocument, ctx),
      });
    }
  }
  return policies;
}

/**
 * Every policy document of a plan: the registered resources' (JSON inputs) and, for each
 * StackSet, its template's rendered in a member account in each of the instances' Regions.
 */
export function policiesOfPlan(plan: PlanResult): PolicyUnderTest[] {
  const policies: PolicyUnderTest[] = [];
  for (const r of plan.registrations) {
    for (const [input, kind] of POLICY_INPUTS[r.type] ?? []) {
      const text = r.inputs[input];
      if (typeof text === "string") {
        policies.push({ source: `${r.type} ${r.name}`, kind, document: JSON.parse(text) });
      }
    }
  }
  for (const t of templatesOfPlan(plan)) {
    for (const region of t.regions) {
      policies.push(
        ...templatePolicies(t.source, { account: MEMBER_ACCOUNT, region, template: t.template }),
      );
    }
  }
  return policies;
}
