/**
 * Fakes for the day-0 and day-2 commands: the two accounts' SDK clients, each instance mocked
 * with aws-sdk-client-mock, and an organization's Inspector state answered in the API's own
 * shapes with real pagination (nextToken pages of the size the caller asks for).
 */
import {
  BatchGetAccountStatusCommand,
  type BatchGetAccountStatusCommandInput,
  Inspector2Client,
  ListCoverageStatisticsCommand,
  ListDelegatedAdminAccountsCommand,
  type ListDelegatedAdminAccountsCommandInput,
  ListMembersCommand,
  type ListMembersCommandInput,
  type ResourceState,
  type State,
} from "@aws-sdk/client-inspector2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { createAccountClients, type Day0Clients } from "../../lib/day0/clients";

/** The example stacks' accounts. */
export const MANAGEMENT = "111111111111";
export const DELEGATED_ADMIN = "222222222222";
/** The dev stack's covered members (sandbox OU, minus the closing and the excluded account). */
export const DEV_MEMBERS = ["758861041068", "659261393546", "408018016814", "874110358952"];
export const DEV_REGIONS = ["us-east-1", "eu-west-1"];

/** Static test credentials: no credential chain runs. */
const CREDENTIALS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG",
};

/** Clients with static credentials; every instance the test touches is mocked separately. */
export function fakeClients(): Day0Clients {
  return {
    management: createAccountClients("us-east-1", { credentials: CREDENTIALS }),
    delegatedAdmin: createAccountClients("us-east-1", { credentials: CREDENTIALS }),
  };
}

/** Mocks STS GetCallerIdentity of the management clients to answer `account`. */
export function callerIs(clients: Day0Clients, account: string): AwsClientStub<STSClient> {
  const sts = mockClient(clients.management.sts());
  sts.on(GetCallerIdentityCommand).resolves({
    Account: account,
    Arn: `arn:aws:sts::${account}:assumed-role/ReadOnly/operator`,
    UserId: "AROAEXAMPLEID:operator",
  });
  return sts;
}

/** One account's Inspector state in one Region: status per resource state key. */
export interface FakeAccount {
  readonly status?: State["status"];
  readonly ec2?: State["status"];
  readonly ecr?: State["status"];
  readonly lambda?: State["status"];
  readonly lambdaCode?: State["status"];
  /** An error code on every scan type that is not ENABLED. */
  readonly errorCode?: State["errorCode"];
  /** Answered in failedAccounts instead. */
  readonly failed?: { readonly errorCode: State["errorCode"]; readonly errorMessage: string };
  /** ListMembers relationshipStatus; undefined: not a member. */
  readonly relationship?: string;
}

/** One Region of the fake organization. */
export interface FakeRegion {
  /** Delegated administrators: account id -> status. */
  readonly admins: Readonly<Record<string, "ENABLED" | "DISABLE_IN_PROGRESS">>;
  readonly accounts: Readonly<Record<string, FakeAccount>>;
  readonly coverage?: Readonly<Record<string, number>>;
}

/** Every planned scan type ENABLED and associated. */
export const ENABLED: FakeAccount = {
  status: "ENABLED",
  ec2: "ENABLED",
  ecr: "ENABLED",
  lambda: "ENABLED",
  lambdaCode: "ENABLED",
  relationship: "ENABLED",
};

/** A whole covered Region of the dev stack. */
export function coveredRegion(): FakeRegion {
  return {
    admins: { [DELEGATED_ADMIN]: "ENABLED" },
    accounts: Object.fromEntries([...DEV_MEMBERS, DELEGATED_ADMIN].map((id) => [id, ENABLED])),
    coverage: { ACTIVE: 42, INACTIVE: 0 },
  };
}

/** A State as Inspector answers it. */
export function state(status: State["status"] | undefined, errorCode?: State["errorCode"]): State {
  return status === "ENABLED" || errorCode === undefined
    ? { status: status ?? "DISABLED", errorCode: undefined, errorMessage: undefined }
    : { status: status ?? "DISABLED", errorCode, errorMessage: `${errorCode} (fake)` };
}

