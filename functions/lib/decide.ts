/**
 * Triage as pure functions: rank a finding, decide what to do under the stack's settings, and
 * explain it. No I/O: the handler gathers facts (network exposure from other findings) first.
 */
import {
  type FindingEvent,
  MalformedEventError,
  parseFindingEvent,
  primaryResource,
} from "./finding";
import type { RemediationMode, RemediationSettings } from "./settings";

/** What triage does with a finding. */
export type TriageAction = "notify" | "ticket" | "patch" | "contain" | "block-image" | "none";

/** A priority bucket, P1 first. */
export type Priority = "P1" | "P2" | "P3" | "P4";

/** Facts about the finding's resource that are not in the finding itself. */
export interface TriageFacts {
  /** Whether the instance has an ACTIVE network reachability finding (looked up by the handler). */
  readonly networkExposed?: boolean;
}

/** The rank of a finding: a 0-100 score, its bucket, and what contributed. */
export interface Rank {
  readonly score: number;
  readonly priority: Priority;
  readonly factors: readonly string[];
}

/** The decision for one finding. */
export interface TriageDecision {
  readonly action: TriageAction;
  /** `enforce` acts, `dry-run` records only; absent for actions that are routing only. */
  readonly mode?: Exclude<RemediationMode, "off">;
  readonly reason: string;
  readonly rank?: Rank;
}

/** Severity stand-in when `inspectorScore` is absent (it is on several finding types). */
const SEVERITY_SCORE: Readonly<Record<string, number>> = {
  CRITICAL: 9.5,
  HIGH: 7.5,
  MEDIUM: 5,
  LOW: 2,
  INFORMATIONAL: 0,
  UNTRIAGED: 5,
};

const ACTIONABLE_SEVERITIES = new Set(["HIGH", "CRITICAL"]);

/**
 * Inspector's package manager of operating-system packages. Every other one (JAR, NPM, PIP,
 * GOBINARY, ...) is an application dependency, often transitive, that a patch baseline cannot
 * update (Inspector API reference, PackageManager; SSM UG, patch-manager-about-aws-runpatchbaseline).
 */
const OS_PACKAGE_MANAGER = "OS";

function vulnerablePackagesOf(event: FindingEvent) {
  return event.detail.packageVulnerabilityDetails?.vulnerablePackages ?? [];
}

/** Whether the patch baseline can fix the finding: a package of the OS (or one Inspector did not attribute). */
function hasOsPackage(event: FindingEvent): boolean {
  const packages = vulnerablePackagesOf(event);
  return (
    packages.length === 0 ||
    packages.some((p) => p.packageManager === undefined || p.packageManager === OS_PACKAGE_MANAGER)
  );
}

/** The application package managers of a finding, for the escalation's reason. */
function applicationPackageManagers(event: FindingEvent): string[] {
  return [
    ...new Set(vulnerablePackagesOf(event).map((p) => p.packageManager ?? OS_PACKAGE_MANAGER)),
  ];
}

/** Whether the finding says its own resource is reachable from a network. */
function isSelfExposed(event: FindingEvent): boolean {
  return (
    event.detail.type === "NETWORK_REACHABILITY" ||
    event.detail.networkReachabilityDetails !== undefined
  );
}

/** Whether the instance is network-exposed: from the finding itself or the looked-up facts. */
export function isNetworkExposed(event: FindingEvent, facts: TriageFacts = {}): boolean {
  return isSelfExposed(event) || facts.networkExposed === true;
}

/**
 * Ranks a finding (0-100): exploit available +35, fix available +15 (partial +8), EPSS up to +20
 * (saturating at 0.5), Inspector score (or severity) up to +20, network-exposed +10.
 * P1 >= 70, P2 >= 50, P3 >= 30, else P4.
 */
export function rankFinding(event: FindingEvent, facts: TriageFacts = {}): Rank {
  const d = event.detail;
  const factors: string[] = [];
  let score = 0;
  if (d.exploitAvailable === "YES") {
    score += 35;
    factors.push("exploit available");
  }
  if (d.fixAvailable === "YES") {
    score += 15;
    factors.push("fix available");
  } else if (d.fixAvailable === "PARTIAL") {
    score += 8;
    factors.push("partial fix available");
  }
  if (d.epss !== undefined) {
    score += Math.round(Math.min(d.epss.score / 0.5, 1) * 20);
    factors.push(`EPSS ${d.epss.score}`);
  }
  const base = d.inspectorScore ?? SEVERITY_SCORE[d.severity] ?? 0;
  score += Math.round(base * 2);
  factors.push(
    d.inspectorScore === undefined
      ? `severity ${d.severity} (no Inspector score)`
      : `Inspector score ${d.inspectorScore}`,
  );
  if (isNetworkExposed(event, facts)) {
    score += 10;
    factors.push("network-exposed");
  }
  score = Math.min(score, 100);
  const priority: Priority = score >= 70 ? "P1" : score >= 50 ? "P2" : score >= 30 ? "P3" : "P4";
  return { score, priority, factors };
}

/** Whether a tag map opts in: the key's value is `true` (case-insensitive). */
export function hasTrueTag(
  tags: Readonly<Record<string, string>> | undefined,
  key: string,
): boolean {
  return tags?.[key]?.toLowerCase() === "true";
}

