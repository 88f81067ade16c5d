/**
 * Noise control for the people on call: finding notifications grouped by CVE and package over a
 * window (one message per group, listing the affected resources), no second notification for an
 * event that only repeats an unchanged finding, and never one for a suppressed finding.
 *
 * The pure parts of the one grouping implementation, the notification function's
 * (functions/lib/notify.ts): the group key, fingerprint, skip rules, windows aligned on the clock
 * ({@link notificationWindow}) and the message; the function keeps its state between invocations
 * in DynamoDB (functions/lib/notifyState.ts). The tests and the benchmark (bench/notifyGrouping.ts)
 * run that function; there is no second, in-memory grouping.
 */
import type { InspectorEvent } from "../kpis/compute";

/** One resource a grouped notification lists. */
export interface AffectedResource {
  readonly findingArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly severity: string;
}

/** One notification: every finding of a CVE and package first seen within one window. */
export interface NotificationGroup {
  /** `<vulnerability id>|<package name>` (or the finding title for findings without a package). */
  readonly key: string;
  readonly vulnerabilityId: string;
  readonly packageName: string;
  /** The most severe severity of the group. */
  readonly severity: string;
  /** When the window opened (aligned on the clock, see {@link notificationWindow}; ISO). */
  readonly windowStart: string;
  readonly resources: readonly AffectedResource[];
  /** Resources of the group not listed (the notification function bounds its list). Defaults to 0. */
  readonly unlisted?: number;
}

/** Severities by rank, most severe highest; unknown ones rank with UNTRIAGED. */
export const SEVERITY_RANK: Readonly<Record<string, number>> = {
  CRITICAL: 5,
  HIGH: 4,
  MEDIUM: 3,
  LOW: 2,
  INFORMATIONAL: 1,
  UNTRIAGED: 0,
};

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

/**
 * The longest grouping window, in minutes. The notification function schedules each group's
 * message with an SQS message delay, and SQS delays a message by at most 900 seconds
 * (SendMessage `DelaySeconds`, SQS API reference).
 */
export const MAX_GROUP_WINDOW_MINUTES = 15;

/** Why a finding event never notifies, whatever else it says: suppressed or closed. */
export function notificationSkipReason(event: InspectorEvent): "suppressed" | "closed" | undefined {
  switch (event.detail.status) {
    case "SUPPRESSED":
      return "suppressed";
    case "CLOSED":
      return "closed";
    default:
      return undefined;
  }
}

/**
 * The window holding a time: windows of `windowMinutes` aligned on the epoch (10:00, 10:05, ...
 * for 5), so every invocation puts the findings of a CVE and package in the same group without
 * asking anyone which group is open.
 */
export function notificationWindow(
  nowMs: number,
  windowMinutes: number,
): { readonly start: number; readonly end: number } {
  const length = windowMinutes * 60_000;
  const start = Math.floor(nowMs / length) * length;
  return { start, end: start + length };
}

/** Seconds until a window closes, the flush message's delay: 0 to 900 (the SQS maximum). */
export function flushDelaySeconds(nowMs: number, windowEndMs: number): number {
  const seconds = Math.ceil((windowEndMs - nowMs) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_GROUP_WINDOW_MINUTES * 60);
}

/**
 * What makes a finding event "new" for a person: its status, severity and fix/exploit flags.
 * Events re-sent for a tag change or a restart carry the same values and do not notify again.
 */
export function notificationFingerprint(event: InspectorEvent): string {
  const d = event.detail;
  return [d.findingArn, d.status, d.severity, d.fixAvailable, d.exploitAvailable]
    .map((v) => str(v))
    .join("|");
}

/** What a finding is grouped by: its vulnerability (or title) and its first vulnerable package. */
export function groupKeyOf(event: InspectorEvent): {
  key: string;
  vulnerabilityId: string;
  packageName: string;
} {
  const d = event.detail;
  const pkg = (d.packageVulnerabilityDetails ?? {}) as Record<string, unknown>;
  const vulnerable = Array.isArray(pkg.vulnerablePackages)
    ? (pkg.vulnerablePackages as Record<string, unknown>[])
    : [];
  const vulnerabilityId = str(pkg.vulnerabilityId, str(d.title, "unknown"));
  const packageName = str(vulnerable[0]?.name, "-");
  return { key: `${vulnerabilityId}|${packageName}`, vulnerabilityId, packageName };
}

/** The resource line of a finding event (its first resource). */
export function affectedResourceOf(event: InspectorEvent): AffectedResource {
  const d = event.detail;
  const resource = (Array.isArray(d.resources) ? d.resources[0] : {}) as Record<string, unknown>;
  return {
    findingArn: str(d.findingArn),
    accountId: str(d.awsAccountId, event.account ?? ""),
    region: str(resource.region, event.region ?? ""),
    resourceType: str(resource.type),
    resourceId: str(resource.id),
    severity: str(d.severity, "UNTRIAGED"),
  };
}

/** The most severe of some severities (UNTRIAGED when there are none). */
export function mostSevere(severities: Iterable<string>): string {
  let best = "UNTRIAGED";
  for (const s of severities) {
    if ((SEVERITY_RANK[s] ?? 0) > (SEVERITY_RANK[best] ?? 0)) {
      best = s;
    }
  }
  return best;
}

/** The message a person reads for one group: every listed resource, then "and N more". */
export function formatGroupMessage(group: NotificationGroup): { subject: string; body: string } {
  const unlisted = group.unlisted ?? 0;
  const n = group.resources.length + unlisted;
  const subject = `[${group.severity}] ${group.vulnerabilityId} in ${group.packageName}: ${n} resource${n === 1 ? "" : "s"}`;
  const body = [
    `${group.vulnerabilityId} (${group.packageName}), most severe: ${group.severity}, since ${group.windowStart}`,
    "",
    ...group.resources.map(
      (r) =>
        `- ${r.severity} ${r.resourceType} ${r.resourceId} (account ${r.accountId}, ${r.region})`,
    ),
    ...(unlisted > 0 ? [`- and ${unlisted} more`] : []),
  ].join("\n");
  return { subject: subject.slice(0, 99), body };
}
