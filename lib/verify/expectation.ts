/** What verify expects: the program's own rollout plan for the stack (stacks/rollout.ts). */
import type { InspectorConfig } from "../../stacks/config";
import type { RolloutPlan } from "../../stacks/rollout";
import type { VerifyExpectation } from "./gaps";

/** The expectation of a planned rollout. */
export function expectationOf(cfg: InspectorConfig, plan: RolloutPlan): VerifyExpectation {
  return {
    delegatedAdminAccountId: cfg.delegatedAdminAccountId,
    enablementMode: cfg.enablementMode,
    regions: plan.regions.map((r) => ({ region: r.region, scanTypes: r.scanTypes })),
    // The delegated administrator is enabled in every governed Region (its own Enabler, or the
    // policy), whether or not it is inside the member scope.
    accountIds: [
      ...plan.coveredAccounts.map((a) => a.id).filter((id) => id !== cfg.delegatedAdminAccountId),
      cfg.delegatedAdminAccountId,
    ],
    policyTargetIds: plan.policyTargetIds,
  };
}
