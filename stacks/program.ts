/**
 * The program's steps, shared by `index.ts` (a real `pulumi up`) and the offline plan: load the
 * configuration and the organization, plan the rollout, deploy each account role, return outputs.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig, type InspectorConfig } from "./config";
import {
  createOrganizationsClient,
  discoverInventory,
  EXCLUDED_REASON,
  InventoryError,
  loadInventoryFile,
  type OrgInventory,
} from "./inventory";
import { RULE_NAMES, ruleArn } from "../lib/eventPatterns";
import {
  buildFindingsOutputs,
  deployFindings,
  deployFindingsNotifications,
  type FindingsOutputs,
} from "./findings";
import {
  buildRemediationOutputs,
  deployRemediation,
  isRemediationOn,
  type RemediationOutputs,
} from "./remediation";
import { deployManagement } from "./management";
import {
  buildMemberBaselinePieces,
  deployMemberBaseline,
  describeBaselineEcrReach,
} from "./members";
import { checkCapacity } from "./capacity";
import { planRollout, type RolloutPlan } from "./rollout";
import { deployScanSettings, describeScanSettings } from "./scanSettings";
import { deploySecurityTooling } from "./securityTooling";
import { type CostEstimate, ecrFilterCoverage, estimateCost } from "../lib/costs/estimate";
import { deployCostBudget } from "./costs";
import { quotaWarnings } from "../lib/quotas";

/** The stack outputs a platform engineer reads after `pulumi up`. */
export interface StackOutputs {
  readonly delegatedAdminAccountId: string;
  readonly enablementMode: string;
  readonly homeRegion: string;
  /** Scan types enabled per Region. */
  readonly regionScanTypes: Record<string, string[]>;
  /** Wanted scan types a Region lacks, per Region (only Regions with any). */
  readonly unsupportedScanTypes: Record<string, string[]>;
  readonly accountsCoveredCount: number;
  readonly accountsCovered: string[];
  readonly accountsSkipped: { accountId: string; name: string; reason: string }[];
  readonly policyTargets: string[];
  readonly memberEnablersPerRegion: number;
  readonly warnings: string[];
  /** Scan settings per Region, one line each (the plan summary lists them). */
  readonly scanSettings: Record<string, string[]>;
  /** The member baseline StackSet: its pieces, targets and Regions (empty when none). */
  readonly memberBaseline: string[];
  /** The findings flow: export bucket and prefixes for SIEMs, topics, rules per Region. */
  readonly findings: FindingsOutputs;
  /** Remediation's modes, tables, function and role (absent when every mode is off). */
  readonly remediation?: RemediationOutputs;
  /** What Inspector will bill a month for the covered accounts' workloads (lib/costs). */
  readonly costEstimate: CostEstimate;
  /** The Amazon Inspector budget's monthly limit in USD (absent when none is set). */
  readonly costMonthlyBudget?: number;
}

/**
 * Reads the organization: the configured snapshot (paths relative to the project directory), or
 * the live Organizations API with the management account's credentials. Inventory problems become
 * a `pulumi.RunError` so `pulumi up` prints them without a stack trace.
 */
export async function loadOrganization(cfg: InspectorConfig): Promise<OrgInventory> {
  try {
    return cfg.inventoryFile !== undefined
      ? loadInventoryFile(path.resolve(cfg.inventoryFile))
      : await discoverInventory(createOrganizationsClient());
  } catch (err) {
    if (err instanceof InventoryError) {
      throw new pulumi.RunError(err.message);
    }
    // Credentials, permissions, network: one line, and what to do instead.
    const reason =
      err instanceof Error ? `${err.name}: ${err.message.split("\n")[0]}` : String(err);
    throw new pulumi.RunError(
      `reading the organization from the Organizations API failed (${reason}); run with the management account's credentials, or set \`inventoryFile\` to a snapshot from \`npm run inventory -- --out <file>\``,
    );
  }
}

/** The plan, with inventory problems turned into a clean `pulumi.RunError`. */
export function planOrFail(cfg: InspectorConfig, inventory: OrgInventory): RolloutPlan {
  try {
    return planRollout(cfg, inventory);
  } catch (err) {
    if (err instanceof InventoryError) {
      throw new pulumi.RunError(err.message);
    }
    throw err;
  }
}

