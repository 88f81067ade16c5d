import { expect } from "chai";
import {
  AccessDeniedException,
  AssociateMemberCommand,
  DisassociateMemberCommand,
  Inspector2Client,
  ListMembersCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-inspector2";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import type { HttpRequest, HttpResponse } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { failureOf } from "../../helpers/failure";
import {
  type AssociationWait,
  createMemberAssociationsProvider,
  type MemberAssociationsInputs,
  type MemberAssociationsOutputs,
} from "../../../components/providers/inspectorMemberAssociations";
import { INSPECTOR_RETRY_CONFIG } from "../../../components/providers/inspectorClient";
import { answerFromFake, FakeMembers } from "../../helpers/fakeInspectorMembers";

const ROLE = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => String(300000000000 + from + i));

const client = new Inspector2Client({ region: "us-east-1" });
const inspector = mockClient(client);
const slept: number[] = [];
const WAIT: AssociationWait = {
  pollSeconds: 15,
  timeoutSeconds: 60,
  sleep: (ms) => {
    slept.push(ms);
    return Promise.resolve();
  },
};
const provider = createMemberAssociationsProvider(() => client, WAIT);

function inputs(accountIds: string[], extra: Partial<MemberAssociationsInputs> = {}) {
  return {
    region: "us-east-1",
    roleArn: ROLE,
    accountIds,
    disassociateRemovedMembers: false,
    maxConcurrency: 3,
    ...extra,
  };
}

function install(fake: FakeMembers): void {
  answerFromFake(inspector, fake);
}

function accountsOf(command: typeof AssociateMemberCommand | typeof DisassociateMemberCommand) {
  return inspector
    .commandCalls(command)
    .map((c) => (c.args[0].input as { accountId: string }).accountId);
}