/** Pages of `items` as `nextToken` strings "page-<n>". */
function page<T>(items: readonly T[], token: string | undefined, size: number) {
  const start = token === undefined ? 0 : Number(token.slice("page-".length));
  const next = start + size;
  return {
    items: items.slice(start, next),
    nextToken: next < items.length ? `page-${next}` : undefined,
  };
}

/** Calls the fakes received, by operation. */
export interface CallLog {
  readonly calls: { operation: string; region: string; input: unknown }[];
}

/**
 * Answers the delegated administrator's Inspector reads in `region` from `fake`, and the
 * management account's ListDelegatedAdminAccounts.
 */
export function serveInspector(
  clients: Day0Clients,
  region: string,
  fake: FakeRegion,
  log: CallLog = { calls: [] },
): { admin: AwsClientStub<Inspector2Client>; management: AwsClientStub<Inspector2Client> } {
  const admin = mockClient(clients.delegatedAdmin.inspector(region));
  const management = mockClient(clients.management.inspector(region));
  admin.on(BatchGetAccountStatusCommand).callsFake((input: BatchGetAccountStatusCommandInput) => {
    log.calls.push({ operation: "BatchGetAccountStatus", region, input });
    const ids = input.accountIds ?? [];
    if (ids.length > 100) {
      throw new Error("ValidationException: accountIds has more than 100 items");
    }
    const known = ids.filter((id) => fake.accounts[id]?.failed === undefined);
    return {
      accounts: known.map((id) => {
        const a = fake.accounts[id] ?? {};
        const resourceState: ResourceState = {
          ec2: state(a.ec2, a.errorCode),
          ecr: state(a.ecr, a.errorCode),
          lambda: state(a.lambda, a.errorCode),
          lambdaCode: state(a.lambdaCode, a.errorCode),
          codeRepository: state("DISABLED"),
        };
        return { accountId: id, state: state(a.status ?? "DISABLED"), resourceState };
      }),
      failedAccounts: ids
        .filter((id) => fake.accounts[id]?.failed !== undefined)
        .map((id) => ({ accountId: id, ...fake.accounts[id].failed })),
    };
  });
  const members = Object.entries(fake.accounts)
    .filter(([id, a]) => a.relationship !== undefined && id !== DELEGATED_ADMIN)
    .map(([accountId, a]) => ({
      accountId,
      relationshipStatus: a.relationship,
      delegatedAdminAccountId: DELEGATED_ADMIN,
      updatedAt: new Date("2026-11-30T08:00:00Z"),
    }));
  admin.on(ListMembersCommand).callsFake((input: ListMembersCommandInput) => {
    log.calls.push({ operation: "ListMembers", region, input });
    const p = page(members, input.nextToken, input.maxResults ?? 50);
    return { members: p.items, nextToken: p.nextToken };
  });
  admin.on(ListCoverageStatisticsCommand).callsFake(() => {
    log.calls.push({ operation: "ListCoverageStatistics", region, input: {} });
    const counts = Object.entries(fake.coverage ?? {}).map(([groupKey, count]) => ({
      groupKey: groupKey as "ACTIVE",
      count,
    }));
    return {
      countsByGroup: counts,
      totalCounts: counts.reduce((n, c) => n + c.count, 0),
    };
  });
  management
    .on(ListDelegatedAdminAccountsCommand)
    .callsFake((input: ListDelegatedAdminAccountsCommandInput) => {
      log.calls.push({ operation: "ListDelegatedAdminAccounts", region, input });
      return {
        delegatedAdminAccounts: Object.entries(fake.admins).map(([accountId, status]) => ({
          accountId,
          status,
        })),
      };
    });
  return { admin, management };
}

/** An AccessDeniedException as Inspector's client raises it. */
export function accessDenied(message: string): Error {
  return Object.assign(new Error(message), {
    name: "AccessDeniedException",
    $fault: "client",
    $metadata: { httpStatusCode: 403 },
  });
}