/** A human escalation: a ticket for P1/P2 when the webhook is configured, else a notification. */
function escalate(settings: RemediationSettings, rank: Rank, why: string): TriageDecision {
  const ticket =
    settings.ticketWebhookUrl !== undefined && (rank.priority === "P1" || rank.priority === "P2");
  return {
    action: ticket ? "ticket" : "notify",
    reason: `${why}; ${rank.priority} (score ${rank.score}: ${rank.factors.join(", ")})`,
    rank,
  };
}

/** An automated action under its mode; `off` falls through to `next`. */
function underMode(
  mode: RemediationMode,
  action: TriageAction,
  reason: string,
  rank: Rank,
  next: () => TriageDecision,
  modeKey: string,
): TriageDecision {
  if (mode === "off") {
    const fallback = next();
    return { ...fallback, reason: `${modeKey} is off; ${fallback.reason}` };
  }
  return {
    action,
    mode,
    reason: mode === "dry-run" ? `dry-run: would ${action}: ${reason}` : reason,
    rank,
  };
}

function decideEc2(
  event: FindingEvent,
  settings: RemediationSettings,
  facts: TriageFacts,
  rank: Rank,
): TriageDecision {
  const d = event.detail;
  const tags = primaryResource(d).tags;
  const patchOrEscalate = (): TriageDecision => {
    if (d.type !== "PACKAGE_VULNERABILITY") {
      return escalate(settings, rank, `${d.type} finding on an instance needs a person`);
    }
    if (d.fixAvailable !== "YES" && d.fixAvailable !== "PARTIAL") {
      return escalate(settings, rank, "no fix available: replace or mitigate");
    }
    if (!hasOsPackage(event)) {
      return escalate(
        settings,
        rank,
        `application dependency (${applicationPackageManagers(event).join(", ")}): AWS-RunPatchBaseline installs OS packages only; upgrade the dependency in the application and redeploy`,
      );
    }
    if (!hasTrueTag(tags, settings.patchTagKey)) {
      return escalate(
        settings,
        rank,
        `instance not opted in to automatic patching (tag ${settings.patchTagKey}=true)`,
      );
    }
    return underMode(
      settings.patchMode,
      "patch",
      `fix available and instance opted in (${settings.patchTagKey}=true)`,
      rank,
      () =>
        escalate(
          settings,
          rank,
          "fix available and instance opted in, but not patched automatically",
        ),
      "patchMode",
    );
  };
  const isContainable =
    settings.autoContain &&
    d.severity === "CRITICAL" &&
    d.exploitAvailable === "YES" &&
    isNetworkExposed(event, facts);
  if (isContainable) {
    return underMode(
      settings.containmentMode,
      "contain",
      "CRITICAL, exploit available and network-exposed (autoContain rule)",
      rank,
      patchOrEscalate,
      "containmentMode",
    );
  }
  return patchOrEscalate();
}

function decideEcr(event: FindingEvent, settings: RemediationSettings, rank: Rank): TriageDecision {
  if (event.detail.severity !== "CRITICAL") {
    return {
      action: "notify",
      reason: `HIGH finding on an image: notify its owner; ${rank.priority}`,
      rank,
    };
  }
  return underMode(
    settings.blockImageMode,
    "block-image",
    "CRITICAL finding on an image: block its digest and notify its owner",
    rank,
    () => ({ action: "notify", reason: "CRITICAL finding on an image: notify its owner", rank }),
    "blockImageMode",
  );
}

/** Decides what to do with a validated finding event under the settings. Pure. */
export function decide(
  event: FindingEvent,
  settings: RemediationSettings,
  facts: TriageFacts = {},
): TriageDecision {
  const d = event.detail;
  if (d.status === "CLOSED") {
    return { action: "none", reason: "finding CLOSED: its audit record is closed" };
  }
  if (d.status === "SUPPRESSED") {
    return { action: "none", reason: "finding SUPPRESSED by a suppression rule" };
  }
  if (!ACTIONABLE_SEVERITIES.has(d.severity)) {
    return { action: "none", reason: `severity ${d.severity} is below HIGH` };
  }
  const rank = rankFinding(event, facts);
  switch (primaryResource(d).type) {
    case "AWS_EC2_INSTANCE":
      return decideEc2(event, settings, facts, rank);
    case "AWS_ECR_CONTAINER_IMAGE":
      return decideEcr(event, settings, rank);
    default:
      return escalate(settings, rank, `${primaryResource(d).type} finding needs its owner`);
  }
}

/**
 * What triage would decide for an event, with no side effects: the offline `explain-event`
 * command calls this. A malformed event gets `none` and the validation problems as the reason.
 */
export function explainTriage(
  event: unknown,
  settings: RemediationSettings,
  facts: TriageFacts = {},
): { action: TriageAction; reason: string } {
  try {
    const decision = decide(parseFindingEvent(event), settings, facts);
    return { action: decision.action, reason: decision.reason };
  } catch (err) {
    if (err instanceof MalformedEventError) {
      return { action: "none", reason: err.message };
    }
    throw err;
  }
}
