/**
 * The EventBridge event patterns of the findings flow, as typed objects built from configuration.
 *
 * Inspector emits `aws.inspector2` events on the default bus of each Region
 * (../shared/reference/inspector-facts.md §1). `detail.severity` is a STRING (`CRITICAL`, `HIGH`,
 * ...): a numeric filter on it never matches, so severities are matched as strings, the shape of
 * AWS's own documented pattern (Inspector UG, findings-managing-automating-responses).
 */

/** The `source` of every Inspector event. */
export const INSPECTOR_SOURCE = "aws.inspector2";

/** The detail-type of finding events. */
export const FINDING_DETAIL_TYPE = "Inspector2 Finding";

/** The detail-type of initial-scan events (`detail.finding-severity-counts`). */
export const SCAN_DETAIL_TYPE = "Inspector2 Scan";

/** The detail-type of coverage events (`detail.scanStatus {statusCodeValue, reason}`). */
export const COVERAGE_DETAIL_TYPE = "Inspector2 Coverage";

/** The detail-type of the event sent when auto-enable fails (the organization is too large). */
export const AUTO_ENABLE_DETAIL_TYPE = "Inspector2 AutoEnable";

/**
 * The detail-types the continuous export keeps: every finding event (ACTIVE, SUPPRESSED and
 * CLOSED: CLOSED events measure time to remediate), and the initial-scan and coverage events the
 * KPIs need (ECR pass rate at push, instances without SSM coverage).
 */
export const EXPORT_DETAIL_TYPES: readonly string[] = [
  FINDING_DETAIL_TYPE,
  SCAN_DETAIL_TYPE,
  COVERAGE_DETAIL_TYPE,
];

/**
 * INACTIVE coverage reasons that are not coverage gaps: the resource is stopped, gone, excluded
 * on purpose, archived, or Inspector is still working on it. The KPI function leaves them out of
 * CoverageGaps (functions/lib/kpiSources.ts).
 */
export const COVERAGE_REASONS_NOT_A_GAP: readonly string[] = [
  "EC2_INSTANCE_STOPPED",
  "RESOURCE_STOPPED",
  "RESOURCE_TERMINATED",
  "EXCLUDED_BY_TAG",
  "IMAGE_ARCHIVED",
  "PENDING_INITIAL_SCAN",
  "PENDING_REVIVAL_SCAN",
  "PENDING_DISABLE",
  "SCAN_IN_PROGRESS",
  "SUCCESSFUL",
];

/**
 * Coverage reasons nobody has to act on: those above, and what the stack's own scan settings
 * decide (an ECR image past its rescan window, a repository scanned on push or manually) or
 * where there is nothing to scan. Every other INACTIVE reason (an unmanaged instance, missing or
 * stale SSM inventory, access denied, an unsupported OS or runtime, an image too large, a
 * deep-inspection or agentless limit, a lost integration) means a resource is not scanned until
 * someone fixes it. The list names what to ignore rather than what to send, so that a reason AWS
 * adds later reaches people instead of being dropped. Source: the ScanStatusReason enum
 * (Inspector API reference, ScanStatus; @aws-sdk/client-inspector2).
 */
export const COVERAGE_REASONS_NOT_ACTIONABLE: readonly string[] = [
  ...COVERAGE_REASONS_NOT_A_GAP,
  "SCAN_ELIGIBILITY_EXPIRED",
  "SCAN_FREQUENCY_MANUAL",
  "SCAN_FREQUENCY_SCAN_ON_PUSH",
  "NO_RESOURCES_FOUND",
];

/** The finding severities of the Inspector2 model, most severe first. */
export const FINDING_SEVERITIES = [
  "CRITICAL",
  "HIGH",
  "MEDIUM",
  "LOW",
  "INFORMATIONAL",
  "UNTRIAGED",
] as const;

/** One finding severity. */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The severities triaged when the configuration does not say. */
export const DEFAULT_TRIAGE_SEVERITIES: readonly FindingSeverity[] = ["CRITICAL", "HIGH"];

/** A leaf matcher of an EventBridge pattern (exact value or content filter). */
export type PatternMatcher = string | number | boolean | null | Record<string, unknown>;

