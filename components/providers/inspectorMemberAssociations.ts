/**
 * A Pulumi dynamic provider that owns the delegated administrator's member associations in one
 * Region: one resource for the whole set instead of one `aws.inspector2.MemberAssociation` per
 * member, so a 10,000-member organization is 17 resources in 17 Regions, not 170,000.
 *
 * Calls: ListMembers (paged, 50 per page) to see what is already associated, AssociateMember
 * (one account per call, asynchronous: "An HTTP 200 response indicates the association was
 * successfully started, but doesn't indicate whether it was completed", API_AssociateMember) for
 * the rest with bounded concurrency, then ListMembers again until they are ENABLED. Throttling is
 * the SDK's adaptive retry mode (the client of ./inspectorClient.ts). Accounts that still fail are
 * reported with the reason in the `failedAccounts` output and retried by the next `pulumi up`.
 *
 * No account is disassociated unless `disassociateRemovedMembers` is set, and then only the
 * accounts this resource associated before and that left its `accountIds`; delete disassociates
 * nothing (and the component retains the resource on delete anyway).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  AccessDeniedException,
  AssociateMemberCommand,
  DisassociateMemberCommand,
  type Inspector2Client,
  paginateListMembers,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-inspector2";
import {
  callInspector,
  createInspectorClient,
  type InspectorClientFactory,
  InspectorSettingError,
} from "./inspectorClient";

/** ListMembers returns at most 50 members per page (API_ListMembers, maxResults 1-50). */
export const LIST_MEMBERS_PAGE_SIZE = 50;

/** The dynamic resource's module and type: its token is `pulumi-nodejs:dynamic/inspector:MemberAssociations`. */
export const MEMBER_ASSOCIATIONS_MODULE = "inspector";
/** See {@link MEMBER_ASSOCIATIONS_MODULE}. */
export const MEMBER_ASSOCIATIONS_TYPE = "MemberAssociations";

/** AssociateMember/DisassociateMember calls in flight at once, unless the inputs say otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 5;

/** The relationship status of a member whose association is complete. */
const ENABLED = "ENABLED";
/** The relationship status of a member whose association has started (the Terraform provider's pending state). */
const CREATED = "CREATED";

/** An account the provider could not associate (or disassociate), and why. */
export interface FailedAccount {
  readonly accountId: string;
  readonly reason: string;
}

/** Inputs of the dynamic resource. */
export interface MemberAssociationsInputs {
  readonly region: string;
  /** The delegated administrator role the provider assumes. */
  readonly roleArn: string;
  /** The member accounts to associate. */
  readonly accountIds: string[];
  /** Whether accounts dropped from `accountIds` are disassociated on update. */
  readonly disassociateRemovedMembers: boolean;
  /** AssociateMember/DisassociateMember calls in flight at once (1-20). */
  readonly maxConcurrency: number;
}

/** Outputs: the inputs, and the accounts that failed with the reason. */
export interface MemberAssociationsOutputs extends MemberAssociationsInputs {
  readonly failedAccounts: FailedAccount[];
}

