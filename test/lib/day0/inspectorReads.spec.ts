import {
  BatchGetAccountStatusCommand,
  Inspector2Client,
  ListMembersCommand,
  ThrottlingException,
} from "@aws-sdk/client-inspector2";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { createAccountClients, DAY0_MAX_ATTEMPTS } from "../../../lib/day0/clients";
import { batchGetAccountStatus, chunk, listMembers } from "../../../lib/day0/inspectorReads";
import { FakeInspectorHttp } from "../../helpers/fakeInspectorHttp";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret" };

/** 12-digit ids 100000000000, 100000000001, ... */
function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(100_000_000_000 + i));
}

/** A client over the fake endpoint with the adaptive strategy, without waiting between attempts. */
function clientOver(http: FakeInspectorHttp, maxAttempts: number): Inspector2Client {
  return new Inspector2Client({
    region: "eu-west-1",
    credentials: CREDENTIALS,
    requestHandler: http,
    retryStrategy: new AdaptiveRetryStrategy(maxAttempts, {
      backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
      rateLimiter: new DefaultRateLimiter({ minFillRate: 10_000, minCapacity: 10_000 }),
    }),
  });
}

describe("chunk", () => {
  const cases = [
    { name: "250 ids make batches of 100, 100 and 50", n: 250, sizes: [100, 100, 50] },
    { name: "100 ids make one batch", n: 100, sizes: [100] },
    { name: "101 ids make 100 and 1", n: 101, sizes: [100, 1] },
    { name: "99 ids make one batch of 99", n: 99, sizes: [99] },
    { name: "no ids, no batch", n: 0, sizes: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(chunk(ids(c.n), 100).map((b) => b.length)).to.deep.equal(c.sizes);
    });
  }

  it("keeps every item once, in order", () => {
    expect(chunk(["a", "b", "c", "d", "e"], 2)).to.deep.equal([["a", "b"], ["c", "d"], ["e"]]);
  });
});

describe("batchGetAccountStatus", () => {
  it("asks for at most 100 account ids per call, in order, and joins the answers", async () => {
    // Prepare
    const client = new Inspector2Client({ region: "us-east-1", credentials: CREDENTIALS });
    const mock = mockClient(client);
    mock.on(BatchGetAccountStatusCommand).callsFake((input: { accountIds: string[] }) => ({
      accounts: input.accountIds.slice(1).map((accountId) => ({
        accountId,
        state: { status: "ENABLED" },
        resourceState: { ec2: { status: "ENABLED" }, ecr: { status: "ENABLED" } },
      })),
      failedAccounts: [
        {
          accountId: input.accountIds[0],
          errorCode: "ACCESS_DENIED",
          errorMessage: "not a member",
        },
      ],
    }));
    // Act
    const result = await batchGetAccountStatus(client, ids(250));
    // Assess
    const sent = mock
      .commandCalls(BatchGetAccountStatusCommand)
      .map((c) => c.args[0].input.accountIds);
    expect(sent.map((batch) => [batch?.[0], batch?.length])).to.deep.equal([
      ["100000000000", 100],
      ["100000000100", 100],
      ["100000000200", 50],
    ]);
    expect([
      result.calls,
      result.accounts.length,
      result.failedAccounts.map((f) => f.accountId),
    ]).to.deep.equal([3, 247, ["100000000000", "100000000100", "100000000200"]]);
  });

  it("retries ThrottlingException through the SDK's adaptive strategy and succeeds", async () => {
    // Prepare: the first two BatchGetAccountStatus calls answer HTTP 429.
    const http = new FakeInspectorHttp(
      { delegatedAdminAccountId: "222222222222", accountIds: ids(150) },
      new Map([["BatchGetAccountStatus", 2]]),
    );
    // Act
    const result = await batchGetAccountStatus(clientOver(http, 3), ids(150));
    // Assess
    expect(result.accounts).to.have.length(150);
    expect(http.calls.map((c) => c.operation)).to.deep.equal([
      "BatchGetAccountStatus",
      "BatchGetAccountStatus",
      "BatchGetAccountStatus",
      "BatchGetAccountStatus",
    ]);
  });

  it("gives up after maxAttempts with the typed ThrottlingException", async () => {
    const http = new FakeInspectorHttp(
      { delegatedAdminAccountId: "222222222222", accountIds: ids(10) },
      new Map([["BatchGetAccountStatus", 5]]),
    );
    const err = await batchGetAccountStatus(clientOver(http, 3), ids(10)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(ThrottlingException);
    expect(http.calls).to.have.length(3);
  });
});

describe("listMembers", () => {
  it("follows nextToken with pages of 50 (the API's maximum) until the last page", async () => {
    // Prepare: 120 members over the SDK paginator and the real serializers.
    const http = new FakeInspectorHttp({
      delegatedAdminAccountId: "100000000000",
      accountIds: ids(121),
    });
    // Act
    const { members, calls } = await listMembers(clientOver(http, 3));
    // Assess
    expect([calls, members.length, members[0].accountId, members[119].accountId]).to.deep.equal([
      3,
      120,
      "100000000001",
      "100000000120",
    ]);
  });

  it("asks for every member, associated or not", async () => {
    const client = new Inspector2Client({ region: "us-east-1", credentials: CREDENTIALS });
    const mock = mockClient(client);
    mock.on(ListMembersCommand).resolves({ members: [] });
    await listMembers(client);
    const input = mock.commandCalls(ListMembersCommand)[0].args[0].input;
    expect([input.onlyAssociated, input.maxResults]).to.deep.equal([false, 50]);
  });
});

describe("createAccountClients", () => {
  it("gives every client the adaptive retry mode with DAY0_MAX_ATTEMPTS and the Region asked for", async () => {
    const clients = createAccountClients("us-east-1", { credentials: CREDENTIALS });
    for (const client of [
      clients.inspector("eu-west-1"),
      clients.organizations(),
      clients.securityHub("eu-west-1"),
    ]) {
      const strategy = (await client.config.retryStrategy()) as AdaptiveRetryStrategy;
      expect([strategy.mode, await strategy.maxAttemptsProvider()]).to.deep.equal([
        "adaptive",
        DAY0_MAX_ATTEMPTS,
      ]);
    }
    expect(await clients.inspector("eu-west-1").config.region()).to.equal("eu-west-1");
    expect(await clients.organizations().config.region()).to.equal("us-east-1");
    expect(clients.inspector("eu-west-1")).to.equal(clients.inspector("eu-west-1"));
    clients.destroy();
  });
});
