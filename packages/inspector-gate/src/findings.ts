/**
 * The gate's own view of a vulnerability, whichever scanner it came from: Inspector2 ListFindings
 * (ecr mode) or the CycloneDX document ScanSbom returns (sbom mode).
 */

/** Severity buckets of the Inspector GitHub Action's thresholds (critical, high, medium, low, other). */
export const SEVERITIES = ["critical", "high", "medium", "low", "other"] as const;

/** One threshold bucket. */
export type Severity = (typeof SEVERITIES)[number];

/** A count per severity bucket. */
export type SeverityCounts = Record<Severity, number>;

/** One vulnerability found in the image or SBOM. */
export interface GateFinding {
  /** Vulnerability id (CVE-..., GHSA-..., ALAS-...), the key of the ignore file and of SARIF rules. */
  readonly id: string;
  readonly severity: Severity;
  /** One line for people: the Inspector title, or the package and version. */
  readonly title: string;
  readonly description?: string;
  /** Affected packages, `name@version` (or the CycloneDX purl). */
  readonly packages: readonly string[];
  /** Whether a fixed version exists (Inspector `fixAvailable` YES or PARTIAL; a CycloneDX `fixed_version` property). */
  readonly fixAvailable: boolean;
  /** The fixed versions, when the scanner names them. */
  readonly fixedIn: readonly string[];
  /** CVSS base score of the rating the severity came from, when there is one. */
  readonly score?: number;
  /** Advisory URL. */
  readonly url?: string;
  /** The Inspector finding ARN (ecr mode). */
  readonly findingArn?: string;
}

/** All-zero counts. */
export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, other: 0 };
}

/** Tally findings per severity. */
export function countBySeverity(findings: readonly GateFinding[]): SeverityCounts {
  const counts = zeroCounts();
  for (const f of findings) {
    counts[f.severity] += 1;
  }
  return counts;
}

/**
 * Maps a scanner's severity word to a bucket. Inspector2 uses CRITICAL/HIGH/MEDIUM/LOW and
 * INFORMATIONAL/UNTRIAGED; CycloneDX ratings use critical/high/medium/low/info/none/unknown. Everything
 * that is not one of the four named levels is "other", as in the GitHub Action ("info, none, unknown").
 */
export function toSeverity(word: string | undefined): Severity {
  const w = (word ?? "").toLowerCase();
  return w === "critical" || w === "high" || w === "medium" || w === "low" ? w : "other";
}

/** Sort order for reports: most severe first, then by id. */
export function compareFindings(a: GateFinding, b: GateFinding): number {
  const bySeverity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  return bySeverity !== 0 ? bySeverity : a.id.localeCompare(b.id);
}
