import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import {
  BatchGetAccountStatusCommand,
  ListDelegatedAdminAccountsCommand,
  ListFiltersCommand,
  ListMembersCommand,
} from "@aws-sdk/client-inspector2";
import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import {
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListRootsCommand,
} from "@aws-sdk/client-organizations";
import { ListOrganizationAdminAccountsCommand } from "@aws-sdk/client-securityhub";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as path from "path";
import { main } from "../../bin/preflight";
import type { Day0Clients } from "../../lib/day0/clients";
import type { PlannedStack } from "../../lib/day0/plannedStack";
import { PREFLIGHT_CHECK_IDS, PREFLIGHT_CHECKS } from "../../lib/preflight/checks";
import {
  accessDenied,
  callerIs,
  DELEGATED_ADMIN,
  fakeClients,
  MANAGEMENT,
  state,
} from "../helpers/day0Fakes";
import { examplePlan, PLAN_TIMEOUT_MS } from "../helpers/day0Plans";

const ROOT = path.resolve(__dirname, "../..");
const PROD_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
  "ca-central-1",
];

const plans: Record<string, PlannedStack> = {};

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function preflight(argv: string[], clients: Day0Clients): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { dir: ROOT, clients: () => clients, plan: (ctx) => Promise.resolve(plans[ctx.stack]) },
  );
  return { code, out, err };
}

interface ReadyStubs {
  readonly organizations: AwsClientStub<
    import("@aws-sdk/client-organizations").OrganizationsClient
  >;
  readonly daSts: AwsClientStub<import("@aws-sdk/client-sts").STSClient>;
  readonly lambda: AwsClientStub<import("@aws-sdk/client-lambda").LambdaClient>;
  readonly iam: AwsClientStub<import("@aws-sdk/client-iam").IAMClient>;
  readonly inspector: (
    account: "management" | "delegatedAdmin",
    region: string,
  ) => AwsClientStub<import("@aws-sdk/client-inspector2").Inspector2Client>;
  readonly ec2: (account: "management" | "delegatedAdmin") => AwsClientStub<EC2Client>;
}

/** An organization ready for the stack: nothing of Inspector exists yet. */
function readyOrganization(clients: Day0Clients, regions: readonly string[]): ReadyStubs {
  callerIs(clients, MANAGEMENT);
  const daSts = mockClient(clients.delegatedAdmin.sts());
  daSts.on(GetCallerIdentityCommand).resolves({
    Account: DELEGATED_ADMIN,
    Arn: `arn:aws:sts::${DELEGATED_ADMIN}:assumed-role/OrganizationAccountAccessRole/inspector-rollout-day0`,
  });
  const organizations = mockClient(clients.management.organizations());
  organizations.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: "o-a1b2c3d4e5", FeatureSet: "ALL", MasterAccountId: MANAGEMENT },
  });
  organizations
    .on(ListAWSServiceAccessForOrganizationCommand)
    .resolvesOnce({
      EnabledServicePrincipals: [
        { ServicePrincipal: "sso.amazonaws.com" },
        { ServicePrincipal: "securityhub.amazonaws.com" },
      ],
      NextToken: "page-2",
    })
    .resolvesOnce({
      EnabledServicePrincipals: [
        { ServicePrincipal: "member.org.stacksets.cloudformation.amazonaws.com" },
      ],
    });
  organizations.on(ListRootsCommand).resolves({
    Roots: [
      {
        Id: "r-a1b2",
        Name: "Root",
        PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
      },
    ],
  });
  const iam = mockClient(clients.management.iam());
  iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({
    Role: { RoleName: input.RoleName, Path: "/aws-service-role/inspector2.amazonaws.com/" },
  }));
  const ec2Stubs = {
    management: mockClient(clients.management.ec2("us-east-1")),
    delegatedAdmin: mockClient(clients.delegatedAdmin.ec2("us-east-1")),
  };
  for (const stub of Object.values(ec2Stubs)) {
    stub.on(DescribeRegionsCommand, { AllRegions: true }).resolves({
      Regions: [
        ...regions.map((RegionName) => ({ RegionName, OptInStatus: "opt-in-not-required" })),
        { RegionName: "me-south-1", OptInStatus: "not-opted-in" },
      ],
    });
  }
  const lambda = mockClient(clients.delegatedAdmin.lambda("us-east-1"));
  lambda.on(GetAccountSettingsCommand).resolves({
    AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
  });
  const inspectorStubs = new Map<
    string,
    AwsClientStub<import("@aws-sdk/client-inspector2").Inspector2Client>
  >();
  for (const region of regions) {
    const management = mockClient(clients.management.inspector(region));
    management.on(ListDelegatedAdminAccountsCommand).resolves({ delegatedAdminAccounts: [] });
    inspectorStubs.set(`management/${region}`, management);
    const admin = mockClient(clients.delegatedAdmin.inspector(region));
    admin.on(BatchGetAccountStatusCommand).resolves({
      accounts: [
        {
          accountId: DELEGATED_ADMIN,
          state: state("DISABLED"),
          resourceState: { ec2: state("DISABLED"), ecr: state("DISABLED") },
        },
      ],
      failedAccounts: [],
    });
    admin.on(ListMembersCommand).resolves({ members: [] });
    admin.on(ListFiltersCommand).resolves({ filters: [] });
    inspectorStubs.set(`delegatedAdmin/${region}`, admin);
    mockClient(clients.management.securityHub(region))
      .on(ListOrganizationAdminAccountsCommand)
      .resolves({ AdminAccounts: [] });
  }
  return {
    organizations,
    daSts,
    lambda,
    iam,
    inspector: (account, region) => inspectorStubs.get(`${account}/${region}`)!,
    ec2: (account) => ec2Stubs[account],
  };
}

