/**
 * Reading EventBridge event patterns: which rules receive Inspector findings, and which
 * severities they match. Inspector emits `aws.inspector2` events whose `detail.severity` is a
 * string (CRITICAL, HIGH, ...), never a number.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { asList, isRecord, parseJsonInput, resourcesOf } from "./resources";

/** The `source` of Inspector2 events. */
export const INSPECTOR_EVENT_SOURCE = "aws.inspector2";

/** The parsed event pattern of a rule, or undefined when unknown, invalid or absent. */
export function eventPatternOf(
  props: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const parsed = parseJsonInput(props["eventPattern"]);
  return parsed.kind === "parsed" && isRecord(parsed.value) ? parsed.value : undefined;
}

/** True when the pattern matches events from Inspector2. */
export function isInspectorPattern(pattern: Record<string, unknown>): boolean {
  return asList(pattern["source"]).includes(INSPECTOR_EVENT_SOURCE);
}

/** The matchers of `detail.severity` (empty when the pattern does not filter on it). */
export function severityMatchers(pattern: Record<string, unknown>): unknown[] {
  const detail = pattern["detail"];
  return isRecord(detail) ? asList(detail["severity"]) : [];
}

/**
 * True when the pattern lets CRITICAL findings through: no severity filter, or a filter that
 * lists "CRITICAL".
 */
export function matchesCritical(pattern: Record<string, unknown>): boolean {
  const matchers = severityMatchers(pattern);
  return matchers.length === 0 || matchers.includes("CRITICAL");
}

/** The EventBridge rules of the stack that receive Inspector events, with their patterns. */
export function inspectorRules(
  resources: readonly PolicyResource[],
): { rule: PolicyResource; pattern: Record<string, unknown> }[] {
  const rules: { rule: PolicyResource; pattern: Record<string, unknown> }[] = [];
  for (const rule of resourcesOf(resources, aws.cloudwatch.EventRule)) {
    const pattern = eventPatternOf(rule.props);
    if (pattern !== undefined && isInspectorPattern(pattern)) {
      rules.push({ rule, pattern });
    }
  }
  return rules;
}
