/**
 * Selective scanning (issue 15): scan types per organizational unit. An account gets the scan
 * types of the nearest configured OU above it (its own OU first), else the stack's `scanTypes`.
 *
 * Why "nearest wins": in organization-policy mode each configured OU gets its own Inspector policy
 * that states every scan type the stack's policies enable with `@@assign`, and Organizations'
 * `@@assign` "overwrites any inherited policy settings with the specified settings" (Organizations
 * User Guide, "Inheritance operators",
 * https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html); a policy
 * attached to an OU applies to "accounts that are directly under that OU or any child OU"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html).
 * So the policy attached nearest to the account decides every scan type, and delegated-admin mode
 * (Enablers per account) applies the same rule.
 */
import { ALL_SCAN_TYPES, REGION_CAPABILITIES, type ScanType } from "./regionCapabilities";
import {
  descendantOrganizationalUnitIds,
  InventoryError,
  type OrgAccount,
  type OrgInventory,
} from "../stacks/inventory";
import { show } from "../stacks/configSchema";

/** One `scanTypesByOu` entry: these OUs (and the OUs below them) get these scan types. */
export interface OuScanTypes {
  readonly ous: readonly string[];
  readonly scanTypes: readonly ScanType[];
}

/** A set of scan types some OUs get, with the OUs it is attached to. */
export interface ScanProfile {
  /** Stable name part from the scan types, e.g. `ec2-ecr-lambda-lambda-code`. */
  readonly key: string;
  /** Wanted scan types, in API order (each Region gets those it supports). */
  readonly scanTypes: readonly ScanType[];
  /** The configured OUs with exactly these scan types, in configuration order. */
  readonly ouIds: readonly string[];
}

/** What selective scanning resolves to for a set of covered accounts. */
export interface SelectiveScanning {
  /** Wanted scan types of every covered account (the stack's `scanTypes` when no OU decides). */
  readonly scanTypesByAccount: Readonly<Record<string, readonly ScanType[]>>;
  /** The OU that decided each account's scan types; absent for the stack default. */
  readonly decidingOuByAccount: Readonly<Record<string, string>>;
  /** One profile per distinct scan type set of `scanTypesByOu`, in configuration order. */
  readonly profiles: readonly ScanProfile[];
}

/** The name part of a scan type set: lowercase, `_` as `-`, in API order. */
export function scanProfileKey(scanTypes: readonly ScanType[]): string {
  return ALL_SCAN_TYPES.filter((t) => scanTypes.includes(t))
    .map((t) => t.toLowerCase().replace(/_/g, "-"))
    .join("-");
}

/** The scan types of `wanted` that `region` supports, in API order. */
export function supportedIn(region: string, wanted: readonly ScanType[]): ScanType[] {
  const supported = REGION_CAPABILITIES[region] ?? [];
  return ALL_SCAN_TYPES.filter((t) => wanted.includes(t) && supported.includes(t));
}

/** The OUs above an account, nearest first (its own OU first; the root is not listed). */
export function ouPathOf(inv: OrgInventory, account: Pick<OrgAccount, "parentId">): string[] {
  const parentOf = new Map(inv.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const path: string[] = [];
  for (let id: string | undefined = account.parentId; id !== undefined && id !== inv.rootId;) {
    if (path.includes(id)) {
      break;
    }
    path.push(id);
    id = parentOf.get(id);
  }
  return path;
}

/**
 * Checks `scanTypesByOu` against the organization: every OU must exist and, when the stack is
 * scoped to `organizationalUnitIds`, lie inside that scope (an OU outside it has no covered
 * account to configure).
 *
 * @throws InventoryError, one line per problem naming `scanTypesByOu[i].ous[j]`
 */
export function assertOusInScope(
  inv: OrgInventory,
  entries: readonly OuScanTypes[],
  scopeOuIds: readonly string[],
): void {
  const known = new Set(inv.organizationalUnits.map((ou) => ou.id));
  const inScope =
    scopeOuIds.length === 0 ? undefined : descendantOrganizationalUnitIds(inv, scopeOuIds);
  const problems = entries.flatMap((entry, i) =>
    entry.ous.flatMap((ou, j) => {
      const key = `\`scanTypesByOu[${i}].ous[${j}]\` (${show(ou)})`;
      if (!known.has(ou)) {
        return [
          `${key} is not an OU of organization ${inv.organizationId}; use an OU id from the inventory, or refresh it with \`npm run inventory -- --out <file>\``,
        ];
      }
      if (inScope !== undefined && !inScope.has(ou)) {
        return [
          `${key} is outside the stack's scope (organizationalUnitIds: ${scopeOuIds.join(", ")}); no covered account is under it: remove the entry or add the OU to organizationalUnitIds`,
        ];
      }
      return [];
    }),
  );
  if (problems.length > 0) {
    throw new InventoryError(problems.join("\n"));
  }
}

/**
 * Resolves the scan types of each covered account: the nearest configured OU above it decides,
 * else `defaultScanTypes`. Call {@link assertOusInScope} first.
 */
export function resolveSelectiveScanning(
  inv: OrgInventory,
  covered: readonly OrgAccount[],
  defaultScanTypes: readonly ScanType[],
  entries: readonly OuScanTypes[],
): SelectiveScanning {
  const byOu = new Map<string, readonly ScanType[]>();
  const profiles = new Map<string, { scanTypes: readonly ScanType[]; ouIds: string[] }>();
  for (const entry of entries) {
    const key = scanProfileKey(entry.scanTypes);
    const profile = profiles.get(key) ?? { scanTypes: entry.scanTypes, ouIds: [] };
    profiles.set(key, profile);
    for (const ou of entry.ous) {
      byOu.set(ou, entry.scanTypes);
      profile.ouIds.push(ou);
    }
  }
  const scanTypesByAccount: Record<string, readonly ScanType[]> = {};
  const decidingOuByAccount: Record<string, string> = {};
  for (const account of covered) {
    const deciding = ouPathOf(inv, account).find((ou) => byOu.has(ou));
    scanTypesByAccount[account.id] =
      deciding === undefined ? defaultScanTypes : (byOu.get(deciding) ?? defaultScanTypes);
    if (deciding !== undefined) {
      decidingOuByAccount[account.id] = deciding;
    }
  }
  return {
    scanTypesByAccount,
    decidingOuByAccount,
    profiles: [...profiles.entries()].map(([key, p]) => ({ key, ...p })),
  };
}
