/**
 * The offline plan: runs the real program on Pulumi's mock runtime, in-process, against an
 * organization inventory snapshot, and reports what it would register.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, PROJECT, validateConfig } from "../../stacks/config";
import { markHandled } from "../cli/command";
import type { StackOutputs } from "../../stacks/program";
import {
  type CallHandler,
  failOnUnexpectedCall,
  type RecordedResource,
  RecordingMonitor,
  type StateHandler,
} from "./recorder";
import { loadStackConfig, PlanUsageError } from "./stackConfig";

/** What to plan. */
export interface PlanOptions {
  /** The project directory (where Pulumi.yaml is). */
  readonly dir: string;
  /** The stack name; `Pulumi.<stack>.yaml` is read. */
  readonly stack: string;
  /** The program to run. Defaults to `index.ts` in `dir`. */
  readonly programFile?: string;
  /** An inventory snapshot that replaces the stack's `inventoryFile`. */
  readonly inventoryFile?: string;
  /** The monitor to record into; a new one by default. */
  readonly monitor?: RecordingMonitor;
  /**
   * Another team's program (`--program`): a missing stack file means no stack config, and
   * invokes answer `{}` (recorded) instead of failing, since their data sources are unknown here.
   */
  readonly isForeignProgram?: boolean;
  /** The output state of each new resource. Defaults to its inputs plus a mock `arn`. */
  readonly stateHandler?: StateHandler;
  /**
   * Read the organization live from the Organizations API (with the caller's credentials) when
   * no inventory snapshot is given. Off by default: the offline plan never calls AWS unasked.
   */
  readonly liveInventory?: boolean;
  /** How long the program may run before the plan gives up. Defaults to {@link PROGRAM_TIMEOUT_SECONDS}. */
  readonly timeoutSeconds?: number;
}

/** The default limit on a program's run, in seconds (`--timeout`). */
export const PROGRAM_TIMEOUT_SECONDS = 300;

/** Raised in place of `process.exit()` while a program runs: ending the process checks nothing. */
export class ProgramExitError extends Error {
  constructor(code: unknown) {
    super(
      `the program called process.exit(${code === undefined ? "" : JSON.stringify(code)}) during the plan; a Pulumi program returns (or exports) its resources instead of ending the process`,
    );
    this.name = "ProgramExitError";
  }
}

/** The resource options a reviewer reviews, as `--json` prints them. */
export interface PlannedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly customTimeouts?: RecordedResource["customTimeouts"];
  readonly aliases: string[];
  readonly ignoreChanges: string[];
}

/**
 * One resource of the plan, as `--json` prints it (../shared/DESIGN.md, "Contracts"): `dependsOn`
 * is what the engine receives, the explicit `dependsOn` and the resources whose Outputs feed the
 * inputs, components expanded to their custom resources.
 */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly urn: string;
  readonly parent?: string;
  readonly dependsOn: string[];
  readonly provider?: string;
  readonly options: PlannedOptions;
}

/** The result of a plan. */
export interface PlanResult {
  readonly stack: string;
  readonly project: string;
  readonly registrations: readonly RecordedResource[];
  /** The stack outputs: {@link StackOutputs} for this repository's program. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly secretKeys: readonly string[];
}

type ProgramModule =
  | (() => Promise<Record<string, unknown>>)
  | { default?: () => Promise<Record<string, unknown>>; [key: string]: unknown };

/** Invokes of a foreign program answer an empty result (they are recorded in `calls`). */
export const answerEmpty: CallHandler = () => ({});

/** The type token of the stack's root resource, left out of reports. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Stands in for a dynamic provider's serialized code in reports. */
export const SERIALIZED_PROVIDER = "<serialized dynamic provider>";

/** Inputs as a report shows them: a dynamic provider's serialized code is elided. */
export function reportInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  return "__provider" in inputs ? { ...inputs, __provider: SERIALIZED_PROVIDER } : inputs;
}

/** The plan's resources: every registration but the stack itself. */
export function plannedResources(result: PlanResult): PlannedResource[] {
  return result.registrations
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => ({
      type: r.type,
      name: r.name,
      inputs: reportInputs(r.inputs),
      urn: r.urn,
      parent: r.parent,
      dependsOn: [...r.dependencies],
      provider: r.provider,
      options: {
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        customTimeouts: r.customTimeouts,
        aliases: [...r.aliases],
        ignoreChanges: [...r.ignoreChanges],
      },
    }));
}

