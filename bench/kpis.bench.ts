/**
 * Benchmark of the KPI computation the scheduled KPI function (and `npm run kpis`) runs over the
 * continuous export: synthetic finding events (3 per finding: ACTIVE, a re-sent ACTIVE, and CLOSED
 * for 40% of them), 5% delivered twice and all shuffled, as JSON Lines text (what the export
 * writes), parsed and folded into the KPIs; then the notification grouping over a burst, through
 * the notify function itself (bench/notifyGrouping.ts).
 *
 * The KPI function reads at most 5,000 export objects per run; this tells how many events one run
 * can fold within its 15 minutes and 1 GiB.
 *
 * Run: npm run bench:kpis [-- --json] (with --expose-gc, so the heap figure is the live set)
 */
import * as os from "os";
import { computeKpis, type InspectorEvent } from "../lib/kpis/compute";
import { parseEventText } from "../lib/kpis/read";
import { groupThroughNotify } from "./notifyGrouping";

const SIZES = [10_000, 50_000, 150_000, 500_000];
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const ACCOUNTS = 200;
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const DAY = 86_400_000;
const START = Date.parse("2026-09-01T00:00:00Z");

/** A deterministic pseudo-random sequence (the figures must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function event(
  i: number,
  status: string,
  updatedAt: number,
  firstObservedAt: number,
): InspectorEvent & { readonly id: string } {
  const account = String(100_000_000_000 + (i % ACCOUNTS));
  const region = REGIONS[i % REGIONS.length];
  return {
    id: `${i}-${status}-${updatedAt}`,
    "detail-type": "Inspector2 Finding",
    source: "aws.inspector2",
    time: new Date(updatedAt).toISOString(),
    region,
    account,
    detail: {
      findingArn: `arn:aws:inspector2:${region}:${account}:finding/${i.toString(16).padStart(32, "0")}`,
      awsAccountId: account,
      severity: SEVERITIES[i % SEVERITIES.length],
      status,
      type: "PACKAGE_VULNERABILITY",
      firstObservedAt: new Date(firstObservedAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
      fixAvailable: "YES",
      exploitAvailable: i % 7 === 0 ? "YES" : "NO",
      packageVulnerabilityDetails: {
        vulnerabilityId: `CVE-2026-${10_000 + (i % 2_500)}`,
        vendorCreatedAt: new Date(firstObservedAt - 3 * DAY).toISOString(),
        vulnerablePackages: [{ name: `pkg-${i % 300}`, version: "1.0.0" }],
      },
      resources: [
        {
          type: "AWS_EC2_INSTANCE",
          id: `i-${(i % 40_000).toString(16).padStart(17, "0")}`,
          region,
        },
      ],
    },
  };
}

/** About `size` events: per finding ACTIVE, a re-send, and CLOSED for 40%; 5% duplicated; shuffled. */
function syntheticEvents(size: number): InspectorEvent[] {
  const random = lcg(size);
  const events: InspectorEvent[] = [];
  for (let i = 0; events.length < size; i++) {
    const first = START + Math.floor(random() * 60 * DAY);
    events.push(event(i, "ACTIVE", first, first));
    events.push(event(i, "ACTIVE", first + DAY, first));
    if (i % 5 < 2) {
      events.push(event(i, "CLOSED", first + Math.floor(random() * 30 * DAY) + DAY, first));
    }
  }
  for (let k = 0; k < size * 0.05; k++) {
    events.push(events[Math.floor(random() * events.length)]);
  }
  for (let k = events.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [events[k], events[j]] = [events[j], events[k]];
  }
  return events;
}

interface Row {
  readonly events: number;
  readonly findings: number;
  readonly parseMs: number;
  readonly computeMs: number;
  readonly eventsPerSecond: number;
  readonly textMb: number;
  readonly heapMb: number;
}

function measure(size: number): Row {
  let text = syntheticEvents(size)
    .map((e) => JSON.stringify(e))
    .join("\n");
  const textMb = Buffer.byteLength(text) / 1_048_576;
  global.gc?.();
  const t0 = performance.now();
  const parsed = parseEventText(text, "bench");
  text = "";
  const t1 = performance.now();
  const report = computeKpis(parsed, { asOf: "2026-11-28T00:00:00Z" });
  const t2 = performance.now();
  // The live set: the parsed events (the function keeps them until the KPIs are computed).
  global.gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1_048_576;
  return {
    events: parsed.length,
    findings: report.findings.total,
    parseMs: Math.round(t1 - t0),
    computeMs: Math.round(t2 - t1),
    eventsPerSecond: Math.round(parsed.length / ((t2 - t0) / 1000)),
    textMb: Math.round(textMb),
    heapMb: Math.round(heapMb),
  };
}

/** The notify function's grouping (5-minute window) over a burst of 10,000 events. */
async function measureGrouping(): Promise<{ events: number; groupingMs: number; groups: number }> {
  const burst = syntheticEvents(10_000).slice(0, 10_000);
  const t0 = performance.now();
  const grouped = await groupThroughNotify(burst, 5);
  const t1 = performance.now();
  if (grouped.failedRecords > 0) {
    throw new Error(`the notify function failed ${grouped.failedRecords} records of the burst`);
  }
  return { events: burst.length, groupingMs: Math.round(t1 - t0), groups: grouped.groups };
}

async function main(): Promise<void> {
  const rows = SIZES.map(measure);
  const grouping = await measureGrouping();
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ kpis: rows, grouping }, null, 2)}\n`);
    return;
  }
  process.stdout.write("KPI computation over exported events (parse JSON Lines + fold + KPIs)\n");
  for (const r of rows) {
    process.stdout.write(
      `  ${String(r.events).padStart(7)} events (${r.findings} findings): parse ${r.parseMs} ms, compute ${r.computeMs} ms, ${r.eventsPerSecond} events/s, ${r.textMb} MB of JSON Lines, live heap ${r.heapMb} MB\n`,
    );
  }
  process.stdout.write(
    `notification grouping through the notify function (5-minute window, state on an evaluating fake table): ${grouping.events} events in ${grouping.groupingMs} ms, ${grouping.groups} group messages\n`,
  );
  process.stdout.write(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
}

void main();
