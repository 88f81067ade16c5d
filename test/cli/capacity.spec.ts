/** `npm run plan` refusing an organization too large for one run, as a user runs it. */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

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
