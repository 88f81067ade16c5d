/**
 * Runs the policy pack in-process over recorded resources, without the Pulumi CLI: the offline
 * plan's policy check (`npm run plan`) and the pack's own tests.
 *
 * It mirrors what @pulumi/policy 1.21's analyzer (`server.js`) does with each policy: resource
 * policies once per resource (skipping types a typed validation cannot apply to), stack policies
 * once over every resource; the enforcement level from policy config, else the policy's own,
 * else the pack's; "disabled" policies skipped; `notApplicable` results not reported; a policy
 * that touches an unknown value reported as advisory. One difference, on purpose: the resource
 * options carry `retainOnDelete`, which the engine does not send to policies.
 */
import { readFileSync } from "fs";
import * as policySdk from "@pulumi/policy";
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { schemaDefaults } from "./lib/config";

/** The pack's default enforcement level (index.ts): a stack without policy config fails closed. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** The name of the policy-config entry that applies to every policy (the engine's "all"). */
const ALL_POLICIES = "all";

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/**
 * One recorded resource. The program's recorder (lib/offline/recorder.ts) produces a superset
 * of this shape; the optional fields are used when present.
 */
export interface OfflineResource {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  protect: boolean;
  retainOnDelete: boolean;
  provider?: string;
  /** Custom timeouts as Go duration strings ("45m"). */
  customTimeouts?: { create?: string; update?: string; delete?: string };
  aliases?: string[];
  ignoreChanges?: string[];
}

/** One policy violation, with the level it is enforced at. */
export interface OfflineViolation {
  policyName: string;
  enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  resourceUrn?: string;
  resourceName?: string;
  resourceType?: string;
  message: string;
}

/**
 * Policy config in the format of `pulumi preview --policy-pack-config`:
 * `{ "<policy>": { "enforcementLevel": "advisory", "<key>": value } }`, where an entry may also be
 * just a level (`"<policy>": "advisory"`) and `"all"` sets the level of every policy.
 */
export type PolicyConfigFile = Record<string, Record<string, unknown> | string>;

/** Options of `runPolicies`. */
export interface RunPoliciesOptions {
  /** The policies to run; defaults to the whole pack. */
  policies?: Policies;
  /** Policy config (the format of policy/config/*.json). */
  config?: PolicyConfigFile;
  /** The stack name, used in messages only. */
  stackName?: string;
}

/** Invalid policy config: the message names the policy and key, the bad value and the rule. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

/** Thrown by `notApplicable`; caught by the runner and not reported. */
class NotApplicableSignal extends Error {
  constructor(public readonly reason: string | undefined) {
    super(reason ?? "Policy does not apply");
  }
}

/** Options as the runner passes them: the SDK's, plus retainOnDelete (see the file comment). */
export type OfflineResourceOptions = PolicyResourceOptions & { retainOnDelete: boolean };

/**
 * Reads and checks a policy config file (policy/config/<stack>.json).
 *
 * @throws PolicyConfigError when the file is unreadable, not JSON, or not policy config.
 */
