/**
 * `npm run kpis -- --events FILE_OR_DIR [--events ...] [--as-of ISO] [--sla-critical DAYS] ... [--json]`:
 * the SOC metrics over finding events in files, offline. Exit 0 computed, 2 usage or input error.
 */
import { parseArgs } from "util";
import { computeKpis, type KpiReport } from "../lib/kpis/compute";
import { EventFileError, readEvents } from "../lib/kpis/read";
import { parseInspectorTime } from "../lib/kpis/time";

const USAGE =
  "usage: npm run kpis -- --events FILE_OR_DIR [--events ...] [--as-of ISO-DATE] [--sla-critical DAYS] [--sla-high DAYS] [--sla-medium DAYS] [--sla-low DAYS] [--json]";

/** Output sinks, replaced in tests. */
export interface KpisIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STD_IO: KpisIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function days(value: number | undefined): string {
  return value === undefined ? "-" : value.toFixed(1);
}

/** The report a person reads. */
export function formatKpis(r: KpiReport): string {
  const lines = [
    `KPIs as of ${r.asOf} over ${r.events.findingEvents} finding events (${r.events.read} read, ${r.events.ignored} not from Inspector)`,
    `Findings: ${r.findings.total} (${r.findings.open} open, ${r.findings.closed} closed, ${r.findings.reopened} reopened)`,
    "",
    "severity        detect mean/p90 (days)   remediate mean/p90 (days)   remediated   past SLA",
  ];
  const severities = new Set([
    ...Object.keys(r.timeToDetect),
    ...Object.keys(r.timeToRemediate),
    ...Object.keys(r.slaBreaches),
  ]);
  for (const s of ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED"].filter((x) =>
    severities.has(x),
  )) {
    const d = r.timeToDetect[s];
    const m = r.timeToRemediate[s];
    lines.push(
      `${s.padEnd(15)} ${`${days(d?.meanDays)} / ${days(d?.p90Days)}`.padEnd(24)} ${`${days(m?.meanDays)} / ${days(m?.p90Days)}`.padEnd(27)} ${String(m?.count ?? 0).padStart(10)}   ${String(r.slaBreaches[s] ?? 0).padStart(8)}`,
    );
  }
  lines.push("", "Open CRITICAL / HIGH by account and Region:");
  for (const [key, c] of Object.entries(r.openCriticalHighByAccountRegion)) {
    lines.push(`  ${key.padEnd(30)} ${c.CRITICAL} / ${c.HIGH}`);
  }
  lines.push(
    "",
    "New critical CVEs per week:",
    ...Object.entries(r.newCriticalCvesPerWeek).map(([w, n]) => `  ${w}  ${n}`),
  );
  lines.push(
    "",
    `ECR pass rate at push: ${r.ecrPassRateAtPush.rate === undefined ? "-" : `${(r.ecrPassRateAtPush.rate * 100).toFixed(1)}%`} (${r.ecrPassRateAtPush.passed}/${r.ecrPassRateAtPush.scans} initial scans)`,
    `EC2 instances without coverage: ${r.ec2WithoutCoverage.count}${Object.entries(
      r.ec2WithoutCoverage.byReason,
    )
      .map(([k, v]) => `, ${k} ${v}`)
      .join("")}`,
  );
  return lines.join("\n");
}

/** Runs the command; returns the exit code. */
export function main(argv: string[], io: KpisIo = STD_IO): number {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        events: { type: "string", multiple: true },
        "as-of": { type: "string" },
        "sla-critical": { type: "string" },
        "sla-high": { type: "string" },
        "sla-medium": { type: "string" },
        "sla-low": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`kpis: ${(err as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  const sources = (values.events as string[] | undefined) ?? [];
  if (sources.length === 0) {
    io.err("kpis: --events is required: a file or directory of finding events");
    io.err(USAGE);
    return 2;
  }
  const slaDays: Record<string, number> = {};
  for (const severity of ["critical", "high", "medium", "low"]) {
    const raw = values[`sla-${severity}`] as string | undefined;
    if (raw !== undefined) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) {
        io.err(
          `kpis: --sla-${severity} (${JSON.stringify(raw)}) must be a whole number of days, 1 or more`,
        );
        return 2;
      }
      slaDays[severity.toUpperCase()] = n;
    }
  }
  const asOf = values["as-of"] as string | undefined;
  if (asOf !== undefined && parseInspectorTime(asOf) === undefined) {
    io.err(
      `kpis: --as-of (${JSON.stringify(asOf)}) is not a date; use ISO-8601 such as 2026-11-28 or 2026-11-28T12:00:00Z`,
    );
    return 2;
  }
  try {
    const events = sources.flatMap(readEvents);
    const report = computeKpis(events, { asOf, slaDays: slaDays });
    io.out(values.json === true ? JSON.stringify(report, null, 2) : formatKpis(report));
    return 0;
  } catch (err) {
    if (err instanceof EventFileError) {
      io.err(`kpis: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