describe("npm run preflight (bin/preflight.ts)", () => {
  before(async function () {
    this.timeout(PLAN_TIMEOUT_MS);
    for (const stack of ["dev", "prod"]) {
      plans[stack] = await examplePlan(stack);
    }
  });

  it("exits 0 and prints one line per check when the organization is ready (dev)", async () => {
    // Prepare
    const clients = fakeClients();
    readyOrganization(clients, ["us-east-1", "eu-west-1"]);
    // Act
    const run = await preflight(["--stack", "dev"], clients);
    // Assess
    expect([run.code, run.err]).to.deep.equal([0, []]);
    expect(run.out[0].split("\n")).to.deep.equal([
      'Preflight of stack "dev"',
      "  ok          delegated-admin-role-assumable: arn:aws:iam::222222222222:role/OrganizationAccountAccessRole can be assumed",
      "  ok          organizations-all-features: organization o-a1b2c3d4e5 has all features enabled",
      "  ok          trusted-access-inspector2: trusted access for inspector2.amazonaws.com is not enabled yet; pulumi up enables it (aws:organizations/awsServiceAccess)",
      "  ok          trusted-access-stacksets: trusted access for member.org.stacksets.cloudformation.amazonaws.com is enabled",
      "  ok          trusted-access-securityhub: trusted access for securityhub.amazonaws.com is enabled",
      "  ok          service-linked-roles: not needed in delegated-admin mode: Inspector creates them when it enables an account",
      "  ok          inspector-policy-type: not needed in delegated-admin mode",
      "  ok          inspector-delegated-admin-conflict [us-east-1]: no delegated administrator yet; pulumi up designates it",
      "  ok          inspector-delegated-admin-conflict [eu-west-1]: no delegated administrator yet; pulumi up designates it",
      "  ok          securityhub-delegated-admin-conflict [us-east-1]: no Security Hub administrator yet; pulumi up designates it",
      "  ok          securityhub-delegated-admin-conflict [eu-west-1]: no Security Hub administrator yet; pulumi up designates it",
      "  ok          regions-opted-in: every governed Region is enabled in 111111111111",
      "  ok          regions-opted-in: every governed Region is enabled in 222222222222",
      "  ok          lambda-concurrency [us-east-1]: the functions reserve or may run 12 of 1000 unreserved concurrent executions",
      "  ok          inspector-member-limit: 4 member accounts, within the limit of 10000",
      "  ok          existing-inspector-state [us-east-1]: no Inspector state yet",
      "  ok          existing-inspector-state [eu-west-1]: no Inspector state yet",
      "0 blocker(s), 0 warning(s), 0 not checked, 17 ok: ready for pulumi up",
    ]);
  });

  it("exits 1 naming each blocker with the way out (another delegated administrator, StackSets access, Lambda concurrency)", async () => {
    // Prepare: a hand-designated administrator in eu-west-1, StackSets trusted access off, a new
    // account's Lambda concurrency of 10.
    const clients = fakeClients();
    const stubs = readyOrganization(clients, ["us-east-1", "eu-west-1"]);
    stubs
      .inspector("management", "eu-west-1")
      .on(ListDelegatedAdminAccountsCommand)
      .resolves({
        delegatedAdminAccounts: [{ accountId: "965579748152", status: "ENABLED" }],
      });
    stubs.organizations
      .on(ListAWSServiceAccessForOrganizationCommand)
      .resolves({ EnabledServicePrincipals: [{ ServicePrincipal: "securityhub.amazonaws.com" }] });
    stubs.lambda.on(GetAccountSettingsCommand).resolves({
      AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
    });
    // Act
    const run = await preflight(["--stack", "dev", "--json"], clients);
    // Assess
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as {
      isReady: boolean;
      counts: unknown;
      results: { status: string }[];
    };
    expect([doc.isReady, doc.counts]).to.deep.equal([
      false,
      { ok: 14, warning: 0, blocker: 3, "not-checked": 0 },
    ]);
    expect(doc.results.filter((r) => r.status === "blocker")).to.deep.equal([
      {
        id: "trusted-access-stacksets",
        status: "blocker",
        message:
          "trusted access for member.org.stacksets.cloudformation.amazonaws.com is not enabled and the program does not enable it",
        fix: "aws cloudformation activate-organizations-access (from the management account)",
      },
      {
        id: "inspector-delegated-admin-conflict",
        region: "eu-west-1",
        status: "blocker",
        message:
          "965579748152 is already Inspector's delegated administrator (ENABLED); an organization has one per Region, so designating 222222222222 fails",
        fix: "either set delegatedAdminAccountId to 965579748152, or remove it first: aws inspector2 disable-delegated-admin-account --delegated-admin-account-id 965579748152 --region eu-west-1 (members stay enabled but are disassociated until pulumi up associates them with 222222222222)",
      },
      {
        id: "lambda-concurrency",
        region: "us-east-1",
        status: "blocker",
        message:
          "the functions reserve 12 concurrent executions but only 0 can be reserved (unreserved 10, account limit 10, 100 must stay unreserved)",
        fix: 'request a higher "Concurrent executions" quota (L-B99A9384) in us-east-1: aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000 --region us-east-1',
      },
    ]);
  });

  it("reports AccessDenied in one Region as not checked, checks the others, and exits 3", async () => {
    const clients = fakeClients();
    const stubs = readyOrganization(clients, ["us-east-1", "eu-west-1"]);
    stubs
      .inspector("management", "eu-west-1")
      .on(ListDelegatedAdminAccountsCommand)
      .rejects(
        accessDenied(
          "User is not authorized to perform: inspector2:ListDelegatedAdminAccounts with an explicit deny in a service control policy",
        ),
      );
    const run = await preflight(["--stack", "dev"], clients);
    expect(run.code).to.equal(3);
    const lines = run.out[0].split("\n");
    expect(lines.filter((l) => l.includes("inspector-delegated-admin-conflict"))).to.deep.equal([
      "  ok          inspector-delegated-admin-conflict [us-east-1]: no delegated administrator yet; pulumi up designates it",
      "  NOT CHECKED inspector-delegated-admin-conflict [eu-west-1]: inspector2:ListDelegatedAdminAccounts could not be read: AccessDeniedException: User is not authorized to perform: inspector2:ListDelegatedAdminAccounts with an explicit deny in a service control policy; fix: grant the read to the credentials (or the delegated administrator role) and run preflight again",
    ]);
    expect(lines[lines.length - 1]).to.equal(
      "0 blocker(s), 0 warning(s), 1 not checked, 16 ok: readiness unknown; some checks could not read what they need",
    );
  });

  it("blocks on a role that cannot be assumed and does not run the delegated administrator's checks", async () => {
    const clients = fakeClients();
    const stubs = readyOrganization(clients, ["us-east-1", "eu-west-1"]);
    stubs.daSts
      .on(GetCallerIdentityCommand)
      .rejects(
        accessDenied(
          "User: arn:aws:iam::111111111111:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
        ),
      );
    const run = await preflight(["--stack", "dev", "--json"], clients);
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as {
      results: { id: string; status: string; region?: string }[];
    };
    expect(
      doc.results.filter((r) => r.status !== "ok").map((r) => [r.id, r.status, r.region]),
    ).to.deep.equal([
      ["delegated-admin-role-assumable", "blocker", undefined],
      ["regions-opted-in", "not-checked", undefined],
      ["lambda-concurrency", "not-checked", undefined],
      ["existing-inspector-state", "not-checked", undefined],
    ]);
    expect(stubs.lambda.calls()).to.have.length(0);
    expect(stubs.ec2("delegatedAdmin").calls()).to.have.length(0);
  });

  it("in organization-policy mode (prod) blocks on a missing service-linked role and accepts the policy type the program enables", async () => {
    const clients = fakeClients();
    const stubs = readyOrganization(clients, PROD_REGIONS);
    stubs.iam
      .on(GetRoleCommand, { RoleName: "AWSServiceRoleForAmazonInspector2Agentless" })
      .rejects(
        Object.assign(
          new Error(
            "The role with name AWSServiceRoleForAmazonInspector2Agentless cannot be found.",
          ),
          {
            name: "NoSuchEntityException",
            $metadata: { httpStatusCode: 404 },
          },
        ),
      );
    const run = await preflight(["--stack", "prod", "--json"], clients);
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as { results: { id: string }[] };
    expect(
      doc.results.filter((r) => ["service-linked-roles", "inspector-policy-type"].includes(r.id)),
    ).to.deep.equal([
      {
        id: "service-linked-roles",
        status: "ok",
        message: "AWSServiceRoleForAmazonInspector2 exists in the management account",
      },
      {
        id: "service-linked-roles",
        status: "blocker",
        message:
          "AWSServiceRoleForAmazonInspector2Agentless is missing in the management account: members would be enabled by the policy but not associated with the delegated administrator",
        fix: "aws iam create-service-linked-role --aws-service-name agentless.inspector2.amazonaws.com",
      },
      {
        id: "inspector-policy-type",
        status: "ok",
        message:
          "INSPECTOR_POLICY is not enabled on r-a1b2 yet; pulumi up enables it (OrganizationsPolicyType)",
      },
    ]);
  });

  it("warns about existing Inspector state and a Region not opted in in the delegated administrator", async () => {
    const clients = fakeClients();
    const stubs = readyOrganization(clients, ["us-east-1", "eu-west-1"]);
    stubs
      .inspector("delegatedAdmin", "us-east-1")
      .on(BatchGetAccountStatusCommand)
      .resolves({
        accounts: [
          {
            accountId: DELEGATED_ADMIN,
            state: state("ENABLED"),
            resourceState: {
              ec2: state("ENABLED"),
              ecr: state("ENABLED"),
              lambda: state("DISABLED"),
            },
          },
        ],
        failedAccounts: [],
      });
    stubs
      .inspector("delegatedAdmin", "us-east-1")
      .on(ListFiltersCommand)
      .resolvesOnce({
        filters: [
          {
            arn: "arn:aws:inspector2:us-east-1:222222222222:owner/222222222222/filter/abcd1234",
            name: "legacy",
            action: "SUPPRESS",
            criteria: {},
            ownerId: DELEGATED_ADMIN,
            createdAt: new Date(),
            updatedAt: new Date(),
          },
        ],
        nextToken: "n",
      })
      .resolvesOnce({ filters: [] });
    stubs
      .ec2("delegatedAdmin")
      .on(DescribeRegionsCommand)
      .resolves({
        Regions: [
          { RegionName: "us-east-1", OptInStatus: "opt-in-not-required" },
          { RegionName: "eu-west-1", OptInStatus: "not-opted-in" },
        ],
      });
    const run = await preflight(["--stack", "dev"], clients);
    expect(run.code).to.equal(1);
    const lines = run.out[0].split("\n");
    expect(
      lines.filter((l) => /regions-opted-in|existing-inspector-state \[us-east-1\]/.test(l)),
    ).to.deep.equal([
      "  ok          regions-opted-in: every governed Region is enabled in 111111111111",
      "  BLOCKER     regions-opted-in [eu-west-1]: eu-west-1 is not-opted-in in 222222222222; fix: aws account enable-region --region-name eu-west-1 --account-id 222222222222, or remove it from `regions`",
      "  WARNING     existing-inspector-state [us-east-1]: exists already: 222222222222 scanning EC2, ECR; 0 associated member(s); 1 filter(s); fix: npm run adopt -- --stack dev --out import.json, then pulumi import --file import.json before the first pulumi up (docs/brownfield.md)",
    ]);
  });

  it("exits 3 without credentials, before running the plan", async () => {
    const clients = fakeClients();
    mockClient(clients.management.sts())
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error("Could not load credentials from any providers"), {
          name: "CredentialsProviderError",
        }),
      );
    const run = await preflight(["--stack", "dev"], clients);
    expect([run.code, run.out, run.err]).to.deep.equal([
      3,
      [],
      [
        "preflight: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); run with the management account's read-only credentials (AWS_PROFILE, or aws sso login)",
      ],
    ]);
  });
});

describe("PREFLIGHT_CHECKS", () => {
  it("has one check per prerequisite id, in report order, each with a description", () => {
    expect(PREFLIGHT_CHECK_IDS).to.deep.equal([
      "delegated-admin-role-assumable",
      "organizations-all-features",
      "trusted-access-inspector2",
      "trusted-access-stacksets",
      "trusted-access-securityhub",
      "service-linked-roles",
      "inspector-policy-type",
      "inspector-delegated-admin-conflict",
      "securityhub-delegated-admin-conflict",
      "regions-opted-in",
      "lambda-concurrency",
      "inspector-member-limit",
      "existing-inspector-state",
    ]);
    for (const id of PREFLIGHT_CHECK_IDS) {
      expect([
        PREFLIGHT_CHECKS[id].id,
        PREFLIGHT_CHECKS[id].description.endsWith("."),
      ]).to.deep.equal([id, true]);
    }
  });
});
