import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkCapacity } from "../../stacks/capacity";
import type { RolloutPlan } from "../../stacks/rollout";

const ROOT = path.resolve(__dirname, "../..");

/** A plan of `accounts` covered accounts (the administrator one of them) in `regions` Regions. */
function planOf(accounts: number, regions: number, chunks: number): RolloutPlan {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  return {
    regions: Array.from({ length: regions }, (_, i) => ({ region: `r-${i}` })),
    coveredAccounts: ids.map((id) => ({ id })),
    memberAccountIds: ids.slice(1),
    memberChunks: Array.from({ length: chunks }, (_, i) => ({ key: String(i), accountIds: [] })),
  } as unknown as RolloutPlan;
}

describe("checkCapacity", () => {
  const cases = [
    {
      name: "delegated-admin at 10,000 members fits the default heap",
      mode: "delegated-admin" as const,
      plan: planOf(10_001, 17, 100),
      limit: 4144,
      problems: [],
    },
    {
      name: "delegated-admin over 10,000 members is refused whatever the heap",
      mode: "delegated-admin" as const,
      plan: planOf(10_002, 17, 101),
      limit: 16_000,
      problems: [
        "enablementMode: delegated-admin would associate 10,001 member accounts, more than the 10,000 an Inspector delegated administrator manages; use enablementMode organization-policy (Organizations policies reach up to 50,000 accounts) or narrow organizationalUnitIds",
      ],
    },
    {
      name: "organization-policy at 50,000 accounts fits the default heap",
      mode: "organization-policy" as const,
      plan: planOf(50_000, 17, 0),
      limit: 4144,
      problems: [],
    },
    {
      name: "organization-policy at 50,000 accounts in a 512 MiB heap",
      mode: "organization-policy" as const,
      plan: planOf(50_000, 17, 0),
      limit: 512,
      problems: [
        "the organization needs about 782 MiB of heap (50,000 accounts in 17 Regions, organization-policy mode) and this Node process may use 512 MiB: run with NODE_OPTIONS=--max-old-space-size=1024",
      ],
    },
    {
      name: "delegated-admin at 10,000 members in a 512 MiB heap",
      mode: "delegated-admin" as const,
      plan: planOf(10_001, 17, 100),
      limit: 512,
      problems: [
        "the organization needs about 786 MiB of heap (10,001 accounts in 17 Regions, delegated-admin mode, 100 Enablers of up to 100 members per Region) and this Node process may use 512 MiB: run with NODE_OPTIONS=--max-old-space-size=1024 or use enablementMode organization-policy (a constant number of resources)",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(checkCapacity({ enablementMode: c.mode }, c.plan, c.limit)).to.deep.equal(c.problems);
    });
  }
});

/** The dev stack's organization (sandbox OU) with `members` ACTIVE accounts in the OU. */
function devInventory(members: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capacity-")), "org.json");
  const accounts = [
    { id: "111111111111", parentId: "r-a1b2" },
    { id: "222222222222", parentId: "r-a1b2" },
    ...Array.from({ length: members }, (_, i) => ({
      id: String(300000000000 + i),
      parentId: "ou-a1b2-sandbox1",
    })),
  ].map((a, i) => ({
    ...a,
    name: `account-${i}`,
    email: `aws+${i}@example.com`,
    status: "ACTIVE",
    joinedTimestamp: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
  }));
  const inventory = {
    organizationId: "o-capacity00",
    rootId: "r-a1b2",
    managementAccountId: "111111111111",
    organizationalUnits: [{ id: "ou-a1b2-sandbox1", name: "sandbox", parentId: "r-a1b2" }],
    accounts,
  };
  fs.writeFileSync(file, JSON.stringify(inventory));
  return file;
}

/** `npm run plan -- --stack dev --inventory FILE` as a user runs it, with `nodeOptions`. */
function planAsUser(inventory: string, nodeOptions = "") {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "bin/plan.ts", "--stack", "dev", "--inventory", inventory],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  );
  const lines = (text: string) => text.split("\n").filter((l) => l !== "" && !isNodeNotice(l));
  return { code: run.status, out: lines(run.stdout), err: lines(run.stderr) };
}

/** The AWS SDK's Node version notice, printed by every child on Node 20. */
function isNodeNotice(line: string): boolean {
  return /NodeVersionSupportWarning|versions published after|require node >=22|continue receiving|security updates please|a\.co\/|trace-warnings/.test(
    line,
  );
}

describe("npm run plan on an organization too large for the run (child process)", function () {
  this.timeout(180_000);

  it("exits 2 before planning when delegated-admin mode would exceed 10,000 members", () => {
    const run = planAsUser(devInventory(10_001));
    expect(run).to.deep.equal({
      code: 2,
      out: [],
      err: [
        "plan: enablementMode: delegated-admin would associate 10,001 member accounts, more than the 10,000 an Inspector delegated administrator manages; use enablementMode organization-policy (Organizations policies reach up to 50,000 accounts) or narrow organizationalUnitIds",
      ],
    });
  });

  it("exits 2 before planning when the heap is too small, naming NODE_OPTIONS and the policy mode", () => {
    // 9,000 members in 2 Regions need about 263 MiB; --max-old-space-size=230 gives 278 MiB.
    const run = planAsUser(devInventory(9_000), "--max-old-space-size=230");
    expect(run).to.deep.equal({
      code: 2,
      out: [],
      err: [
        "plan: the organization needs about 263 MiB of heap (9,000 accounts in 2 Regions, delegated-admin mode, 91 Enablers of up to 100 members per Region) and this Node process may use 278 MiB: run with NODE_OPTIONS=--max-old-space-size=512 or use enablementMode organization-policy (a constant number of resources)",
      ],
    });
  });
});
