import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { createMemberAssociationsProvider } from "../../components/providers/inspectorMemberAssociations";
import { runPlan, type PlanResult } from "../../lib/offline/plan";
import { diffPlans, type PlanResource } from "../../lib/offline/planDiff";
import { answerFromFake, FakeMembers } from "../helpers/fakeInspectorMembers";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM = path.join(ROOT, "index.ts");
const ENABLER = "aws:inspector2/enabler:Enabler";
const ASSOCIATION = "aws:inspector2/memberAssociation:MemberAssociation";
const MEMBER_ASSOCIATIONS = "pulumi-nodejs:dynamic/inspector:MemberAssociations";
const REGIONS = ["us-east-1", "eu-west-1"];
/** What the migration touches: enablement, its components and the member associations. */
const MIGRATION_TYPES = [
  "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
  "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
  "inspector:index:AdminEnabler",
  "inspector:index:MemberEnablement",
  ENABLER,
  ASSOCIATION,
  MEMBER_ASSOCIATIONS,
];

function resource(urn: string, inputs: Record<string, unknown>, retainOnDelete = false) {
  const [, , , type, name] = urn.split("::");
  return { urn, type, name, inputs, retainOnDelete };
}

/** The type and name of each URN, for readable assertions. */
function names(urns: readonly string[]): string[] {
  return urns.map((urn) => urn.split("::").slice(-2).join("::").split("$").pop() ?? urn);
}

describe("diffPlans", () => {
  const u = (name: string) => `urn:pulumi:dev::p::aws:x/y:Z::${name}`;
  it("tells creates, updates, provider deletes and retained deletes apart", () => {
    const before = [
      resource(u("same"), { a: 1 }),
      resource(u("changed"), { a: 1 }),
      resource(u("dropped"), { a: 1 }),
      resource(u("retained"), { a: 1 }, true),
      resource(u("dynamic"), { a: 1, __provider: "old code" }),
    ];
    const after = [
      resource(u("same"), { a: 1 }),
      resource(u("changed"), { a: 2 }),
      resource(u("new"), { a: 1 }),
      resource(u("dynamic"), { a: 1, __provider: "new code" }),
    ];
    expect(diffPlans(before, after)).to.deep.equal({
      creates: [u("new")],
      updates: [u("changed")],
      deletes: [u("dropped")],
      retainedDeletes: [u("retained")],
    });
  });
});

/** A project whose stack is delegated-admin mode over the whole of `inventory`, in two Regions. */
function wholeOrganizationProject(inventory: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "org.json"), JSON.stringify(inventory));
  const config = {
    config: {
      "inspector-rollout:managementAccountId": "100000000000",
      "inspector-rollout:delegatedAdminAccountId": "100000000001",
      "inspector-rollout:homeRegion": "us-east-1",
      "inspector-rollout:regions": REGIONS,
      "inspector-rollout:enablementMode": "delegated-admin",
      "inspector-rollout:inventoryFile": "org.json",
    },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.diff.yaml"), JSON.stringify(config));
  return dir;
}

/** `count` ACTIVE accounts under the root, joined an hour apart in id order. */
function organization(count: number) {
  const start = Date.UTC(2020, 0, 1);
  return {
    organizationId: "o-plandiff000",
    rootId: "r-pdif",
    managementAccountId: "100000000000",
    organizationalUnits: [],
    accounts: Array.from({ length: count }, (_, i) => ({
      id: String(100000000000 + i),
      name: `account-${i}`,
      email: `aws+account-${i}@example.com`,
      status: "ACTIVE",
      parentId: "r-pdif",
      joinedTimestamp: new Date(start + i * 3_600_000).toISOString(),
    })),
  };
}

async function planOf(inventory: object): Promise<PlanResult> {
  return runPlan({
    dir: wholeOrganizationProject(inventory),
    stack: "diff",
    programFile: PROGRAM,
    monitor,
  });
}

describe("the plan before and after (delegated-admin mode)", function () {
  this.timeout(120_000);
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("adding one account to a 250-account organization changes one Enabler per Region, creates and deletes nothing", async () => {
    // Prepare: 249 members in Enablers 000, 001, 002 (the administrator holds slot 1).
    const before = organization(250);
    const after = { ...before, accounts: organization(251).accounts };
    // Act
    const diff = diffPlans(
      (await planOf(before)).registrations,
      (await planOf(after)).registrations,
    );
    // Assess
    expect(diff.creates).to.deep.equal([]);
    expect(diff.deletes).to.deep.equal([]);
    expect(diff.retainedDeletes).to.deep.equal([]);
    const updated = names(diff.updates);
    expect(updated.filter((n) => n.startsWith(ENABLER))).to.deep.equal(
      REGIONS.map((r) => `${ENABLER}::inspector-members-${r}-002`).sort(),
    );
    expect(updated.filter((n) => n.startsWith(MEMBER_ASSOCIATIONS))).to.deep.equal(
      REGIONS.map((r) => `${MEMBER_ASSOCIATIONS}::inspector-members-${r}-associations`).sort(),
    );
  });

  it("migrates the dev stack from per-member associations with no Enabler change and no disassociation", async () => {
    // Prepare: the dev stack's Inspector resources as the per-member program planned them
    // (recorded before the change: one MemberAssociation per member and Region).
    const previous = JSON.parse(
      fs.readFileSync(
        path.join(ROOT, "test/fixtures/migration/per-member-associations.dev.json"),
        "utf8",
      ),
    ) as PlanResource[];
    // Act
    const current = (await runPlan({ dir: ROOT, stack: "dev", monitor })).registrations;
    const inScope = (r: PlanResource) => MIGRATION_TYPES.includes(r.type);
    const diff = diffPlans(previous.filter(inScope), current.filter(inScope));
    // Assess: the associations leave the state only (retained: no DisassociateMember), the
    // Enablers and everything else keep their URNs and inputs, one set per Region is created.
    expect(diff.deletes).to.deep.equal([]);
    expect(diff.updates).to.deep.equal([]);
    expect(names(diff.retainedDeletes).every((n) => n.startsWith(ASSOCIATION))).to.equal(true);
    expect(diff.retainedDeletes).to.have.length(8);
    expect(names(diff.creates)).to.deep.equal(
      REGIONS.map((r) => `${MEMBER_ASSOCIATIONS}::inspector-members-${r}-associations`).sort(),
    );
    // The new sets hold exactly the accounts associated before, per Region ...
    for (const region of REGIONS) {
      const set = current.find((r) => r.type === MEMBER_ASSOCIATIONS && r.inputs.region === region);
      const associatedBefore = previous
        .filter((r) => r.type === ASSOCIATION && r.inputs.region === region)
        .map((r) => r.inputs.accountId as string);
      expect([...(set?.inputs.accountIds as string[])].sort()).to.deep.equal(
        associatedBefore.sort(),
      );
      // ... so their first create finds every member associated and calls AssociateMember for none.
      const client = new Inspector2Client({ region });
      const inspector = mockClient(client);
      answerFromFake(inspector, new FakeMembers(associatedBefore));
      const created = await createMemberAssociationsProvider(() => client).create(
        set?.inputs as never,
      );
      expect(created.outs?.failedAccounts).to.deep.equal([]);
      expect(inspector.calls().map((c) => c.args[0].constructor.name)).to.deep.equal([
        "ListMembersCommand",
      ]);
      inspector.restore();
    }
  });
});