describe("InspectorMemberAssociations provider", () => {
  beforeEach(() => {
    inspector.reset();
    slept.length = 0;
  });

  it("creates: lists every page, associates only the members not yet associated, waits for ENABLED", async () => {
    // Prepare: 120 members already associated (three pages of 50, 50, 20), 7 new.
    const fake = new FakeMembers(ids(0, 120));
    install(fake);
    const wanted = [...ids(100, 20), ...ids(500, 7)];
    // Act
    const result = await provider.create(inputs(wanted));
    // Assess
    expect(result).to.deep.equal({
      id: "member-associations/us-east-1",
      outs: { ...inputs(wanted), failedAccounts: [] },
    });
    expect(accountsOf(AssociateMemberCommand).sort()).to.deep.equal(ids(500, 7));
    // 3 pages before, 3 pages (127 members) after one poll.
    const page = (nextToken?: string) => ({ onlyAssociated: true, maxResults: 50, nextToken });
    expect(fake.listRequests).to.deep.equal([
      page(undefined),
      page("50"),
      page("100"),
      page(undefined),
      page("50"),
      page("100"),
    ]);
    expect(slept).to.deep.equal([15_000]);
    expect(accountsOf(DisassociateMemberCommand)).to.deep.equal([]);
  });

  it("keeps at most maxConcurrency AssociateMember calls in flight", async () => {
    const fake = new FakeMembers([]);
    install(fake);
    await provider.create(inputs(ids(0, 12), { maxConcurrency: 3 }));
    expect(accountsOf(AssociateMemberCommand)).to.have.length(12);
    expect(fake.maxInFlight).to.equal(3);
  });

  it("reports throttled and refused accounts with the reason, and associates the others", async () => {
    const fake = new FakeMembers([]);
    install(fake);
    const [throttled, overQuota, denied, ...fine] = ids(0, 5);
    inspector.on(AssociateMemberCommand).callsFake((input: { accountId: string }) => {
      const meta = { $metadata: {} };
      if (input.accountId === throttled) {
        throw new ThrottlingException({ message: "Rate exceeded", ...meta });
      }
      if (input.accountId === overQuota) {
        throw new ServiceQuotaExceededException({ message: "limit", resourceId: "x", ...meta });
      }
      if (input.accountId === denied) {
        throw new AccessDeniedException({ message: "not in organization", ...meta });
      }
      return fake.associate(input.accountId);
    });
    const result = await provider.create(inputs(ids(0, 5)));
    expect(result.outs?.failedAccounts).to.deep.equal([
      {
        accountId: throttled,
        reason: "throttled after the SDK's adaptive retries; the next `pulumi up` retries it",
      },
      {
        accountId: overQuota,
        reason:
          "the delegated administrator's member quota is reached (10,000 members per administrator); use enablementMode organization-policy",
      },
      {
        accountId: denied,
        reason:
          "access denied (not in organization); the account must be an ACTIVE member of the organization and the role an Inspector delegated administrator",
      },
    ]);
    expect([...fake.statuses.keys()].sort()).to.deep.equal(fine);
  });

  it("fails the operation when every account it tried failed", async () => {
    install(new FakeMembers([]));
    inspector
      .on(AssociateMemberCommand)
      .rejects(
        new AccessDeniedException({ message: "role is not the administrator", $metadata: {} }),
      );
    const err = await failureOf(() => provider.create(inputs(ids(0, 2))));
    expect(err.message).to.equal(
      "Inspector AssociateMember in us-east-1 failed for every one of the 2 account(s) it tried: 300000000000: access denied (role is not the administrator); the account must be an ACTIVE member of the organization and the role an Inspector delegated administrator; 300000000001: access denied (role is not the administrator); the account must be an ACTIVE member of the organization and the role an Inspector delegated administrator",
    );
  });

  // The error names the first 10 failed accounts and counts the rest: 10, then 11.
  for (const count of [10, 11]) {
    it(`names the first 10 failed accounts of ${count} and counts the others`, async () => {
      install(new FakeMembers([]));
      inspector
        .on(AssociateMemberCommand)
        .rejects(new ValidationException({ message: "bad", reason: "OTHER", $metadata: {} }));
      const err = await failureOf(() => provider.create(inputs(ids(0, count))));
      const shown = ids(0, 10)
        .map((id) => `${id}: rejected (bad)`)
        .join("; ");
      expect(err.message).to.equal(
        `Inspector AssociateMember in us-east-1 failed for every one of the ${count} account(s) it tried: ${shown}${count === 11 ? "; and 1 more" : ""}`,
      );
    });
  }

  // WAIT polls every 15 s for 60 s: the fourth poll is at the timeout and still counts.
  for (const [polls, failed] of [
    [3, false],
    [4, false],
    [5, true],
  ] as const) {
    it(`an association ENABLED at poll ${polls} (${polls * 15} s of a 60 s wait) ${failed ? "is reported" : "completes"}`, async () => {
      const [slow] = ids(0, 1);
      let listings = 0;
      inspector.on(AssociateMemberCommand).resolves({ accountId: slow });
      inspector.on(ListMembersCommand).callsFake(() => {
        // The first listing is the one before AssociateMember; then one per poll.
        const poll = listings;
        listings += 1;
        return poll === 0
          ? { members: [] }
          : {
              members: [
                { accountId: slow, relationshipStatus: poll >= polls ? "ENABLED" : "CREATED" },
              ],
            };
      });
      const result = await provider.create(inputs([slow]));
      expect(result.outs?.failedAccounts).to.deep.equal(
        failed
          ? [
              {
                accountId: slow,
                reason:
                  "association not complete after 60 s (relationship status CREATED); the next `pulumi up` checks it again",
              },
            ]
          : [],
      );
      expect(slept).to.have.length(Math.min(polls, 4));
    });
  }

  it("reports associations that do not complete in time or end in another status", async () => {
    const fake = new FakeMembers([]);
    install(fake);
    const [stuck, disabled] = ids(0, 2);
    inspector.on(ListMembersCommand).callsFake(() => ({
      members: [
        { accountId: stuck, relationshipStatus: "CREATED" },
        ...(fake.statuses.has(disabled)
          ? [{ accountId: disabled, relationshipStatus: "REGION_DISABLED" }]
          : []),
      ],
    }));
    const result = await provider.create(inputs([stuck, disabled]));
    expect(result.outs?.failedAccounts).to.deep.equal([
      { accountId: disabled, reason: "relationship status REGION_DISABLED after AssociateMember" },
      {
        accountId: stuck,
        reason:
          "association not complete after 60 s (relationship status CREATED); the next `pulumi up` checks it again",
      },
    ]);
    // A started (CREATED) association is waited for, not started again.
    expect(accountsOf(AssociateMemberCommand)).to.deep.equal([disabled]);
    expect(slept).to.deep.equal([15_000, 15_000, 15_000, 15_000]);
  });

  it("update: one new account is one AssociateMember call, and removed accounts stay associated", async () => {
    const fake = new FakeMembers(ids(0, 10));
    install(fake);
    const olds: MemberAssociationsOutputs = { ...inputs(ids(0, 10)), failedAccounts: [] };
    const news = inputs([...ids(2, 8), ...ids(10, 1)]);
    const result = await provider.update!("member-associations/us-east-1", olds, news);
    expect(result.outs).to.deep.equal({ ...news, failedAccounts: [] });
    expect(accountsOf(AssociateMemberCommand)).to.deep.equal(ids(10, 1));
    expect(accountsOf(DisassociateMemberCommand)).to.deep.equal([]);
    expect(fake.statuses.has(ids(0, 1)[0])).to.equal(true);
  });

  it("update: disassociates the removed accounts it associated only when configured", async () => {
    // 300000000099 is associated but was never in this resource's set: it is left alone.
    const fake = new FakeMembers([...ids(0, 10), ...ids(99, 1)]);
    install(fake);
    const olds: MemberAssociationsOutputs = { ...inputs(ids(0, 10)), failedAccounts: [] };
    const news = inputs(ids(2, 8), { disassociateRemovedMembers: true });
    await provider.update!("member-associations/us-east-1", olds, news);
    expect(accountsOf(DisassociateMemberCommand)).to.deep.equal(ids(0, 2));
    expect(accountsOf(AssociateMemberCommand)).to.deep.equal([]);
  });

  it("delete calls nothing: no member loses its association", async () => {
    install(new FakeMembers(ids(0, 3)));
    await provider.delete!("member-associations/us-east-1", {
      ...inputs(ids(0, 3), { disassociateRemovedMembers: true }),
      failedAccounts: [],
    });
    expect(inspector.calls()).to.have.length(0);
  });

  it("read reports a member disassociated outside Pulumi, so the next up re-associates it", async () => {
    install(new FakeMembers(ids(1, 2)));
    const props = { ...inputs(ids(0, 3)), failedAccounts: [] };
    const result = await provider.read!("member-associations/us-east-1", props);
    expect(result.props?.failedAccounts).to.deep.equal([
      { accountId: ids(0, 1)[0], reason: "not associated (relationship status none)" },
    ]);
    const diff = await provider.diff!(
      "member-associations/us-east-1",
      result.props!,
      inputs(ids(0, 3)),
    );
    expect(diff.changes).to.equal(true);
  });

  const diffCases: {
    name: string;
    olds: MemberAssociationsOutputs;
    news: MemberAssociationsInputs;
    changes: boolean;
    replaces: string[];
  }[] = [
    {
      name: "the same accounts in another order: no change",
      olds: { ...inputs(ids(0, 3)), failedAccounts: [] },
      news: inputs([...ids(0, 3)].reverse()),
      changes: false,
      replaces: [],
    },
    {
      name: "one account more: a change",
      olds: { ...inputs(ids(0, 3)), failedAccounts: [] },
      news: inputs(ids(0, 4)),
      changes: true,
      replaces: [],
    },
    {
      name: "failed accounts from the last run: a change (retried)",
      olds: { ...inputs(ids(0, 3)), failedAccounts: [{ accountId: ids(0, 1)[0], reason: "x" }] },
      news: inputs(ids(0, 3)),
      changes: true,
      replaces: [],
    },
    {
      name: "disassociation switched on: a change",
      olds: { ...inputs(ids(0, 3)), failedAccounts: [] },
      news: inputs(ids(0, 3), { disassociateRemovedMembers: true }),
      changes: true,
      replaces: [],
    },
    {
      name: "another Region: a replacement",
      olds: { ...inputs(ids(0, 3)), failedAccounts: [] },
      news: inputs(ids(0, 3), { region: "eu-west-1" }),
      changes: true,
      replaces: ["region"],
    },
  ];
  for (const c of diffCases) {
    it(`diff: ${c.name}`, async () => {
      const result = await provider.diff!("member-associations/us-east-1", c.olds, c.news);
      expect(result).to.deep.equal({
        changes: c.changes,
        replaces: c.replaces,
        deleteBeforeReplace: false,
      });
    });
  }
});

