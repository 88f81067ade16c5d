/**
 * Noise control for the people on call: finding notifications grouped by CVE and package over a
 * window (one message per group, listing the affected resources), no second notification for an
 * event that only repeats an unchanged finding, and never one for a suppressed finding.
 *
 * Pure, so that the notification function and its tests share it: the function keeps the state
 * (`seen` and the open groups) between invocations in its table.
 */
import type { InspectorEvent } from "../kpis/compute";
import { parseInspectorTime } from "../kpis/time";

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
  /** When the window opened (the first event's time, ISO). */
  readonly windowStart: string;
  readonly resources: readonly AffectedResource[];
}

/** Why an event did not join a group. */
export type SkipReason = "suppressed" | "unchanged" | "not a finding" | "closed";

/** The outcome of grouping a batch. */
export interface GroupingResult {
  readonly groups: readonly NotificationGroup[];
  readonly skipped: readonly { readonly findingArn: string; readonly reason: SkipReason }[];
}

const SEVERITY_RANK: Readonly<Record<string, number>> = {
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
 * What makes a finding event "new" for a person: its status, severity and fix/exploit flags.
 * Events re-sent for a tag change or a restart carry the same values and do not notify again.
 */
export function notificationFingerprint(event: InspectorEvent): string {
  const d = event.detail;
  return [d.findingArn, d.status, d.severity, d.fixAvailable, d.exploitAvailable]
    .map((v) => str(v))
    .join("|");
}

/**
 * Groups finding events by CVE and package within `windowMs` of each group's first event.
 * `seen` holds the fingerprints already notified (and is updated).
 */
export function groupNotifications(
  events: readonly InspectorEvent[],
  windowMs: number,
  seen: Set<string> = new Set(),
): GroupingResult {
  const ordered = [...events].sort(
    (a, b) => (parseInspectorTime(a.time) ?? 0) - (parseInspectorTime(b.time) ?? 0),
  );
  const open = new Map<
    string,
    { group: NotificationGroup & { resources: AffectedResource[] }; start: number }
  >();
  const groups: (NotificationGroup & { resources: AffectedResource[] })[] = [];
  const skipped: { findingArn: string; reason: SkipReason }[] = [];
  for (const event of ordered) {
    const d = event.detail;
    const findingArn = str(d.findingArn);
    if (event["detail-type"] !== "Inspector2 Finding" || findingArn === "") {
      skipped.push({ findingArn, reason: "not a finding" });
      continue;
    }
    if (d.status === "SUPPRESSED") {
      skipped.push({ findingArn, reason: "suppressed" });
      continue;
    }
    if (d.status === "CLOSED") {
      skipped.push({ findingArn, reason: "closed" });
      continue;
    }
    const fingerprint = notificationFingerprint(event);
    if (seen.has(fingerprint)) {
      skipped.push({ findingArn, reason: "unchanged" });
      continue;
    }
    seen.add(fingerprint);
    const pkg = (d.packageVulnerabilityDetails ?? {}) as Record<string, unknown>;
    const vulnerable = Array.isArray(pkg.vulnerablePackages)
      ? (pkg.vulnerablePackages as Record<string, unknown>[])
      : [];
    const vulnerabilityId = str(pkg.vulnerabilityId, str(d.title, "unknown"));
    const packageName = str(vulnerable[0]?.name, "-");
    const key = `${vulnerabilityId}|${packageName}`;
    const time = parseInspectorTime(event.time) ?? 0;
    const resource = (Array.isArray(d.resources) ? d.resources[0] : {}) as Record<string, unknown>;
    const affected: AffectedResource = {
      findingArn,
      accountId: str(d.awsAccountId, event.account ?? ""),
      region: str(resource.region, event.region ?? ""),
      resourceType: str(resource.type),
      resourceId: str(resource.id),
      severity: str(d.severity, "UNTRIAGED"),
    };
    const current = open.get(key);
    if (current !== undefined && time - current.start < windowMs) {
      current.group.resources.push(affected);
      if ((SEVERITY_RANK[affected.severity] ?? 0) > (SEVERITY_RANK[current.group.severity] ?? 0)) {
        (current.group as { severity: string }).severity = affected.severity;
      }
      continue;
    }
    const group = {
      key,
      vulnerabilityId,
      packageName,
      severity: affected.severity,
      windowStart: new Date(time).toISOString(),
      resources: [affected],
    };
    groups.push(group);
    open.set(key, { group, start: time });
  }
  return { groups, skipped };
}

/** The message a person reads for one group. */
export function formatGroupMessage(group: NotificationGroup): { subject: string; body: string } {
  const n = group.resources.length;
  const subject = `[${group.severity}] ${group.vulnerabilityId} in ${group.packageName}: ${n} resource${n === 1 ? "" : "s"}`;
  const body = [
    `${group.vulnerabilityId} (${group.packageName}), most severe: ${group.severity}, since ${group.windowStart}`,
    "",
    ...group.resources.map(
      (r) =>
        `- ${r.severity} ${r.resourceType} ${r.resourceId} (account ${r.accountId}, ${r.region})`,
    ),
  ].join("\n");
  return { subject: subject.slice(0, 99), body };
}