/** An EventBridge event pattern: field -> list of matchers, nested object, or `$or` branches. */
export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern | readonly EventPattern[];
}

/** The routes of the findings flow, each with its rule in the home Region. */
export type FindingsRoute = "triage" | "export" | "operations";

/** The routes in the order their rules are created. */
export const FINDINGS_ROUTES: readonly FindingsRoute[] = ["triage", "export", "operations"];

/**
 * Findings of the given severities (default HIGH and CRITICAL, as strings) that are ACTIVE (to
 * notify and remediate) or CLOSED (the re-scan's verdict: the notify function forgets the
 * finding, so a reopened one notifies again, and remediation closes its audit record).
 * SUPPRESSED findings never reach triage.
 */
export function buildTriagePattern(
  severities: readonly FindingSeverity[] = DEFAULT_TRIAGE_SEVERITIES,
): EventPattern {
  return {
    source: [INSPECTOR_SOURCE],
    "detail-type": [FINDING_DETAIL_TYPE],
    detail: { severity: [...severities], status: ["ACTIVE", "CLOSED"] },
  };
}

/** Every finding event (any status), and the scan and coverage events the KPIs read. */
export function buildExportPattern(): EventPattern {
  return { source: [INSPECTOR_SOURCE], "detail-type": [...EXPORT_DETAIL_TYPES] };
}

/**
 * What people must act on: auto-enable failures, and coverage changes to INACTIVE for a reason
 * someone can fix (not {@link COVERAGE_REASONS_NOT_ACTIONABLE}). Initial-scan events are not
 * mailed: their findings arrive as finding events through triage, and the export keeps them for
 * the KPIs. Coverage fields: Inspector UG, "Amazon Inspector coverage event schema example".
 */
export function buildOperationsPattern(): EventPattern {
  return {
    source: [INSPECTOR_SOURCE],
    $or: [
      { "detail-type": [AUTO_ENABLE_DETAIL_TYPE] },
      {
        "detail-type": [COVERAGE_DETAIL_TYPE],
        detail: {
          scanStatus: {
            statusCodeValue: ["INACTIVE"],
            reason: [{ "anything-but": [...COVERAGE_REASONS_NOT_ACTIONABLE] }],
          },
        },
      },
    ],
  };
}

/**
 * The Inspector events a home-Region route consumes, by detail-type, forwarded from a non-home
 * Region to the home Region's default bus. Naming them keeps Inspector's CloudTrail API events
 * (source `aws.inspector2`, detail-type "AWS API Call via CloudTrail": EventBridge reference,
 * events-ref-inspector2) in their own Region.
 */
export function buildForwardPattern(): EventPattern {
  return { source: [INSPECTOR_SOURCE], "detail-type": [...FORWARD_DETAIL_TYPES] };
}

/** Every detail-type a home-Region route matches: what the other Regions forward. */
export const FORWARD_DETAIL_TYPES: readonly string[] = [
  FINDING_DETAIL_TYPE,
  SCAN_DETAIL_TYPE,
  COVERAGE_DETAIL_TYPE,
  AUTO_ENABLE_DETAIL_TYPE,
];

/** The pattern of each home-Region route. */
export function buildRoutePatterns(
  triageSeverities: readonly FindingSeverity[],
): Readonly<Record<FindingsRoute, EventPattern>> {
  return {
    triage: buildTriagePattern(triageSeverities),
    export: buildExportPattern(),
    operations: buildOperationsPattern(),
  };
}

/** The rule name of each home-Region route, and of the forwarding rule of the other Regions. */
export const RULE_NAMES: Readonly<Record<FindingsRoute | "forward", string>> = {
  triage: "inspector-findings-triage",
  export: "inspector-findings-export",
  operations: "inspector-findings-operations",
  forward: "inspector-findings-forward",
};

/**
 * The ARN of a rule on the default bus. Rules have fixed names so that their ARNs are known
 * before they exist: queue, topic and key policies name them without a dependency cycle.
 */
export function ruleArn(region: string, accountId: string, ruleName: string): string {
  return `arn:aws:events:${region}:${accountId}:rule/${ruleName}`;
}

/** The ARN of a Region's default event bus. */
export function defaultBusArn(region: string, accountId: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/default`;
}
