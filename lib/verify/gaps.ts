/**
 * The gaps between the plan and what Inspector reports: pure functions over what was read, so
 * every cause is tested without AWS. Causes come from the Inspector API's own status and error
 * codes (API reference: State, FailedAccount.errorCode, Member.relationshipStatus).
 */
import type {
  AccountState,
  DelegatedAdminAccount,
  FailedAccount,
  Member,
} from "@aws-sdk/client-inspector2";
import type { EnablementMode } from "../../stacks/config";
import type { ScanType } from "../regionCapabilities";
import { RESOURCE_STATE_KEY } from "../day0/inspectorReads";

/** What the stack should have produced (from the program's rollout plan). */
export interface VerifyExpectation {
  readonly delegatedAdminAccountId: string;
  readonly enablementMode: EnablementMode;
  /** Governed Regions and the scan types each should have. */
  readonly regions: readonly { readonly region: string; readonly scanTypes: readonly ScanType[] }[];
  /** Every covered account, the delegated administrator included when in scope. */
  readonly accountIds: readonly string[];
  /** Organization-policy mode: where the Inspector policy must be attached. */
  readonly policyTargetIds: readonly string[];
}

/** What was read in one Region; a field is undefined when its read failed. */
export interface RegionObservation {
  readonly region: string;
  readonly delegatedAdmins?: readonly DelegatedAdminAccount[];
  readonly accounts?: readonly AccountState[];
  readonly failedAccounts?: readonly FailedAccount[];
  readonly members?: readonly Member[];
  /** Resources covered, by scan status code (ListCoverageStatistics). */
  readonly resourcesByStatus?: Readonly<Record<string, number>>;
}

/** The kind of a gap. */
export type GapKind = "delegated-admin" | "association" | "account" | "scan-type" | "policy";

/** One thing that is not as planned, with its likely cause. */
export interface Gap {
  readonly kind: GapKind;
  readonly region: string;
  readonly accountId?: string;
  readonly scanType?: ScanType;
  /** The root or OU id (policy gaps). */
  readonly targetId?: string;
  /** What Inspector reports (a status, an error code, or "missing"). */
  readonly status: string;
  readonly cause: string;
}

/** Counts of one Region. */
export interface RegionCoverage {
  readonly region: string;
  readonly accountsExpected: number;
  /** Accounts with every planned scan type ENABLED. */
  readonly accountsCovered: number;
  /** Per planned scan type: accounts where it is ENABLED. */
  readonly enabledByScanType: Readonly<Partial<Record<ScanType, number>>>;
  readonly resourcesByStatus?: Readonly<Record<string, number>>;
}

/** Likely causes by Inspector error code (FailedAccount.errorCode, State.errorCode). */
const ERROR_CODE_CAUSES: Readonly<Record<string, string>> = {
  BLOCKED_BY_ORGANIZATION_POLICY:
    "blocked by an organization policy: a service control policy denies Inspector, or an Inspector policy disables this scan type",
  ACCESS_DENIED:
    "the delegated administrator cannot read this account: it is not associated as a member in this Region",
  ACCOUNT_IS_ISOLATED: "the account is isolated by AWS (a security or billing hold)",
  RESOURCE_NOT_FOUND:
    "Inspector has never been enabled for this account in this Region (not associated, or pulumi up not run)",
  ENABLE_IN_PROGRESS: "still enabling (asynchronous; re-run with --wait MINUTES)",
  DISABLE_IN_PROGRESS: "being disabled by someone (CloudTrail inspector2:Disable names who)",
  SUSPEND_IN_PROGRESS: "being suspended (the account is suspended or closing)",
};

/** Likely causes by relationship status of a member (Member.relationshipStatus). */
const RELATIONSHIP_CAUSES: Readonly<Record<string, string>> = {
  REGION_DISABLED: "the Region is not opted in for this account",
  ACCOUNT_SUSPENDED: "the account is suspended",
  CREATED: "association still in progress (asynchronous; re-run with --wait MINUTES)",
  INVITED: "invited but not accepted (an invitation-based member, not an organization member)",
  DISABLED: "association disabled: the member was disassociated",
  REMOVED: "removed from the delegated administrator",
  RESIGNED: "the member left the delegated administrator",
  DELETED: "the member was deleted from the delegated administrator",
};

/** Why a scan type is not ENABLED, from its state and the mode. */
function scanTypeCause(
  status: string,
  errorCode: string | undefined,
  mode: EnablementMode,
  isAssociated: boolean,
): string {
  if (errorCode !== undefined && ERROR_CODE_CAUSES[errorCode] !== undefined) {
    return ERROR_CODE_CAUSES[errorCode];
  }
  switch (status) {
    case "ENABLING":
      return ERROR_CODE_CAUSES.ENABLE_IN_PROGRESS;
    case "SUSPENDING":
    case "SUSPENDED":
      return "suspended: the account is suspended or closing, or its Inspector scanning was suspended";
    case "DISABLING":
      return ERROR_CODE_CAUSES.DISABLE_IN_PROGRESS;
    default:
      if (!isAssociated) {
        return "not associated with the delegated administrator, so nothing enables it";
      }
      return mode === "organization-policy"
        ? "not enabled: the Inspector policy does not reach this account (an OU outside the policy targets, or the policy was detached)"
        : "not enabled: no Enabler covers this account (run pulumi up; new accounts in an OU scope wait for it)";
  }
}

