import { expect } from "chai";
import {
  assignEnablerChunks,
  InspectorMemberEnablement,
  MAX_ACCOUNTS_PER_ENABLER,
} from "../../components/inspectorMemberEnablement";
import { monitor, promiseOf, resourceNamed, resourcesOfType, settle } from "../helpers/runtime";

const ROLE = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
const MEMBER_ASSOCIATIONS = "pulumi-nodejs:dynamic/inspector:MemberAssociations";

/** `n` distinct 12-digit account ids, in join order. */
function accountIds(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => String(100000000000 + offset + i));
}

describe("assignEnablerChunks", () => {
  it("makes ceil(members/100) chunks of at most 100, in join order", () => {
    const ranked = accountIds(250);
    const chunks = assignEnablerChunks(ranked, ranked);
    expect(chunks.map((c) => [c.key, c.accountIds.length, c.accountIds[0]])).to.deep.equal([
      ["000", 100, ranked[0]],
      ["001", 100, ranked[100]],
      ["002", 50, ranked[200]],
    ]);
  });

  it("puts a newly joined account in the last chunk and leaves the others unchanged", () => {
    const ranked = accountIds(250);
    const before = assignEnablerChunks(ranked, ranked);
    const after = assignEnablerChunks([...ranked, "999999999999"], [...ranked, "999999999999"]);
    expect(after.slice(0, 2)).to.deep.equal(before.slice(0, 2));
    expect(after[2]).to.deep.equal({
      key: "002",
      accountIds: [...before[2].accountIds, "999999999999"],
    });
  });

  it("keeps every other account in its chunk when one leaves the scope (a hole, no shift)", () => {
    const ranked = accountIds(250);
    const members = ranked.filter((id) => id !== ranked[5]);
    const chunks = assignEnablerChunks(ranked, members);
    expect(chunks.map((c) => c.accountIds.length)).to.deep.equal([99, 100, 50]);
    expect(chunks[1].accountIds[0]).to.equal(ranked[100]);
  });

  it("omits a chunk with no member but keeps the keys of the others", () => {
    const ranked = accountIds(250);
    const members = [...ranked.slice(0, 10), ...ranked.slice(200)];
    expect(assignEnablerChunks(ranked, members).map((c) => c.key)).to.deep.equal(["000", "002"]);
  });

  it("rejects a member that is not ranked", () => {
    expect(() => assignEnablerChunks(accountIds(2), ["123456789012"])).to.throw(
      "member accounts 123456789012 are not in the ranked account list",
    );
    expect(() => assignEnablerChunks(accountIds(2), ["123456789012", "210987654321"])).to.throw(
      "member accounts 123456789012, 210987654321 are not in the ranked account list",
    );
  });
});

