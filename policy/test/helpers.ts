/**
 * The policy test helper for @pulumi/policy 1.21 (reference/pulumi-codebases.md §3): builds
 * ResourceValidationArgs (with stackTags and notApplicable) and StackValidationArgs the way the
 * analyzer does, runs a policy collecting `{ message, urn }`, and reports notApplicable apart.
 */
import { expect } from "chai";
import type {
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { schemaDefaults } from "../lib/config";

/** A resource class as policies see it (only its type token matters). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceClass = { new (...args: any[]): any };

/** One violation as the engine reports it. */
export interface ReportedViolation {
  message: string;
  urn?: string;
}

/** What running a policy produced. */
export interface PolicyRun {
  violations: ReportedViolation[];
  /** The reason given to notApplicable, when the policy called it. */
  notApplicable?: string;
}

/** Thrown by the helper's notApplicable, as the analyzer's NotApplicableError is. */
export class NotApplicable extends Error {
  constructor(public readonly reason: string | undefined) {
    super(reason ?? "Policy does not apply");
  }
}

const TEST_STACK = "test";
const TEST_PROJECT = "inspector-rollout";

/** The type token of a resource class; fails the test when it has none. */
export function typeOf(resourceClass: ResourceClass): string {
  const type = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof type !== "string" || type === "") {
    throw new Error(`${resourceClass.name} has no __pulumiType`);
  }
  return type;
}

/** The URN the engine would give a top-level resource of this type and name. */
export function urnOf(resourceClass: ResourceClass, name: string): string {
  return `urn:pulumi:${TEST_STACK}::${TEST_PROJECT}::${typeOf(resourceClass)}::${name}`;
}

/** The options record of a resource registered without options, plus the given ones. */
export function emptyOptions(
  overrides: Partial<PolicyResourceOptions> & { retainOnDelete?: boolean } = {},
): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...overrides,
  };
}

function isTypeFn(type: string) {
  return (resourceClass: ResourceClass): boolean =>
    (resourceClass as { __pulumiType?: unknown }).__pulumiType === type;
}

