/**
 * `npm run bench`: the offline plan on synthetic organizations over 17 Regions, in both
 * enablement modes: organization-policy at 100 to 50,000 accounts, delegated-admin at 100 to
 * 10,001 accounts (10,000 members, the most a delegated administrator manages). Each case runs in
 * its own process so that its peak memory (max RSS) is its own. Prints wall and CPU time, peak
 * memory, resources registered and member Enablers per Region, then checks the targets of
 * issues 2 and 17. The machine may be shared: wall time scales with the load average printed,
 * CPU time much less.
 *
 * Usage: npm run bench [-- --quick]   (--quick: 100 and 1,000 accounts only)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireRolloutOutputs, runPlan } from "../lib/offline/plan";
import { checkPolicies } from "../lib/offline/policyCheck";
import { BENCH_REGIONS } from "./regions";

type Mode = "organization-policy" | "delegated-admin";

interface CaseResult {
  readonly mode: Mode;
  readonly accounts: number;
  readonly planSeconds: number;
  /** CPU time (user + system) of the plan, less sensitive to a shared machine's load. */
  readonly planCpuSeconds: number;
  readonly policySeconds: number;
  readonly peakMiB: number;
  readonly resources: number;
  readonly memberEnablersPerRegion: number;
  readonly violations: number;
}

const ROOT = path.resolve(__dirname, "..");

/** A synthetic organization: 10 OUs under the root, accounts spread over them, ids sequential. */
export function syntheticInventory(accounts: number): object {
  const ous = Array.from({ length: 10 }, (_, i) => ({
    id: `ou-bnch-${String(i).padStart(8, "0")}`,
    name: `ou-${i}`,
    parentId: "r-bnch",
  }));
  const start = Date.UTC(2019, 0, 1);
  return {
    organizationId: "o-benchmark0",
    rootId: "r-bnch",
    managementAccountId: "100000000000",
    organizationalUnits: ous,
    accounts: Array.from({ length: accounts }, (_, i) => ({
      id: String(100000000000 + i),
      name: `account-${i}`,
      email: `aws+account-${i}@example.com`,
      status: "ACTIVE",
      parentId: i < 2 ? "r-bnch" : ous[i % ous.length].id,
      joinedTimestamp: new Date(start + i * 3_600_000).toISOString(),
    })),
  };
}

function writeProject(mode: Mode, accounts: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inspector-bench-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "org.json"), JSON.stringify(syntheticInventory(accounts)));
  const config = {
    config: {
      "inspector-rollout:managementAccountId": "100000000000",
      "inspector-rollout:delegatedAdminAccountId": "100000000001",
      "inspector-rollout:homeRegion": "us-east-1",
      "inspector-rollout:regions": BENCH_REGIONS,
      "inspector-rollout:enablementMode": mode,
      "inspector-rollout:inventoryFile": "org.json",
    },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), JSON.stringify(config));
  return dir;
}

async function runCase(mode: Mode, accounts: number): Promise<CaseResult> {
  const dir = writeProject(mode, accounts);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await runPlan({ dir, stack: "bench", programFile: path.join(ROOT, "index.ts") });
  const planned = process.hrtime.bigint();
  const cpuUsed = process.cpuUsage(cpu);
  const violations = await checkPolicies(result, path.join(ROOT, "policy/config/prod.json"));
  const checked = process.hrtime.bigint();
  return {
    mode,
    accounts,
    planSeconds: Number(planned - started) / 1e9,
    planCpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    policySeconds: Number(checked - planned) / 1e9,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    resources: result.registrations.length,
    memberEnablersPerRegion: requireRolloutOutputs(result).memberEnablersPerRegion,
    violations: violations.filter((v) => v.enforcementLevel === "mandatory").length,
  };
}

function runChild(mode: Mode, accounts: number): CaseResult {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", __filename, "--child", mode, String(accounts)],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 24 },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as CaseResult;
}

function check(label: string, ok: boolean): string {
  return `${ok ? "PASS" : "FAIL"}  ${label}`;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--child") {
    const result = await runCase(argv[1] as Mode, Number(argv[2]));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const quick = argv.includes("--quick");
  const cases: [Mode, number][] = [
    ...(quick ? [100, 1000] : [100, 1000, 5000, 50_000]).map((n): [Mode, number] => [
      "organization-policy",
      n,
    ]),
    // 10,001 accounts: the delegated administrator and 10,000 members.
    ...(quick ? [100, 1000] : [100, 1000, 10_001]).map((n): [Mode, number] => [
      "delegated-admin",
      n,
    ]),
  ];
  const results: CaseResult[] = [];
  process.stdout.write(
    `offline plan benchmark: ${BENCH_REGIONS.length} Regions, ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} (figures scale with it)\n`,
  );
  process.stdout.write(
    "mode                 accounts  resources  enablers/region  plan s  plan cpu s  policy s  peak MiB\n",
  );
  for (const [mode, n] of cases) {
    const r = runChild(mode, n);
    results.push(r);
    process.stdout.write(
      `${mode.padEnd(20)} ${String(n).padStart(8)}  ${String(r.resources).padStart(9)}  ${String(r.memberEnablersPerRegion).padStart(15)}  ${r.planSeconds.toFixed(1).padStart(6)}  ${r.planCpuSeconds.toFixed(1).padStart(10)}  ${r.policySeconds.toFixed(1).padStart(8)}  ${r.peakMiB.toFixed(0).padStart(8)}\n`,
    );
  }
  const policy = results.filter((r) => r.mode === "organization-policy");
  const api = results.filter((r) => r.mode === "delegated-admin");
  const largestPolicy = policy[policy.length - 1];
  const largestApi = api[api.length - 1];
  const smallestApi = api[0];
  const regions = BENCH_REGIONS.length;
  const lines = [
    check(
      "organization-policy: resource count does not grow with accounts",
      new Set(policy.map((r) => r.resources)).size === 1,
    ),
    check(
      `organization-policy: ${largestPolicy.accounts} accounts plan in < 20 s and < 1 GiB`,
      largestPolicy.planSeconds < 20 && largestPolicy.peakMiB < 1024,
    ),
    check(
      `delegated-admin: ${largestApi.accounts - 1} members plan in < 60 s and < 2 GiB`,
      largestApi.planSeconds < 60 && largestApi.peakMiB < 2048,
    ),
    // The synthetic organization's delegated administrator holds slot 1 (a hole in chunk 000),
    // so the Enablers per Region are ceil(accounts/100): ceil(members/100), plus 1 at 10,001.
    ...api.map((r) =>
      check(
        `delegated-admin: ${r.accounts} accounts -> ceil(${r.accounts}/100) = ${Math.ceil(r.accounts / 100)} member Enablers per Region`,
        r.memberEnablersPerRegion === Math.ceil(r.accounts / 100),
      ),
    ),
    ...api.map((r) =>
      check(
        `delegated-admin: ${r.accounts} accounts -> resources grow only by the Enablers (${regions} Regions x ${r.memberEnablersPerRegion - smallestApi.memberEnablersPerRegion} more than at ${smallestApi.accounts})`,
        r.resources - smallestApi.resources ===
          regions * (r.memberEnablersPerRegion - smallestApi.memberEnablersPerRegion),
      ),
    ),
    check(
      "no mandatory policy violation in any case",
      results.every((r) => r.violations === 0),
    ),
  ];
  process.stdout.write(`\n${lines.join("\n")}\n`);
  if (lines.some((l) => l.startsWith("FAIL"))) {
    process.exitCode = 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2));
}
