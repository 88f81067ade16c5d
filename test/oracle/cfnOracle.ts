/**
 * CloudFormation templates held against the CloudFormation resource specification, as packaged
 * by `@aws-cdk/aws-service-spec` (the registry schemas; ../shared/reference/aws-data-sources.md).
 * What CloudFormation would refuse when it validates or deploys the template:
 *
 * - a resource type that does not exist; a property the type (or a nested property type) does
 *   not have; a required property missing;
 * - `Fn::GetAtt` of an attribute the type does not have; `Ref`, `Fn::GetAtt`, `Fn::Sub`
 *   `${...}` and `DependsOn` naming no resource, parameter or pseudo parameter; a condition
 *   that is not defined;
 * - a resource or output that references a conditional resource without being under the same
 *   condition (where the condition is false, the referenced resource does not exist and the
 *   stack fails: "Unresolved resource dependencies").
 */
import { loadAwsServiceSpec } from "@aws-cdk/aws-service-spec";
import type { SpecDatabase } from "@aws-cdk/service-spec-types";
import type { CfnTemplateJson } from "./planDocuments";

let database: Promise<SpecDatabase> | undefined;

/** The specification database (loaded once, about a second). */
export function specDatabase(): Promise<SpecDatabase> {
  database ??= loadAwsServiceSpec();
  return database;
}

interface SpecProperty {
  readonly required?: boolean;
  readonly type: SpecType;
}

type SpecType =
  | { readonly type: "ref"; readonly reference: { readonly $ref: string } }
  | { readonly type: "array" | "map"; readonly element: SpecType }
  | { readonly type: string };

const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const INTRINSICS = new Set([
  "Ref",
  "Condition",
  "Fn::GetAtt",
  "Fn::Sub",
  "Fn::If",
  "Fn::Join",
  "Fn::Select",
  "Fn::Split",
  "Fn::Equals",
  "Fn::Not",
  "Fn::And",
  "Fn::Or",
  "Fn::Base64",
  "Fn::GetAZs",
  "Fn::ImportValue",
  "Fn::FindInMap",
  "Fn::Cidr",
]);

const isIntrinsic = (value: unknown): boolean =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  INTRINSICS.has(Object.keys(value)[0]);

/** The logical names a value references: Ref, GetAtt and Fn::Sub `${...}` targets. */
function referencesOf(value: unknown, out: { name: string; attribute?: string }[] = []) {
  if (Array.isArray(value)) {
    value.forEach((v) => referencesOf(v, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "Ref" && typeof v === "string") {
        out.push({ name: v });
      } else if (k === "Fn::GetAtt" && Array.isArray(v)) {
        out.push({ name: v[0] as string, attribute: v[1] as string });
      } else if (k === "Fn::Sub") {
        const [text, vars] = Array.isArray(v)
          ? [v[0] as string, (v[1] ?? {}) as Record<string, unknown>]
          : [v as string, {}];
        for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
          const [name, attribute] = m[1].split(".");
          if (!(name in vars)) {
            out.push(attribute === undefined ? { name } : { name, attribute });
          }
        }
        referencesOf(vars, out);
      } else {
        referencesOf(v, out);
      }
    }
  }
  return out;
}

/** The condition names a value uses (Fn::If, Condition). */
function conditionsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => conditionsOf(v, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "Fn::If" && Array.isArray(v)) {
        out.push(v[0] as string);
        conditionsOf(v.slice(1), out);
      } else if (k === "Condition" && typeof v === "string") {
        out.push(v);
      } else {
        conditionsOf(v, out);
      }
    }
  }
  return out;
}

function checkValue(
  db: SpecDatabase,
  where: string,
  type: SpecType,
  value: unknown,
  problems: string[],
): void {
  if (isIntrinsic(value) || value === undefined) {
    return;
  }
  if (type.type === "array" && "element" in type) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => checkValue(db, `${where}[${i}]`, type.element, v, problems));
    } else {
      problems.push(`${where}: expected a list`);
    }
  } else if (type.type === "map" && "element" in type) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      checkValue(db, `${where}.${k}`, type.element, v, problems);
    }
  } else if (type.type === "ref" && "reference" in type) {
    const definition = db.get("typeDefinition", type.reference.$ref) as unknown as {
      name: string;
      properties: Record<string, SpecProperty>;
    };
    checkProperties(db, where, definition.name, definition.properties, value, problems);
  }
}

function checkProperties(
  db: SpecDatabase,
  where: string,
  typeName: string,
  spec: Readonly<Record<string, SpecProperty>>,
  value: unknown,
  problems: string[],
): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${where}: expected an object of type ${typeName}`);
    return;
  }
  const props = value as Record<string, unknown>;
  for (const [name, v] of Object.entries(props)) {
    const property = spec[name];
    if (property === undefined) {
      problems.push(`${where}: ${typeName} has no property ${name}`);
    } else {
      checkValue(db, `${where}.${name}`, property.type, v, problems);
    }
  }
  for (const [name, property] of Object.entries(spec)) {
    if (property.required === true && !(name in props)) {
      problems.push(`${where}: ${typeName} requires property ${name}`);
    }
  }
}

/** Every problem the specification finds in a template, each naming the source and the path. */
export async function checkTemplate(source: string, template: CfnTemplateJson): Promise<string[]> {
  const db = await specDatabase();
  const problems: string[] = [];
  const resources = template.Resources;
  const conditions = template.Conditions ?? {};
  const parameters = template.Parameters ?? {};
  const attributesOf = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const where = `${source} Resources.${id}`;
    const found = db.lookup("resource", "cloudFormationType", "equals", resource.Type);
    if (found.length === 0) {
      problems.push(`${where}: ${resource.Type} is not a CloudFormation resource type`);
      continue;
    }
    const spec = found.only() as unknown as {
      properties: Record<string, SpecProperty>;
      attributes: Record<string, unknown>;
    };
    attributesOf.set(id, new Set(Object.keys(spec.attributes)));
    checkProperties(db, where, resource.Type, spec.properties, resource.Properties ?? {}, problems);
  }
  const check = (where: string, value: unknown, ownCondition: string | undefined) => {
    for (const ref of referencesOf(value)) {
      const target = resources[ref.name];
      if (target === undefined) {
        if (
          ref.attribute === undefined &&
          (ref.name in parameters || PSEUDO_PARAMETERS.has(ref.name))
        ) {
          continue;
        }
        problems.push(`${where}: references ${ref.name}, which is not defined`);
        continue;
      }
      if (ref.attribute !== undefined && attributesOf.get(ref.name)?.has(ref.attribute) === false) {
        problems.push(`${where}: ${target.Type} ${ref.name} has no attribute ${ref.attribute}`);
      }
      if (target.Condition !== undefined && target.Condition !== ownCondition) {
        problems.push(
          `${where}: references ${ref.name}, which exists only under condition ${target.Condition}`,
        );
      }
    }
    for (const name of conditionsOf(value)) {
      if (!(name in conditions)) {
        problems.push(`${where}: condition ${name} is not defined`);
      }
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const where = `${source} Resources.${id}`;
    if (resource.Condition !== undefined && !(resource.Condition in conditions)) {
      problems.push(`${where}: condition ${resource.Condition} is not defined`);
    }
    check(where, resource.Properties ?? {}, resource.Condition);
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const d of dependsOn) {
      check(where, { Ref: d }, resource.Condition);
    }
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    check(`${source} Outputs.${id}`, output.Value, output.Condition);
  }
  for (const [id, condition] of Object.entries(conditions)) {
    check(`${source} Conditions.${id}`, condition, undefined);
  }
  return problems;
}
