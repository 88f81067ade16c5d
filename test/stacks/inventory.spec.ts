import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  AccessDeniedException,
  Account,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import type { HttpRequest, HttpResponse } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { resolveUserPath } from "../../lib/cli/input";
import { EXIT_AWS, EXIT_OK, EXIT_USAGE, main, USAGE } from "../../bin/inventory";
import {
  accountStatusOf,
  assertAccountsInOrganization,
  createOrganizationsClient,
  descendantOrganizationalUnitIds,
  discoverInventory,
  InventoryError,
  loadInventoryFile,
  OrgAccount,
  OrgInventory,
  ORGANIZATIONS_MAX_ATTEMPTS,
  parseInventory,
  resolveScope,
} from "../../stacks/inventory";

const EXAMPLE_PATH = path.join(__dirname, "..", "..", "examples", "org-inventory.json");
/**
 * The example organization as Organizations describes it: without the workload counts for the
 * cost estimate, which come from Inspector (test/lib/costs.spec.ts reads those).
 */
const EXAMPLE: OrgInventory = withoutWorkloads(loadInventoryFile(EXAMPLE_PATH));

function withoutWorkloads(inventory: OrgInventory): OrgInventory {
  return {
    ...inventory,
    accounts: inventory.accounts.map((account) => {
      const copy = { ...account };
      delete copy.workloads;
      return copy;
    }),
  };
}
const REGEN = "or regenerate the file with `npm run inventory -- --out <file>`";

/** The error an action throws, failing the test when it does not throw. */
function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (err) {
    if (err instanceof Error) {
      return err;
    }
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error("expected an error, none was thrown");
}

/** Ids of the example accounts with this name (names are unique in the example). */
function idOf(name: string): string {
  const account = EXAMPLE.accounts.find((a) => a.name === name);
  if (!account) {
    throw new Error(`no example account ${name}`);
  }
  return account.id;
}

