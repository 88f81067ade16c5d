/** Runs every preflight check and reports one line per result, with the fix. */
import { PREFLIGHT_CHECKS, PREFLIGHT_CHECK_IDS } from "./checks";
import type { CheckResult, CheckStatus, PreflightInput } from "./checkTypes";

/** The preflight result, as `--json` prints it. */
export interface PreflightReport {
  readonly isReady: boolean;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly results: readonly CheckResult[];
}

/**
 * Runs the role check first (the delegated administrator's checks need it), then the others in
 * parallel; each check's lines stay in check order.
 */
export async function runPreflight(
  input: Omit<PreflightInput, "canAssumeRole">,
): Promise<PreflightReport> {
  const [roleId, ...rest] = PREFLIGHT_CHECK_IDS;
  const role = await PREFLIGHT_CHECKS[roleId].run({ ...input, canAssumeRole: false });
  const canAssumeRole = role.every((r) => r.status === "ok");
  const others = await Promise.all(
    rest.map((id) => PREFLIGHT_CHECKS[id].run({ ...input, canAssumeRole })),
  );
  const results = [...role, ...others.flat()];
  const counts: Record<CheckStatus, number> = { ok: 0, warning: 0, blocker: 0, "not-checked": 0 };
  for (const r of results) {
    counts[r.status] += 1;
  }
  return { isReady: counts.blocker === 0 && counts["not-checked"] === 0, counts, results };
}

const LABEL: Readonly<Record<CheckStatus, string>> = {
  ok: "ok",
  warning: "WARNING",
  blocker: "BLOCKER",
  "not-checked": "NOT CHECKED",
};

/** The report as text: one line per result, the fix on the same line. */
export function formatPreflightReport(stack: string, report: PreflightReport): string {
  const lines = [`Preflight of stack "${stack}"`];
  for (const r of report.results) {
    const where = r.region === undefined ? "" : ` [${r.region}]`;
    const fix = r.fix === undefined ? "" : `; fix: ${r.fix}`;
    lines.push(`  ${LABEL[r.status].padEnd(11)} ${r.id}${where}: ${r.message}${fix}`);
  }
  const c = report.counts;
  lines.push(
    `${c.blocker} blocker(s), ${c.warning} warning(s), ${c["not-checked"]} not checked, ${c.ok} ok: ${
      c.blocker > 0
        ? "not ready; fix the blockers, then run preflight again"
        : c["not-checked"] > 0
          ? "readiness unknown; some checks could not read what they need"
          : "ready for pulumi up"
    }`,
  );
  return lines.join("\n");
}
