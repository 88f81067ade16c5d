/**
 * An in-memory Inspector member list for tests and the bench: what ListMembers, AssociateMember
 * and DisassociateMember see and do, so the member associations provider runs against it through
 * aws-sdk-client-mock.
 */
import {
  AssociateMemberCommand,
  DisassociateMemberCommand,
  ListMembersCommand,
  type ListMembersCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-inspector2";
import type { AwsStub } from "aws-sdk-client-mock";

/**
 * The delegated administrator's member list as Inspector keeps it: ListMembers pages through it
 * 50 at a time; AssociateMember starts an association (CREATED), which has completed (ENABLED)
 * by the next listing; DisassociateMember removes the member.
 */
export class FakeMembers {
  readonly statuses = new Map<string, string>();
  /** The ListMembers requests served, one per page. */
  readonly listRequests: ListMembersCommandInput[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(associated: readonly string[]) {
    for (const id of associated) {
      this.statuses.set(id, "ENABLED");
    }
  }

  list(input: ListMembersCommandInput) {
    this.listRequests.push({ ...input });
    const start = Number(input.nextToken ?? "0");
    const size = input.maxResults ?? 50;
    // Associations started before this listing have completed by now (asynchronously).
    if (start === 0) {
      for (const [id, status] of this.statuses) {
        if (status === "CREATED") {
          this.statuses.set(id, "ENABLED");
        }
      }
    }
    const all = [...this.statuses.entries()];
    const page = all.slice(start, start + size);
    return {
      members: page.map(([accountId, relationshipStatus]) => ({
        accountId,
        relationshipStatus: relationshipStatus as "ENABLED",
        delegatedAdminAccountId: "222222222222",
      })),
      nextToken: start + size < all.length ? String(start + size) : undefined,
    };
  }

  async associate(accountId: string) {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    this.statuses.set(accountId, "CREATED");
    return { accountId };
  }
}

/** Answers the mocked client's member calls from `fake`. */
export function answerFromFake(
  inspector: AwsStub<ServiceInputTypes, ServiceOutputTypes, unknown>,
  fake: FakeMembers,
): void {
  inspector.on(ListMembersCommand).callsFake((input: ListMembersCommandInput) => fake.list(input));
  inspector
    .on(AssociateMemberCommand)
    .callsFake((input: { accountId: string }) => fake.associate(input.accountId));
  inspector.on(DisassociateMemberCommand).callsFake((input: { accountId: string }) => {
    fake.statuses.delete(input.accountId);
    return { accountId: input.accountId };
  });
}
