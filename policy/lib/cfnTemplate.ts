/**
 * Reading CloudFormation templates of StackSets (a JSON `templateBody`) as far as the pack's
 * policies need: resources, the Region condition of a resource, IAM policy documents with their
 * `Fn::Sub` strings flattened to ARN globs.
 */
import { isRecord, parseJsonInput } from "./resources";

/** A template resource, loosely. */
export interface TemplateResource {
  readonly Type?: unknown;
  readonly Condition?: unknown;
  readonly Properties?: Record<string, unknown>;
}

/** The template of a `templateBody`, or undefined when unknown or not JSON (YAML is skipped). */
export function parseTemplate(
  body: unknown,
):
  { resources: Record<string, TemplateResource>; conditions: Record<string, unknown> } | undefined {
  const parsed = parseJsonInput(body);
  if (parsed.kind !== "parsed" || !isRecord(parsed.value) || !isRecord(parsed.value.Resources)) {
    return undefined;
  }
  return {
    resources: parsed.value.Resources as Record<string, TemplateResource>,
    conditions: isRecord(parsed.value.Conditions) ? parsed.value.Conditions : {},
  };
}

/**
 * The Region a condition pins a resource to: `{"Fn::Equals": [{"Ref": "AWS::Region"}, "r"]}`
 * (either order), else undefined.
 */
export function pinnedRegion(condition: unknown): string | undefined {
  if (!isRecord(condition) || !Array.isArray(condition["Fn::Equals"])) {
    return undefined;
  }
  const [a, b] = condition["Fn::Equals"] as unknown[];
  const isRegionRef = (v: unknown) => isRecord(v) && v.Ref === "AWS::Region";
  if (isRegionRef(a) && typeof b === "string") {
    return b;
  }
  return isRegionRef(b) && typeof a === "string" ? a : undefined;
}

/**
 * A template value with `Fn::Sub` strings made ARN globs (`${AWS::Partition}` is `aws`, every
 * other `${...}` any value) and other intrinsics (`Ref`, `Fn::GetAtt`, ...) `*`; `Fn::If` keeps
 * both branches' statements out (it is taken as `*`).
 */
export function flattenIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(flattenIntrinsics);
  }
  if (!isRecord(value)) {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "Fn::Sub") {
    const arg = value["Fn::Sub"];
    const text = Array.isArray(arg) ? arg[0] : arg;
    return typeof text === "string"
      ? text.replace(/\$\{AWS::Partition\}/g, "aws").replace(/\$\{[^}]+\}/g, "*")
      : "*";
  }
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::"))) {
    return "*";
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flattenIntrinsics(v)]));
}