describe("InspectorMemberEnablement", () => {
  it("associates the members with one resource, enables each chunk after it, all retained, with timeouts", async () => {
    // Prepare
    const ids = accountIds(3);
    // Act
    const component = new InspectorMemberEnablement("m", {
      region: "eu-west-1",
      delegatedAdminAccountId: "222222222222",
      roleArn: ROLE,
      memberChunks: [
        { key: "000", accountIds: ids.slice(0, 2) },
        { key: "002", accountIds: ids.slice(2) },
      ],
      scanTypes: ["EC2", "ECR"],
      timeoutMinutes: 50,
    });
    await promiseOf(component.enablers[1].id);
    await settle();
    // Assess
    expect(resourcesOfType("aws:inspector2/memberAssociation:MemberAssociation")).to.deep.equal([]);
    const associations = resourcesOfType(MEMBER_ASSOCIATIONS);
    expect(
      associations.map((a) => ({
        name: a.name,
        inputs: { ...a.inputs, __provider: undefined },
        retainOnDelete: a.retainOnDelete,
        customTimeouts: a.customTimeouts,
      })),
    ).to.deep.equal([
      {
        name: "m-associations",
        inputs: {
          region: "eu-west-1",
          roleArn: ROLE,
          accountIds: ids,
          disassociateRemovedMembers: false,
          maxConcurrency: 5,
          __provider: undefined,
        },
        retainOnDelete: true,
        customTimeouts: { create: "50m", update: "50m", delete: "50m" },
      },
    ]);
    // Registration order is asynchronous: compare by name.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const enablers = resourcesOfType("aws:inspector2/enabler:Enabler").sort(byName);
    expect(
      enablers.map((e) => ({
        name: e.name,
        inputs: e.inputs,
        retainOnDelete: e.retainOnDelete,
        customTimeouts: e.customTimeouts,
        dependencies: e.dependencies,
      })),
    ).to.deep.equal([
      {
        name: "m-000",
        inputs: { accountIds: ids.slice(0, 2), resourceTypes: ["EC2", "ECR"], region: "eu-west-1" },
        retainOnDelete: true,
        customTimeouts: { create: "50m", update: "50m", delete: "50m" },
        dependencies: [associations[0].urn],
      },
      {
        name: "m-002",
        inputs: { accountIds: ids.slice(2), resourceTypes: ["EC2", "ECR"], region: "eu-west-1" },
        retainOnDelete: true,
        customTimeouts: { create: "50m", update: "50m", delete: "50m" },
        dependencies: [associations[0].urn],
      },
    ]);
    expect(monitor.calls).to.deep.equal([]);
  });

  it("registers 1 + ceil(members/100) resources per Region, whatever the member count", async () => {
    // Prepare: the counts the design promises, at small sizes (timings belong to npm run bench).
    const sizes = [1, 99, 100, 101, 250];
    for (const size of sizes) {
      const ranked = accountIds(size, 1_000 * size);
      new InspectorMemberEnablement(`count-${size}`, {
        region: "us-east-1",
        delegatedAdminAccountId: "222222222222",
        roleArn: ROLE,
        memberChunks: assignEnablerChunks(ranked, ranked),
        scanTypes: ["EC2"],
      });
    }
    await settle();
    // Assess: custom resources under each component.
    const counts = sizes.map(
      (size) =>
        monitor.registrations.filter((r) => r.custom && r.name.startsWith(`count-${size}-`)).length,
    );
    expect(counts).to.deep.equal([1 + 1, 1 + 1, 1 + 1, 1 + 2, 1 + 3]);
  });

  // Enable and BatchGetAccountStatus take at most 100 account ids: a chunk of exactly 100 is
  // allowed, 101 is split. Expected chunks are written out from the ids, not from assignEnablerChunks.
  const boundaries = [
    { size: 99, chunks: [["000", 0, 99]] },
    { size: 100, chunks: [["000", 0, 100]] },
    {
      size: 101,
      chunks: [
        ["000", 0, 100],
        ["001", 100, 101],
      ],
    },
  ] as const;
  for (const b of boundaries) {
    it(`puts ${b.size} members through the component in Enablers of ${b.chunks.map((c) => c[2] - c[1]).join(" + ")} accounts`, async () => {
      // Prepare
      const ranked = accountIds(b.size, 500_000 + b.size * 1_000);
      // Act
      const component = new InspectorMemberEnablement(`edge-${b.size}`, {
        region: "us-east-1",
        delegatedAdminAccountId: "222222222222",
        roleArn: ROLE,
        memberChunks: assignEnablerChunks(ranked, ranked),
        scanTypes: ["EC2"],
      });
      await promiseOf(component.enablers[component.enablers.length - 1].id);
      await settle();
      // Assess
      const enablers = resourcesOfType("aws:inspector2/enabler:Enabler")
        .filter((e) => e.name.startsWith(`edge-${b.size}-`))
        .sort((x, y) => x.name.localeCompare(y.name));
      expect(enablers.map((e) => [e.name, e.inputs.accountIds])).to.deep.equal(
        b.chunks.map(([key, from, to]) => [`edge-${b.size}-${key}`, ranked.slice(from, to)]),
      );
      expect(
        resourceNamed(MEMBER_ASSOCIATIONS, `edge-${b.size}-associations`).inputs.accountIds,
      ).to.have.lengthOf(b.size);
    });
  }

  it("accepts a hand-made chunk of exactly 100 accounts", async () => {
    // Prepare: a chunk not made by assignEnablerChunks, at the API limit.
    const ids = accountIds(100, 900_000);
    // Act
    const component = new InspectorMemberEnablement("full", {
      region: "us-east-1",
      delegatedAdminAccountId: "222222222222",
      roleArn: ROLE,
      memberChunks: [{ key: "004", accountIds: ids }],
      scanTypes: ["ECR"],
    });
    await promiseOf(component.enablers[0].id);
    // Assess
    expect(resourceNamed("aws:inspector2/enabler:Enabler", "full-004").inputs).to.deep.equal({
      accountIds: ids,
      resourceTypes: ["ECR"],
      region: "us-east-1",
    });
  });

  const invalid = [
    {
      name: "the delegated admin among the members",
      chunks: [{ key: "000", accountIds: ["333333333333", "222222222222"] }],
      scanTypes: ["EC2"] as const,
      message:
        "memberChunks include the delegated administrator 222222222222; an Enabler holds either the administrator or members, never both: leave it out of the members",
    },
    {
      name: "a chunk over the API limit",
      chunks: [{ key: "007", accountIds: accountIds(MAX_ACCOUNTS_PER_ENABLER + 1) }],
      scanTypes: ["EC2"] as const,
      message: "memberChunks[007] has 101 accounts; Enable takes at most 100: split it",
    },
    {
      name: "no scan type",
      chunks: [{ key: "000", accountIds: ["333333333333"] }],
      scanTypes: [] as const,
      message: "scanTypes is empty for us-east-1; pass at least one scan type the Region supports",
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name} before registering any child`, () => {
      expect(
        () =>
          new InspectorMemberEnablement(`bad-${c.name.length}`, {
            region: "us-east-1",
            delegatedAdminAccountId: "222222222222",
            roleArn: ROLE,
            memberChunks: c.chunks,
            scanTypes: [...c.scanTypes],
          }),
      ).to.throw(c.message);
    });
  }
});
