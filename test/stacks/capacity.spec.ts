import { expect } from "chai";
import { checkCapacity } from "../../stacks/capacity";
import type { RolloutPlan } from "../../stacks/rollout";

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
    // 782 MiB needed fits a heap whose 85% (HEAP_HEADROOM) is at least 782: 920 MiB and up.
    {
      name: "organization-policy at 50,000 accounts in a 921 MiB heap",
      mode: "organization-policy" as const,
      plan: planOf(50_000, 17, 0),
      limit: 921,
      problems: [],
    },
    {
      name: "organization-policy at 50,000 accounts in a 920 MiB heap (782 = 85%)",
      mode: "organization-policy" as const,
      plan: planOf(50_000, 17, 0),
      limit: 920,
      problems: [],
    },
    {
      name: "organization-policy at 50,000 accounts in a 919 MiB heap",
      mode: "organization-policy" as const,
      plan: planOf(50_000, 17, 0),
      limit: 919,
      problems: [
        "the organization needs about 782 MiB of heap (50,000 accounts in 17 Regions, organization-policy mode) and this Node process may use 919 MiB: run with NODE_OPTIONS=--max-old-space-size=1024",
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