/** Answers Inspector's REST-JSON requests in-process so the client's real retry middleware runs. */
class FakeInspectorHttp {
  readonly calls: string[] = [];
  constructor(private throttled: number) {}

  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    this.calls.push(request.path);
    if (request.path === "/members/associate" && this.throttled > 0) {
      this.throttled -= 1;
      return Promise.resolve(
        this.respond(
          429,
          { message: "Rate exceeded" },
          { "x-amzn-errortype": "ThrottlingException" },
        ),
      );
    }
    const body = request.path === "/members/list" ? { members: [] } : { accountId: "300000000000" };
    return Promise.resolve(this.respond(200, body));
  }

  private respond(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
    return {
      response: {
        statusCode,
        headers: { "content-type": "application/json", ...headers },
        body: Buffer.from(JSON.stringify(body)),
      },
    };
  }
}

describe("InspectorMemberAssociations provider under throttling", () => {
  it("retries a throttled AssociateMember through the SDK's adaptive mode and succeeds", async () => {
    // Prepare: the client's retry settings, made fast (no backoff, no rate-limiter wait).
    const http = new FakeInspectorHttp(2);
    const real = new Inspector2Client({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: http,
      retryStrategy: new AdaptiveRetryStrategy(INSPECTOR_RETRY_CONFIG.maxAttempts, {
        backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
        rateLimiter: new DefaultRateLimiter({ minFillRate: 10_000, minCapacity: 10_000 }),
      }),
    });
    const noWait = { ...WAIT, timeoutSeconds: 0 };
    // Act
    const result = await createMemberAssociationsProvider(() => real, noWait).create(
      inputs(ids(0, 1)),
    );
    // Assess: two throttled attempts, then the association; the list before and no wait after.
    expect(http.calls).to.deep.equal([
      "/members/list",
      "/members/associate",
      "/members/associate",
      "/members/associate",
    ]);
    expect(result.outs?.failedAccounts).to.deep.equal([
      {
        accountId: "300000000000",
        reason:
          "association not complete after 0 s (relationship status not listed yet); the next `pulumi up` checks it again",
      },
    ]);
  });
});
