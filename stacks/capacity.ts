/**
 * What one run of the program can hold, checked after the organization is read and before any
 * resource is registered, so that a plan or `pulumi up` too large to finish says so and what to
 * do, instead of dying of heap exhaustion minutes later with no message (issue 17).
 *
 * Two limits: Inspector's (a delegated administrator manages at most 10,000 members), and the
 * Node heap the program needs for the organization's size, estimated from the bench's
 * measurements (`npm run bench`; ../shared/reference/offline-plan-notes.md).
 */
import * as v8 from "v8";
import { MAX_ACCOUNTS_PER_ENABLER } from "../components/inspectorMemberEnablement";
import type { CoreConfig } from "./configCore";
import type { RolloutPlan } from "./rollout";

/**
 * "A delegated administrator can manage a maximum of 10,000 members" (Inspector UG,
 * designating-admin); organization policies reach up to 50,000 accounts (same page).
 */
export const MAX_DELEGATED_ADMIN_MEMBERS = 10_000;

/**
 * Heap model, fitted to peak heap measured on the offline plan over 17 Regions (the bench's
 * synthetic organizations): a fixed part (the program, @pulumi/aws, the mock runtime and the
 * resources every stack has), a part per account and Region (account ids in each Region's
 * inputs: deep inspection's members, the member associations, the Enablers) and a part per
 * member-enablement resource (one association set and ceil(slots/100) Enablers per Region).
 */
export const HEAP_MODEL = {
  // Measured (V8 total heap after the plan): delegated-admin 100 accounts 201 MiB, 5,001
  // accounts 488 MiB; organization-policy 20,000 accounts 428 MiB.
  fixedMiB: 200,
  perAccountRegionKiB: 0.7,
  perResourceKiB: 280,
} as const;

/** The share of the heap limit a plan may be estimated to use; the rest is headroom. */
export const HEAP_HEADROOM = 0.85;

/** The resources delegated-admin mode registers per Region for its members. */
export function memberEnablementResources(plan: RolloutPlan, isApiMode: boolean): number {
  if (!isApiMode || plan.memberChunks.length === 0) {
    return 0;
  }
  return plan.regions.length * (1 + plan.memberChunks.length);
}

/** The estimated peak heap of the run, in MiB. */
export function estimateHeapMiB(plan: RolloutPlan, isApiMode: boolean): number {
  const accountRegions = plan.coveredAccounts.length * plan.regions.length;
  return Math.ceil(
    HEAP_MODEL.fixedMiB +
      (accountRegions * HEAP_MODEL.perAccountRegionKiB) / 1024 +
      (memberEnablementResources(plan, isApiMode) * HEAP_MODEL.perResourceKiB) / 1024,
  );
}

/** This process's heap limit in MiB (`--max-old-space-size`, or V8's default for the machine). */
export function heapLimitMiB(): number {
  return Math.floor(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
}

/**
 * The problems that stop the run, one line each naming the key and the fix; empty when the
 * organization fits.
 */
export function checkCapacity(
  cfg: Pick<CoreConfig, "enablementMode">,
  plan: RolloutPlan,
  limitMiB: number = heapLimitMiB(),
): string[] {
  const isApiMode = cfg.enablementMode === "delegated-admin";
  const members = plan.memberAccountIds.length;
  if (isApiMode && members > MAX_DELEGATED_ADMIN_MEMBERS) {
    return [
      `enablementMode: delegated-admin would associate ${members.toLocaleString("en-US")} member accounts, more than the ${MAX_DELEGATED_ADMIN_MEMBERS.toLocaleString("en-US")} an Inspector delegated administrator manages; use enablementMode organization-policy (Organizations policies reach up to 50,000 accounts) or narrow organizationalUnitIds`,
    ];
  }
  const needed = estimateHeapMiB(plan, isApiMode);
  if (needed <= limitMiB * HEAP_HEADROOM) {
    return [];
  }
  const suggested = Math.ceil(needed / HEAP_HEADROOM / 512) * 512;
  const enablers = isApiMode
    ? `, ${plan.memberChunks.length} Enablers of up to ${MAX_ACCOUNTS_PER_ENABLER} members per Region`
    : "";
  const policyMode = isApiMode
    ? " or use enablementMode organization-policy (a constant number of resources)"
    : "";
  return [
    `the organization needs about ${needed.toLocaleString("en-US")} MiB of heap (${plan.coveredAccounts.length.toLocaleString("en-US")} accounts in ${plan.regions.length} Regions, ${cfg.enablementMode} mode${enablers}) and this Node process may use ${limitMiB.toLocaleString("en-US")} MiB: run with NODE_OPTIONS=--max-old-space-size=${suggested}${policyMode}`,
  ];
}