/**
 * The gaps of one Region and its counts. An undefined read yields no gap (the read failure is
 * reported on its own), so a partial answer is never mistaken for coverage: the caller checks it.
 */
export function regionGaps(
  expect: VerifyExpectation,
  planned: readonly ScanType[],
  obs: RegionObservation,
): { gaps: Gap[]; coverage: RegionCoverage } {
  const gaps: Gap[] = [];
  const region = obs.region;
  const da = expect.delegatedAdminAccountId;
  if (obs.delegatedAdmins !== undefined) {
    const admin = obs.delegatedAdmins.find((a) => a.accountId === da);
    const other = obs.delegatedAdmins.find((a) => a.accountId !== da);
    if (admin?.status !== "ENABLED") {
      gaps.push({
        kind: "delegated-admin",
        region,
        accountId: da,
        status: admin?.status ?? "missing",
        cause:
          other !== undefined
            ? `another account (${other.accountId ?? "?"}) is the Inspector delegated administrator here; run npm run preflight for the way out`
            : admin === undefined
              ? "not designated: pulumi up has not run, failed, or the Region is not governed by the stack"
              : "being removed (DISABLE_IN_PROGRESS)",
      });
    }
  }
  const members = new Map((obs.members ?? []).map((m) => [m.accountId, m]));
  const isAssociated = (id: string) =>
    id === da || obs.members === undefined || members.get(id)?.relationshipStatus === "ENABLED";
  if (obs.members !== undefined) {
    for (const id of expect.accountIds) {
      if (id === da || isAssociated(id)) {
        continue;
      }
      const status = members.get(id)?.relationshipStatus ?? "missing";
      gaps.push({
        kind: "association",
        region,
        accountId: id,
        status,
        cause:
          RELATIONSHIP_CAUSES[status] ??
          (expect.enablementMode === "organization-policy"
            ? "not a member: the Inspector policy associates accounts under its targets; check that the account is under one and that the management account has Inspector's service-linked role"
            : "not a member: pulumi up associates it (MemberAssociation); run it, or check that the account is in scope"),
      });
    }
  }
  const enabledByScanType: Partial<Record<ScanType, number>> = Object.fromEntries(
    planned.map((t) => [t, 0]),
  );
  let accountsCovered = 0;
  if (obs.accounts !== undefined) {
    const states = new Map(obs.accounts.map((a) => [a.accountId, a]));
    const failed = new Map((obs.failedAccounts ?? []).map((f) => [f.accountId, f]));
    for (const id of expect.accountIds) {
      const state = states.get(id);
      if (state === undefined) {
        const f = failed.get(id);
        const code = f?.errorCode ?? "missing";
        gaps.push({
          kind: "account",
          region,
          accountId: id,
          status: code,
          cause:
            ERROR_CODE_CAUSES[code] ?? f?.errorMessage ?? "Inspector returned no status for it",
        });
        continue;
      }
      let isCovered = true;
      for (const scanType of planned) {
        const s = state.resourceState?.[RESOURCE_STATE_KEY[scanType]];
        if (s?.status === "ENABLED") {
          enabledByScanType[scanType] = (enabledByScanType[scanType] ?? 0) + 1;
          continue;
        }
        isCovered = false;
        gaps.push({
          kind: "scan-type",
          region,
          accountId: id,
          scanType,
          status: s?.errorCode ?? s?.status ?? "missing",
          cause: scanTypeCause(
            s?.status ?? "DISABLED",
            s?.errorCode,
            expect.enablementMode,
            isAssociated(id),
          ),
        });
      }
      if (isCovered) {
        accountsCovered += 1;
      }
    }
  }
  return {
    gaps,
    coverage: {
      region,
      accountsExpected: expect.accountIds.length,
      accountsCovered,
      enabledByScanType,
      ...(obs.resourcesByStatus === undefined ? {} : { resourcesByStatus: obs.resourcesByStatus }),
    },
  };
}

/** Gaps of the Inspector policy's attachment (organization-policy mode). */
export function policyGaps(
  expect: VerifyExpectation,
  attachedTargetIds: readonly string[] | undefined,
  policyName: string,
): Gap[] {
  if (expect.enablementMode !== "organization-policy" || attachedTargetIds === undefined) {
    return [];
  }
  return expect.policyTargetIds
    .filter((t) => !attachedTargetIds.includes(t))
    .map((targetId) => ({
      kind: "policy" as const,
      region: "global",
      targetId,
      status: attachedTargetIds.length === 0 ? "missing" : "not attached",
      cause: `the Inspector policy ${policyName} is not attached to ${targetId}: pulumi up has not run, or someone detached it (CloudTrail organizations:DetachPolicy)`,
    }));
}