/** getConfig as the engine gives it: the schema defaults under the configured values. */
function configGetter(policy: Policy, config: Record<string, unknown>) {
  const merged = {
    ...schemaDefaults(policy.configSchema as PolicyConfigSchema | undefined),
    ...config,
  };
  return <T extends object>(): T => merged as T;
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** Options of {@link createResourceValidationArgs}. */
export interface ResourceArgsOptions {
  name?: string;
  config?: Record<string, unknown>;
  opts?: Partial<PolicyResourceOptions> & { retainOnDelete?: boolean };
}

/** ResourceValidationArgs for one resource of `resourceClass` with `props` as its inputs. */
export function createResourceValidationArgs(
  policy: Policy,
  resourceClass: ResourceClass,
  props: Record<string, unknown>,
  options: ResourceArgsOptions = {},
): ResourceValidationArgs {
  const type = typeOf(resourceClass);
  const name = options.name ?? "subject";
  const isType = isTypeFn(type);
  return {
    type,
    props,
    urn: urnOf(resourceClass, name),
    name,
    opts: emptyOptions(options.opts),
    stackTags: new Map<string, string>(),
    isType,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    asType: (cls) => (isType(cls) ? (props as any) : undefined),
    getConfig: configGetter(policy, options.config ?? {}),
    notApplicable,
  };
}

/** One resource of a stack fixture. */
export interface StackFixtureResource {
  cls: ResourceClass;
  name: string;
  props: Record<string, unknown>;
  /** Names of resources (in the same fixture) this one depends on. */
  dependsOn?: string[];
  opts?: Partial<PolicyResourceOptions> & { retainOnDelete?: boolean };
}

/** StackValidationArgs over the fixture, with dependencies resolved to resource objects. */
export function createStackValidationArgs(
  policy: Policy,
  resources: readonly StackFixtureResource[],
  config: Record<string, unknown> = {},
): StackValidationArgs {
  const byName = new Map<string, PolicyResource>();
  const list = resources.map((r) => {
    const type = typeOf(r.cls);
    const isType = isTypeFn(type);
    const resource: PolicyResource = {
      type,
      props: r.props,
      urn: urnOf(r.cls, r.name),
      name: r.name,
      opts: emptyOptions(r.opts),
      dependencies: [],
      propertyDependencies: {},
      isType,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      asType: (cls) => (isType(cls) ? (r.props as any) : undefined),
    };
    byName.set(r.name, resource);
    return resource;
  });
  resources.forEach((r, i) => {
    list[i].dependencies = (r.dependsOn ?? []).map((n) => {
      const dep = byName.get(n);
      if (dep === undefined) {
        throw new Error(`fixture: '${r.name}' depends on unknown '${n}'`);
      }
      return dep;
    });
  });
  return {
    resources: list,
    stackTags: new Map<string, string>(),
    getConfig: configGetter(policy, config),
    notApplicable,
  };
}

async function collect(run: (report: ReportViolation) => Promise<void> | void): Promise<PolicyRun> {
  const violations: ReportedViolation[] = [];
  const report: ReportViolation = (message, urn) => {
    violations.push(urn === undefined ? { message } : { message, urn });
  };
  try {
    await run(report);
  } catch (err) {
    if (err instanceof NotApplicable) {
      return { violations, notApplicable: err.reason ?? "" };
    }
    throw err;
  }
  return { violations };
}

/** Runs every validateResource function of the policy over the args. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<PolicyRun> {
  const validations = ([] as ResourceValidation[]).concat(policy.validateResource ?? []);
  const violations: ReportedViolation[] = [];
  let applicable = false;
  let reason: string | undefined;
  for (const validation of validations) {
    const run = await collect((report) => validation(args, report));
    violations.push(...run.violations);
    if (run.notApplicable === undefined) {
      applicable = true;
    } else {
      reason = run.notApplicable;
    }
  }
  return applicable ? { violations } : { violations, notApplicable: reason ?? "" };
}

/** Runs the policy's validateStack over the args. */
export function runStackPolicy(
  policy: StackValidationPolicy,
  args: StackValidationArgs,
): Promise<PolicyRun> {
  return collect((report) => policy.validateStack(args, report));
}

/** Runs a resource policy over one resource: the common case in specs. */
export function checkResource(
  policy: ResourceValidationPolicy,
  resourceClass: ResourceClass,
  props: Record<string, unknown>,
  options: ResourceArgsOptions = {},
): Promise<PolicyRun> {
  return runResourcePolicy(
    policy,
    createResourceValidationArgs(policy, resourceClass, props, options),
  );
}

/** Runs a stack policy over a fixture: the common case in specs. */
export function checkStack(
  policy: StackValidationPolicy,
  resources: readonly StackFixtureResource[],
  config: Record<string, unknown> = {},
): Promise<PolicyRun> {
  return runStackPolicy(policy, createStackValidationArgs(policy, resources, config));
}

/** Asserts the run was applicable and reported exactly these messages, in order. */
export function expectMessages(run: PolicyRun, messages: string[]): void {
  expect(run.notApplicable, "policy reported notApplicable").to.equal(undefined);
  expect(run.violations.map((v) => v.message)).to.deep.equal(messages);
}

/** Asserts the run was applicable and reported nothing. */
export function expectNoViolations(run: PolicyRun): void {
  expectMessages(run, []);
}

/** Asserts the policy called notApplicable (with this reason, when given). */
export function expectNotApplicable(run: PolicyRun, reason?: string): void {
  expect(run.notApplicable, "policy did not report notApplicable").to.be.a("string");
  if (reason !== undefined) {
    expect(run.notApplicable).to.equal(reason);
  }
  expect(run.violations).to.deep.equal([]);
}

/** A deep copy of a fixture, for one-field mutations. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