describe("parseInventory", () => {
  it("accepts the bundled example organization with its nested OUs and statuses", () => {
    // Prepare / Act: done by loadInventoryFile at module load.
    // Assess
    expect(EXAMPLE.organizationId).to.equal("o-a1b2c3d4e5");
    expect(EXAMPLE.rootId).to.equal("r-a1b2");
    expect(EXAMPLE.managementAccountId).to.equal("111111111111");
    expect(EXAMPLE.organizationalUnits).to.deep.equal([
      { id: "ou-a1b2-infrastr", name: "Infrastructure", parentId: "r-a1b2" },
      { id: "ou-a1b2-security", name: "Security", parentId: "r-a1b2" },
      { id: "ou-a1b2-suspendd", name: "Suspended", parentId: "r-a1b2" },
      { id: "ou-a1b2-workload", name: "Workloads", parentId: "r-a1b2" },
      { id: "ou-a1b2-nonprod1", name: "NonProd", parentId: "ou-a1b2-workload" },
      { id: "ou-a1b2-sandbox1", name: "Sandbox", parentId: "ou-a1b2-nonprod1" },
      { id: "ou-a1b2-prodapps", name: "Prod", parentId: "ou-a1b2-workload" },
    ]);
    expect(EXAMPLE.accounts).to.have.length(36);
    expect(new Set(EXAMPLE.accounts.map((a) => a.id)).size).to.equal(36);
    expect(
      EXAMPLE.accounts.filter((a) => a.status !== "ACTIVE").map((a) => [a.name, a.status]),
    ).to.deep.equal([
      ["marketing-legacy", "SUSPENDED"],
      ["sandbox-chen", "PENDING_CLOSURE"],
    ]);
    expect(EXAMPLE.accounts.slice(0, 3)).to.deep.equal([
      {
        id: "111111111111",
        name: "management",
        email: "aws+management@example.com",
        status: "ACTIVE",
        parentId: "r-a1b2",
        joinedTimestamp: "2019-02-02T12:49:41.000Z",
      },
      {
        id: "222222222222",
        name: "security-tooling",
        email: "aws+security-tooling@example.com",
        status: "ACTIVE",
        parentId: "ou-a1b2-security",
        joinedTimestamp: "2019-03-17T00:06:54.000Z",
      },
      {
        id: "333333333333",
        name: "log-archive",
        email: "aws+log-archive@example.com",
        status: "ACTIVE",
        parentId: "ou-a1b2-security",
        joinedTimestamp: "2019-07-01T23:50:48.000Z",
      },
    ]);
    const joined = EXAMPLE.accounts.map((a) => a.joinedTimestamp ?? "");
    expect(joined).to.deep.equal([...joined].sort());
    expect(joined[joined.length - 1]).to.equal("2026-02-18T19:22:41.000Z");
  });

  const base = () => ({
    organizationId: "o-a1b2c3d4e5",
    rootId: "r-a1b2",
    managementAccountId: "111111111111",
    organizationalUnits: [
      { id: "ou-a1b2-workload", name: "Workloads", parentId: "r-a1b2" },
      { id: "ou-a1b2-prodapps", name: "Prod", parentId: "ou-a1b2-workload" },
    ] as Record<string, unknown>[],
    accounts: [
      {
        id: "111111111111",
        name: "management",
        email: "aws+management@example.com",
        status: "ACTIVE",
        parentId: "r-a1b2",
        joinedTimestamp: "2019-01-15T09:30:00.000Z",
      },
      {
        id: "444444444444",
        name: "payments-prod",
        email: "aws+payments-prod@example.com",
        status: "ACTIVE",
        parentId: "ou-a1b2-prodapps",
        joinedTimestamp: "2020-03-01T10:00:00+02:00",
      },
      {
        id: "555555555555",
        name: "orders-prod",
        email: "aws+orders-prod@example.com",
        status: "SUSPENDED",
        parentId: "ou-a1b2-prodapps",
      },
    ] as Record<string, unknown>[],
  });

  it("accepts a minimal snapshot with offset timestamps and an account without one", () => {
    const inv = parseInventory(base(), "min.json");
    expect(inv).to.deep.equal(base());
  });

  const cases: {
    name: string;
    mutate: (doc: ReturnType<typeof base>) => unknown;
    lines: string[];
  }[] = [
    {
      name: "an account id that is not 12 digits",
      mutate: (d) => {
        d.accounts[1].id = "12345";
        return d;
      },
      lines: [
        `bad.json: \`accounts[1].id\` ("12345") is not a 12-digit AWS account id (^\\d{12}$); copy the account's \`Id\` from \`aws organizations list-accounts\`, ${REGEN}`,
      ],
    },
    {
      name: "an account id written as a number",
      mutate: (d) => {
        d.accounts[2].id = 555555555555;
        return d;
      },
      lines: [
        `bad.json: \`accounts[2].id\` (555555555555) is not a 12-digit AWS account id (^\\d{12}$); copy the account's \`Id\` from \`aws organizations list-accounts\`, ${REGEN}`,
      ],
    },
    {
      name: "a status outside the Organizations account statuses",
      mutate: (d) => {
        d.accounts[2].status = "CLOSED";
        return d;
      },
      lines: [
        `bad.json: \`accounts[2].status\` ("CLOSED") is not an account status (one of ACTIVE, SUSPENDED, PENDING_CLOSURE); use the account's \`Status\` from \`aws organizations list-accounts\`, ${REGEN}`,
      ],
    },
    {
      name: "a missing email and an empty name",
      mutate: (d) => {
        delete d.accounts[1].email;
        d.accounts[1].name = "";
        return d;
      },
      lines: [
        `bad.json: \`accounts[1].name\` ("") must be a non-empty string; set it to the account's name in Organizations`,
        `bad.json: \`accounts[1].email\` is missing; use the account's \`Email\` from \`aws organizations list-accounts\`, ${REGEN}`,
      ],
    },
    {
      name: "malformed organization, root and OU ids, each on its own line",
      mutate: (d) => {
        d.organizationId = "o-short";
        d.rootId = "root";
        d.organizationalUnits[1].id = "ou-prod";
        return d;
      },
      lines: [
        `bad.json: \`organizationId\` ("o-short") is not an organization id (^o-[a-z0-9]{10,32}$); copy \`Id\` from \`aws organizations describe-organization\`, ${REGEN}`,
        `bad.json: \`rootId\` ("root") is not a root id (^r-[0-9a-z]{4,32}$); copy \`Id\` from \`aws organizations list-roots\`, ${REGEN}`,
        `bad.json: \`organizationalUnits[1].id\` ("ou-prod") is not an OU id (^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$); copy the OU's \`Id\` from \`aws organizations list-organizational-units-for-parent\`, ${REGEN}`,
        `bad.json: \`organizationalUnits[0].parentId\` ("r-a1b2") is neither \`rootId\` ("root") nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGEN}`,
        `bad.json: \`accounts[0].parentId\` ("r-a1b2") is neither \`rootId\` ("root") nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGEN}`,
        `bad.json: \`accounts[1].parentId\` ("ou-a1b2-prodapps") is neither \`rootId\` ("root") nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGEN}`,
        `bad.json: \`accounts[2].parentId\` ("ou-a1b2-prodapps") is neither \`rootId\` ("root") nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGEN}`,
      ],
    },
    {
      name: "a parent id that is neither a root nor an OU id (reported once)",
      mutate: (d) => {
        d.accounts[1].parentId = "Prod";
        return d;
      },
      lines: [
        `bad.json: \`accounts[1].parentId\` ("Prod") is not a root id (^r-[0-9a-z]{4,32}$) or an OU id (^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$); use the id of the root or of an entry in \`organizationalUnits\`, ${REGEN}`,
      ],
    },
    {
      name: "a parent OU that is not in organizationalUnits",
      mutate: (d) => {
        d.accounts[2].parentId = "ou-a1b2-nonprod1";
        return d;
      },
      lines: [
        `bad.json: \`accounts[2].parentId\` ("ou-a1b2-nonprod1") is neither \`rootId\` ("r-a1b2") nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGEN}`,
      ],
    },
    {
      name: "duplicate account and OU ids",
      mutate: (d) => {
        d.accounts[2].id = "444444444444";
        d.organizationalUnits.push({ id: "ou-a1b2-workload", name: "Dup", parentId: "r-a1b2" });
        return d;
      },
      lines: [
        'bad.json: `organizationalUnits[2].id` ("ou-a1b2-workload") duplicates `organizationalUnits[0].id`; ids are unique in an organization, remove or correct the duplicate entry',
        'bad.json: `accounts[2].id` ("444444444444") duplicates `accounts[1].id`; ids are unique in an organization, remove or correct the duplicate entry',
      ],
    },
    {
      name: "OUs whose parents form a cycle",
      mutate: (d) => {
        d.organizationalUnits[0].parentId = "ou-a1b2-prodapps";
        return d;
      },
      lines: [
        `bad.json: \`organizationalUnits[0].parentId\` ("ou-a1b2-prodapps") makes a cycle of OUs that never reaches \`rootId\`; OUs form a tree under the root, correct the parent, ${REGEN}`,
        `bad.json: \`organizationalUnits[1].parentId\` ("ou-a1b2-workload") makes a cycle of OUs that never reaches \`rootId\`; OUs form a tree under the root, correct the parent, ${REGEN}`,
      ],
    },
    {
      name: "a misspelled field",
      mutate: (d) => {
        d.accounts[0].statuz = d.accounts[0].status;
        delete d.accounts[0].status;
        return d;
      },
      lines: [
        `bad.json: \`accounts[0].status\` is missing; use the account's \`Status\` from \`aws organizations list-accounts\`, ${REGEN}`,
        'bad.json: `accounts[0]` has unknown field(s) "statuz" (allowed: id, name, email, status, parentId, joinedTimestamp, workloads); remove them or fix their spelling',
      ],
    },
    {
      name: "a joinedTimestamp that is not ISO-8601",
      mutate: (d) => {
        d.accounts[1].joinedTimestamp = "March 2020";
        return d;
      },
      lines: [
        'bad.json: `accounts[1].joinedTimestamp` ("March 2020") is not an ISO-8601 date-time (e.g. 2021-04-01T12:00:00.000Z); use the account\'s `JoinedTimestamp`, or remove the field',
      ],
    },
    {
      name: "a management account missing from accounts",
      mutate: (d) => {
        d.managementAccountId = "999999999999";
        return d;
      },
      lines: [
        `bad.json: \`managementAccountId\` ("999999999999") is not in \`accounts\`; ListAccounts always lists the management account, add it or correct \`managementAccountId\`, ${REGEN}`,
      ],
    },
    {
      name: "accounts that are not an array",
      mutate: (d) => ({ ...d, accounts: { "444444444444": "payments-prod" } }),
      lines: [
        'bad.json: `accounts` ({"444444444444":"payments-prod"}) is not an array of accounts; write it as [] or a list of accounts',
      ],
    },
    {
      name: "a document that is not an object",
      mutate: () => [1, 2],
      lines: [
        "bad.json: `(snapshot)` ([1,2]) is not an inventory snapshot; write it as a JSON object with organizationId, rootId, managementAccountId, organizationalUnits, accounts",
      ],
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}, listing every problem`, () => {
      // Prepare
      const doc = c.mutate(base());
      // Act
      const err = thrown(() => parseInventory(doc, "bad.json"));
      // Assess
      expect(err).to.be.instanceOf(InventoryError);
      expect(err.name).to.equal("InventoryError");
      expect(err.message.split("\n")).to.deep.equal(c.lines);
    });
  }
});

describe("loadInventoryFile", () => {
  it("names the file and the cause when it cannot be read", () => {
    const missing = path.join(__dirname, "does-not-exist.json");
    const err = thrown(() => loadInventoryFile(missing));
    expect(err).to.be.instanceOf(InventoryError);
    expect(err.message).to.equal(
      `${missing}: cannot be read (no such file or directory); check the path, or write one with \`npm run inventory -- --out ${missing}\``,
    );
  });

  it("names the file and the parser's message when it is not JSON", () => {
    // This spec file is not JSON, which is all the test needs.
    const cause = thrown(() => JSON.parse(readFileSync(__filename, "utf8"))).message.replace(
      /, ".*" is not valid JSON$/s,
      "",
    );
    const err = thrown(() => loadInventoryFile(__filename));
    expect(err).to.be.instanceOf(InventoryError);
    expect(err.message).to.equal(
      `${__filename}: is not valid JSON (${cause}); fix the file, or regenerate it with \`npm run inventory -- --out ${__filename}\``,
    );
  });
});

