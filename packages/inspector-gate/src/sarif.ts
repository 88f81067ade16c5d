import type { Evaluation } from "./evaluate";
import { compareFindings, type GateFinding, type Severity } from "./findings";
import type { GateTarget } from "./report";

/** SARIF 2.1.0 result levels used by the gate. */
export type SarifLevel = "error" | "warning" | "note";

/** Result level per severity: critical and high are errors, medium a warning, the rest notes. */
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  other: "note",
};

/**
 * `security-severity` (a CVSS-like number GitHub code scanning sorts by) when the finding has no
 * score of its own: the middle of each CVSS v3 band.
 */
const DEFAULT_SECURITY_SEVERITY: Readonly<Record<Severity, number>> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  other: 0.0,
};

const SARIF_SCHEMA =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** Options of the SARIF document. */
export interface SarifOptions {
  /** The tool version (package.json). */
  readonly version: string;
  /**
   * The repository file the results point at: code scanning needs a physical location. The SBOM
   * file in sbom mode; `Dockerfile` in ecr mode.
   */
  readonly artifactUri: string;
}

interface Row {
  readonly finding: GateFinding;
  readonly suppression?: { readonly reason: string; readonly expires: string };
}

/**
 * A SARIF 2.1.0 log: one run, one rule per vulnerability id, one result per finding (ignored
 * findings carry an external suppression with the ignore file's reason).
 */
export function buildSarif(target: GateTarget, e: Evaluation, options: SarifOptions): unknown {
  const rows: Row[] = [
    ...e.counted.map((finding) => ({ finding })),
    ...e.notFixable.map((finding) => ({ finding })),
    ...e.ignored.map((i) => ({
      finding: i.finding,
      suppression: { reason: i.entry.reason, expires: i.entry.expires },
    })),
  ].sort((a, b) => compareFindings(a.finding, b.finding));
  const ruleIndex = new Map<string, number>();
  const rules: unknown[] = [];
  for (const { finding: f } of rows) {
    if (ruleIndex.has(f.id)) {
      continue;
    }
    ruleIndex.set(f.id, rules.length);
    rules.push({
      id: f.id,
      name: f.id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: f.id },
      fullDescription: { text: f.description ?? f.title },
      ...(f.url ? { helpUri: f.url } : {}),
      help: {
        text: f.fixAvailable
          ? `Upgrade to a fixed version${f.fixedIn.length > 0 ? `: ${f.fixedIn.join(", ")}` : ""}.`
          : "No fixed version is available yet.",
      },
      defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
      properties: {
        tags: ["security", "vulnerability", f.severity],
        "security-severity": (f.score ?? DEFAULT_SECURITY_SEVERITY[f.severity]).toFixed(1),
      },
    });
  }
  const results = rows.map(({ finding: f, suppression }) => ({
    ruleId: f.id,
    ruleIndex: ruleIndex.get(f.id),
    level: SARIF_LEVEL[f.severity],
    message: {
      text: `${f.severity.toUpperCase()} ${f.title}${f.fixAvailable ? ` (fixed in ${f.fixedIn.join(", ") || "a newer version"})` : ""} in ${target.subject}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: options.artifactUri } },
        logicalLocations: f.packages.map((p) => ({ name: p, kind: "package" })),
      },
    ],
    partialFingerprints: {
      vulnerabilityPackage: `${f.id}|${[...f.packages].sort().join(",")}`,
    },
    ...(suppression
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `${suppression.reason} (until ${suppression.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      fixAvailable: f.fixAvailable,
      ...(f.findingArn ? { findingArn: f.findingArn } : {}),
    },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "inspector-gate",
            version: options.version,
            informationUri: "https://docs.aws.amazon.com/inspector/latest/user/scanning-cicd.html",
            rules,
          },
        },
        automationDetails: { id: `inspector-gate/${target.mode}/` },
        results,
      },
    ],
  };
}
