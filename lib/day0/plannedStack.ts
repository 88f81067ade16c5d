/**
 * The offline plan of a stack, as preflight and adopt use it: the program itself on Pulumi's mock
 * runtime (lib/offline/plan.ts), so that what they check and import is exactly what `pulumi up`
 * would register: types, logical names, parents, providers and inputs.
 */
import * as path from "node:path";
import { requireRolloutOutputs, runPlan, STACK_TYPE } from "../offline/plan";
import type { RecordedResource, RecordingMonitor } from "../offline/recorder";
import { PlanUsageError } from "../offline/stackConfig";
import type { StackOutputs } from "../../stacks/program";
import { Day0UsageError, type StackContext } from "./stack";

/** What the plan registers and outputs. */
export interface PlannedStack {
  /** Every registration but the stack itself, in registration order. */
  readonly resources: readonly RecordedResource[];
  readonly outputs: StackOutputs;
}

/** Runs the offline plan of the stack; configuration problems are usage errors (exit 2). */
export async function planStack(
  ctx: StackContext,
  monitor?: RecordingMonitor,
): Promise<PlannedStack> {
  try {
    const result = await runPlan({
      dir: ctx.dir,
      stack: ctx.stack,
      programFile: path.join(ctx.dir, "index.ts"),
      monitor,
    });
    return {
      resources: result.registrations.filter((r) => r.type !== STACK_TYPE),
      outputs: requireRolloutOutputs(result),
    };
  } catch (err) {
    if (err instanceof PlanUsageError) {
      throw new Day0UsageError(err.problems);
    }
    throw err;
  }
}

/** The planned resources of one type token. */
export function plannedOfType(planned: PlannedStack, type: string): RecordedResource[] {
  return planned.resources.filter((r) => r.type === type);
}