/** The Organizations API's view of a snapshot account. */
function apiAccount(a: OrgAccount): Account {
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${a.id}`,
    Name: a.name,
    Email: a.email,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.id === "111111111111" ? "CREATED" : "INVITED",
    JoinedTimestamp: a.joinedTimestamp === undefined ? undefined : new Date(a.joinedTimestamp),
  };
}

/** One page of `items` after `token`, `NextToken` set while more remain (as Organizations does). */
function page<T>(items: readonly T[], token: string | undefined, size: number) {
  const start = token === undefined ? 0 : Number(token.replace("page-", ""));
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? `page-${end}` : undefined };
}

/**
 * The client the mocked tests use. Mocked per instance, not per class: a class-level mock would
 * also capture the clients of the throttling tests (which need the real middleware stack) and
 * of other spec files in the same mocha run.
 */
const mockedClient = new OrganizationsClient({ region: "us-east-1" });
const orgMock = mockClient(mockedClient);

/** Inputs of the List* calls, copied when sent: the SDK's paginators reuse one input object. */
let listRequests: {
  command: string;
  input: { ParentId?: string; NextToken?: string; MaxResults?: number };
}[] = [];

/**
 * Answers Organizations calls from `inv` in pages of `size`, listing children in reverse order
 * (the API promises no order, so discovery must sort).
 */
function serveOrganization(inv: OrgInventory, size: number): void {
  listRequests = [];
  orgMock.on(DescribeOrganizationCommand).resolves({
    Organization: {
      Id: inv.organizationId,
      MasterAccountId: inv.managementAccountId,
      FeatureSet: "ALL",
    },
  });
  orgMock.on(ListRootsCommand).resolves({ Roots: [{ Id: inv.rootId, Name: "Root" }] });
  orgMock
    .on(ListOrganizationalUnitsForParentCommand)
    .callsFake((input: { ParentId?: string; NextToken?: string }) => {
      listRequests.push({ command: "ListOrganizationalUnitsForParent", input: { ...input } });
      const ous = inv.organizationalUnits.filter((ou) => ou.parentId === input.ParentId).reverse();
      const { items, next } = page(ous, input.NextToken, size);
      return {
        OrganizationalUnits: items.map((ou) => ({ Id: ou.id, Name: ou.name })),
        NextToken: next,
      };
    });
  orgMock
    .on(ListAccountsForParentCommand)
    .callsFake((input: { ParentId?: string; NextToken?: string }) => {
      listRequests.push({ command: "ListAccountsForParent", input: { ...input } });
      const accounts = inv.accounts.filter((a) => a.parentId === input.ParentId).reverse();
      const { items, next } = page(accounts, input.NextToken, size);
      return { Accounts: items.map(apiAccount), NextToken: next };
    });
}

/** The recorded inputs of one List* command, optionally for one parent. */
function requestsOf(command: string, parentId?: string) {
  return listRequests
    .filter(
      (r) => r.command === command && (parentId === undefined || r.input.ParentId === parentId),
    )
    .map((r) => r.input);
}

describe("discoverInventory", () => {
  beforeEach(() => {
    orgMock.reset();
  });

  it("walks nested OUs over many pages and reproduces the example snapshot exactly", async () => {
    // Prepare
    serveOrganization(EXAMPLE, 2);
    // Act
    const inv = await discoverInventory(mockedClient);
    // Assess
    expect(inv).to.deep.equal(EXAMPLE);
    expect(orgMock.commandCalls(DescribeOrganizationCommand)).to.have.length(1);
    expect(orgMock.commandCalls(ListRootsCommand)).to.have.length(1);
    // One call per container (root + 7 OUs), plus the extra pages of the root's 4 OUs.
    expect(orgMock.commandCalls(ListOrganizationalUnitsForParentCommand)).to.have.length(9);
    // ceil(n / 2), at least 1, per container: root 1, Infrastructure 5, Security 3, Suspended 1,
    // Workloads 0, NonProd 10, Sandbox 6, Prod 10.
    expect(orgMock.commandCalls(ListAccountsForParentCommand)).to.have.length(21);
  });

  it("follows NextToken through every page of one OU's accounts, asking for full pages", async () => {
    serveOrganization(EXAMPLE, 3);
    await discoverInventory(mockedClient);
    const prodCalls = requestsOf("ListAccountsForParent", "ou-a1b2-prodapps");
    expect(prodCalls).to.deep.equal([
      { ParentId: "ou-a1b2-prodapps", MaxResults: 20, NextToken: undefined },
      { ParentId: "ou-a1b2-prodapps", MaxResults: 20, NextToken: "page-3" },
      { ParentId: "ou-a1b2-prodapps", MaxResults: 20, NextToken: "page-6" },
      { ParentId: "ou-a1b2-prodapps", MaxResults: 20, NextToken: "page-9" },
    ]);
    const rootOuCalls = requestsOf("ListOrganizationalUnitsForParent", "r-a1b2").map(
      (input) => input.NextToken,
    );
    expect(rootOuCalls).to.deep.equal([undefined, "page-3"]);
  });

  it("walks OUs nested three deep whose pages are split across calls", async () => {
    const deep: OrgInventory = {
      organizationId: "o-a1b2c3d4e5",
      rootId: "r-a1b2",
      managementAccountId: "111111111111",
      organizationalUnits: [
        { id: "ou-a1b2-level1aa", name: "L1", parentId: "r-a1b2" },
        { id: "ou-a1b2-level2aa", name: "L2a", parentId: "ou-a1b2-level1aa" },
        { id: "ou-a1b2-level2bb", name: "L2b", parentId: "ou-a1b2-level1aa" },
        { id: "ou-a1b2-level3aa", name: "L3", parentId: "ou-a1b2-level2bb" },
      ],
      accounts: [
        {
          id: "111111111111",
          name: "management",
          email: "aws+management@example.com",
          status: "ACTIVE",
          parentId: "r-a1b2",
        },
        {
          id: "777777777777",
          name: "deep",
          email: "aws+deep@example.com",
          status: "ACTIVE",
          parentId: "ou-a1b2-level3aa",
        },
      ],
    };
    serveOrganization(deep, 1);
    const inv = await discoverInventory(mockedClient);
    expect(inv).to.deep.equal(deep);
    expect(requestsOf("ListOrganizationalUnitsForParent")).to.deep.equal([
      { ParentId: "r-a1b2", MaxResults: 20, NextToken: undefined },
      { ParentId: "ou-a1b2-level1aa", MaxResults: 20, NextToken: undefined },
      { ParentId: "ou-a1b2-level1aa", MaxResults: 20, NextToken: "page-1" },
      { ParentId: "ou-a1b2-level2bb", MaxResults: 20, NextToken: undefined },
      { ParentId: "ou-a1b2-level2aa", MaxResults: 20, NextToken: undefined },
      { ParentId: "ou-a1b2-level3aa", MaxResults: 20, NextToken: undefined },
    ]);
  });

  it("passes the SDK's typed exception through when the account is not in an organization", async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(
      new AWSOrganizationsNotInUseException({
        message: "Your account is not a member of an organization.",
        $metadata: {},
      }),
    );
    const err = await discoverInventory(mockedClient).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(AWSOrganizationsNotInUseException);
  });

  it("rejects an API account without an Email with a clear InventoryError", async () => {
    serveOrganization(EXAMPLE, 20);
    orgMock
      .on(ListAccountsForParentCommand, { ParentId: "r-a1b2" })
      .resolves({ Accounts: [{ Id: "111111111111", Name: "management", Status: "ACTIVE" }] });
    const err = await discoverInventory(mockedClient).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(InventoryError);
    expect((err as Error).message).to.equal(
      'the Organizations API returned account "111111111111" Email without it; re-run discovery',
    );
  });
});

describe("accountStatusOf", () => {
  const cases: { name: string; account: Account; status?: string; error?: string }[] = [
    {
      name: "State ACTIVE",
      account: { Id: "1", State: "ACTIVE", Status: "ACTIVE" },
      status: "ACTIVE",
    },
    {
      name: "State over the retiring Status",
      account: { Id: "1", State: "PENDING_CLOSURE", Status: "ACTIVE" },
      status: "PENDING_CLOSURE",
    },
    {
      name: "State CLOSED as SUSPENDED",
      account: { Id: "1", State: "CLOSED" },
      status: "SUSPENDED",
    },
    {
      name: "State PENDING_ACTIVATION as SUSPENDED",
      account: { Id: "1", State: "PENDING_ACTIVATION" },
      status: "SUSPENDED",
    },
    { name: "Status alone", account: { Id: "1", Status: "SUSPENDED" }, status: "SUSPENDED" },
    {
      name: "an unknown State",
      account: { Id: "1", State: "FROZEN" as Account["State"] },
      error:
        'account "1" has State "FROZEN", which this tool does not know; update inventory.ts before rolling out',
    },
    {
      name: "neither State nor Status",
      account: { Id: "1" },
      error:
        'the Organizations API returned account "1" State or Status without it; re-run discovery',
    },
  ];
  for (const c of cases) {
    it(`maps ${c.name}`, () => {
      if (c.error === undefined) {
        expect(accountStatusOf(c.account)).to.equal(c.status);
      } else {
        expect(thrown(() => accountStatusOf(c.account)).message).to.equal(c.error);
      }
    });
  }
});

/** Answers awsJson1_1 requests in-process so the client's real retry middleware runs. */
class FakeOrganizationsHttp {
  readonly calls: string[] = [];
  constructor(
    private readonly inv: OrgInventory,
    private readonly throttled: Map<string, number>,
  ) {}

  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const operation = String(request.headers["x-amz-target"]).split(".")[1];
    this.calls.push(operation);
    const remaining = this.throttled.get(operation) ?? 0;
    if (remaining > 0) {
      this.throttled.set(operation, remaining - 1);
      return Promise.resolve(
        this.respond(400, {
          __type: "TooManyRequestsException",
          Message:
            "AWS Organizations can't complete your request because another request is in progress.",
        }),
      );
    }
    const raw = request.body as string | Uint8Array;
    const input = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw)) as {
      ParentId?: string;
    };
    const body: Record<string, unknown> = {
      DescribeOrganization: {
        Organization: {
          Id: this.inv.organizationId,
          MasterAccountId: this.inv.managementAccountId,
        },
      },
      ListRoots: { Roots: [{ Id: this.inv.rootId }] },
      ListOrganizationalUnitsForParent: {
        OrganizationalUnits: this.inv.organizationalUnits
          .filter((ou) => ou.parentId === input.ParentId)
          .map((ou) => ({ Id: ou.id, Name: ou.name })),
      },
      ListAccountsForParent: {
        Accounts: this.inv.accounts
          .filter((a) => a.parentId === input.ParentId)
          .map((a) => ({
            Id: a.id,
            Name: a.name,
            Email: a.email,
            Status: a.status,
            JoinedTimestamp:
              a.joinedTimestamp === undefined ? undefined : Date.parse(a.joinedTimestamp) / 1000,
          })),
      },
    };
    return Promise.resolve(this.respond(200, body[operation]));
  }

  private respond(statusCode: number, body: unknown): { response: HttpResponse } {
    return {
      response: {
        statusCode,
        headers: { "content-type": "application/x-amz-json-1.1" },
        body: Buffer.from(JSON.stringify(body)),
      },
    };
  }
}

/**
 * A client over the fake endpoint with the SDK's adaptive strategy, made fast: zero backoff, and a
 * rate limiter whose minimum refill rate is high enough that the throttled rate never waits.
 */
function clientOver(http: FakeOrganizationsHttp, maxAttempts: number): OrganizationsClient {
  return new OrganizationsClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: http,
    retryStrategy: new AdaptiveRetryStrategy(maxAttempts, {
      backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
      rateLimiter: new DefaultRateLimiter({ minFillRate: 10_000, minCapacity: 10_000 }),
    }),
  });
}

describe("discoverInventory under throttling", () => {
  it("retries TooManyRequestsException through the SDK and succeeds", async () => {
    // Prepare: the first ListRoots and the first two ListAccountsForParent calls are throttled.
    const http = new FakeOrganizationsHttp(
      EXAMPLE,
      new Map([
        ["ListRoots", 1],
        ["ListAccountsForParent", 2],
      ]),
    );
    // Act
    const inv = await discoverInventory(clientOver(http, 3));
    // Assess
    expect(inv).to.deep.equal(EXAMPLE);
    expect(http.calls.filter((op) => op === "ListRoots")).to.have.length(2);
    // 8 containers, the first one (the root) answered on its third attempt.
    expect(http.calls.filter((op) => op === "ListAccountsForParent")).to.have.length(10);
    expect(http.calls.slice(0, 6)).to.deep.equal([
      "DescribeOrganization",
      "ListRoots",
      "ListRoots",
      "ListOrganizationalUnitsForParent",
      "ListAccountsForParent",
      "ListAccountsForParent",
    ]);
  });

  it("gives up after maxAttempts with the typed exception", async () => {
    const http = new FakeOrganizationsHttp(EXAMPLE, new Map([["DescribeOrganization", 5]]));
    const err = await discoverInventory(clientOver(http, 3)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(TooManyRequestsException);
    expect(http.calls).to.deep.equal([
      "DescribeOrganization",
      "DescribeOrganization",
      "DescribeOrganization",
    ]);
  });
});

describe("createOrganizationsClient", () => {
  it("uses the SDK's adaptive retry mode with the configured attempts and us-east-1", async () => {
    const client = createOrganizationsClient();
    const strategy = (await client.config.retryStrategy()) as AdaptiveRetryStrategy;
    expect(strategy.mode).to.equal("adaptive");
    expect(await strategy.maxAttemptsProvider()).to.equal(ORGANIZATIONS_MAX_ATTEMPTS);
    expect(await client.config.region()).to.equal("us-east-1");
    client.destroy();
  });

  it("signs for the given region", async () => {
    const client = createOrganizationsClient("us-gov-west-1");
    expect(await client.config.region()).to.equal("us-gov-west-1");
    client.destroy();
  });
});

describe("descendantOrganizationalUnitIds", () => {
  const cases: { name: string; ouIds: string[]; expected: string[] }[] = [
    {
      name: "a leaf OU is just itself",
      ouIds: ["ou-a1b2-sandbox1"],
      expected: ["ou-a1b2-sandbox1"],
    },
    {
      name: "Workloads includes Prod, NonProd and Sandbox nested under NonProd",
      ouIds: ["ou-a1b2-workload"],
      expected: ["ou-a1b2-nonprod1", "ou-a1b2-prodapps", "ou-a1b2-sandbox1", "ou-a1b2-workload"],
    },
    {
      name: "overlapping ids are merged",
      ouIds: ["ou-a1b2-nonprod1", "ou-a1b2-sandbox1", "ou-a1b2-security"],
      expected: ["ou-a1b2-nonprod1", "ou-a1b2-sandbox1", "ou-a1b2-security"],
    },
    { name: "no ids, no OUs", ouIds: [], expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect([...descendantOrganizationalUnitIds(EXAMPLE, c.ouIds)].sort()).to.deep.equal(
        c.expected,
      );
    });
  }
});

const SUSPENDED_REASON = "status SUSPENDED: Inspector cannot scan a suspended account";
const CLOSING_REASON = "status PENDING_CLOSURE: the account is closing; Inspector cannot scan it";

describe("resolveScope", () => {
  it("covers the 5 ACTIVE Sandbox accounts and skips the closing one (dev stack scope)", () => {
    const scoped = resolveScope(EXAMPLE, {
      organizationalUnitIds: ["ou-a1b2-sandbox1"],
      excludedAccountIds: [],
    });
    expect(scoped.covered.map((a) => a.name)).to.deep.equal([
      "sandbox-alice",
      "sandbox-bruno",
      "sandbox-dana",
      "sandbox-emeka",
      "sandbox-farah",
    ]);
    expect(scoped.skipped).to.deep.equal([
      { accountId: idOf("sandbox-chen"), name: "sandbox-chen", reason: CLOSING_REASON },
    ]);
    expect(scoped.warnings).to.deep.equal([]);
  });

  it("covers nested OUs under Workloads, with exclusions and an unknown excluded id", () => {
    const scoped = resolveScope(EXAMPLE, {
      organizationalUnitIds: ["ou-a1b2-workload"],
      excludedAccountIds: [idOf("payments-prod"), "999999999999", idOf("log-archive")],
    });
    expect(scoped.covered).to.have.length(24);
    expect(scoped.covered.map((a) => a.parentId).every((p) => p !== "ou-a1b2-security")).to.equal(
      true,
    );
    expect(scoped.covered.map((a) => a.name).slice(0, 4)).to.deep.equal([
      "payments-staging",
      "orders-prod",
      "orders-staging",
      "catalog-prod",
    ]);
    expect(scoped.skipped).to.deep.equal([
      {
        accountId: idOf("payments-prod"),
        name: "payments-prod",
        reason: "excluded by excludedAccountIds",
      },
      { accountId: idOf("sandbox-chen"), name: "sandbox-chen", reason: CLOSING_REASON },
    ]);
    // log-archive is in the organization but out of scope: nothing to skip, nothing to warn.
    expect(scoped.warnings).to.deep.equal([
      '`excludedAccountIds[1]` ("999999999999") is not an account of organization o-a1b2c3d4e5; nothing to exclude, remove it from excludedAccountIds',
    ]);
  });

  it("covers every ACTIVE account of the whole organization, delegated admin included", () => {
    const scoped = resolveScope(EXAMPLE, { organizationalUnitIds: [], excludedAccountIds: [] });
    expect(scoped.covered).to.have.length(34);
    expect(scoped.covered.map((a) => a.id).slice(0, 3)).to.deep.equal([
      "111111111111",
      "222222222222",
      "333333333333",
    ]);
    expect(scoped.skipped).to.deep.equal([
      { accountId: idOf("marketing-legacy"), name: "marketing-legacy", reason: SUSPENDED_REASON },
      { accountId: idOf("sandbox-chen"), name: "sandbox-chen", reason: CLOSING_REASON },
    ]);
  });

  it("treats the root id as the whole organization", () => {
    const scoped = resolveScope(EXAMPLE, {
      organizationalUnitIds: ["r-a1b2"],
      excludedAccountIds: [],
    });
    expect(scoped.covered).to.have.length(34);
  });

  it("orders by joinedTimestamp, then id, with accounts lacking one last", () => {
    const account = (id: string, joinedTimestamp?: string): OrgAccount => ({
      id,
      name: `n${id}`,
      email: `aws+${id}@example.com`,
      status: "ACTIVE",
      parentId: "r-a1b2",
      ...(joinedTimestamp === undefined ? {} : { joinedTimestamp }),
    });
    const inv: OrgInventory = {
      ...EXAMPLE,
      organizationalUnits: [],
      accounts: [
        account("500000000000"),
        account("400000000000", "2021-01-01T00:00:00.000Z"),
        account("300000000000", "2021-01-01T01:00:00+02:00"),
        account("200000000000"),
        account("100000000000", "2022-01-01T00:00:00.000Z"),
      ],
    };
    const scoped = resolveScope(inv, { organizationalUnitIds: [], excludedAccountIds: [] });
    expect(scoped.covered.map((a) => a.id)).to.deep.equal([
      "300000000000",
      "400000000000",
      "100000000000",
      "200000000000",
      "500000000000",
    ]);
  });

  it("rejects scope OUs that are not in the inventory, naming each index", () => {
    const err = thrown(() =>
      resolveScope(EXAMPLE, {
        organizationalUnitIds: ["ou-a1b2-sandbox1", "ou-a1b2-gone1234", "ou-zzzz-missing1"],
        excludedAccountIds: [],
      }),
    );
    expect(err).to.be.instanceOf(InventoryError);
    expect(err.message.split("\n")).to.deep.equal([
      '`organizationalUnitIds[1]` ("ou-a1b2-gone1234") is not an OU of organization o-a1b2c3d4e5; use an OU id from the inventory (or the root r-a1b2), or refresh the inventory with `npm run inventory -- --out <file>`',
      '`organizationalUnitIds[2]` ("ou-zzzz-missing1") is not an OU of organization o-a1b2c3d4e5; use an OU id from the inventory (or the root r-a1b2), or refresh the inventory with `npm run inventory -- --out <file>`',
    ]);
  });
});

describe("assertAccountsInOrganization", () => {
  it("accepts the example's management and security-tooling accounts", () => {
    expect(() =>
      assertAccountsInOrganization(EXAMPLE, "111111111111", "222222222222"),
    ).not.to.throw();
  });

  const cases: { name: string; management: string; delegatedAdmin: string; lines: string[] }[] = [
    {
      name: "a delegated admin missing from the organization",
      management: "111111111111",
      delegatedAdmin: "999999999999",
      lines: [
        '`delegatedAdminAccountId` ("999999999999") is not an account of organization o-a1b2c3d4e5; set `pulumi config set delegatedAdminAccountId <id>` to the Inspector delegated administrator, or refresh the inventory with `npm run inventory -- --out <file>`',
      ],
    },
    {
      name: "a management account that is not the organization's",
      management: "222222222222",
      delegatedAdmin: "333333333333",
      lines: [
        '`managementAccountId` ("222222222222") is not the management account of organization o-a1b2c3d4e5 ("111111111111"); fix it with `pulumi config set managementAccountId 111111111111`',
      ],
    },
    {
      name: "a suspended delegated admin and a missing management account together",
      management: "123456789012",
      delegatedAdmin: idOf("marketing-legacy"),
      lines: [
        '`managementAccountId` ("123456789012") is not the management account of organization o-a1b2c3d4e5 ("111111111111"); fix it with `pulumi config set managementAccountId 111111111111`',
        `\`delegatedAdminAccountId\` ("${idOf("marketing-legacy")}", "marketing-legacy") has status SUSPENDED; the Inspector delegated administrator must be ACTIVE, choose an ACTIVE account with \`pulumi config set delegatedAdminAccountId <id>\``,
      ],
    },
    {
      name: "a closing delegated admin",
      management: "111111111111",
      delegatedAdmin: idOf("sandbox-chen"),
      lines: [
        `\`delegatedAdminAccountId\` ("${idOf("sandbox-chen")}", "sandbox-chen") has status PENDING_CLOSURE; the Inspector delegated administrator must be ACTIVE, choose an ACTIVE account with \`pulumi config set delegatedAdminAccountId <id>\``,
      ],
    },
    {
      name: "the management account as delegated admin",
      management: "111111111111",
      delegatedAdmin: "111111111111",
      lines: [
        '`delegatedAdminAccountId` ("111111111111") is the management account; Organizations cannot register it as delegated administrator, choose a member account (e.g. security tooling) with `pulumi config set delegatedAdminAccountId <id>`',
      ],
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const err = thrown(() =>
        assertAccountsInOrganization(EXAMPLE, c.management, c.delegatedAdmin),
      );
      expect(err).to.be.instanceOf(InventoryError);
      expect(err.message.split("\n")).to.deep.equal(c.lines);
    });
  }

  it("rejects a management account the inventory lists but does not contain", () => {
    const inv: OrgInventory = {
      ...EXAMPLE,
      accounts: EXAMPLE.accounts.filter((a) => a.id !== "111111111111"),
    };
    const err = thrown(() => assertAccountsInOrganization(inv, "111111111111", "222222222222"));
    expect(err.message).to.equal(
      '`managementAccountId` ("111111111111") is not an account of organization o-a1b2c3d4e5; set `pulumi config set managementAccountId <id>` to the organization\'s management account, or refresh the inventory with `npm run inventory -- --out <file>`',
    );
  });
});

