import { ListPoliciesCommand, ListTargetsForPolicyCommand } from "@aws-sdk/client-organizations";
import { BatchGetAccountStatusCommand } from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as path from "path";
import { main } from "../../bin/verify";
import type { Day0Clients } from "../../lib/day0/clients";
import type { Clock } from "../../lib/verify/verify";
import {
  accessDenied,
  callerIs,
  type CallLog,
  coveredRegion,
  DELEGATED_ADMIN,
  DEV_MEMBERS,
  ENABLED,
  fakeClients,
  type FakeRegion,
  MANAGEMENT,
  serveInspector,
} from "../helpers/day0Fakes";

const ROOT = path.resolve(__dirname, "../..");

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function verify(argv: string[], clients: Day0Clients, clock?: Clock): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { dir: ROOT, clients: () => clients, clock },
  );
  return { code, out, err };
}

function devOrganization(
  clients: Day0Clients,
  regions: Record<string, FakeRegion>,
  log?: CallLog,
): Record<string, ReturnType<typeof serveInspector>> {
  callerIs(clients, MANAGEMENT);
  return Object.fromEntries(
    Object.entries(regions).map(([region, fake]) => [
      region,
      serveInspector(clients, region, fake, log),
    ]),
  );
}

describe("npm run verify (bin/verify.ts)", () => {
  it("exits 0 and reports every Region covered when every account has every scan type enabled", async () => {
    // Prepare
    const clients = fakeClients();
    devOrganization(clients, { "us-east-1": coveredRegion(), "eu-west-1": coveredRegion() });
    // Act
    const run = await verify(["--stack", "dev"], clients);
    // Assess
    expect([run.code, run.err]).to.deep.equal([0, []]);
    expect(run.out[0].split("\n")).to.deep.equal([
      'Verify of stack "dev" (delegated-admin mode), delegated administrator 222222222222: 5 accounts x 2 Regions',
      "  us-east-1       5/5 accounts covered (EC2 5, ECR 5, LAMBDA 5, LAMBDA_CODE 5); resources ACTIVE 42, INACTIVE 0",
      "  eu-west-1       5/5 accounts covered (EC2 5, ECR 5, LAMBDA 5, LAMBDA_CODE 5); resources ACTIVE 42, INACTIVE 0",
      "Coverage: 10/10 account-Regions (100%)",
      "Covered: every planned account and Region has every planned scan type enabled.",
    ]);
  });

  it("exits 1 with each gap and its likely cause in --json", async () => {
    // Prepare: eu-west-1 still enabling Lambda code for one member, one member association
    // pending, one member blocked by an SCP; us-east-1 covered.
    const clients = fakeClients();
    const eu = coveredRegion();
    devOrganization(clients, {
      "us-east-1": coveredRegion(),
      "eu-west-1": {
        ...eu,
        accounts: {
          ...eu.accounts,
          [DEV_MEMBERS[0]]: { ...ENABLED, lambdaCode: "ENABLING" },
          [DEV_MEMBERS[1]]: {
            ...ENABLED,
            relationship: "CREATED",
            lambda: "DISABLED",
            lambdaCode: "DISABLED",
          },
          [DEV_MEMBERS[2]]: {
            relationship: "ENABLED",
            failed: { errorCode: "BLOCKED_BY_ORGANIZATION_POLICY", errorMessage: "denied by SCP" },
          },
        },
      },
    });
    // Act
    const run = await verify(["--stack", "dev", "--json"], clients);
    // Assess
    expect(run.code).to.equal(1);
    expect(run.out).to.have.length(1);
    const doc = JSON.parse(run.out[0]) as {
      isCovered: boolean;
      totals: unknown;
      gaps: unknown[];
      gapsByCause: unknown[];
    };
    expect(doc.isCovered).to.equal(false);
    expect(doc.totals).to.deep.equal({
      accountRegions: 10,
      accountRegionsCovered: 7,
      percentCovered: 70,
    });
    const creating = "association still in progress (asynchronous; re-run with --wait MINUTES)";
    expect(doc.gaps).to.deep.equal([
      {
        kind: "association",
        region: "eu-west-1",
        accountId: DEV_MEMBERS[1],
        status: "CREATED",
        cause: creating,
      },
      {
        kind: "scan-type",
        region: "eu-west-1",
        accountId: DEV_MEMBERS[0],
        scanType: "LAMBDA_CODE",
        status: "ENABLING",
        cause: "still enabling (asynchronous; re-run with --wait MINUTES)",
      },
      {
        kind: "scan-type",
        region: "eu-west-1",
        accountId: DEV_MEMBERS[1],
        scanType: "LAMBDA",
        status: "DISABLED",
        cause: "not associated with the delegated administrator, so nothing enables it",
      },
      {
        kind: "scan-type",
        region: "eu-west-1",
        accountId: DEV_MEMBERS[1],
        scanType: "LAMBDA_CODE",
        status: "DISABLED",
        cause: "not associated with the delegated administrator, so nothing enables it",
      },
      {
        kind: "account",
        region: "eu-west-1",
        accountId: DEV_MEMBERS[2],
        status: "BLOCKED_BY_ORGANIZATION_POLICY",
        cause:
          "blocked by an organization policy: a service control policy denies Inspector, or an Inspector policy disables this scan type",
      },
    ]);
    expect(doc.gapsByCause).to.deep.equal([
      { cause: "not associated with the delegated administrator, so nothing enables it", count: 2 },
      {
        cause: "association still in progress (asynchronous; re-run with --wait MINUTES)",
        count: 1,
      },
      {
        cause:
          "blocked by an organization policy: a service control policy denies Inspector, or an Inspector policy disables this scan type",
        count: 1,
      },
      { cause: "still enabling (asynchronous; re-run with --wait MINUTES)", count: 1 },
    ]);
  });

  it("reports AccessDenied in one Region, verifies the other, and exits 3 when nothing else is wrong", async () => {
    // Prepare: an SCP denies inspector2:BatchGetAccountStatus in eu-west-1.
    const clients = fakeClients();
    const log: CallLog = { calls: [] };
    const stubs = devOrganization(
      clients,
      { "us-east-1": coveredRegion(), "eu-west-1": coveredRegion() },
      log,
    );
    stubs["eu-west-1"].admin
      .on(BatchGetAccountStatusCommand)
      .rejects(
        accessDenied(
          "User: arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/inspector-rollout-day0 is not authorized to perform: inspector2:BatchGetAccountStatus with an explicit deny in a service control policy",
        ),
      );
    // Act
    const run = await verify(["--stack", "dev"], clients);
    // Assess: us-east-1 read in full, eu-west-1's other reads went on.
    expect(run.code).to.equal(3);
    expect(log.calls.filter((c) => c.region === "eu-west-1").map((c) => c.operation)).to.deep.equal(
      ["ListDelegatedAdminAccounts", "ListMembers", "ListCoverageStatistics"],
    );
    const lines = run.out[0].split("\n");
    expect(lines[1]).to.equal(
      "  us-east-1       5/5 accounts covered (EC2 5, ECR 5, LAMBDA 5, LAMBDA_CODE 5); resources ACTIVE 42, INACTIVE 0",
    );
    expect(lines.slice(-3)).to.deep.equal([
      "Not verified (1 reads failed; the rest were checked):",
      "  eu-west-1: inspector2:BatchGetAccountStatus failed: AccessDeniedException: User: arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/inspector-rollout-day0 is not authorized to perform: inspector2:BatchGetAccountStatus with an explicit deny in a service control policy (likely a permission missing from the credentials or the assumed role, or a service control policy denying it in this Region)",
      "Incomplete: no gap found in what could be read, but some reads failed.",
    ]);
  });

  it("with --wait polls until enablement settles, then exits 0", async () => {
    // Prepare: eu-west-1 LAMBDA_CODE ENABLING for every account on the first read only.
    const clients = fakeClients();
    const enabling = coveredRegion();
    const first: FakeRegion = {
      ...enabling,
      accounts: Object.fromEntries(
        Object.keys(enabling.accounts).map((id) => [id, { ...ENABLED, lambdaCode: "ENABLING" }]),
      ),
    };
    devOrganization(clients, { "us-east-1": coveredRegion(), "eu-west-1": first });
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        serveInspector(clients, "eu-west-1", coveredRegion());
        return Promise.resolve();
      },
    };
    // Act
    const run = await verify(["--stack", "dev", "--wait", "5", "--json"], clients, clock);
    // Assess
    expect(run.code).to.equal(0);
    expect(sleeps).to.deep.equal([30_000]);
    expect(run.err).to.deep.equal(["verify: 5 gap(s), 0 failed read(s); checking again in 30 s"]);
    expect((JSON.parse(run.out[0]) as { rounds: number }).rounds).to.equal(2);
  });

  it("with --wait gives up at the deadline and exits 1", async () => {
    const clients = fakeClients();
    const eu = coveredRegion();
    devOrganization(clients, {
      "us-east-1": coveredRegion(),
      "eu-west-1": {
        ...eu,
        accounts: { ...eu.accounts, [DEV_MEMBERS[3]]: { ...ENABLED, ec2: "ENABLING" } },
      },
    });
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const run = await verify(["--stack", "dev", "--wait", "1"], clients, clock);
    expect(run.code).to.equal(1);
    expect(sleeps).to.deep.equal([30_000, 30_000]);
  });

  it("checks the Inspector policy's attachment in organization-policy mode (prod), paging ListPolicies", async () => {
    // Prepare: prod governs six Regions; the policy exists on the second page, attached to an OU only.
    const clients = fakeClients();
    callerIs(clients, MANAGEMENT);
    for (const region of [
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-2",
      "ca-central-1",
    ]) {
      serveInspector(clients, region, { admins: { [DELEGATED_ADMIN]: "ENABLED" }, accounts: {} })
        .admin.on(BatchGetAccountStatusCommand)
        .callsFake((input: { accountIds: string[] }) => ({
          accounts: input.accountIds.map((accountId) => ({
            accountId,
            state: { status: "ENABLED" },
            resourceState: {
              ec2: { status: "ENABLED" },
              ecr: { status: "ENABLED" },
              lambda: { status: "ENABLED" },
              lambdaCode: { status: "ENABLED" },
            },
          })),
          failedAccounts: [],
        }));
    }
    const orgs = mockClient(clients.management.organizations());
    orgs
      .on(ListPoliciesCommand, { Filter: "INSPECTOR_POLICY" })
      .resolvesOnce({
        Policies: [{ Id: "p-insp0001", Name: "legacy-inspector", Type: "INSPECTOR_POLICY" }],
        NextToken: "t1",
      })
      .resolvesOnce({
        Policies: [{ Id: "p-insp0002", Name: "inspector-org-policy", Type: "INSPECTOR_POLICY" }],
      });
    orgs.on(ListTargetsForPolicyCommand, { PolicyId: "p-insp0002" }).resolves({
      Targets: [{ TargetId: "ou-a1b2-security", Type: "ORGANIZATIONAL_UNIT", Name: "Security" }],
    });
    // Act
    const run = await verify(["--stack", "prod", "--json"], clients);
    // Assess: every account is enabled, but the root lacks the policy, which the members rely on.
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as { gaps: { kind: string }[]; accountsExpected: number };
    const associationGaps = doc.gaps.filter((g) => g.kind === "association");
    expect(associationGaps).to.have.length(6 * (doc.accountsExpected - 1));
    expect(doc.gaps.filter((g) => g.kind === "policy")).to.deep.equal([
      {
        kind: "policy",
        region: "global",
        targetId: "r-a1b2",
        status: "not attached",
        cause:
          "the Inspector policy inspector-org-policy is not attached to r-a1b2: pulumi up has not run, or someone detached it (CloudTrail organizations:DetachPolicy)",
      },
    ]);
    expect(orgs.commandCalls(ListPoliciesCommand)).to.have.length(2);
  });

  it("exits 3 with one line and no stack trace when STS finds no credentials", async () => {
    const clients = fakeClients();
    mockClient(clients.management.sts())
      .on((await import("@aws-sdk/client-sts")).GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error("Could not load credentials from any providers"), {
          name: "CredentialsProviderError",
        }),
      );
    const run = await verify(["--stack", "dev"], clients);
    expect([run.code, run.out, run.err]).to.deep.equal([
      3,
      [],
      [
        "verify: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); run with the management account's read-only credentials (AWS_PROFILE, or aws sso login)",
      ],
    ]);
  });

  it("exits 3 when the credentials are not the stack's management account's", async () => {
    const clients = fakeClients();
    callerIs(clients, DELEGATED_ADMIN);
    const run = await verify(["--stack", "dev"], clients);
    expect([run.code, run.err]).to.deep.equal([
      3,
      [
        "verify: the credentials are for account 222222222222, not the management account 111111111111 of stack dev (managementAccountId); use the management account's credentials",
      ],
    ]);
  });

  const usageCases: { name: string; argv: string[]; first: string }[] = [
    {
      name: "no --stack",
      argv: [],
      first: "verify: --stack NAME is required (the stack whose Pulumi.NAME.yaml to use)",
    },
    {
      name: "an unknown flag",
      argv: ["--stack", "dev", "--bogus"],
      first: "verify: Unknown option '--bogus'",
    },
    {
      name: "a negative --wait",
      argv: ["--stack", "dev", "--wait=-5"],
      first: 'verify: --wait ("-5") must be whole minutes from 0 to 240',
    },
    {
      name: "a missing stack file",
      argv: ["--stack", "qa"],
      first: `verify: --stack: no Pulumi.qa.yaml in ${ROOT}; stacks here: dev, prod`,
    },
  ];
  for (const c of usageCases) {
    it(`exits 2 for ${c.name}, before any AWS call`, async () => {
      const clients = fakeClients();
      const sts = callerIs(clients, MANAGEMENT);
      const run = await verify(c.argv, clients);
      // Node 22 appends a hint to parseArgs' unknown-option message; the start is the same.
      expect([run.code, run.out, run.err[0].slice(0, c.first.length)]).to.deep.equal([
        2,
        [],
        c.first,
      ]);
      expect(run.err[1]).to.equal(
        "usage: npm run verify -- --stack NAME [--json] [--wait MINUTES] (--help for more)",
      );
      expect(sts.calls()).to.have.length(0);
    });
  }
});
