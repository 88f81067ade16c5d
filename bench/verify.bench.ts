/**
 * `npm run bench:verify`: verify over 5,000 accounts in 17 Regions, through the real SDK clients
 * (serializers, paginators, adaptive retry) against an in-process Inspector endpoint with a
 * simulated latency per call. Reports calls made, wall time and memory.
 */
import * as os from "os";
import { createAccountClients, type Day0Clients } from "../lib/day0/clients";
import { verifyOnce } from "../lib/verify/verify";
import { FakeInspectorHttp } from "../test/helpers/fakeInspectorHttp";

const ACCOUNTS = 5_000;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 80);
const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "sa-east-1",
];

async function main(): Promise<void> {
  const da = "100000000000";
  const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => String(100_000_000_000 + i));
  const http = new FakeInspectorHttp(
    { delegatedAdminAccountId: da, accountIds },
    new Map(),
    LATENCY_MS,
  );
  const options = {
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bench" },
    requestHandler: http,
  };
  const clients: Day0Clients = {
    management: createAccountClients("us-east-1", options),
    delegatedAdmin: createAccountClients("us-east-1", options),
  };
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const report = await verifyOnce(
    {
      delegatedAdminAccountId: da,
      enablementMode: "delegated-admin",
      regions: REGIONS.map((region) => ({
        region,
        scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
      })),
      accountIds,
      policyTargetIds: [],
    },
    clients,
    "inspector-org-policy",
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const peak = process.memoryUsage();
  const byOperation: Record<string, number> = {};
  for (const c of http.calls) {
    byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  }
  if (!report.isCovered || report.totals.accountRegionsCovered !== ACCOUNTS * REGIONS.length) {
    throw new Error(`bench: expected full coverage, got ${JSON.stringify(report.totals)}`);
  }
  console.log(
    `verify bench: ${ACCOUNTS} accounts x ${REGIONS.length} Regions, ${LATENCY_MS} ms simulated latency per call (load ${os.loadavg()[0].toFixed(1)})`,
  );
  console.log(`  calls: ${http.calls.length} ${JSON.stringify(byOperation)}`);
  console.log(`  wall time: ${(wallMs / 1000).toFixed(1)} s`);
  console.log(
    `  memory: heap +${((peak.heapUsed - before) / 2 ** 20).toFixed(0)} MiB after the run, rss ${(peak.rss / 2 ** 20).toFixed(0)} MiB`,
  );
  clients.management.destroy();
  clients.delegatedAdmin.destroy();
}

void main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exitCode = 1;
});