/** The outputs of a planned rollout. */
export function buildOutputs(cfg: InspectorConfig, plan: RolloutPlan): StackOutputs {
  const usesMemberEnablers = cfg.enablementMode === "delegated-admin";
  const findings = buildFindingsOutputs(cfg);
  return {
    delegatedAdminAccountId: cfg.delegatedAdminAccountId,
    enablementMode: cfg.enablementMode,
    homeRegion: cfg.homeRegion,
    regionScanTypes: Object.fromEntries(plan.regions.map((r) => [r.region, [...r.scanTypes]])),
    unsupportedScanTypes: Object.fromEntries(
      plan.regions
        .filter((r) => r.unsupported.length > 0)
        .map((r) => [r.region, [...r.unsupported]]),
    ),
    accountsCoveredCount: plan.coveredAccounts.length,
    accountsCovered: plan.coveredAccounts.map((a) => a.id),
    accountsSkipped: plan.skippedAccounts.map((s) => ({ ...s })),
    policyTargets: usesMemberEnablers ? [] : [...plan.policyTargetIds],
    memberEnablersPerRegion: usesMemberEnablers ? plan.memberChunks.length : 0,
    warnings: [
      ...plan.warnings,
      ...describeBaselineEcrReach(cfg),
      ...planQuotaWarnings(cfg, plan, findings),
    ],
    scanSettings: describeScanSettings(cfg, plan),
    memberBaseline: describeMemberBaseline(cfg, plan),
    findings,
    remediation: buildRemediationOutputs(cfg),
    costEstimate: estimateRolloutCost(cfg, plan),
    // Absent, not undefined: Pulumi warns of an undefined stack output on every `pulumi up`.
    ...(cfg.costMonthlyBudget === undefined ? {} : { costMonthlyBudget: cfg.costMonthlyBudget }),
  };
}

/** The quotas the planned rollout nears or exceeds, one warning each (lib/quotas.ts). */
export function planQuotaWarnings(
  cfg: InspectorConfig,
  plan: RolloutPlan,
  findings: FindingsOutputs,
): string[] {
  const hasBaseline = buildMemberBaselinePieces(cfg).length > 0;
  return quotaWarnings({
    enablementMode: cfg.enablementMode,
    members: plan.memberAccountIds.length,
    autoEnable: plan.autoEnableNewAccounts,
    suppressionRules: Object.keys(cfg.suppressionRules).length,
    cisScanConfigurations: Object.keys(cfg.cisScanConfigurations).length,
    rulesPerRegion: Object.fromEntries(
      Object.entries(findings.rules).map(([region, rules]) => [region, rules.length]),
    ),
    stackInstances: hasBaseline ? plan.coveredAccounts.length * plan.regions.length : 0,
  });
}

/** The cost estimate of a planned rollout, from the inventory's workload counts. */
export function estimateRolloutCost(cfg: InspectorConfig, plan: RolloutPlan): CostEstimate {
  return estimateCost({
    homeRegion: cfg.homeRegion,
    delegatedAdminAccountId: cfg.delegatedAdminAccountId,
    regions: plan.regions,
    accounts: plan.coveredAccounts.map((a) => ({
      id: a.id,
      workloads: a.workloads,
      scanTypes: plan.isSelective ? plan.scanTypesByAccount[a.id] : undefined,
    })),
    ecrCoverage: ecrFilterCoverage(
      cfg.ecrScanOnPushFilters,
      cfg.ecrContinuousScanFilters,
      cfg.costEcrContinuousScanPercent,
    ),
    ecrPushDateRescanDuration: cfg.ecrPushDateRescanDuration,
    ecrPullDateRescanDuration: cfg.ecrPullDateRescanDuration,
    ecrRescansPerImagePerMonth: cfg.costEcrRescansPerImagePerMonth,
    cisScans: Object.values(cfg.cisScanConfigurations).map((c) => ({
      frequency: c.schedule.frequency,
      days: c.schedule.days,
      targetAccounts: c.targetAccounts,
    })),
    priceOverrides: cfg.costPrices,
  });
}

/**
 * The part of the plan's estimate that ListUsageTotals measures (CIS scans are not among its
 * usage types), for the KPI dashboard; none when no covered account has workload counts (the
 * estimate would be zero, not an estimate).
 */
export function plannedMeasurableCost(
  estimate: CostEstimate,
  coveredAccounts: number,
): number | undefined {
  if (estimate.accountsWithoutWorkloads >= coveredAccounts) {
    return undefined;
  }
  return Math.round((estimate.monthlyTotal - estimate.byScanType.CIS) * 100) / 100;
}

