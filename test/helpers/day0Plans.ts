/**
 * The offline plans of the example stacks, run once per test process and shared by the day-0
 * specs (a plan of prod takes tens of seconds on a loaded machine).
 */
import * as path from "path";
import { type PlannedStack, planStack } from "../../lib/day0/plannedStack";
import { loadStackContext } from "../../lib/day0/stack";
import { monitor, TEST_PROJECT } from "./runtime";

const ROOT = path.resolve(__dirname, "../..");
const plans = new Map<string, Promise<PlannedStack>>();

/** The plan of `Pulumi.<stack>.yaml` of the repository, memoized. */
export function examplePlan(stack: string): Promise<PlannedStack> {
  let plan = plans.get(stack);
  if (plan === undefined) {
    plan = planStack(loadStackContext(ROOT, stack), monitor).finally(() =>
      monitor.install(TEST_PROJECT, "test"),
    );
    plans.set(stack, plan);
  }
  return plan;
}

/** Generous: planning prod on a shared, loaded machine. */
export const PLAN_TIMEOUT_MS = 300_000;
