/** The verify report as text: one line per Region, gaps grouped by likely cause, read failures. */
import type { RegionProblem } from "../day0/awsErrors";
import type { Gap } from "./gaps";
import type { VerifyReport } from "./verify";

/** Accounts a grouped gap line names before "and N more". */
const ACCOUNTS_SHOWN = 5;

function gapSubject(g: Gap): string {
  return g.targetId ?? g.accountId ?? "";
}

/** One line per read that failed, with its likely cause. */
export function formatProblems(problems: readonly RegionProblem[]): string[] {
  return problems.map((p) => `  ${p.region}: ${p.call} failed: ${p.error} (likely ${p.cause})`);
}

/** The report, as lines of text. */
export function formatVerifyReport(stack: string, report: VerifyReport): string {
  const lines = [
    `Verify of stack "${stack}" (${report.enablementMode} mode), delegated administrator ${report.delegatedAdminAccountId}: ${report.accountsExpected} accounts x ${report.regions.length} Regions`,
  ];
  for (const r of report.regions) {
    const types = Object.entries(r.enabledByScanType)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ");
    const resources =
      r.resourcesByStatus === undefined
        ? ""
        : `; resources ${Object.entries(r.resourcesByStatus)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}`;
    lines.push(
      `  ${r.region.padEnd(15)} ${r.accountsCovered}/${r.accountsExpected} accounts covered (${types})${resources}`,
    );
  }
  const t = report.totals;
  lines.push(
    `Coverage: ${t.accountRegionsCovered}/${t.accountRegions} account-Regions (${t.percentCovered}%)`,
  );
  if (report.gaps.length > 0) {
    lines.push(`Gaps (${report.gaps.length}), by likely cause:`);
    for (const { cause, count } of report.gapsByCause) {
      const of = report.gaps.filter((g) => g.cause === cause);
      const shown = of
        .slice(0, ACCOUNTS_SHOWN)
        .map(
          (g) =>
            `${g.region} ${gapSubject(g)}${g.scanType === undefined ? "" : ` ${g.scanType}`} [${g.status}]`,
        );
      const more = count > ACCOUNTS_SHOWN ? `, and ${count - ACCOUNTS_SHOWN} more` : "";
      lines.push(`  ${count} x ${cause}: ${shown.join(", ")}${more}`);
    }
  }
  if (report.problems.length > 0) {
    lines.push(`Not verified (${report.problems.length} reads failed; the rest were checked):`);
    lines.push(...formatProblems(report.problems));
  }
  lines.push(
    report.isCovered
      ? "Covered: every planned account and Region has every planned scan type enabled."
      : report.gaps.length > 0
        ? `Not covered: ${report.gaps.length} gap(s).`
        : "Incomplete: no gap found in what could be read, but some reads failed.",
  );
  return lines.join("\n");
}
