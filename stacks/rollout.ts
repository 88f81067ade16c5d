/**
 * The rollout plan: what the stack enables where, derived from the configuration, the organization
 * inventory and the Region capability map. Pure data, computed before any resource is registered,
 * so that every decision here is testable without the Pulumi runtime.
 */
import { assignEnablerChunks, EnablerChunk } from "../components/inspectorMemberEnablement";
import { describeUnsupported, resolveRegionScanTypes, ScanType } from "../lib/regionCapabilities";
import type { CoreConfig } from "./configCore";
import type { SelectiveConfig } from "./configSelective";
import {
  assertOusInScope,
  resolveSelectiveScanning,
  supportedIn,
  type ScanProfile,
} from "../lib/selectiveScanning";
import {
  assertAccountsInOrganization,
  compareAccounts,
  descendantOrganizationalUnitIds,
  OrgAccount,
  OrgInventory,
  resolveScope,
  SkippedAccount,
} from "./inventory";

/** What one governed Region gets. */
export interface RegionPlan {
  readonly region: string;
  /** Wanted scan types the Region supports, in API order. */
  readonly scanTypes: readonly ScanType[];
  /** Wanted scan types the Region lacks (reported, never sent). */
  readonly unsupported: readonly ScanType[];
}

/** An Inspector policy of a `scanTypesByOu` profile (organization-policy mode). */
export interface ProfilePolicyPlan extends ScanProfile {
  /** The profile's scan types per governed Region (those the Region supports). */
  readonly regions: readonly { readonly region: string; readonly scanTypes: readonly ScanType[] }[];
}

/** The whole plan. */
export interface RolloutPlan {
  readonly organizationId: string;
  readonly rootId: string;
  readonly regions: readonly RegionPlan[];
  /** ACTIVE accounts in scope (the delegated admin included when in scope), by join date. */
  readonly coveredAccounts: readonly OrgAccount[];
  /** Covered accounts other than the delegated administrator, by join date. */
  readonly memberAccountIds: readonly string[];
  /** The members in Enabler chunks whose slots survive scope changes (delegated-admin mode). */
  readonly memberChunks: readonly EnablerChunk[];
  /** In-scope accounts that are not covered, with the reason. */
  readonly skippedAccounts: readonly SkippedAccount[];
  /** Organizations policy targets (organization-policy mode): the root, or the scoped OUs. */
  readonly policyTargetIds: readonly string[];
  /** Wanted scan types of every covered account and of the delegated administrator (by OU). */
  readonly scanTypesByAccount: Readonly<Record<string, readonly ScanType[]>>;
  /** Whether `scanTypesByOu` gives some OU other scan types than `scanTypes`. */
  readonly isSelective: boolean;
  /** One policy per `scanTypesByOu` profile, attached to its OUs (organization-policy mode). */
  readonly profilePolicies: readonly ProfilePolicyPlan[];
  /** Targets of the stack-default policy: `policyTargetIds` minus OUs that have their own. */
  readonly defaultPolicyTargetIds: readonly string[];
  /** Whether the delegated administrator needs its own Enabler (it is not under a policy target). */
  readonly needsAdminEnabler: boolean;
  /** Whether new accounts are auto-enabled through the organization configuration. */
  readonly autoEnableNewAccounts: boolean;
  /** Things a person should read before `pulumi up`. */
  readonly warnings: readonly string[];
}

/**
 * Orders accounts by the date they joined the organization, then by id, so that a newly created
 * account sorts last and lands in the last Enabler chunk.
 */
export function orderByJoinDate(accounts: readonly OrgAccount[]): OrgAccount[] {
  return [...accounts].sort(compareAccounts);
}

/** True when the account sits under one of the OUs (or the root) given. */
function isUnderTargets(
  inventory: OrgInventory,
  accountId: string,
  targetIds: readonly string[],
): boolean {
  if (targetIds.includes(inventory.rootId)) {
    return true;
  }
  const account = inventory.accounts.find((a) => a.id === accountId);
  const scoped = descendantOrganizationalUnitIds(
    inventory,
    targetIds.filter((id) => id !== inventory.rootId),
  );
  return account !== undefined && scoped.has(account.parentId);
}

/**
 * Computes the rollout plan. Throws `InventoryError` when the management account or the delegated
 * administrator is not an ACTIVE account of the organization, or a scoped OU does not exist.
 */