export function loadPolicyConfig(path: string): PolicyConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new PolicyConfigError(
      `policy config ${path} cannot be read (${err instanceof Error ? err.message : String(err)}); pass an existing file.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(
      `policy config ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix the syntax.`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new PolicyConfigError(
      `policy config ${path} must be a JSON object keyed by policy name; found ${Array.isArray(parsed) ? "an array" : typeof parsed}.`,
    );
  }
  const config = parsed as Record<string, unknown>;
  for (const [policy, entry] of Object.entries(config)) {
    const isEntry = typeof entry === "object" && entry !== null && !Array.isArray(entry);
    if (!isEntry && typeof entry !== "string") {
      throw new PolicyConfigError(
        `policy config ${path}: "${policy}" must be an object of settings or an enforcement level; found ${JSON.stringify(entry)}.`,
      );
    }
  }
  return config as PolicyConfigFile;
}

/** The settings of one policy's config entry (a bare level becomes `{ enforcementLevel }`). */
function entryOf(config: PolicyConfigFile, policy: string): Record<string, unknown> {
  const entry = config[policy];
  if (entry === undefined) {
    return {};
  }
  return typeof entry === "string" ? { enforcementLevel: entry } : entry;
}

function checkLevel(value: unknown, where: string): EnforcementLevel | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || !ENFORCEMENT_LEVELS.includes(value as EnforcementLevel)) {
    throw new PolicyConfigError(
      `${where} is ${JSON.stringify(value)}; use one of ${ENFORCEMENT_LEVELS.join(", ")}.`,
    );
  }
  return value as EnforcementLevel;
}

function matchesSchemaType(value: unknown, schema: PolicyConfigJSONSchema): boolean {
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
  if (types.length === 0) {
    return true;
  }
  return types.some((t) => {
    switch (t) {
      case "array":
        return Array.isArray(value);
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      case "integer":
        return Number.isInteger(value);
      case "null":
        return value === null;
      default:
        return typeof value === t;
    }
  });
}

/** A policy with its resolved level and config, ready to run. */
interface PreparedPolicy {
  readonly policy: ResourceValidationPolicy | StackValidationPolicy;
  readonly level: EnforcementLevel;
  readonly config: Record<string, unknown>;
}

/**
 * Resolves each policy's enforcement level and config, and checks the config against the
 * policies: unknown policy names, unknown keys and wrongly typed values are errors (the engine
 * would reject the type errors too; the unknown keys catch typos such as a misspelt flag).
 */
function preparePolicies(policies: Policies, config: PolicyConfigFile): PreparedPolicy[] {
  const names = new Set(policies.map((p) => p.name));
  for (const key of Object.keys(config)) {
    if (key !== ALL_POLICIES && !names.has(key)) {
      throw new PolicyConfigError(
        `policy config names "${key}", which is not a policy of the pack; remove it or fix the name.`,
      );
    }
  }
  const allLevel = checkLevel(config[ALL_POLICIES], `policy config "${ALL_POLICIES}"`);
  return policies.map((policy) => {
    const { enforcementLevel, ...settings } = entryOf(config, policy.name);
    const configured = checkLevel(
      enforcementLevel,
      `policy config "${policy.name}".enforcementLevel`,
    );
    const properties = policy.configSchema?.properties ?? {};
    for (const [key, value] of Object.entries(settings)) {
      const schema = properties[key];
      if (schema === undefined) {
        throw new PolicyConfigError(
          `policy config "${policy.name}".${key} is not a setting of the policy; use one of: ${Object.keys(properties).join(", ") || "(none)"}.`,
        );
      }
      if (typeof schema === "object" && !matchesSchemaType(value, schema)) {
        throw new PolicyConfigError(
          `policy config "${policy.name}".${key} is ${JSON.stringify(value)}; it must be of type ${String(schema.type)}.`,
        );
      }
    }
    return {
      policy,
      level: configured ?? allLevel ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL,
      config: {
        ...schemaDefaults(policy.configSchema as PolicyConfigSchema | undefined),
        ...settings,
      },
    };
  });
}

/** The type token a resource class (or typed validation) carries, as the SDK reads it. */
function pulumiTypeOf(value: unknown): string | undefined {
  const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof type === "string" && type.length > 0 ? type : undefined;
}

/** The SDK's isTypeOf: compare the class's type token, else ask `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const classType = pulumiTypeOf(resourceClass);
  if (classType !== undefined) {
    return classType === type;
  }
  const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Go duration string ("1h30m", "45m", "90s") to seconds; 0 when absent or unparseable. */
export function durationSeconds(duration: string | undefined): number {
  if (duration === undefined) {
    return 0;
  }
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(amount) * units[unit];
  }
  return total;
}

function optionsOf(resource: OfflineResource): OfflineResourceOptions {
  const opts: OfflineResourceOptions = {
    protect: resource.protect,
    ignoreChanges: resource.ignoreChanges ?? [],
    aliases: resource.aliases ?? [],
    customTimeouts: {
      createSeconds: durationSeconds(resource.customTimeouts?.create),
      updateSeconds: durationSeconds(resource.customTimeouts?.update),
      deleteSeconds: durationSeconds(resource.customTimeouts?.delete),
    },
    additionalSecretOutputs: [],
    retainOnDelete: resource.retainOnDelete,
  };
  if (resource.parent !== undefined) {
    opts.parent = resource.parent;
  }
  return opts;
}

