/**
 * The offline plans of the two example stacks, computed once per test process: several specs
 * check the same plans (preconditions, deployer permissions), and each plan takes seconds.
 */
import * as path from "path";
import { plannedResources, requireRolloutOutputs, runPlan } from "../../lib/offline/plan";
import type { PlannedResource } from "../../lib/offline/plan";
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

async function planOf(stack: string): Promise<ExamplePlan> {
  const result = await runPlan({ dir: ROOT, stack, monitor });
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
