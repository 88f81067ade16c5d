/**
 * The delegated administrator's scan settings in one Region: EC2 scan mode and ECR re-scan
 * durations, EC2 deep inspection, the ECR registry scanning rules, and suppression rules.
 */
import * as aws from "@pulumi/aws";
import type * as awsInputs from "@pulumi/aws/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { ScanType } from "../lib/regionCapabilities";
import type { SuppressionCriteria, SuppressionRule } from "../stacks/configSuppression";
import { TOKEN_PREFIX, childOptions } from "./common";
import type { RegistryScanningRule } from "./memberBaselineTemplate";
import { InspectorDeepInspection } from "./providers/inspectorDeepInspection";
import { InspectorScanConfiguration } from "./providers/inspectorScanConfiguration";

type FilterCriteria = awsInputs.inspector2.FilterFilterCriteria;

/** Every criterion compares for equality: a suppression rule names exactly what it hides. */
const EQUALS = "EQUALS";

/** Maps a configured suppression rule's criteria to the Filter's `filterCriterias` entry. */
export function buildSuppressionFilterCriteria(criteria: SuppressionCriteria): FilterCriteria {
  const eq = (values: readonly string[] | undefined) =>
    values?.map((value) => ({ comparison: EQUALS, value }));
  const entries: [keyof FilterCriteria, unknown][] = [
    ["vulnerabilityIds", eq(criteria.vulnerabilityIds)],
    ["resourceTypes", eq(criteria.resourceTypes)],
    ["awsAccountIds", eq(criteria.accountIds)],
    [
      "vulnerablePackages",
      criteria.packageNames?.map((value) => ({ name: { comparison: EQUALS, value } })),
    ],
    ["severities", eq(criteria.severities)],
    ["ecrImageRepositoryNames", eq(criteria.ecrRepositoryNames)],
    [
      "resourceTags",
      criteria.resourceTags === undefined
        ? undefined
        : Object.entries(criteria.resourceTags).map(([key, value]) => ({
            comparison: EQUALS,
            key,
            value,
          })),
    ],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** The EC2 and ECR scan configuration values. */
export interface ScanConfigurationSettings {
  readonly ec2ScanMode: string;
  readonly ecrPushDateRescanDuration: string;
  readonly ecrPullDateRescanDuration: string;
  readonly ecrPullDateRescanMode: string;
}

/** Arguments of {@link InspectorScanSettings}. */
export interface InspectorScanSettingsArgs {
  /** The Region. */
  readonly region: string;
  /** The delegated administrator role the dynamic providers assume. */
  readonly roleArn: pulumi.Input<string>;
  /** Scan types enabled in the Region; EC2 settings need EC2, ECR settings need ECR. */
  readonly scanTypes: readonly ScanType[];
  /** EC2 scan mode and ECR re-scan durations. */
  readonly scanConfiguration: ScanConfigurationSettings;
  /** Whether deep inspection is active for the administrator and members. Defaults to true. */
  readonly activateDeepInspection?: boolean;
  /** Organization-wide deep-inspection paths. Defaults to none. */
  readonly deepInspectionPackagePaths?: readonly string[];
  /** Members whose deep inspection is managed. Defaults to none. */
  readonly memberAccountIds?: readonly string[];
  /** ECR registry scanning rules (see buildRegistryScanningRules). Defaults to none. */
  readonly registryScanningRules?: readonly RegistryScanningRule[];
  /** Suppression rules by filter name. Defaults to none. */
  readonly suppressionRules?: Readonly<Record<string, SuppressionRule>>;
}

/**
 * Runs in the delegated administrator (`opts.provider`). The registry scanning configuration is
 * retained on delete: deleting it reverts the registry to BASIC scanning, which switches
 * Inspector's ECR scanning off ("Can't be completely deleted, instead reverts to the default
 * BASIC scanning configuration", @pulumi/aws ecr/registryScanningConfiguration.d.ts). Inspector
 * and ECR write the same registry setting; enabling Inspector ECR scanning sets ENHANCED too.
 * Suppression rules come after the scan settings (the order of ../shared/DESIGN.md).
 *
 * @example
 * new InspectorScanSettings("inspector-scan-settings-us-east-1", { region: "us-east-1", roleArn,
 *   scanTypes: ["EC2", "ECR"], scanConfiguration: { ec2ScanMode: "EC2_HYBRID",
 *   ecrPushDateRescanDuration: "DAYS_14", ecrPullDateRescanDuration: "DAYS_14",
 *   ecrPullDateRescanMode: "LAST_IN_USE_AT" } }, { provider: delegatedAdmin });
 */
export class InspectorScanSettings extends pulumi.ComponentResource {
  /** EC2 scan mode and ECR re-scan durations. */
  public readonly scanConfiguration: InspectorScanConfiguration;
  /** Deep inspection (only when the Region scans EC2). */
  public readonly deepInspection: InspectorDeepInspection | undefined;
  /** ECR registry scanning rules (only when the Region scans ECR and rules are given). */
  public readonly registryScanning: aws.ecr.RegistryScanningConfiguration | undefined;
  /** Suppression rules by name. */
  public readonly suppressionFilters: Readonly<Record<string, aws.inspector2.Filter>>;

  constructor(
    name: string,
    args: InspectorScanSettingsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:ScanSettings`, name, {}, opts);
    const { region, roleArn } = args;
    const rules = args.registryScanningRules ?? [];
    this.scanConfiguration = new InspectorScanConfiguration(
      `${name}-configuration`,
      { region, roleArn, ...args.scanConfiguration },
      childOptions(this, opts),
    );
    this.deepInspection = args.scanTypes.includes("EC2")
      ? new InspectorDeepInspection(
          `${name}-deep-inspection`,
          {
            region,
            roleArn,
            orgPackagePaths: [...(args.deepInspectionPackagePaths ?? [])],
            activateDeepInspection: args.activateDeepInspection ?? true,
            memberAccountIds: [...(args.memberAccountIds ?? [])],
          },
          childOptions(this, opts),
        )
      : undefined;
    this.registryScanning =
      args.scanTypes.includes("ECR") && rules.length > 0
        ? new aws.ecr.RegistryScanningConfiguration(
            `${name}-ecr-registry`,
            {
              scanType: "ENHANCED",
              rules: rules.map((r) => ({
                scanFrequency: r.scanFrequency,
                repositoryFilters: r.repositoryFilters.map((f) => ({ ...f })),
              })),
              region,
            },
            childOptions(this, opts, { retainOnDelete: true }),
          )
        : undefined;
    const filters: Record<string, aws.inspector2.Filter> = {};
    for (const [ruleName, rule] of Object.entries(args.suppressionRules ?? {})) {
      filters[ruleName] = new aws.inspector2.Filter(
        `${name}-suppress-${ruleName}`,
        {
          name: ruleName,
          action: "SUPPRESS",
          reason: rule.reason,
          ...(rule.description === undefined ? {} : { description: rule.description }),
          filterCriterias: [buildSuppressionFilterCriteria(rule.criteria)],
          region,
        },
        childOptions(this, opts, { dependsOn: [this.scanConfiguration] }),
      );
    }
    this.suppressionFilters = Object.freeze(filters);
    this.registerOutputs({
      scanConfiguration: this.scanConfiguration,
      deepInspection: this.deepInspection,
      registryScanning: this.registryScanning,
      suppressionFilters: this.suppressionFilters,
    });
  }
}