/** How long to wait for started associations to complete, and how often to look. */
export interface AssociationWait {
  readonly pollSeconds: number;
  readonly timeoutSeconds: number;
  /** Waits; replaced in tests. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Ten minutes in 15-second polls: each poll lists every member (200 pages at 10,000). */
export const DEFAULT_ASSOCIATION_WAIT: AssociationWait = {
  pollSeconds: 15,
  timeoutSeconds: 600,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The resource id: one member set per administrator and Region. */
export function memberAssociationsId(region: string): string {
  return `member-associations/${region}`;
}

/** Every member ListMembers returns, with its relationship status, all pages. */
export async function listMemberStatuses(
  client: Inspector2Client,
  region: string,
): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  await callInspector("ListMembers", region, async () => {
    const pages = paginateListMembers(
      { client, pageSize: LIST_MEMBERS_PAGE_SIZE },
      { onlyAssociated: true },
    );
    for await (const page of pages) {
      for (const member of page.members ?? []) {
        if (member.accountId !== undefined) {
          statuses.set(member.accountId, member.relationshipStatus ?? "");
        }
      }
    }
  });
  return statuses;
}

/**
 * Why one account's call failed, in a line for the `failedAccounts` output. Branches on the
 * exception class (STYLE.md rule 39); the SDK has already retried throttling adaptively.
 */
export function describeAccountFailure(err: unknown): string {
  if (err instanceof ThrottlingException) {
    return "throttled after the SDK's adaptive retries; the next `pulumi up` retries it";
  }
  if (err instanceof ServiceQuotaExceededException) {
    // AssociateMember answers 402 when the organization exceeds what Inspector can hold.
    return "the delegated administrator's member quota is reached (10,000 members per administrator); use enablementMode organization-policy";
  }
  if (err instanceof AccessDeniedException) {
    return `access denied (${err.message}); the account must be an ACTIVE member of the organization and the role an Inspector delegated administrator`;
  }
  if (err instanceof ValidationException) {
    return `rejected (${err.message})`;
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Runs `call` for each account with at most `limit` in flight; returns the failures. Hand-written
 * rather than p-limit: the provider is serialized into the Pulumi state by Pulumi's closure
 * serializer, which cannot serialize p-limit's function ("Remote object was not 'function'").
 */
async function forEachAccount(
  accountIds: readonly string[],
  limit: number,
  call: (accountId: string) => Promise<unknown>,
): Promise<FailedAccount[]> {
  const failures: FailedAccount[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < accountIds.length) {
      const accountId = accountIds[next];
      next += 1;
      try {
        await call(accountId);
      } catch (err) {
        failures.push({ accountId, reason: describeAccountFailure(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, accountIds.length) }, worker));
  return failures;
}

/** True for a status that needs no AssociateMember call (done, or started). */
function isAssociatedOrStarted(status: string | undefined): boolean {
  return status === ENABLED || status === CREATED;
}

/** Polls ListMembers until the started associations are ENABLED; returns the ones that are not. */
async function waitForAssociations(
  client: Inspector2Client,
  region: string,
  started: readonly string[],
  wait: AssociationWait,
): Promise<FailedAccount[]> {
  const failed: FailedAccount[] = [];
  let pending = [...started];
  let statuses = new Map<string, string>();
  for (let waited = 0; pending.length > 0; waited += wait.pollSeconds) {
    if (waited >= wait.timeoutSeconds) {
      return [
        ...failed,
        ...pending.map((accountId) => ({
          accountId,
          reason: `association not complete after ${wait.timeoutSeconds} s (relationship status ${statuses.get(accountId) ?? "not listed yet"}); the next \`pulumi up\` checks it again`,
        })),
      ];
    }
    await wait.sleep(wait.pollSeconds * 1000);
    statuses = await listMemberStatuses(client, region);
    pending = pending.filter((accountId) => {
      const status = statuses.get(accountId);
      // Absent: the association started but the list does not show it yet (eventual consistency).
      if (status === undefined || status === CREATED) {
        return true;
      }
      if (status !== ENABLED) {
        failed.push({ accountId, reason: `relationship status ${status} after AssociateMember` });
      }
      return false;
    });
  }
  return failed;
}

/** The failures in a line each, the first 10, for an error message. */
function listFailures(failures: readonly FailedAccount[]): string {
  const shown = failures.slice(0, 10).map((f) => `${f.accountId}: ${f.reason}`);
  const more = failures.length > 10 ? `; and ${failures.length - 10} more` : "";
  return `${shown.join("; ")}${more}`;
}

/**
 * Associates the wanted accounts that are not associated yet, disassociates the removed ones when
 * configured, waits for the started associations, and returns the outputs.
 */
async function reconcile(
  clientFactory: InspectorClientFactory,
  wait: AssociationWait,
  news: MemberAssociationsInputs,
  olds: MemberAssociationsInputs | undefined,
): Promise<MemberAssociationsOutputs> {
  const client = clientFactory(news.region, news.roleArn);
  const statuses = await listMemberStatuses(client, news.region);
  const toAssociate = news.accountIds.filter((id) => !isAssociatedOrStarted(statuses.get(id)));
  const associateFailures = await forEachAccount(toAssociate, news.maxConcurrency, (accountId) =>
    client.send(new AssociateMemberCommand({ accountId })),
  );
  if (toAssociate.length > 0 && associateFailures.length === toAssociate.length) {
    throw new InspectorSettingError(
      `Inspector AssociateMember in ${news.region} failed for every one of the ${toAssociate.length} account(s) it tried: ${listFailures(associateFailures)}`,
    );
  }
  const failedIds = new Set(associateFailures.map((f) => f.accountId));
  const started = toAssociate.filter((id) => !failedIds.has(id));
  // Accounts whose association a previous run started and that are still CREATED are waited for too.
  const inProgress = news.accountIds.filter((id) => statuses.get(id) === CREATED);
  const waitFailures = await waitForAssociations(
    client,
    news.region,
    [...inProgress, ...started],
    wait,
  );

  let disassociateFailures: FailedAccount[] = [];
  if (news.disassociateRemovedMembers && olds !== undefined) {
    const wanted = new Set(news.accountIds);
    const removed = olds.accountIds.filter((id) => !wanted.has(id) && statuses.has(id));
    disassociateFailures = (
      await forEachAccount(removed, news.maxConcurrency, (accountId) =>
        client.send(new DisassociateMemberCommand({ accountId })),
      )
    ).map((f) => ({ accountId: f.accountId, reason: `DisassociateMember: ${f.reason}` }));
  }
  return {
    ...news,
    failedAccounts: [...associateFailures, ...waitFailures, ...disassociateFailures],
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((v) => set.has(v));
}

/** The provider's functions, exported so tests call them directly with a mocked client. */
export function createMemberAssociationsProvider(
  clientFactory: InspectorClientFactory = createInspectorClient,
  wait: AssociationWait = DEFAULT_ASSOCIATION_WAIT,
): pulumi.dynamic.ResourceProvider<MemberAssociationsInputs, MemberAssociationsOutputs> {
  return {
    async create(inputs) {
      const outs = await reconcile(clientFactory, wait, inputs, undefined);
      return { id: memberAssociationsId(inputs.region), outs };
    },
    async read(id, props) {
      if (props === undefined) {
        throw new Error(
          `import of ${id} is not supported: create the resource, it adopts the members already associated`,
        );
      }
      const client = clientFactory(props.region, props.roleArn);
      const statuses = await listMemberStatuses(client, props.region);
      // A member disassociated outside Pulumi shows as failed, so the next `pulumi up` re-associates it.
      const failedAccounts = props.accountIds
        .filter((id) => statuses.get(id) !== ENABLED)
        .map((accountId) => ({
          accountId,
          reason: `not associated (relationship status ${statuses.get(accountId) ?? "none"})`,
        }));
      return { id, props: { ...props, failedAccounts } };
    },
    diff(_id, olds, news) {
      const replaces = olds.region === news.region ? [] : ["region"];
      const changed =
        !sameSet(olds.accountIds, news.accountIds) ||
        // Failed accounts are retried by the next `pulumi up`.
        (olds.failedAccounts ?? []).length > 0 ||
        olds.roleArn !== news.roleArn ||
        olds.disassociateRemovedMembers !== news.disassociateRemovedMembers ||
        olds.maxConcurrency !== news.maxConcurrency;
      return Promise.resolve({
        changes: changed || replaces.length > 0,
        replaces,
        deleteBeforeReplace: false,
      });
    },
    async update(_id, olds, news) {
      return { outs: await reconcile(clientFactory, wait, news, olds) };
    },
    async delete() {
      // Deleting the resource forgets the set: no member loses its association as a side effect.
    },
  };
}

/** The one provider instance, so Pulumi serializes its code once per program run. */
const MEMBER_ASSOCIATIONS_PROVIDER = createMemberAssociationsProvider();

/** Arguments of {@link InspectorMemberAssociations}. */
export interface InspectorMemberAssociationsArgs {
  readonly region: pulumi.Input<string>;
  readonly roleArn: pulumi.Input<string>;
  readonly accountIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly disassociateRemovedMembers: pulumi.Input<boolean>;
  readonly maxConcurrency: pulumi.Input<number>;
}

/**
 * The delegated administrator's member associations in one Region, as one resource.
 *
 * @example
 * new InspectorMemberAssociations("inspector-members-us-east-1-associations", {
 *   region: "us-east-1", roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
 *   accountIds: ["333333333333"], disassociateRemovedMembers: false, maxConcurrency: 5 },
 *   { retainOnDelete: true });
 */
export class InspectorMemberAssociations extends pulumi.dynamic.Resource {
  /** The accounts that failed, with the reason; empty when every account is associated. */
  declare public readonly failedAccounts: pulumi.Output<FailedAccount[]>;

  constructor(
    name: string,
    args: InspectorMemberAssociationsArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      MEMBER_ASSOCIATIONS_PROVIDER,
      name,
      { ...args, failedAccounts: undefined },
      opts,
      MEMBER_ASSOCIATIONS_MODULE,
      MEMBER_ASSOCIATIONS_TYPE,
    );
  }
}
