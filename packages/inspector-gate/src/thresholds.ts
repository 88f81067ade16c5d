import { SEVERITIES, type Severity, type SeverityCounts } from "./findings";

/**
 * Per-severity thresholds, the shape of the Inspector GitHub Action's inputs (`critical_threshold`,
 * `high_threshold`, `medium_threshold`, `low_threshold`, `other_threshold`).
 */
export type Thresholds = SeverityCounts;

/** No threshold set: every bucket 0, which disables it (as in the action, whose defaults are 0). */
export const NO_THRESHOLDS: Thresholds = Object.freeze({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  other: 0,
});

/** A bucket whose count reached its threshold. */
export interface ThresholdBreach {
  readonly severity: Severity;
  readonly count: number;
  readonly threshold: number;
}

/**
 * The buckets whose count reached their threshold.
 *
 * Same rule as the Inspector GitHub Action
 * (aws-actions/vulnerability-scan-github-action-for-amazon-inspector,
 * `entrypoint/entrypoint/orchestrator.py` `exceeds_threshold`: `if 0 < critical_threshold <= criticals`):
 * a bucket fails when its count is **at or above** the threshold, and a threshold of 0 disables the
 * bucket. So `--critical 1` fails on the first critical finding.
 */
export function breachedThresholds(
  counts: SeverityCounts,
  thresholds: Thresholds,
): ThresholdBreach[] {
  const breaches: ThresholdBreach[] = [];
  for (const severity of SEVERITIES) {
    const threshold = thresholds[severity];
    if (threshold > 0 && counts[severity] >= threshold) {
      breaches.push({ severity, count: counts[severity], threshold });
    }
  }
  return breaches;
}