export function planRollout(
  cfg: CoreConfig & Partial<SelectiveConfig>,
  inventory: OrgInventory,
): RolloutPlan {
  assertAccountsInOrganization(inventory, cfg.managementAccountId, cfg.delegatedAdminAccountId);
  const scope = resolveScope(inventory, {
    organizationalUnitIds: cfg.organizationalUnitIds,
    excludedAccountIds: cfg.excludedAccountIds,
  });
  const covered = orderByJoinDate(scope.covered);
  const byOu = cfg.scanTypesByOu ?? [];
  assertOusInScope(inventory, byOu, cfg.organizationalUnitIds);
  const admin = inventory.accounts.filter((a) => a.id === cfg.delegatedAdminAccountId);
  const selective = resolveSelectiveScanning(
    inventory,
    [...covered, ...admin.filter((a) => !covered.includes(a))],
    cfg.scanTypes,
    byOu,
  );
  const regions = resolveRegionScanTypes(cfg.regions, cfg.scanTypes);
  const warnings: string[] = [...describeUnsupported(regions), ...scope.warnings];
  const isWholeOrganization = cfg.organizationalUnitIds.length === 0;
  const policyTargetIds = isWholeOrganization ? [inventory.rootId] : [...cfg.organizationalUnitIds];
  const isPolicyMode = cfg.enablementMode === "organization-policy";

  // In organization-policy mode the policy enables every account under its targets, the delegated
  // admin included; an Enabler for a policy-managed account fails (BLOCKED_BY_ORGANIZATION_POLICY).
  const needsAdminEnabler =
    !isPolicyMode || !isUnderTargets(inventory, cfg.delegatedAdminAccountId, policyTargetIds);

  if (isPolicyMode) {
    for (const excluded of cfg.excludedAccountIds) {
      if (isUnderTargets(inventory, excluded, policyTargetIds)) {
        warnings.push(
          `excludedAccountIds: ${excluded} sits under an Inspector policy target, so the organization policy still enables scanning there; move the account to an OU outside organizationalUnitIds`,
        );
      }
    }
  }

  // Auto-enable in the organization configuration is organization-wide; it cannot follow an OU
  // scope, so in delegated-admin mode it is on only for a whole-organization rollout.
  const autoEnableNewAccounts = !isPolicyMode && isWholeOrganization;
  if (!isPolicyMode && !isWholeOrganization) {
    warnings.push(
      "organizationalUnitIds: auto-enable for new accounts is off because the Inspector organization configuration cannot be scoped to OUs; new accounts in the scoped OUs are enabled at the next `pulumi up` (or use enablementMode organization-policy)",
    );
  }

  const configuredOus = new Set(byOu.flatMap((entry) => entry.ous));
  if (isPolicyMode) {
    warnings.push(...describeRetainedScanTypes(cfg.scanTypes, selective.profiles));
  }

  const memberAccountIds = covered
    .map((a) => a.id)
    .filter((id) => id !== cfg.delegatedAdminAccountId);
  return {
    organizationId: inventory.organizationId,
    rootId: inventory.rootId,
    regions,
    coveredAccounts: covered,
    memberAccountIds,
    memberChunks: assignEnablerChunks(
      orderByJoinDate(inventory.accounts).map((a) => a.id),
      memberAccountIds,
    ),
    skippedAccounts: scope.skipped,
    policyTargetIds,
    scanTypesByAccount: selective.scanTypesByAccount,
    isSelective: byOu.length > 0,
    profilePolicies: selective.profiles.map((p) => ({
      ...p,
      regions: cfg.regions.map((region) => ({
        region,
        scanTypes: supportedIn(region, p.scanTypes),
      })),
    })),
    defaultPolicyTargetIds: policyTargetIds.filter((id) => !configuredOus.has(id)),
    needsAdminEnabler,
    autoEnableNewAccounts,
    warnings,
  };
}

/**
 * Organizations policies enable; they do not switch off what they stop enabling ("detaching the
 * policy leaves scanning on", Organizations User Guide, orgs_manage_policies_inspector). A profile
 * without a scan type of the stack default therefore stops new accounts from getting it, but the
 * accounts already scanned keep it (and its charges) until it is disabled there.
 */
function describeRetainedScanTypes(
  defaults: readonly ScanType[],
  profiles: readonly ScanProfile[],
): string[] {
  return profiles.flatMap((p) => {
    const dropped = defaults.filter((t) => !p.scanTypes.includes(t));
    return dropped.length === 0
      ? []
      : [
          `scanTypesByOu: ${p.ouIds.join(", ")} no longer get ${dropped.join(", ")} from the Inspector policy, but Organizations policies do not switch scanning off: where it is already on there it stays on (and billed) until disabled, e.g. \`aws inspector2 disable --account-ids <id> --resource-types ${dropped.join(" ")}\` from the delegated administrator`,
        ];
  });
}

/** An account's scan types in a Region: its wanted ones (by OU) that the Region supports. */
export function accountScanTypesIn(
  plan: RolloutPlan,
  accountId: string,
  region: string,
): ScanType[] {
  const regionPlan = plan.regions.find((r) => r.region === region);
  const wanted = plan.scanTypesByAccount[accountId];
  return wanted === undefined ? [...(regionPlan?.scanTypes ?? [])] : supportedIn(region, wanted);
}

/**
 * The scan types auto-enabled for new accounts in a Region (delegated-admin mode): with
 * selective scanning, only those every OU profile gets, since the organization configuration
 * cannot tell which OU a new account lands in, and an Enabler never removes a scan type from an
 * account it did not hold. The next `pulumi up` adds the rest of the account's OU.
 */
export function autoEnableScanTypesIn(plan: RolloutPlan, region: RegionPlan): ScanType[] {
  return region.scanTypes.filter((t) => plan.profilePolicies.every((p) => p.scanTypes.includes(t)));
}
