/** How the offline plan reports: a summary a person reads, or the `--json` document. */
import { plannedResources, PlanResult, PlannedResource, rolloutOutputs, STACK_TYPE } from "./plan";
import type { StackOutputs } from "../../stacks/program";
import type { RecordedResource } from "./recorder";
import { COST_LINES, type CostEstimate } from "../costs/estimate";
import {
  formatRemoteComponents,
  remoteComponentsOf,
  type RemoteComponent,
} from "./remoteComponents";

/** A policy violation as the plan reports it. */
export interface PlanViolation {
  readonly policyName: string;
  readonly enforcementLevel: string;
  readonly resourceName?: string;
  readonly resourceType?: string;
  readonly resourceUrn?: string;
  readonly message: string;
}

/** Counts a plan reports. */
export interface PlanSummary {
  readonly resourceCount: number;
  readonly byType: Record<string, number>;
  /** `<account role>/<region>` -> count of cloud resources. */
  readonly byAccountRoleAndRegion: Record<string, number>;
  readonly accountsCovered: number;
  readonly accountsSkipped: number;
  readonly mandatoryViolations: number;
  readonly advisoryViolations: number;
  readonly warnings: readonly string[];
  /** The estimated monthly cost (absent for a program other than the rollout). */
  readonly costEstimate?: CostEstimate;
  /** The Inspector budget's monthly limit in USD; null when the stack has none (no budget). */
  readonly costMonthlyBudget?: number | null;
}

/** The `--json` document (../shared/DESIGN.md, "Contracts"). */
export interface PlanDocument {
  readonly stack: string;
  readonly resources: PlannedResource[];
  readonly policyViolations: readonly PlanViolation[];
  readonly summary: PlanSummary;
  readonly outputs: PlanResult["outputs"];
  /**
   * Multi-language components whose children the plan could not see (their plugin creates them
   * at deploy time; `pulumi preview --policy-pack` checks them). Not violations.
   */
  readonly notSeenInto: readonly RemoteComponent[];
}

/** Where resources are placed when they have no `region` input. */
export const GLOBAL = "global";

/**
 * The account role of a resource: the name of its provider resource (`management`,
 * `delegated-admin`), from the provider reference `<provider urn>::<id>`.
 */