/** Splits a URN (`urn:pulumi:stack::project::parent$type::name`) into type and name. */
function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualifiedType = parts[2] ?? "";
  return {
    type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1),
    name: parts.slice(3).join("::"),
  };
}

/** The provider a resource uses, from its provider reference (`<urn>::<id>`). */
function providerOf(
  resource: OfflineResource,
  byUrn: ReadonlyMap<string, OfflineResource>,
): PolicyProviderResource | undefined {
  if (resource.provider === undefined || resource.provider === "") {
    return undefined;
  }
  const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
  const recorded = byUrn.get(urn);
  if (recorded !== undefined) {
    return { type: recorded.type, props: recorded.inputs, urn, name: recorded.name };
  }
  return { ...parseUrn(urn), props: {}, urn };
}

function notApplicable(reason?: string): never {
  throw new NotApplicableSignal(reason);
}

/** The SDK's UnknownValueError class (exported at run time, stripped from the .d.ts). */
const UnknownValueError = (policySdk as unknown as { UnknownValueError?: new () => Error })
  .UnknownValueError;

/** Runs one validation, turning notApplicable into nothing and unknowns into an advisory note. */
async function runGuarded(
  prepared: PreparedPolicy,
  run: () => Promise<void> | void,
  onUnknown: (message: string) => void,
  where: string,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof NotApplicableSignal) {
      return;
    }
    if (UnknownValueError !== undefined && err instanceof UnknownValueError) {
      onUnknown(
        `can't run policy '${prepared.policy.name}' during preview: ${(err as Error).message}`,
      );
      return;
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`policy '${prepared.policy.name}' failed on ${where}: ${detail}`, {
      cause: err,
    });
  }
}

/** The level a violation is reported at: a remediate policy that still fails is mandatory. */
function reportedLevel(level: EnforcementLevel): OfflineViolation["enforcementLevel"] {
  return level === "remediate" ? "mandatory" : level;
}

/**
 * Runs every resource policy over every resource and every stack policy once over all
 * resources, in-process, and returns the violations in policy order, then resource order.
 *
 * @example
 * const violations = await runPolicies(monitor.registrations, {
 *   config: loadPolicyConfig("policy/config/dev.json"),
 * });
 * const failed = violations.some((v) => v.enforcementLevel === "mandatory");
 *
 * @throws PolicyConfigError when the config does not fit the policies.
 */