/** What the member baseline StackSet deploys where, one line each. */
export function describeMemberBaseline(cfg: InspectorConfig, plan: RolloutPlan): string[] {
  const pieces = buildMemberBaselinePieces(cfg);
  if (pieces.length === 0) {
    return [];
  }
  return [
    `StackSet ${cfg.memberBaselineStackSetName} (service-managed, auto-deployment): ${pieces.map((p) => p.purpose).join("; ")}`,
    `targets ${plan.policyTargetIds.join(", ")} in ${plan.regions.map((r) => r.region).join(", ")}${cfg.excludedAccountIds.length === 0 ? "" : `, except ${cfg.excludedAccountIds.join(", ")}`}`,
    `up to ${cfg.memberBaselineMaxConcurrentPercentage}% of accounts at once, ${cfg.memberBaselineFailureTolerancePercentage}% may fail, Regions in ${cfg.memberBaselineRegionConcurrency.toLowerCase()}`,
  ];
}

/** The whole program: what `index.ts` runs. */
export async function runProgram(): Promise<StackOutputs> {
  const cfg = loadConfig();
  const inventory = await loadOrganization(cfg);
  const plan = planOrFail(cfg, inventory);
  // Before any resource: an organization too large for this run says so, not a heap crash.
  const tooLarge = checkCapacity(cfg, plan);
  if (tooLarge.length > 0) {
    throw new pulumi.RunError(tooLarge.join("\n"));
  }
  const outputs = buildOutputs(cfg, plan);
  for (const warning of outputs.warnings) {
    void pulumi.log.warn(warning);
  }
  const management = deployManagement(cfg, plan);
  const tooling = deploySecurityTooling(cfg, plan, [management.delegatedAdmin]);
  // Scan settings come after enablement in each Region: the members' Enablers (delegated-admin
  // mode) or the administrator's own Enabler, else the registration; and the Inspector policy,
  // which links the members whose deep inspection is set.
  const policy = [
    ...(management.organizationPolicy === undefined ? [] : [management.organizationPolicy]),
    ...Object.values(management.profilePolicies),
  ];
  deployScanSettings(cfg, plan, tooling.provider, (region) => [
    tooling.memberEnablements[region] ??
      tooling.orgConfigurations[region] ??
      tooling.adminEnablers[region] ??
      management.delegatedAdmin,
    ...policy,
  ]);
  deployCostBudget(cfg, management.provider);
  // The findings topics come first: remediation publishes to the findings topic, and the findings
  // flow's triage rule (ACTIVE and CLOSED findings of the triage severities) also feeds its queue.
  const notifications = deployFindingsNotifications(cfg, tooling.provider);
  const homeNotify = notifications[cfg.homeRegion];
  const remediation = isRemediationOn(cfg)
    ? deployRemediation(cfg, tooling.provider, {
        notificationTopicArn: homeNotify.topics.findings.arn,
        notificationKeyArn: homeNotify.key.arn,
        alarmTopicArn: homeNotify.topics.operations.arn,
        triageRuleArns: [ruleArn(cfg.homeRegion, cfg.delegatedAdminAccountId, RULE_NAMES.triage)],
        organizationId: plan.organizationId,
      })
    : undefined;
  // The members' execution role trusts the remediation automation role by ARN: IAM refuses a
  // trust policy whose principal role does not exist yet, so the StackSet comes after it.
  deployMemberBaseline(cfg, plan, management.provider, [
    management.trustedAccess,
    ...(remediation === undefined ? [] : [remediation.automationRole]),
  ]);
  deployFindings(
    cfg,
    { delegatedAdmin: tooling.provider, management: management.provider },
    [management.delegatedAdmin],
    {
      notifications,
      remediationQueueArn: remediation?.triageQueueArn,
      auditTable:
        remediation === undefined
          ? undefined
          : { name: remediation.tables.audit.name, arn: remediation.tables.audit.arn },
      organizationId: plan.organizationId,
      plannedMonthlyCost: plannedMeasurableCost(outputs.costEstimate, plan.coveredAccounts.length),
      securityHubScope: {
        policyTargetIds: plan.policyTargetIds,
        selfManagedAccountIds: plan.skippedAccounts
          .filter((s) => s.reason === EXCLUDED_REASON)
          .map((s) => s.accountId),
      },
    },
  );
  return outputs;
}