export function accountRoleOf(resource: RecordedResource): string {
  if (resource.provider === undefined) {
    return "default";
  }
  const parts = resource.provider.split("::");
  return parts.length >= 2 ? parts[parts.length - 2] : "default";
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sortedRecord(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Counts resources by type and by account role and Region. */
export function summarize(result: PlanResult, violations: readonly PlanViolation[]): PlanSummary {
  const byType: Record<string, number> = {};
  const byRole: Record<string, number> = {};
  const resources = result.registrations.filter((r) => r.type !== STACK_TYPE);
  for (const r of resources) {
    increment(byType, r.type);
    if (r.custom && !r.type.startsWith("pulumi:providers:")) {
      const region = typeof r.inputs.region === "string" ? r.inputs.region : GLOBAL;
      increment(byRole, `${accountRoleOf(r)}/${region}`);
    }
  }
  const outputs = rolloutOutputs(result);
  return {
    resourceCount: resources.length,
    byType: sortedRecord(byType),
    byAccountRoleAndRegion: sortedRecord(byRole),
    accountsCovered: outputs?.accountsCoveredCount ?? 0,
    accountsSkipped: outputs?.accountsSkipped.length ?? 0,
    mandatoryViolations: violations.filter((v) => v.enforcementLevel === "mandatory").length,
    advisoryViolations: violations.filter((v) => v.enforcementLevel === "advisory").length,
    warnings: outputs?.warnings ?? [],
    ...(outputs === undefined
      ? {}
      : {
          costEstimate: outputs.costEstimate,
          costMonthlyBudget: outputs.costMonthlyBudget ?? null,
        }),
  };
}

/** The `--json` document. */
export function planDocument(
  result: PlanResult,
  violations: readonly PlanViolation[],
): PlanDocument {
  return {
    stack: result.stack,
    resources: plannedResources(result),
    policyViolations: violations,
    summary: summarize(result, violations),
    outputs: result.outputs,
    notSeenInto: remoteComponentsOf(result.registrations).components,
  };
}

function table(counts: Record<string, number>): string[] {
  const width = Math.max(...Object.values(counts).map((n) => String(n).length), 1);
  return Object.entries(counts).map(([key, n]) => `  ${String(n).padStart(width)}  ${key}`);
}

/** The findings flow's lines of the summary: rules per Region and where findings are exported. */
export function formatFindings(o: StackOutputs): string[] {
  const f = o.findings;
  return [
    "Findings flow (rules per Region):",
    ...Object.entries(f.rules).map(
      ([region, rules]) => `  ${region.padEnd(15)} ${rules.join(", ")}`,
    ),
    `  export: s3://${f.exportBucket}/ (${f.findingsPrefix}, ${f.findingsReportsPrefix}, ${f.sbomExportsPrefix})`,
    ...(f.kpiDashboardUrl === undefined ? [] : [`  KPI dashboard: ${f.kpiDashboardUrl}`]),
  ];
}

/** Remediation's modes and where its records are, as summary lines. */
export function formatRemediation(o: StackOutputs): string[] {
  const r = o.remediation;
  if (r === undefined) {
    return ["Remediation: off"];
  }
  return [
    `Remediation: patch ${r.patchMode}, containment ${r.containmentMode}, block image ${r.blockImageMode}`,
    `  audit table ${r.auditTable}; blocked digests ${r.blockedDigestTableArn}`,
  ];
}

/** The scan settings per Region and the member baseline (issue 3), as summary lines. */
export function formatScanSettings(o: StackOutputs): string[] {
  return [
    "",
    "Scan settings per Region (delegated administrator):",
    ...Object.entries(o.scanSettings).flatMap(([region, lines]) => [
      `  ${region}`,
      ...lines.map((l) => `    ${l}`),
    ]),
    "",
    `Member baseline: ${o.memberBaseline.length === 0 ? "none" : ""}`.trimEnd(),
    ...o.memberBaseline.map((l) => `  ${l}`),
  ];
}

function usd(amount: number): string {
  return amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The cost estimate's lines of the summary: total, per scan type and Region, assumptions. */
export function formatCostEstimate(c: CostEstimate, budget: number | undefined): string[] {
  const lines = COST_LINES.filter((l) => c.byScanType[l] > 0);
  return [
    `Estimated monthly cost: ${usd(c.monthlyTotal)} ${c.currency}`,
    ...lines.map((l) => `  ${l.padEnd(12)} ${usd(c.byScanType[l]).padStart(12)}`),
    `  by Region: ${Object.entries(c.byRegion)
      .map(([region, amount]) => `${region} ${usd(amount)}`)
      .join(", ")}`,
    budget === undefined
      ? "  budget: none (set costMonthlyBudget for an AWS Budgets alert on Amazon Inspector)"
      : `  budget: ${usd(budget)} ${c.currency} a month in the management account, alerts (80% and 100% actual, 100% forecast) to inspector-cost-alerts and the operations subscribers`,
    "  assumptions:",
    ...c.assumptions.map((a) => `    - ${a}`),
  ];
}

/** The rollout-specific head of the summary: mode, scan types per Region, enablement. */
function rolloutHeader(result: PlanResult, o: StackOutputs): string[] {
  return [
    `Plan of stack "${result.stack}" (${o.enablementMode} mode), delegated administrator ${o.delegatedAdminAccountId}, home Region ${o.homeRegion}`,
    "",
    "Scan types per Region:",
    ...Object.entries(o.regionScanTypes).map(([region, types]) => {
      const missing = o.unsupportedScanTypes[region];
      return `  ${region.padEnd(15)} ${types.join(", ")}${missing === undefined ? "" : `   (not offered here: ${missing.join(", ")})`}`;
    }),
    "",
    `Enablement: ${
      o.enablementMode === "organization-policy"
        ? `Inspector policy attached to ${o.policyTargets.join(", ")}`
        : `${o.memberEnablersPerRegion} member Enabler(s) per Region`
    }`,
    ...formatScanSettings(o),
    "",
    ...formatFindings(o),
    "",
    ...formatRemediation(o),
    "",
    ...formatCostEstimate(o.costEstimate, o.costMonthlyBudget),
  ];
}

/** The summary a person reads. */
export function formatSummary(result: PlanResult, violations: readonly PlanViolation[]): string {
  const o = rolloutOutputs(result);
  const s = summarize(result, violations);
  const lines =
    o === undefined
      ? [`Plan of program "${result.project}", stack "${result.stack}"`]
      : rolloutHeader(result, o);
  lines.push(
    "",
    `Resources: ${s.resourceCount}`,
    "  by type:",
    ...table(s.byType).map((l) => `  ${l}`),
    "  cloud resources by account role / Region:",
    ...table(s.byAccountRoleAndRegion).map((l) => `  ${l}`),
  );
  if (o !== undefined) {
    lines.push(
      "",
      `Accounts: ${s.accountsCovered} covered, ${s.accountsSkipped} skipped`,
      ...o.accountsSkipped.map((a) => `  skipped ${a.accountId} (${a.name}): ${a.reason}`),
    );
  }
  lines.push(...formatRemoteComponents(remoteComponentsOf(result.registrations).components));
  if (result.secretKeys.length > 0) {
    lines.push("", `Secrets not decrypted offline: ${result.secretKeys.join(", ")}`);
  }
  lines.push("", `Warnings: ${s.warnings.length}`, ...s.warnings.map((w) => `  - ${w}`));
  lines.push(
    "",
    `Policy violations: ${s.mandatoryViolations} mandatory, ${s.advisoryViolations} advisory`,
    ...violations.map(
      (v) =>
        `  [${v.enforcementLevel}] ${v.policyName}${v.resourceName === undefined ? "" : ` on ${v.resourceType ?? ""} "${v.resourceName}"`}: ${v.message}`,
    ),
  );
  return lines.join("\n");
}