export async function runPolicies(
  resources: OfflineResource[],
  opts: RunPoliciesOptions = {},
): Promise<OfflineViolation[]> {
  // Loaded lazily so that callers passing their own policies don't load the pack.
  const policies = opts.policies ?? (await import("./policies")).allPolicies;
  const prepared = preparePolicies(policies, opts.config ?? {}).filter(
    (p) => p.level !== "disabled",
  );
  const violations: OfflineViolation[] = [];
  const stackTags: ReadonlyMap<string, string> = new Map<string, string>();
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const byType = new Map<string, OfflineResource[]>();
  for (const resource of resources) {
    const list = byType.get(resource.type);
    if (list === undefined) {
      byType.set(resource.type, [resource]);
    } else {
      list.push(resource);
    }
  }
  const optionsCache = new Map<OfflineResource, OfflineResourceOptions>();
  const optionsFor = (r: OfflineResource): OfflineResourceOptions => {
    let o = optionsCache.get(r);
    if (o === undefined) {
      o = optionsOf(r);
      optionsCache.set(r, o);
    }
    return o;
  };

  for (const p of prepared) {
    const validate = (p.policy as ResourceValidationPolicy).validateResource;
    if (validate === undefined) {
      continue;
    }
    const level = reportedLevel(p.level);
    const getConfig = <T extends object>(): T => p.config as T;
    for (const validation of ([] as ResourceValidation[]).concat(validate)) {
      // The SDK's fast path: a typed validation only ever applies to its own type.
      const type = pulumiTypeOf(validation);
      const targets = type === undefined ? resources : (byType.get(type) ?? []);
      for (const resource of targets) {
        const record = (message: string): void => {
          violations.push({
            policyName: p.policy.name,
            enforcementLevel: level,
            resourceUrn: resource.urn,
            resourceName: resource.name,
            resourceType: resource.type,
            message,
          });
        };
        const args: ResourceValidationArgs = {
          type: resource.type,
          props: resource.inputs,
          urn: resource.urn,
          name: resource.name,
          opts: optionsFor(resource),
          stackTags,
          isType: (cls) => isTypeOf(resource.type, cls),
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          asType: (cls) => (isTypeOf(resource.type, cls) ? (resource.inputs as any) : undefined),
          getConfig,
          notApplicable,
        };
        const provider = providerOf(resource, byUrn);
        if (provider !== undefined) {
          args.provider = provider;
        }
        // The urn argument of a resource violation is ignored, as in the engine.
        const report: ReportViolation = (message) => record(message);
        await runGuarded(
          p,
          () => validation(args, report),
          (message) =>
            violations.push({
              ...toUnknownNote(p, message),
              resourceUrn: resource.urn,
              resourceName: resource.name,
              resourceType: resource.type,
            }),
          resource.urn,
        );
      }
    }
  }

  const stackPolicies = prepared.filter(
    (p) => typeof (p.policy as StackValidationPolicy).validateStack === "function",
  );
  if (stackPolicies.length === 0) {
    return violations;
  }
  const policyResources = toPolicyResources(resources, byUrn, optionsFor);
  for (const p of stackPolicies) {
    const level = reportedLevel(p.level);
    const args: StackValidationArgs = {
      resources: policyResources,
      stackTags,
      getConfig: <T extends object>(): T => p.config as T,
      notApplicable,
    };
    const report: ReportViolation = (message, urn) => {
      const resource = urn === undefined ? undefined : byUrn.get(urn);
      violations.push({
        policyName: p.policy.name,
        enforcementLevel: level,
        ...(urn === undefined ? {} : { resourceUrn: urn }),
        ...(resource === undefined
          ? {}
          : { resourceName: resource.name, resourceType: resource.type }),
        message,
      });
    };
    await runGuarded(
      p,
      () => (p.policy as StackValidationPolicy).validateStack(args, report),
      (message) => violations.push(toUnknownNote(p, message)),
      `stack ${opts.stackName ?? "(unnamed)"}`,
    );
  }
  return violations;
}

function toUnknownNote(p: PreparedPolicy, message: string): OfflineViolation {
  return { policyName: p.policy.name, enforcementLevel: "advisory", message };
}

/** Builds the StackValidationArgs resources: parents and dependencies as resource objects. */
function toPolicyResources(
  resources: readonly OfflineResource[],
  byUrn: ReadonlyMap<string, OfflineResource>,
  optionsFor: (r: OfflineResource) => OfflineResourceOptions,
): PolicyResource[] {
  const converted = new Map<string, PolicyResource>();
  const list = resources.map((resource) => {
    const policyResource: PolicyResource = {
      type: resource.type,
      props: resource.inputs,
      urn: resource.urn,
      name: resource.name,
      opts: optionsFor(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(resource.type, cls),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      asType: (cls) => (isTypeOf(resource.type, cls) ? (resource.inputs as any) : undefined),
    };
    const provider = providerOf(resource, byUrn);
    if (provider !== undefined) {
      policyResource.provider = provider;
    }
    converted.set(resource.urn, policyResource);
    return policyResource;
  });
  resources.forEach((resource, i) => {
    const policyResource = list[i];
    if (resource.parent !== undefined) {
      policyResource.parent = converted.get(resource.parent);
    }
    // As in the engine, dependencies outside the set of resources are dropped.
    policyResource.dependencies = resource.dependencies
      .map((urn) => converted.get(urn))
      .filter((d): d is PolicyResource => d !== undefined);
  });
  return list;
}
