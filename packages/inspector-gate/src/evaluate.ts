import {
  compareFindings,
  countBySeverity,
  SEVERITIES,
  type GateFinding,
  type SeverityCounts,
} from "./findings";
import type { IgnoreEntry, IgnoreList } from "./ignoreFile";
import { breachedThresholds, type ThresholdBreach, type Thresholds } from "./thresholds";

/** A finding the ignore file suppressed, with the entry that did it. */
export interface IgnoredFinding {
  readonly finding: GateFinding;
  readonly entry: IgnoreEntry;
}

/** A blocked-digest record that applies to the image (ecr mode). */
export interface BlockedRecord {
  readonly imageDigest: string;
  readonly repositoryArn: string;
  readonly reason?: string;
  readonly severity?: string;
  readonly blockedAt?: string;
  readonly findingArns: readonly string[];
}

/** What to judge, and how. */
export interface EvaluationInput {
  readonly findings: readonly GateFinding[];
  readonly thresholds: Thresholds;
  readonly fixableOnly: boolean;
  readonly ignores: IgnoreList;
  /**
   * The scanner's own counts (ScanSbom `metadata.properties`), when it reports them. The judged
   * count of a bucket is never below the scanner's count minus what the gate filtered out of it.
   */
  readonly scannerCounts?: SeverityCounts;
  readonly blocked?: readonly BlockedRecord[];
}

/** The verdict with everything the reports show. */
export interface Evaluation {
  /** Findings that count, most severe first. */
  readonly counted: readonly GateFinding[];
  readonly ignored: readonly IgnoredFinding[];
  /** Findings left out by `--fixable-only`. */
  readonly notFixable: readonly GateFinding[];
  /** Ignore entries past their date: they no longer suppress anything. */
  readonly expiredIgnores: readonly IgnoreEntry[];
  /** Counts the thresholds were compared with. */
  readonly counts: SeverityCounts;
  readonly scannerCounts?: SeverityCounts;
  readonly thresholds: Thresholds;
  readonly breaches: readonly ThresholdBreach[];
  readonly blocked: readonly BlockedRecord[];
  readonly passed: boolean;
}

/**
 * Applies the ignore file and `--fixable-only`, counts per severity and compares with the thresholds.
 * A blocked digest fails the gate whatever the counts.
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const byId = new Map(input.ignores.active.map((e) => [e.id.toUpperCase(), e]));
  const counted: GateFinding[] = [];
  const ignored: IgnoredFinding[] = [];
  const notFixable: GateFinding[] = [];
  for (const finding of input.findings) {
    const entry = byId.get(finding.id.toUpperCase());
    if (entry) {
      ignored.push({ finding, entry });
    } else if (input.fixableOnly && !finding.fixAvailable) {
      notFixable.push(finding);
    } else {
      counted.push(finding);
    }
  }
  counted.sort(compareFindings);
  const counts = countBySeverity(counted);
  if (input.scannerCounts) {
    // The scanner's tally is the authority on how many there are; the gate's per-vulnerability
    // severity (NVD rating first, as the action picks it) can disagree with it. Never judge fewer
    // than the scanner counted, less what the gate itself filtered out of that bucket.
    const removed = countBySeverity([...ignored.map((i) => i.finding), ...notFixable]);
    for (const s of SEVERITIES) {
      counts[s] = Math.max(counts[s], input.scannerCounts[s] - removed[s]);
    }
  }
  const breaches = breachedThresholds(counts, input.thresholds);
  const blocked = input.blocked ?? [];
  return {
    counted,
    ignored,
    notFixable,
    expiredIgnores: input.ignores.expired,
    counts,
    scannerCounts: input.scannerCounts,
    thresholds: input.thresholds,
    breaches,
    blocked,
    passed: breaches.length === 0 && blocked.length === 0,
  };
}
