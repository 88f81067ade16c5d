/**
 * What every member account gets, through the one member baseline StackSet (deployed from the
 * management account): SSM Default Host Management and the member's ECR registry scanning rules.
 * Later capabilities add their pieces in {@link buildMemberBaselinePieces}.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { MemberBaseline } from "../components/memberBaseline";
import { StackSetsOrganizationsAccess } from "../components/providers/stackSetsOrganizationsAccess";
import {
  buildMemberBaselineTemplate,
  buildRegistryScanningRules,
  type CfnTemplate,
  defaultHostManagementPiece,
  registryScanningPiece,
  type TemplatePiece,
} from "../components/memberBaselineTemplate";
import type { InspectorConfig } from "./config";
import { blockedDigestTableArn } from "../lib/blockedDigests";
import { gatePipelineTemplatePiece } from "../lib/gate/pipelinePolicy";
import { exportBucketName } from "../components/findingsExport";
import { patchComplianceSyncPiece } from "../lib/memberBaseline/patchComplianceSync";
import { isPatchComplianceOn } from "./configKpis";
import { buildRemediationMemberResources, isRemediationOn } from "./remediation";
import type { RolloutPlan } from "./rollout";

/** The pieces of the member baseline the configuration asks for. */
export function buildMemberBaselinePieces(cfg: InspectorConfig): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  if (cfg.ssmDefaultHostManagement) {
    pieces.push(defaultHostManagementPiece());
  }
  const rules = buildRegistryScanningRules(cfg.ecrScanOnPushFilters, cfg.ecrContinuousScanFilters);
  if (cfg.scanTypes.includes("ECR") && rules.length > 0) {
    pieces.push(registryScanningPiece(rules, cfg.delegatedAdminAccountId));
  }
  if (cfg.scanTypes.includes("ECR")) {
    // With remediation on, the blocked-digests table exists under a fixed name in the delegated
    // administrator's home Region, readable by the organization (its resource policy).
    pieces.push(
      gatePipelineTemplatePiece(
        isRemediationOn(cfg)
          ? blockedDigestTableArn(cfg.homeRegion, cfg.delegatedAdminAccountId)
          : undefined,
      ) as TemplatePiece,
    );
  }
  if (isRemediationOn(cfg)) {
    pieces.push({
      purpose: "the Inspector remediation execution role and SSM Automation documents",
      // The fragment is typed loosely (`unknown` property values); it is plain JSON data.
      resources: buildRemediationMemberResources(cfg) as TemplatePiece["resources"],
    });
  }
  if (isPatchComplianceOn(cfg)) {
    // The export bucket's name is fixed per delegated administrator and home Region.
    pieces.push(
      patchComplianceSyncPiece(
        exportBucketName(cfg.delegatedAdminAccountId, cfg.homeRegion),
        cfg.homeRegion,
      ),
    );
  }
  return pieces;
}

/**
 * The member baseline goes to every covered account, so its ECR registry rules (ENHANCED
 * scanning) reach OUs whose `scanTypesByOu` leaves ECR out; and configuring enhanced scanning in
 * ECR activates Inspector's ECR scanning in that account (Inspector User Guide, "Amazon Inspector
 * integration with Amazon ECR", https://docs.aws.amazon.com/inspector/latest/user/ecr-integration.html).
 * One warning per such entry until the StackSet follows the OUs' scan types.
 */
export function describeBaselineEcrReach(cfg: InspectorConfig): string[] {
  const rules = buildRegistryScanningRules(cfg.ecrScanOnPushFilters, cfg.ecrContinuousScanFilters);
  if (!cfg.scanTypes.includes("ECR") || rules.length === 0) {
    return [];
  }
  return cfg.scanTypesByOu.flatMap((entry, i) =>
    entry.scanTypes.includes("ECR")
      ? []
      : [
          `scanTypesByOu[${i}]: ${entry.ous.join(", ")} leave out ECR, but the member baseline StackSet sets ENHANCED ECR scanning in every covered account, which turns Inspector's ECR scanning on there too (and the estimate does not count it); add ECR to the entry, or leave ECR out of \`scanTypes\` so the baseline carries no registry rules`,
        ],
  );
}

/** The member baseline template, or undefined when the configuration asks for no piece. */
export function buildMemberBaseline(cfg: InspectorConfig): CfnTemplate | undefined {
  const pieces = buildMemberBaselinePieces(cfg);
  // Account-wide (IAM) resources are created by the home Region's stack instance only.
  return pieces.length === 0
    ? undefined
    : buildMemberBaselineTemplate(pieces, { accountWideRegion: cfg.homeRegion });
}

/**
 * Registers the member baseline StackSet with one instance per policy target (the scoped OUs,
 * or the root) and governed Region, excluded accounts left out, after CloudFormation StackSets'
 * trusted access with Organizations, which service-managed StackSets need (activated here,
 * retained on delete: the organization's other StackSets may need it too). Returns undefined
 * when there is nothing to deploy.
 */
export function deployMemberBaseline(
  cfg: InspectorConfig,
  plan: RolloutPlan,
  provider: aws.Provider,
  dependsOn: pulumi.Resource[],
): MemberBaseline | undefined {
  const template = buildMemberBaseline(cfg);
  if (template === undefined) {
    return undefined;
  }
  const stackSetsAccess = new StackSetsOrganizationsAccess(
    "cloudformation-stacksets-org-access",
    { region: cfg.homeRegion },
    { retainOnDelete: true, protect: cfg.protectOrgResources },
  );
  return new MemberBaseline(
    "inspector-member-baseline",
    {
      stackSetName: cfg.memberBaselineStackSetName,
      template,
      targetIds: plan.policyTargetIds,
      regions: plan.regions.map((r) => r.region),
      excludedAccountIds: cfg.excludedAccountIds,
      accountCount: plan.coveredAccounts.length,
      operation: {
        maxConcurrentPercentage: cfg.memberBaselineMaxConcurrentPercentage,
        failureTolerancePercentage: cfg.memberBaselineFailureTolerancePercentage,
        regionConcurrencyType: cfg.memberBaselineRegionConcurrency,
      },
    },
    { provider, dependsOn: [...dependsOn, stackSetsAccess] },
  );
}
