/**
 * SOC metrics over Inspector finding events (the events the continuous export writes): time to
 * detect, time to remediate, open critical and high findings, new critical CVEs per week, ECR
 * pass rate at push, EC2 coverage gaps and SLA breaches. Pure: the same computation runs in the
 * scheduled KPI function and in `npm run kpis` over exported files.
 *
 * Events arrive at least once and out of order, and a finding sends a new event on every state
 * change (../shared/reference/inspector-facts.md §1.1), so each finding is rebuilt from its events
 * ordered by `detail.updatedAt`, and duplicates change nothing.
 */
import { FINDING_SEVERITIES } from "../eventPatterns";
import { DAY_MS, isoWeek, parseInspectorTime } from "./time";

/** The severities Inspector assigns, most severe first (the event patterns' list). */
export const SEVERITIES = FINDING_SEVERITIES;

/** Remediation SLA in days per severity. */
export type SlaDays = Readonly<Partial<Record<(typeof SEVERITIES)[number], number>>>;

/** The default SLA: critical 7 days, high 30, medium 90, low 180. */
export const DEFAULT_SLA_DAYS: SlaDays = { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 };

/** An EventBridge event as read from a file: only what the KPIs use is required. */
export interface InspectorEvent {
  readonly "detail-type": string;
  readonly source: string;
  readonly time?: string;
  readonly region?: string;
  readonly account?: string;
  readonly resources?: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** An EC2 instance id, alone or at the end of an instance ARN. */
const EC2_INSTANCE = /(^|[:/])i-[0-9a-z]{8,17}$/;

/** The state of one finding after all its events. */
export interface FindingState {
  readonly findingArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly severity: string;
  readonly status: string;
  readonly vulnerabilityId: string | undefined;
  readonly resourceType: string | undefined;
  readonly firstObservedAt: number | undefined;
  readonly vendorCreatedAt: number | undefined;
  /** When the finding last went CLOSED (undefined while it is not closed). */
  readonly closedAt: number | undefined;
  /** How many times it went from CLOSED back to ACTIVE. */
  readonly reopenedCount: number;
}

/** Mean and 90th percentile, in days. */
export interface DurationStats {
  readonly count: number;
  readonly meanDays: number | undefined;
  readonly p90Days: number | undefined;
}

/** All KPIs. */
export interface KpiReport {
  /** The reference time for open ages and SLA: `asOf`, else the latest event time. */
  readonly asOf: string;
  readonly events: {
    readonly read: number;
    readonly findingEvents: number;
    readonly ignored: number;
  };
  readonly findings: {
    readonly total: number;
    readonly open: number;
    readonly closed: number;
    readonly reopened: number;
  };
  /** Vendor publication to first observation, per severity. */
  readonly timeToDetect: Record<string, DurationStats>;
  /** First observation to CLOSED, per severity, for findings that are closed. */
  readonly timeToRemediate: Record<string, DurationStats>;
  /** ACTIVE critical and high findings by account and Region: `{ "<account>/<region>": { CRITICAL, HIGH } }`. */
  readonly openCriticalHighByAccountRegion: Record<string, { CRITICAL: number; HIGH: number }>;
  /** Distinct CVEs first observed as CRITICAL, per ISO week. */
  readonly newCriticalCvesPerWeek: Record<string, number>;
  /** Initial ECR scans without critical (and, by default, high) findings, over all initial scans. */
  readonly ecrPassRateAtPush: {
    readonly scans: number;
    readonly passed: number;
    readonly rate: number | undefined;
  };
  /** EC2 instances whose latest coverage event says they are not covered, with the reason. */
  readonly ec2WithoutCoverage: {
    readonly count: number;
    readonly byReason: Record<string, number>;
  };
  /** Open findings past their SLA, per severity. */
  readonly slaBreaches: Record<string, number>;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function eventTime(event: InspectorEvent): number | undefined {
  return parseInspectorTime(event.detail.updatedAt) ?? parseInspectorTime(event.time);
}

/** Rebuilds every finding from its events. */
export function foldFindings(events: readonly InspectorEvent[]): FindingState[] {
  const byArn = new Map<string, InspectorEvent[]>();
  for (const event of events) {
    const arn = str(event.detail.findingArn);
    if (event["detail-type"] === "Inspector2 Finding" && arn !== undefined) {
      const list = byArn.get(arn) ?? [];
      list.push(event);
      byArn.set(arn, list);
    }
  }
  return [...byArn.entries()].map(([findingArn, list]) => {
    const ordered = [...list].sort((a, b) => (eventTime(a) ?? 0) - (eventTime(b) ?? 0));
    let status = "";
    let closedAt: number | undefined;
    let reopenedCount = 0;
    for (const e of ordered) {
      const next = str(e.detail.status) ?? status;
      if (next === "CLOSED" && status !== "CLOSED") {
        closedAt = eventTime(e);
      } else if (next === "ACTIVE" && status === "CLOSED") {
        reopenedCount += 1;
        closedAt = undefined;
      }
      status = next;
    }
    const last = ordered[ordered.length - 1].detail;
    const firstObserved = ordered
      .map((e) => parseInspectorTime(e.detail.firstObservedAt))
      .filter((t): t is number => t !== undefined);
    const pkg = rec(last.packageVulnerabilityDetails);
    const resource = rec(Array.isArray(last.resources) ? last.resources[0] : undefined);
    return {
      findingArn,
      accountId: str(last.awsAccountId) ?? ordered[ordered.length - 1].account ?? "unknown",
      region: str(resource.region) ?? ordered[ordered.length - 1].region ?? "unknown",
      severity: str(last.severity) ?? "UNTRIAGED",
      status,
      vulnerabilityId: str(pkg.vulnerabilityId),
      resourceType: str(resource.type),
      firstObservedAt: firstObserved.reduce<number | undefined>(
        (min, t) => (min === undefined || t < min ? t : min),
        undefined,
      ),
      vendorCreatedAt: parseInspectorTime(pkg.vendorCreatedAt),
      closedAt: status === "CLOSED" ? closedAt : undefined,
      reopenedCount,
    };
  });
}

/** Mean and nearest-rank 90th percentile of durations in milliseconds, in days. */
export function durationStats(durationsMs: readonly number[]): DurationStats {
  if (durationsMs.length === 0) {
    return { count: 0, meanDays: undefined, p90Days: undefined };
  }
  const days = durationsMs.map((d) => d / DAY_MS).sort((a, b) => a - b);
  const mean = days.reduce((a, b) => a + b, 0) / days.length;
  const p90 = days[Math.ceil(0.9 * days.length) - 1];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { count: days.length, meanDays: round(mean), p90Days: round(p90) };
}

function bySeverity(
  findings: readonly FindingState[],
  duration: (f: FindingState) => number | undefined,
) {
  const result: Record<string, DurationStats> = {};
  for (const severity of SEVERITIES) {
    const values = findings
      .filter((f) => f.severity === severity)
      .map(duration)
      .filter((d): d is number => d !== undefined && d >= 0);
    if (values.length > 0) {
      result[severity] = durationStats(values);
    }
  }
  return result;
}

/** Options of {@link computeKpis}. */
export interface KpiOptions {
  /** Reference time (ISO); defaults to the latest event time. */
  readonly asOf?: string;
  readonly slaDays?: SlaDays;
  /** Whether HIGH findings also fail an image at push. Defaults to true. */
  readonly failOnHighAtPush?: boolean;
}

/**
 * When each CVE was first observed as CRITICAL: the earliest `firstObservedAt` of its CRITICAL
 * findings, per CVE id (the "new critical CVEs" of the report's weeks and of the KPI function).
 */
export function firstCriticalByCve(findings: readonly FindingState[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const f of findings) {
    if (
      f.severity === "CRITICAL" &&
      f.vulnerabilityId !== undefined &&
      f.firstObservedAt !== undefined
    ) {
      const seen = first.get(f.vulnerabilityId);
      first.set(
        f.vulnerabilityId,
        seen === undefined ? f.firstObservedAt : Math.min(seen, f.firstObservedAt),
      );
    }
  }
  return first;
}

/** Computes every KPI from the events. */
export function computeKpis(
  events: readonly InspectorEvent[],
  options: KpiOptions = {},
): KpiReport {
  const inspector = events.filter((e) => e.source === "aws.inspector2");
  const findingEvents = inspector.filter((e) => e["detail-type"] === "Inspector2 Finding");
  // A loop, not Math.max(...times): spreading ~125,000 arguments overflows the call stack.
  let latest: number | undefined;
  for (const event of events) {
    const t = eventTime(event);
    if (t !== undefined && (latest === undefined || t > latest)) {
      latest = t;
    }
  }
  const asOf = options.asOf !== undefined ? parseInspectorTime(options.asOf) : (latest ?? 0);
  const now = asOf ?? 0;
  const findings = foldFindings(findingEvents);
  const open = findings.filter((f) => f.status === "ACTIVE");

  const openByAccountRegion: Record<string, { CRITICAL: number; HIGH: number }> = {};
  for (const f of open) {
    if (f.severity === "CRITICAL" || f.severity === "HIGH") {
      const key = `${f.accountId}/${f.region}`;
      const counts = openByAccountRegion[key] ?? { CRITICAL: 0, HIGH: 0 };
      counts[f.severity] += 1;
      openByAccountRegion[key] = counts;
    }
  }

  const perWeek: Record<string, number> = {};
  for (const t of firstCriticalByCve(findings).values()) {
    perWeek[isoWeek(t)] = (perWeek[isoWeek(t)] ?? 0) + 1;
  }

  const failOnHigh = options.failOnHighAtPush ?? true;
  const initialEcrScans = inspector.filter(
    (e) => e["detail-type"] === "Inspector2 Scan" && str(e.detail["image-digest"]) !== undefined,
  );
  const passed = initialEcrScans.filter((e) => {
    const counts = rec(e.detail["finding-severity-counts"]);
    // "will only return a value for a severity level if one exists" (ECR guide): absent = 0.
    const n = (key: string) => (typeof counts[key] === "number" ? counts[key] : 0);
    return n("CRITICAL") === 0 && (!failOnHigh || n("HIGH") === 0);
  }).length;

  // The latest coverage event per EC2 instance decides whether it is covered now: of its PACKAGE
  // scan (vulnerabilities), as the function's ListCoverage count. An instance also has NETWORK
  // coverage events (reachability, `scanType` "NETWORK" in the Inspector UG's event schema); one
  // of those read as the latest would hide or invent a gap. An event without `scanType` counts.
  const latestCoverage = new Map<string, InspectorEvent>();
  for (const e of inspector.filter((x) => x["detail-type"] === "Inspector2 Coverage")) {
    const resourceId = e.resources?.[0] ?? str(e.detail.resourceId);
    const scanType = str(e.detail.scanType);
    if (resourceId === undefined || !EC2_INSTANCE.test(resourceId)) {
      continue;
    }
    if (scanType !== undefined && scanType !== "PACKAGE") {
      continue;
    }
    const previous = latestCoverage.get(resourceId);
    if (
      previous === undefined ||
      (parseInspectorTime(e.time) ?? 0) >= (parseInspectorTime(previous.time) ?? 0)
    ) {
      latestCoverage.set(resourceId, e);
    }
  }
  const byReason: Record<string, number> = {};
  for (const e of latestCoverage.values()) {
    const scanStatus = rec(e.detail.scanStatus);
    if (str(scanStatus.statusCodeValue) === "INACTIVE") {
      const reason = str(scanStatus.reason) ?? "UNKNOWN";
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
  }

  const sla = { ...DEFAULT_SLA_DAYS, ...options.slaDays };
  const slaBreaches: Record<string, number> = {};
  for (const f of open) {
    const days = sla[f.severity as keyof SlaDays];
    if (
      days !== undefined &&
      f.firstObservedAt !== undefined &&
      now - f.firstObservedAt > days * DAY_MS
    ) {
      slaBreaches[f.severity] = (slaBreaches[f.severity] ?? 0) + 1;
    }
  }

  return {
    asOf: new Date(now).toISOString(),
    events: {
      read: events.length,
      findingEvents: findingEvents.length,
      ignored: events.length - inspector.length,
    },
    findings: {
      total: findings.length,
      open: open.length,
      closed: findings.filter((f) => f.status === "CLOSED").length,
      reopened: findings.filter((f) => f.reopenedCount > 0).length,
    },
    timeToDetect: bySeverity(findings, (f) =>
      f.firstObservedAt !== undefined && f.vendorCreatedAt !== undefined
        ? f.firstObservedAt - f.vendorCreatedAt
        : undefined,
    ),
    timeToRemediate: bySeverity(findings, (f) =>
      f.closedAt !== undefined && f.firstObservedAt !== undefined
        ? f.closedAt - f.firstObservedAt
        : undefined,
    ),
    openCriticalHighByAccountRegion: Object.fromEntries(
      Object.entries(openByAccountRegion).sort(([a], [b]) => a.localeCompare(b)),
    ),
    newCriticalCvesPerWeek: Object.fromEntries(
      Object.entries(perWeek).sort(([a], [b]) => a.localeCompare(b)),
    ),
    ecrPassRateAtPush: {
      scans: initialEcrScans.length,
      passed,
      rate:
        initialEcrScans.length === 0
          ? undefined
          : Math.round((passed / initialEcrScans.length) * 1000) / 1000,
    },
    ec2WithoutCoverage: { count: Object.values(byReason).reduce((a, b) => a + b, 0), byReason },
    slaBreaches,
  };
}
