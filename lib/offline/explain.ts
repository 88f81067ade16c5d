/**
 * `explain-event`: which rules of a plan an EventBridge event reaches and matches, and why.
 *
 * An event lands on the default bus of its own Region (`event.region`), so only the rules
 * planned in that Region see it; a matched rule whose target is another Region's event bus
 * (the forwarding rule) delivers it there, where that Region's rules see it in turn.
 */
import { EventPatternError, type FieldOutcome, matchEventPattern } from "../eventPatternMatcher";
import type { RecordedResource } from "./recorder";

/** An EventBridge rule of the plan. */
export interface PlannedRule {
  /** The Pulumi resource name. */
  readonly resourceName: string;
  /** The rule's name in AWS. */
  readonly ruleName: string;
  readonly region: string;
  readonly pattern: unknown;
  /** Regions whose default bus this rule's targets put events on. */
  readonly forwardsTo: readonly string[];
}

/** How one rule treated the event. */
export interface RuleVerdict {
  readonly rule: string;
  readonly region: string;
  readonly matched: boolean;
  /** The forwarding rule that brought the event to this Region, when it was forwarded. */
  readonly via?: string;
  readonly fields: readonly FieldOutcome[];
  /** Set when the pattern itself is invalid. */
  readonly error?: string;
}

/** The explanation of one event. */
export interface EventExplanation {
  readonly source: string;
  readonly id: string | undefined;
  readonly detailType: string | undefined;
  readonly eventSource: string | undefined;
  readonly region: string | undefined;
  /** Rules that match, in evaluation order. */
  readonly matchedRules: readonly string[];
  /** Every rule the event reached. */
  readonly verdicts: readonly RuleVerdict[];
  /** Regions with rules that the event never reached. */
  readonly unreachedRegions: readonly string[];
  /** What remediation triage would decide under the stack's settings (no side effects). */
  readonly triage?: { readonly action: string; readonly reason: string };
  /** Why nothing matched, when nothing did. */
  readonly note?: string;
}

const RULE_TYPE = "aws:cloudwatch/eventRule:EventRule";
const TARGET_TYPE = "aws:cloudwatch/eventTarget:EventTarget";
const BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:event-bus\//;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The rules of a plan, with their Region (`region` input, else `defaultRegion`) and the
 * Regions their targets forward to.
 */
export function plannedRules(
  registrations: readonly RecordedResource[],
  defaultRegion: string,
): PlannedRule[] {
  const regionOf = (r: RecordedResource) =>
    typeof r.inputs.region === "string" ? r.inputs.region : defaultRegion;
  const targets = registrations.filter((r) => r.type === TARGET_TYPE);
  return registrations
    .filter((r) => r.type === RULE_TYPE && typeof r.inputs.eventPattern === "string")
    .map((r) => {
      const region = regionOf(r);
      const ruleName = typeof r.inputs.name === "string" ? r.inputs.name : r.name;
      const forwardsTo = targets
        .filter((t) => t.inputs.rule === ruleName && regionOf(t) === region)
        .map((t) =>
          typeof t.inputs.arn === "string" ? BUS_ARN.exec(t.inputs.arn)?.[1] : undefined,
        )
        .filter((to): to is string => to !== undefined && to !== region);
      return {
        resourceName: r.name,
        ruleName,
        region,
        pattern: JSON.parse(r.inputs.eventPattern as string) as unknown,
        forwardsTo,
      };
    });
}

function judge(rule: PlannedRule, event: unknown, via: string | undefined): RuleVerdict {
  const base = { rule: rule.ruleName, region: rule.region, ...(via === undefined ? {} : { via }) };
  try {
    const result = matchEventPattern(rule.pattern, event);
    return { ...base, matched: result.matched, fields: result.fields };
  } catch (err) {
    if (err instanceof EventPatternError) {
      return { ...base, matched: false, fields: [], error: err.message };
    }
    throw err;
  }
}

/** Explains one event against the planned rules. */
export function explainEvent(
  event: unknown,
  rules: readonly PlannedRule[],
  source: string,
): EventExplanation {
  const record = isRecord(event) ? event : {};
  const str = (key: string) => (typeof record[key] === "string" ? record[key] : undefined);
  const region = str("region");
  const verdicts: RuleVerdict[] = [];
  const visited = new Set<string>();
  const queue: { region: string; via: string | undefined }[] =
    region === undefined ? [] : [{ region, via: undefined }];
  while (queue.length > 0) {
    const stop = queue.shift() as { region: string; via: string | undefined };
    if (visited.has(stop.region)) {
      continue;
    }
    visited.add(stop.region);
    for (const rule of rules.filter((r) => r.region === stop.region)) {
      const verdict = judge(rule, event, stop.via);
      verdicts.push(verdict);
      if (verdict.matched) {
        for (const to of rule.forwardsTo) {
          queue.push({ region: to, via: `${rule.ruleName} (${rule.region})` });
        }
      }
    }
  }
  const ruleRegions = [...new Set(rules.map((r) => r.region))];
  const matchedRules = verdicts.filter((v) => v.matched).map((v) => `${v.rule} (${v.region})`);
  let note: string | undefined;
  if (region === undefined) {
    note = "the event has no `region`, so no bus receives it";
  } else if (!ruleRegions.includes(region)) {
    note = `${region} has no rules in this plan (rules exist in ${ruleRegions.join(", ")}); its events stay on ${region}'s bus`;
  }
  return {
    source,
    id: str("id"),
    detailType: str("detail-type"),
    eventSource: str("source"),
    region,
    matchedRules,
    verdicts,
    unreachedRegions: ruleRegions.filter((r) => !visited.has(r)),
    ...(note === undefined ? {} : { note }),
  };
}

/** The explanations as a person reads them. */
export function formatExplanations(
  stack: string,
  explanations: readonly EventExplanation[],
): string {
  const lines: string[] = [];
  for (const e of explanations) {
    lines.push(
      `${e.source}: ${e.detailType ?? "?"} from ${e.eventSource ?? "?"} in ${e.region ?? "?"} (id ${e.id ?? "?"})`,
      e.matchedRules.length > 0
        ? `  matches ${e.matchedRules.length} rule(s) of stack ${stack}: ${e.matchedRules.join(", ")}`
        : `  matches no rule of stack ${stack}`,
    );
    if (e.note !== undefined) {
      lines.push(`  note: ${e.note}`);
    }
    for (const v of e.verdicts) {
      lines.push(
        `  ${v.matched ? "MATCH   " : "no match"} ${v.rule} (${v.region})${v.via === undefined ? "" : ` via ${v.via}`}`,
      );
      if (v.error !== undefined) {
        lines.push(`      invalid pattern: ${v.error}`);
      }
      for (const f of v.fields) {
        lines.push(`      ${f.matched ? "+" : "-"} ${f.reason}`);
      }
    }
    if (e.unreachedRegions.length > 0) {
      lines.push(`  not reached: the rules of ${e.unreachedRegions.join(", ")}`);
    }
    if (e.triage !== undefined) {
      lines.push(`  triage would decide: ${e.triage.action} (${e.triage.reason})`);
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
