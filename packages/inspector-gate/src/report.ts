import type { Evaluation } from "./evaluate";
import { SEVERITIES, type GateFinding } from "./findings";

/** What was scanned, for the headers of every report. */
export interface GateTarget {
  readonly mode: "ecr" | "sbom";
  /** The image (`repo@sha256:...`, or the full URI) or the SBOM file path. */
  readonly subject: string;
  /** ecr mode: the final ECR scan status. */
  readonly scanStatus?: string;
}

const MAX_TABLE_ROWS = 50;

function verdictLine(e: Evaluation): string {
  if (e.passed) {
    return "Result: PASS";
  }
  const reasons = [
    ...e.blocked.map(
      (b) => `digest blocked in ${b.repositoryArn}${b.reason ? ` (${b.reason})` : ""}`,
    ),
    ...e.breaches.map((b) => `${b.severity} ${b.count} >= threshold ${b.threshold}`),
  ];
  return `Result: FAIL (${reasons.join("; ")})`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function fixText(f: GateFinding): string {
  return f.fixAvailable ? (f.fixedIn.length > 0 ? f.fixedIn.join(", ") : "yes") : "-";
}

/** The plain-text report for build logs. */
export function formatTable(target: GateTarget, e: Evaluation): string {
  const lines: string[] = [];
  lines.push(
    `inspector-gate ${target.mode}: ${target.subject}${target.scanStatus ? ` (scan ${target.scanStatus})` : ""}`,
  );
  lines.push("");
  lines.push(`${pad("SEVERITY", 10)}${pad("COUNT", 7)}${pad("THRESHOLD", 11)}RESULT`);
  for (const s of SEVERITIES) {
    const t = e.thresholds[s];
    const breached = e.breaches.some((b) => b.severity === s);
    lines.push(
      `${pad(s, 10)}${pad(String(e.counts[s]), 7)}${pad(t > 0 ? String(t) : "off", 11)}${t > 0 ? (breached ? "FAIL" : "ok") : "-"}`,
    );
  }
  if (e.counted.length > 0) {
    lines.push("");
    lines.push(`${pad("ID", 22)}${pad("SEVERITY", 10)}${pad("FIX", 24)}PACKAGE`);
    for (const f of e.counted.slice(0, MAX_TABLE_ROWS)) {
      lines.push(
        `${pad(f.id, 22)}${pad(f.severity, 10)}${pad(truncate(fixText(f), 23), 24)}${truncate(f.packages.join(", ") || "-", 60)}`,
      );
    }
    if (e.counted.length > MAX_TABLE_ROWS) {
      lines.push(`... and ${e.counted.length - MAX_TABLE_ROWS} more (--json or --sarif for all)`);
    }
  }
  if (e.notFixable.length > 0) {
    lines.push("");
    lines.push(`Not counted, no fix available (--fixable-only): ${e.notFixable.length}`);
  }
  if (e.ignored.length > 0) {
    lines.push("");
    lines.push(`Ignored (${e.ignored.length}):`);
    for (const i of e.ignored) {
      lines.push(
        `  ${i.finding.id} ${i.finding.severity} until ${i.entry.expires}: ${i.entry.reason}`,
      );
    }
  }
  if (e.expiredIgnores.length > 0) {
    lines.push("");
    lines.push(`Expired ignore entries, counted again (${e.expiredIgnores.length}):`);
    for (const x of e.expiredIgnores) {
      lines.push(`  ${x.id} expired ${x.expires} (line ${x.line}): ${x.reason}`);
    }
  }
  if (e.blocked.length > 0) {
    lines.push("");
    lines.push(`Blocked digest (${e.blocked.length}):`);
    for (const b of e.blocked) {
      lines.push(
        `  ${b.repositoryArn}${b.blockedAt ? ` since ${b.blockedAt}` : ""}${b.reason ? `: ${b.reason}` : ""}`,
      );
    }
  }
  lines.push("");
  lines.push(verdictLine(e));
  return lines.join("\n");
}

/** The `--json` document. */
export function jsonReport(target: GateTarget, e: Evaluation, exitCode: number): unknown {
  return {
    mode: target.mode,
    subject: target.subject,
    scanStatus: target.scanStatus,
    result: e.passed ? "pass" : "fail",
    exitCode,
    thresholds: e.thresholds,
    counts: e.counts,
    scannerCounts: e.scannerCounts,
    breaches: e.breaches,
    blocked: e.blocked,
    findings: e.counted,
    notFixable: e.notFixable.map((f) => f.id),
    ignored: e.ignored.map((i) => ({
      id: i.finding.id,
      severity: i.finding.severity,
      reason: i.entry.reason,
      expires: i.entry.expires,
    })),
    expiredIgnores: e.expiredIgnores,
  };
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A markdown summary for pull-request comments and `$GITHUB_STEP_SUMMARY`. */
export function formatMarkdown(target: GateTarget, e: Evaluation): string {
  const lines: string[] = [];
  lines.push(
    `### ${e.passed ? "✅" : "❌"} Amazon Inspector image gate: ${e.passed ? "passed" : "failed"}`,
  );
  lines.push("");
  lines.push(
    `\`${mdCell(target.subject)}\` (${target.mode} mode${target.scanStatus ? `, scan ${target.scanStatus}` : ""})`,
  );
  lines.push("");
  lines.push("| Severity | Count | Threshold | Result |");
  lines.push("|---|---:|---:|---|");
  for (const s of SEVERITIES) {
    const t = e.thresholds[s];
    const breached = e.breaches.some((b) => b.severity === s);
    lines.push(
      `| ${s} | ${e.counts[s]} | ${t > 0 ? t : "off"} | ${t > 0 ? (breached ? "❌ exceeded" : "ok") : "-"} |`,
    );
  }
  if (e.blocked.length > 0) {
    lines.push("");
    lines.push("**Blocked digest:**");
    for (const b of e.blocked) {
      lines.push(`- \`${b.repositoryArn}\`${b.reason ? `: ${mdCell(b.reason)}` : ""}`);
    }
  }
  if (e.counted.length > 0) {
    lines.push("");
    lines.push(
      "<details><summary>Vulnerabilities counted (" + String(e.counted.length) + ")</summary>",
    );
    lines.push("");
    lines.push("| ID | Severity | Fixed in | Packages |");
    lines.push("|---|---|---|---|");
    for (const f of e.counted.slice(0, 100)) {
      const id = f.url ? `[${f.id}](${f.url})` : f.id;
      lines.push(
        `| ${id} | ${f.severity} | ${mdCell(fixText(f))} | ${mdCell(f.packages.join(", ") || "-")} |`,
      );
    }
    if (e.counted.length > 100) {
      lines.push("");
      lines.push(`… and ${e.counted.length - 100} more.`);
    }
    lines.push("");
    lines.push("</details>");
  }
  if (e.ignored.length > 0) {
    lines.push("");
    lines.push(`**Ignored (${e.ignored.length}):**`);
    for (const i of e.ignored) {
      lines.push(
        `- ${i.finding.id} (${i.finding.severity}) until ${i.entry.expires}: ${mdCell(i.entry.reason)}`,
      );
    }
  }
  if (e.expiredIgnores.length > 0) {
    lines.push("");
    lines.push(`**Expired ignore entries, counted again (${e.expiredIgnores.length}):**`);
    for (const x of e.expiredIgnores) {
      lines.push(`- ${x.id} expired ${x.expires}: ${mdCell(x.reason)}`);
    }
  }
  lines.push("");
  return lines.join("\n");
}
