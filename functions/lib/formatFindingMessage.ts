/** Turns an Inspector finding event into a notification a person reads. */
import type { FindingEvent } from "./findingEvent";
import { snsSubject } from "./snsSubject";

/** An SNS message: subject (email subject line) and body. */
export interface FindingMessage {
  /** At most 100 printable ASCII characters (./snsSubject.ts). */
  readonly subject: string;
  readonly body: string;
}

/** How many vulnerable packages the message lists before "and N more". */
export const MAX_PACKAGES = 5;

const FIX_WORDING: Readonly<Record<string, string>> = {
  YES: "YES",
  NO: "NO",
  PARTIAL: "PARTIAL (some, not all, packages have a fixed version)",
};

/**
 * The Inspector console's findings page of the Region. The console has no documented deep link
 * to one finding, so the body also carries the finding ARN to paste into its filter.
 */
export function consoleLink(region: string): string {
  return `https://${region}.console.aws.amazon.com/inspector/v2/home?region=${region}#/findings/all`;
}

/** The message for one finding event: title, severity, resource, account, Region, fix, exploit, link. */
export function formatFindingMessage(event: FindingEvent): FindingMessage {
  const d = event.detail;
  const title = d.title ?? d.packageVulnerabilityDetails?.vulnerabilityId ?? d.type;
  const resource = d.resources[0];
  const score =
    d.inspectorScore === undefined ? "no Inspector score" : `Inspector score ${d.inspectorScore}`;
  const packages = d.packageVulnerabilityDetails?.vulnerablePackages ?? [];
  const packageLines = packages
    .slice(0, MAX_PACKAGES)
    .map(
      (p) =>
        `  - ${p.name} ${p.version ?? "?"}${p.fixedInVersion === undefined ? " (no fixed version)" : ` -> ${p.fixedInVersion}`}`,
    );
  if (packages.length > MAX_PACKAGES) {
    packageLines.push(`  - and ${packages.length - MAX_PACKAGES} more`);
  }
  const exploit = d.exploitAvailable ?? "unknown";
  const lastExploit = d.exploitabilityDetails?.lastKnownExploitAt;
  const lines = [
    `${d.severity} Amazon Inspector finding: ${title}`,
    "",
    `Severity:          ${d.severity} (${score})`,
    `Status:            ${d.status}`,
    `Type:              ${d.type}`,
    `Resource:          ${resource.type} ${resource.id}${d.resources.length > 1 ? ` (and ${d.resources.length - 1} more)` : ""}`,
    `Account:           ${d.awsAccountId}`,
    `Region:            ${event.region}`,
    `Fix available:     ${FIX_WORDING[d.fixAvailable ?? ""] ?? d.fixAvailable ?? "unknown"}`,
    `Exploit available: ${exploit}${exploit === "YES" && lastExploit !== undefined ? ` (last known exploit ${lastExploit})` : ""}`,
  ];
  if (d.packageVulnerabilityDetails !== undefined) {
    const source = d.packageVulnerabilityDetails.source;
    lines.push(
      `Vulnerability:     ${d.packageVulnerabilityDetails.vulnerabilityId}${source === undefined ? "" : ` (${source})`}`,
    );
  }
  if (packageLines.length > 0) {
    lines.push("Packages:", ...packageLines);
  }
  lines.push(
    "",
    `Console:           ${consoleLink(event.region)}`,
    `Finding ARN:       ${d.findingArn}`,
    `Updated:           ${d.updatedAt ?? event.time}`,
  );
  return {
    subject: snsSubject(`[${d.severity}] ${title} in ${d.awsAccountId} ${event.region}`),
    body: lines.join("\n"),
  };
}
