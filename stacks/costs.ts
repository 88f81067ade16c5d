/** The cost guardrail in the management account: the Amazon Inspector budget (issue 15). */
import * as aws from "@pulumi/aws";
import { InspectorCostBudget } from "../components/inspectorCostBudget";
import type { InspectorConfig } from "./config";

/**
 * The Inspector budget when `costMonthlyBudget` is set, else nothing (the plan summary says there
 * is none). It lives in the management account, whose budgets see the organization's charges.
 */
export function deployCostBudget(
  cfg: InspectorConfig,
  management: aws.Provider,
): InspectorCostBudget | undefined {
  if (cfg.costMonthlyBudget === undefined) {
    return undefined;
  }
  return new InspectorCostBudget(
    "inspector-budget",
    {
      region: cfg.homeRegion,
      accountId: cfg.managementAccountId,
      limitUsd: cfg.costMonthlyBudget,
      subscribers: {
        emails: cfg.findingsOperationsEmails,
        httpsEndpoints: cfg.findingsOperationsHttpsEndpoints,
      },
    },
    { provider: management },
  );
}
