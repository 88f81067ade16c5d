/**
 * Scan settings (issue 3) in the delegated administrator, in every governed Region, after
 * enablement: scan mode and ECR re-scan durations, deep inspection, ECR registry scanning rules,
 * suppression rules and CIS scan configurations. Also what the plan summary says about them.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { InspectorCisScans } from "../components/inspectorCisScans";
import { InspectorEnablementWait } from "../components/providers/inspectorEnablementWait";
import {
  InspectorScanSettings,
  type InspectorScanSettingsArgs,
} from "../components/inspectorScanSettings";
import { buildRegistryScanningRules } from "../components/memberBaselineTemplate";
import type { InspectorConfig } from "./config";
import type { CisScanSettings } from "./configCis";
import { createDelegatedAdminNativeProvider, delegatedAdminRoleArn } from "./providers";
import { accountScanTypesIn, type RegionPlan, type RolloutPlan } from "./rollout";

/** The scan settings, keyed by Region. */
export interface ScanSettingsDeployment {
  readonly settings: Readonly<Record<string, InspectorScanSettings>>;
  /** Organization-policy mode: the wait for the policy's enablement and association. */
  readonly enablementWaits: Readonly<Record<string, InspectorEnablementWait>>;
  /** CIS scans (only Regions that scan EC2, and only when any are configured). */
  readonly cisScans: Readonly<Record<string, InspectorCisScans>>;
}

/** The component arguments of one Region, from the configuration and the plan. */
export function buildScanSettingsArgs(
  cfg: InspectorConfig,
  plan: RolloutPlan,
  region: RegionPlan,
): InspectorScanSettingsArgs {
  return {
    region: region.region,
    roleArn: delegatedAdminRoleArn(cfg),
    scanTypes: region.scanTypes,
    scanConfiguration: {
      ec2ScanMode: cfg.ec2ScanMode,
      ecrPushDateRescanDuration: cfg.ecrPushDateRescanDuration,
      ecrPullDateRescanDuration: cfg.ecrPullDateRescanDuration,
      ecrPullDateRescanMode: cfg.ecrPullDateRescanMode,
    },
    activateDeepInspection: cfg.ec2DeepInspection,
    deepInspectionPackagePaths: cfg.ec2DeepInspectionPackagePaths,
    memberAccountIds: plan.memberAccountIds,
    registryScanningRules: buildRegistryScanningRules(
      cfg.ecrScanOnPushFilters,
      cfg.ecrContinuousScanFilters,
    ),
    suppressionRules: cfg.suppressionRules,
  };
}

/**
 * Registers the scan settings of every governed Region. `enablementOf(region)` gives what must
 * exist first there (the delegated administrator enabled, members linked). In
 * organization-policy mode attaching the policy only starts enablement and association, so the
 * settings wait for {@link InspectorEnablementWait} (the administrator ENABLED; members that are
 * still not associated are left pending and converge at the next `pulumi up`).
 */
export function deployScanSettings(
  cfg: InspectorConfig,
  plan: RolloutPlan,
  provider: aws.Provider,
  enablementOf: (region: string) => pulumi.Resource[],
): ScanSettingsDeployment {
  const settings: Record<string, InspectorScanSettings> = {};
  const cisScans: Record<string, InspectorCisScans> = {};
  const enablementWaits: Record<string, InspectorEnablementWait> = {};
  const hasCis = Object.keys(cfg.cisScanConfigurations).length > 0;
  for (const region of plan.regions) {
    let dependsOn = enablementOf(region.region);
    if (cfg.enablementMode === "organization-policy") {
      enablementWaits[region.region] = new InspectorEnablementWait(
        `inspector-enablement-wait-${region.region}`,
        {
          region: region.region,
          roleArn: delegatedAdminRoleArn(cfg),
          delegatedAdminAccountId: cfg.delegatedAdminAccountId,
          // What the policy enables for the administrator itself (its OU's scan types).
          scanTypes: accountScanTypesIn(plan, cfg.delegatedAdminAccountId, region.region),
          memberAccountIds: [...plan.memberAccountIds],
        },
        { dependsOn },
      );
      dependsOn = [enablementWaits[region.region]];
    }
    settings[region.region] = new InspectorScanSettings(
      `inspector-scan-settings-${region.region}`,
      buildScanSettingsArgs(cfg, plan, region),
      { provider, dependsOn },
    );
    // CIS scans run on EC2 instances through Inspector's SSM plugin.
    if (hasCis && region.scanTypes.includes("EC2")) {
      cisScans[region.region] = new InspectorCisScans(
        `inspector-cis-${region.region}`,
        { region: region.region, scans: cfg.cisScanConfigurations },
        { provider: createDelegatedAdminNativeProvider(cfg, region.region), dependsOn },
      );
    }
  }
  return {
    settings: Object.freeze(settings),
    enablementWaits: Object.freeze(enablementWaits),
    cisScans: Object.freeze(cisScans),
  };
}

function describeCis(name: string, c: CisScanSettings): string {
  const s = c.schedule;
  const when =
    s.frequency === "WEEKLY"
      ? `WEEKLY ${(s.days ?? []).join("+")}`
      : s.frequency === "MONTHLY"
        ? `MONTHLY (${s.day ?? ""})`
        : "DAILY";
  const tags = Object.entries(c.targetResourceTags)
    .map(([k, v]) => `${k}=${v.join("|")}`)
    .join(", ");
  return `CIS scan ${name}: ${c.securityLevel}, ${when} ${s.time} ${s.timezone}, accounts ${c.targetAccounts.join(", ")}, instances tagged ${tags}`;
}

/** What the plan summary lists per Region: one line per setting. */
export function describeScanSettings(
  cfg: InspectorConfig,
  plan: RolloutPlan,
): Record<string, string[]> {
  const rules = buildRegistryScanningRules(cfg.ecrScanOnPushFilters, cfg.ecrContinuousScanFilters);
  return Object.fromEntries(
    plan.regions.map(({ region, scanTypes }) => {
      const hasEc2 = scanTypes.includes("EC2");
      const lines = [
        `EC2 scan mode ${cfg.ec2ScanMode}`,
        `ECR re-scan: ${cfg.ecrPushDateRescanDuration} after push, ${cfg.ecrPullDateRescanDuration} after ${cfg.ecrPullDateRescanMode}`,
      ];
      if (hasEc2) {
        const paths = cfg.ec2DeepInspectionPackagePaths;
        lines.push(
          `EC2 deep inspection ${cfg.ec2DeepInspection ? "on" : "off"} for the administrator and ${plan.memberAccountIds.length} member(s); organization paths: ${paths.length === 0 ? "none" : paths.join(", ")}`,
        );
      }
      if (scanTypes.includes("ECR") && rules.length > 0) {
        lines.push(
          `ECR registry ENHANCED: ${rules.map((r) => `${r.scanFrequency} ${r.repositoryFilters.map((f) => f.filter).join(" ")}`).join("; ")}`,
        );
      }
      if (hasEc2) {
        for (const [name, c] of Object.entries(cfg.cisScanConfigurations)) {
          lines.push(describeCis(name, c));
        }
      }
      for (const [name, rule] of Object.entries(cfg.suppressionRules)) {
        lines.push(`Suppression rule ${name}: ${rule.reason}`);
      }
      return [region, lines];
    }),
  );
}
