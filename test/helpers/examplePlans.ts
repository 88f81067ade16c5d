/**
 * The offline plans of the two example stacks, computed once per test process: several specs
 * check the same plans (preconditions, deployer permissions), and each plan takes seconds.
 */
import * as path from "path";
import { plannedResources, requireRolloutOutputs, runPlan } from "../../lib/offline/plan";
import type { PlannedResource, PlanResult } from "../../lib/offline/plan";
import { deepFreeze } from "../../stacks/config";
import type { PlanFacts } from "../../lib/preconditions/table";
import { monitor, TEST_PROJECT } from "./runtime";

const ROOT = path.resolve(__dirname, "../..");

/** One example stack's planned resources and the facts the checks need. */
export interface ExamplePlan {
  readonly resources: readonly PlannedResource[];
  readonly facts: PlanFacts;
}

/** The example stacks. */
export const EXAMPLE_STACKS = ["dev", "prod"] as const;

let plans: Promise<Record<string, ExamplePlan>> | undefined;

const results = new Map<string, Promise<PlanResult>>();

/**
 * The offline plan of an example stack as it is committed, computed once per test process and
 * frozen (a spec that needs a changed plan runs its own). The mock runtime is put back under the
 * test stack afterwards.
 */
export function examplePlanResult(stack: (typeof EXAMPLE_STACKS)[number]): Promise<PlanResult> {
  let result = results.get(stack);
  if (result === undefined) {
    result = runPlan({ dir: ROOT, stack, monitor }).then(
      (r) => {
        monitor.install(TEST_PROJECT, "test");
        return deepFreeze(r);
      },
      (err: unknown) => {
        monitor.install(TEST_PROJECT, "test");
        throw err;
      },
    );
    results.set(stack, result);
  }
  return result;
}

async function planOf(stack: (typeof EXAMPLE_STACKS)[number]): Promise<ExamplePlan> {
  const result = await examplePlanResult(stack);
  const outputs = requireRolloutOutputs(result);
  return {
    resources: plannedResources(result),
    facts: {
      delegatedAdminAccountId: outputs.delegatedAdminAccountId,
      regions: Object.keys(outputs.regionScanTypes),
      homeRegion: outputs.homeRegion,
    },
  };
}

/** The plans of dev and prod (the mock runtime is put back under the test stack afterwards). */
export function examplePlans(): Promise<Record<string, ExamplePlan>> {
  plans ??= (async () => {
    const out: Record<string, ExamplePlan> = {};
    for (const stack of EXAMPLE_STACKS) {
      out[stack] = await planOf(stack);
    }
    monitor.install(TEST_PROJECT, "test");
    return out;
  })();
  return plans;
}