describe("bin/inventory main", () => {
  beforeEach(() => {
    orgMock.reset();
  });

  /** Runs main with recorded output and writes. */
  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const writes: [string, string][] = [];
    const code = await main(argv, {
      client: mockedClient,
      write: (file, text) => writes.push([file, text]),
      log: (line) => out.push(line),
      error: (line) => err.push(line),
    });
    return { code, out, err, writes };
  }

  it("writes the snapshot and prints a one-line summary (exit 0)", async () => {
    serveOrganization(EXAMPLE, 20);
    const result = await run(["--out", "org.json"]);
    expect(result).to.deep.equal({
      code: EXIT_OK,
      out: ["wrote org.json: 36 accounts, 7 OUs, 2 not ACTIVE (organization o-a1b2c3d4e5)"],
      err: [],
      // Relative to where the user ran `npm run` (INIT_CWD), not the package root.
      writes: [[resolveUserPath("org.json"), `${JSON.stringify(EXAMPLE, null, 2)}\n`]],
    });
  });

  it("prints the usage for --help (exit 0)", async () => {
    const result = await run(["--help"]);
    expect(result).to.deep.equal({ code: EXIT_OK, out: [USAGE], err: [], writes: [] });
  });

  const usageCases: { name: string; argv: string[]; message: RegExp | string }[] = [
    { name: "no --out", argv: [], message: "inventory: --out FILE is required; see --help" },
    {
      name: "a bad --region",
      argv: ["--out", "x.json", "--region", "mars"],
      message: 'inventory: --region "mars" is not an AWS region name (e.g. us-east-1); see --help',
    },
    // Node words parseArgs' own messages; only their one-line shape is ours.
    {
      name: "an unknown flag",
      argv: ["--bogus"],
      message: /^inventory: Unknown option '--bogus'[^\n]*; see --help$/,
    },
    {
      name: "--out without a value",
      argv: ["--out"],
      message: /^inventory: Option '--out <value>' argument missing[^\n]*; see --help$/,
    },
  ];
  for (const c of usageCases) {
    it(`exits 2 with one line for ${c.name}`, async () => {
      const result = await run(c.argv);
      expect(result.code).to.equal(EXIT_USAGE);
      expect(result.out).to.deep.equal([]);
      expect(result.writes).to.deep.equal([]);
      expect(result.err).to.have.length(1);
      if (typeof c.message === "string") {
        expect(result.err[0]).to.equal(c.message);
      } else {
        expect(result.err[0]).to.match(c.message);
      }
    });
  }

  it("exits 2 before any AWS call when the output directory does not exist", async () => {
    serveOrganization(EXAMPLE, 20);
    const err: string[] = [];
    const code = await main(["--out", "/nope/org.json"], {
      client: mockedClient,
      write: () => {
        throw new Error("not reached");
      },
      log: () => undefined,
      error: (line) => err.push(line),
    });
    expect(code).to.equal(EXIT_USAGE);
    expect(err).to.deep.equal([
      "inventory: cannot write --out /nope/org.json (its directory: no such file or directory); nothing was read; see --help",
    ]);
    expect(orgMock.calls()).to.have.length(0);
  });

  it("exits 2 when the output file cannot be written after all", async () => {
    serveOrganization(EXAMPLE, 20);
    const err: string[] = [];
    const code = await main(["--out", "org.json"], {
      client: mockedClient,
      write: () => {
        throw new Error("ENOSPC: no space left on device");
      },
      log: () => undefined,
      error: (line) => err.push(line),
    });
    expect(code).to.equal(EXIT_USAGE);
    expect(err).to.deep.equal([
      "inventory: cannot write --out org.json (Error: ENOSPC: no space left on device); see --help",
    ]);
  });

  const awsCases: { name: string; error: Error; line: string }[] = [
    {
      name: "not in an organization",
      error: new AWSOrganizationsNotInUseException({
        message: "Your account is not a member of an organization.",
        $metadata: {},
      }),
      line: "inventory: Organizations API error AWSOrganizationsNotInUseException: Your account is not a member of an organization.",
    },
    {
      name: "access denied",
      error: new AccessDeniedException({
        message: "You don't have permissions to access this resource.",
        $metadata: {},
      }),
      line: "inventory: Organizations API error AccessDeniedException: You don't have permissions to access this resource.",
    },
    {
      name: "throttled past the retries",
      error: new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} }),
      line: "inventory: Organizations API error TooManyRequestsException: Rate exceeded",
    },
    {
      name: "a credentials or network failure outside the service",
      error: Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
      line: "inventory: AWS SDK error CredentialsProviderError: Could not load credentials from any providers",
    },
  ];
  for (const c of awsCases) {
    it(`exits 3 with one line naming the error when ${c.name}`, async () => {
      orgMock.on(DescribeOrganizationCommand).rejects(c.error);
      const result = await run(["--out", "org.json", "--region", "us-east-1"]);
      expect(result).to.deep.equal({ code: EXIT_AWS, out: [], err: [c.line], writes: [] });
    });
  }
});