/**
 * Runs the program of `dir` for `stack` on the mock runtime. Throws {@link PlanUsageError} for
 * configuration and usage problems (one line each).
 */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const isForeign = options.isForeignProgram === true;
  const config = loadStackConfig(options.dir, options.stack, isForeign);
  const values = { ...config.values };
  const inventoryKey = `${config.project}:inventoryFile`;
  if (options.inventoryFile !== undefined) {
    values[inventoryKey] = path.resolve(options.inventoryFile);
  } else if (values[inventoryKey] !== undefined && values[inventoryKey].trim() !== "") {
    // The stack file's path is relative to the project directory (Pulumi.yaml says so).
    values[inventoryKey] = path.resolve(options.dir, values[inventoryKey]);
  }
  if (!isForeign) {
    checkConfigFirst(config.project, values, options.liveInventory === true);
  }
  const monitor = options.monitor ?? new RecordingMonitor();
  monitor.setHandlers(
    options.isForeignProgram === true ? answerEmpty : failOnUnexpectedCall,
    options.stateHandler,
  );
  monitor.reset();
  monitor.install(config.project, config.stack);
  pulumi.runtime.setAllConfig(values, config.secretKeys);

  let outputs: Record<string, unknown>;
  // Pulumi takes a stack trace for every resource and promise it creates; mapping each through
  // source maps (tsx turns them on) cost a fifth of a large plan. The plan prints no stack trace.
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  const exit = process.exit.bind(process);
  let timer: NodeJS.Timeout | undefined;
  try {
    // Ending the process would end the plan with nothing checked: it fails the run instead.
    process.exit = (code?: unknown): never => {
      throw new ProgramExitError(code);
    };
    // The program is loaded inside the stack, after the mocks, as the mock runtime requires:
    // a program that registers resources at the top level then has the stack as their parent.
    const file = options.programFile ?? path.join(options.dir, "index.ts");
    const seconds = options.timeoutSeconds ?? PROGRAM_TIMEOUT_SECONDS;
    const stackOutputs = await Promise.race([
      pulumi.runtime.runInPulumiStack(async () => {
        const program = (await import(file)) as ProgramModule;
        const run = typeof program === "function" ? program : program.default;
        return typeof run === "function" ? await run() : { ...program };
      }),
      new Promise<never>((_, reject) => {
        // Unreferenced: a program that waits on nothing ends the event loop, which the command
        // reports at once (lib/cli/command.ts) instead of after the timeout.
        timer = setTimeout(
          () =>
            reject(
              new PlanUsageError([
                `the program did not finish within ${seconds} s; a program that waits forever never plans (raise the limit with --timeout SECONDS)`,
              ]),
            ),
          seconds * 1000,
        ).unref();
      }),
    ]);
    outputs = stackOutputs ?? {};
    await pulumi.runtime.disconnect();
  } catch (err) {
    markHandled(err);
    throw toPlanError(err);
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    clearTimeout(timer);
    process.exit = exit;
  }
  if (monitor.registrations.every((r) => r.type === STACK_TYPE)) {
    throw new PlanUsageError([
      "the program registered no resources, so nothing was checked; check that it creates its resources when it runs (or exports the async function that does)",
    ]);
  }
  return {
    stack: config.stack,
    project: config.project,
    registrations: [...monitor.registrations],
    outputs,
    secretKeys: config.secretKeys,
  };
}

/** The outputs of this repository's program, or undefined for a foreign program's plan. */
export function rolloutOutputs(result: PlanResult): StackOutputs | undefined {
  const o = result.outputs;
  return typeof o.enablementMode === "string" && typeof o.regionScanTypes === "object"
    ? (o as unknown as StackOutputs)
    : undefined;
}

/** The outputs of this repository's program; throws for a foreign program's plan. */
export function requireRolloutOutputs(result: PlanResult): StackOutputs {
  const outputs = rolloutOutputs(result);
  if (outputs === undefined) {
    throw new Error(`stack ${result.stack} has no inspector-rollout outputs`);
  }
  return outputs;
}

/** Configuration namespaces the program's providers read besides the project's own. */
const READ_NAMESPACES: readonly string[] = ["aws", "aws-native", "awsx", "pulumi"];

/**
 * Checks this repository's configuration before its program is loaded (which takes seconds), and
 * that the organization comes from a snapshot unless a live read was asked for.
 */
function checkConfigFirst(
  project: string,
  values: Readonly<Record<string, string>>,
  liveInventory: boolean,
): void {
  if (project !== PROJECT) {
    return;
  }
  const prefix = `${project}:`;
  const raw = Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  // A key in a namespace nothing reads (`inspector-rolout:regions`) would be silently ignored.
  const strays = Object.keys(values)
    .filter(
      (key) => !READ_NAMESPACES.includes(key.slice(0, key.indexOf(":"))) && !key.startsWith(prefix),
    )
    .map(
      (key) =>
        `\`${key}\` is in namespace \`${key.slice(0, key.indexOf(":"))}\`, which neither this project nor its providers (${READ_NAMESPACES.join(", ")}) read; did you mean \`${prefix}${key.slice(key.indexOf(":") + 1)}\`? rename the key in the stack file`,
    );
  const result = validateConfig(raw);
  const problems = [...strays, ...("problems" in result ? result.problems : [])];
  if (problems.length > 0 || "problems" in result) {
    throw new PlanUsageError(problems);
  }
  if (result.config.inventoryFile === undefined && !liveInventory) {
    throw new PlanUsageError([
      "`inventoryFile` is not set and --inventory was not given: the offline plan reads the organization from a snapshot and never calls AWS unasked; write one with `npm run inventory -- --out org.json` and pass `--inventory org.json` (or `pulumi config set inventoryFile org.json`), or add --live-inventory to read the Organizations API with your credentials",
    ]);
  }
}

/** Turns what the program threw into the plan's error: problems for exit 2, or the error itself. */
export function toPlanError(err: unknown): unknown {
  if (err instanceof ConfigValidationError) {
    return new PlanUsageError(err.problems);
  }
  if (err instanceof PlanUsageError) {
    return err;
  }
  if (err instanceof pulumi.RunError || err instanceof pulumi.ResourceError) {
    return new PlanUsageError(err.message.split("\n"));
  }
  return err;
}
