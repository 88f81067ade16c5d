/**
 * The Inspector reads of `npm run verify` (and of adopt's capture), each paginated with the SDK's
 * paginators or batched at the API's limits (Inspector API reference: BatchGetAccountStatus takes
 * at most 100 account ids; ListMembers returns at most 50 per page).
 */
import {
  type AccountState,
  BatchGetAccountStatusCommand,
  type DelegatedAdminAccount,
  type FailedAccount,
  type Inspector2Client,
  type Member,
  paginateListCoverageStatistics,
  paginateListDelegatedAdminAccounts,
  paginateListMembers,
  type ResourceState,
} from "@aws-sdk/client-inspector2";
import { chunk } from "../../components/providers/inspectorClient";
import type { ScanType } from "../regionCapabilities";

/** The ResourceState key of each scan type. */
export const RESOURCE_STATE_KEY: Readonly<Record<ScanType, keyof ResourceState>> = {
  EC2: "ec2",
  ECR: "ecr",
  LAMBDA: "lambda",
  LAMBDA_CODE: "lambdaCode",
  CODE_REPOSITORY: "codeRepository",
};

/** Scan types with their ResourceState key, in API order. */
export const RESOURCE_STATE_KEYS = Object.entries(RESOURCE_STATE_KEY) as [
  ScanType,
  keyof ResourceState,
][];

/** BatchGetAccountStatus: "The 12-digit Amazon Web Services account IDs", 0 to 100 per call. */
export const ACCOUNT_STATUS_BATCH = 100;
/** ListMembers maxResults: 1 to 50. */
export const LIST_MEMBERS_PAGE = 50;

/** Splits ids into batches of at most `size`, in order: the providers' own. */
export { chunk };

/** The statuses of `accountIds` in the client's Region, as the delegated administrator sees them. */
export interface AccountStatuses {
  readonly accounts: readonly AccountState[];
  readonly failedAccounts: readonly FailedAccount[];
  /** Calls made. */
  readonly calls: number;
}

/** BatchGetAccountStatus over every id, 100 per call, one call after the other. */
export async function batchGetAccountStatus(
  client: Inspector2Client,
  accountIds: readonly string[],
): Promise<AccountStatuses> {
  const accounts: AccountState[] = [];
  const failedAccounts: FailedAccount[] = [];
  let calls = 0;
  for (const batch of chunk(accountIds, ACCOUNT_STATUS_BATCH)) {
    const page = await client.send(new BatchGetAccountStatusCommand({ accountIds: batch }));
    calls += 1;
    accounts.push(...(page.accounts ?? []));
    failedAccounts.push(...(page.failedAccounts ?? []));
  }
  return { accounts, failedAccounts, calls };
}

/** Every member of the delegated administrator in the client's Region, associated or not. */
export async function listMembers(
  client: Inspector2Client,
): Promise<{ members: Member[]; calls: number }> {
  const members: Member[] = [];
  let calls = 0;
  for await (const page of paginateListMembers(
    { client, pageSize: LIST_MEMBERS_PAGE },
    { onlyAssociated: false },
  )) {
    calls += 1;
    members.push(...(page.members ?? []));
  }
  return { members, calls };
}

/** The Inspector delegated administrators of the organization in the client's Region (management). */
export async function listDelegatedAdmins(
  client: Inspector2Client,
): Promise<DelegatedAdminAccount[]> {
  const admins: DelegatedAdminAccount[] = [];
  for await (const page of paginateListDelegatedAdminAccounts({ client }, {})) {
    admins.push(...(page.delegatedAdminAccounts ?? []));
  }
  return admins;
}

/** Resources Inspector covers in the Region, counted by scan status (ACTIVE / INACTIVE). */
export async function coverageByStatus(client: Inspector2Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const page of paginateListCoverageStatistics(
    { client },
    { groupBy: "SCAN_STATUS_CODE" },
  )) {
    for (const entry of page.countsByGroup ?? []) {
      const key = entry.groupKey ?? "UNKNOWN";
      counts[key] = (counts[key] ?? 0) + (entry.count ?? 0);
    }
  }
  return counts;
}
