/**
 * `npm run kpis -- --events FILE_OR_DIR [--events ...] [--as-of ISO] [--sla-critical DAYS] ... [--json]`:
 * the SOC metrics over finding events in files, offline.
 *
 * Exit 0 computed over every record; 2 usage or input error. A record that cannot be used (not
 * JSON, not an event, a time outside 2015..now, a severity Inspector does not write) is listed on
 * stderr with its file and line, and the report over the other records is still printed: exit 2.
 * Relative paths are relative to the directory the user ran the command from (INIT_CWD).
 */
import { parseArgs } from "util";
import { runCommand } from "../lib/cli/command";
import { resolveUserPath } from "../lib/cli/input";
import { computeKpis, type InspectorEvent, type KpiReport } from "../lib/kpis/compute";
import { eventValueProblem, readEvents } from "../lib/kpis/read";
import { implausibleTime, parseInspectorTime } from "../lib/kpis/time";

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

/** The longest SLA accepted, in days (ten years): more is a unit mistake. */
const MAX_SLA_DAYS = 3650;

/** How many skipped records are listed one per line; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

/** The `--json` document: the KPIs and the records left out of them. */
export interface KpisDocument extends KpiReport {
  readonly skipped: { readonly count: number; readonly problems: readonly string[] };
}

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
      if (!/^\d+$/.test(raw) || n < 1 || n > MAX_SLA_DAYS) {
        io.err(
          `kpis: --sla-${severity} (${JSON.stringify(raw.slice(0, 40))}) must be a whole number of days from 1 to ${MAX_SLA_DAYS}, without a unit`,
        );
        return 2;
      }
      slaDays[severity.toUpperCase()] = n;
    }
  }
  const now = Date.now();
  const asOf = values["as-of"] as string | undefined;
  if (asOf !== undefined) {
    const t = parseInspectorTime(asOf);
    const why = t === undefined ? undefined : implausibleTime(t, now);
    if (t === undefined || why !== undefined) {
      io.err(
        `kpis: --as-of (${JSON.stringify(asOf.slice(0, 40))}) ${why ?? "is not a calendar date"}; use ISO-8601 in UTC such as 2026-11-28 or 2026-11-28T12:00:00Z`,
      );
      return 2;
    }
  }
  const events: InspectorEvent[] = [];
  const problems: string[] = [];
  let files = 0;
  for (const source of sources) {
    const read = readEvents(resolveUserPath(source), source, (event, where) =>
      eventValueProblem(event, where, now),
    );
    files += read.files;
    problems.push(...read.problems);
    for (const event of read.events) {
      events.push(event);
    }
  }
  if (events.length === 0) {
    problems.forEach((p, i) => i < MAX_LISTED_PROBLEMS && io.err(`kpis: ${p}`));
    io.err(
      files === 0
        ? `kpis: --events ${sources.join(", ")}: no event files found (.json, .jsonl, .ndjson, .gz); nothing to compute`
        : `kpis: no usable events in ${files} file(s)${problems.length > 0 ? ` (${problems.length} record(s) skipped)` : ""}; nothing to compute`,
    );
    return 2;
  }
  const report = computeKpis(events, { asOf, slaDays: slaDays });
  const doc: KpisDocument = {
    ...report,
    skipped: { count: problems.length, problems: problems.slice(0, 1000) },
  };
  io.out(values.json === true ? JSON.stringify(doc, null, 2) : formatKpis(report));
  if (problems.length === 0) {
    return 0;
  }
  problems.slice(0, MAX_LISTED_PROBLEMS).forEach((p) => io.err(`kpis: ${p}`));
  io.err(
    `kpis: ${problems.length} record(s) skipped${problems.length > MAX_LISTED_PROBLEMS ? ` (the first ${MAX_LISTED_PROBLEMS} listed)` : ""}; the report covers the other ${events.length} event(s); fix or remove them and run again`,
  );
  return 2;
}

if (require.main === module) {
  runCommand("kpis", (io) => main(process.argv.slice(2), io));
}
