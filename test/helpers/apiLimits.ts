/**
 * Checks an AWS API input against the documented parameter limits in
 * test/fixtures/aws-api-limits.json (scripts/extractApiLimits.ts: botocore's service models plus
 * hand-written newer entries): required members, unknown members, string lengths, patterns,
 * enums, numeric ranges, list and map sizes. What AWS would refuse with a ValidationException
 * before doing anything. Used by the local AWS endpoint (test/deployed/) and by tests that render
 * inputs with real values.
 */
import * as fs from "fs";
import * as path from "path";

interface Ref {
  readonly shape: string;
  readonly location?: string;
  readonly locationName?: string;
}

/** A shape of the limits file (botocore's, without documentation). */
export interface Shape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, Ref>>;
  readonly member?: Ref;
  readonly key?: Ref;
  readonly value?: Ref;
  readonly flattened?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

/** One service of the limits file. */
export interface ServiceModel {
  readonly apiVersion: string;
  readonly protocol: string;
  readonly signingName: string;
  readonly targetPrefix?: string;
  readonly xmlNamespace?: string;
  readonly source: string;
  readonly operations: Readonly<
    Record<string, { http: { method: string; requestUri: string }; input?: string }>
  >;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** The limits file. */
export const API_LIMITS_FILE = path.resolve(__dirname, "../fixtures/aws-api-limits.json");

let cache: Readonly<Record<string, ServiceModel>> | undefined;

/** The services of the limits file, keyed by botocore's service name (ssm, sns, inspector2...). */
export function apiModels(): Readonly<Record<string, ServiceModel>> {
  cache ??= (
    JSON.parse(fs.readFileSync(API_LIMITS_FILE, "utf8")) as {
      services: Record<string, ServiceModel>;
    }
  ).services;
  return cache;
}

/** The model of a service; throws naming the services there are. */
export function serviceModel(service: string): ServiceModel {
  const model = apiModels()[service];
  if (model === undefined) {
    throw new Error(
      `no API limits for service ${service} (have: ${Object.keys(apiModels()).join(", ")}); add it to scripts/extractApiLimits.ts`,
    );
  }
  return model;
}

const compiled = new Map<string, RegExp>();

/**
 * A model pattern as a JavaScript regex. Smithy patterns are ECMA-262 and not implicitly anchored
 * (Smithy spec, "pattern trait"); the `u` flag keeps `\p{...}` classes working.
 */
function regexOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = new RegExp(pattern);
    }
    compiled.set(pattern, re);
  }
  return re;
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  where: string,
  problems: string[],
): void {
  const shape = model.shapes[shapeName];
  if (shape === undefined) {
    problems.push(`${where}: shape ${shapeName} is missing from the limits file`);
    return;
  }
  const at = where === "" ? "(input)" : where;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${at}: expected a structure (${shapeName}), got ${describe(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined) {
          problems.push(`${where === "" ? "" : `${where}.`}${name}: required (${shapeName})`);
        }
      }
      for (const [name, member] of Object.entries(record)) {
        if (member === undefined) {
          continue;
        }
        const ref = shape.members?.[name];
        const memberWhere = where === "" ? name : `${where}.${name}`;
        if (ref === undefined) {
          problems.push(`${memberWhere}: not a member of ${shapeName}`);
          continue;
        }
        check(model, ref.shape, member, memberWhere, problems);
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        problems.push(`${at}: expected a list (${shapeName}), got ${describe(value)}`);
        return;
      }
      sizeCheck(shape, shapeName, value.length, "items", at, problems);
      value.forEach((item, i) =>
        check(model, shape.member?.shape ?? "", item, `${where}[${i}]`, problems),
      );
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${at}: expected a map (${shapeName}), got ${describe(value)}`);
        return;
      }
      const entries = Object.entries(value as Record<string, unknown>);
      sizeCheck(shape, shapeName, entries.length, "entries", at, problems);
      for (const [k, v] of entries) {
        check(model, shape.key?.shape ?? "", k, `${where}{key ${describe(k)}}`, problems);
        check(model, shape.value?.shape ?? "", v, `${where}.${k}`, problems);
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        problems.push(`${at}: expected a string (${shapeName}), got ${describe(value)}`);
        return;
      }
      sizeCheck(shape, shapeName, [...value].length, "characters", at, problems);
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        problems.push(
          `${at}: ${describe(value)} is not one of ${shape.enum.join(", ")} (${shapeName})`,
        );
      }
      if (shape.pattern !== undefined && !regexOf(shape.pattern).test(value)) {
        problems.push(`${at}: ${describe(value)} does not match ${shape.pattern} (${shapeName})`);
      }
      return;
    }
    case "integer":
    case "long":
    case "double":
    case "float": {
      const n = typeof value === "string" ? Number(value) : value;
      if (typeof n !== "number" || Number.isNaN(n)) {
        problems.push(`${at}: expected a number (${shapeName}), got ${describe(value)}`);
        return;
      }
      if (shape.min !== undefined && n < shape.min) {
        problems.push(`${at}: ${n} is less than ${shape.min} (${shapeName})`);
      }
      if (shape.max !== undefined && n > shape.max) {
        problems.push(`${at}: ${n} is more than ${shape.max} (${shapeName})`);
      }
      return;
    }
    case "boolean":
      if (typeof value !== "boolean" && value !== "true" && value !== "false") {
        problems.push(`${at}: expected a boolean (${shapeName}), got ${describe(value)}`);
      }
      return;
    default:
      // timestamp, blob: the SDK serializes them; nothing documented to check here.
      return;
  }
}

function sizeCheck(
  shape: Shape,
  shapeName: string,
  size: number,
  unit: string,
  at: string,
  problems: string[],
): void {
  if (shape.min !== undefined && size < shape.min) {
    problems.push(`${at}: ${size} ${unit}, at least ${shape.min} (${shapeName})`);
  }
  if (shape.max !== undefined && size > shape.max) {
    problems.push(`${at}: ${size} ${unit}, at most ${shape.max} (${shapeName})`);
  }
}

/**
 * The problems AWS would refuse the input for (empty when it is valid). Member names are the
 * model's (the SDK's command input names).
 *
 * @example
 * checkApiInput("ssm", "StartAutomationExecution", { DocumentName: "x", Parameters: {...} })
 * // ["Parameters.InstallPackages: 100 items, at most 50 (AutomationParameterValueList)"]
 */
export function checkApiInput(service: string, operation: string, input: unknown): string[] {
  const model = serviceModel(service);
  const op = model.operations[operation];
  if (op === undefined) {
    throw new Error(
      `no API limits for ${service}:${operation}; add it to OPERATIONS in scripts/extractApiLimits.ts`,
    );
  }
  const problems: string[] = [];
  if (op.input !== undefined) {
    check(model, op.input, input ?? {}, "", problems);
  }
  return problems;
}
