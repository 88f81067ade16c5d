/**
 * Configuration of how scanning is set up (issue 3): EC2 scan mode, ECR re-scan durations, EC2
 * deep inspection, ECR registry scanning rules, and the member baseline StackSet (SSM Default Host
 * Management Configuration). CIS scan configurations are in ./configCis.ts, suppression rules in
 * ./configSuppression.ts; this section holds their keys.
 *
 * Allowed values follow the Inspector2 and ECR API models (../shared/reference/inspector-facts.md
 * §2.3, §2.4, §2.6, §4.3), so a bad value stops the run here, before anything is registered.
 */
import { z } from "zod";
import { type CisScanSettings, cisScanConfigurationsSchema } from "./configCis";
import {
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  show,
  uniqueList,
} from "./configSchema";
import { type SuppressionRule, suppressionRulesSchema } from "./configSuppression";

/** EC2 scan modes of UpdateConfiguration. */
export const EC2_SCAN_MODES = ["EC2_SSM_AGENT_BASED", "EC2_HYBRID"] as const;
/** An EC2 scan mode. */
export type Ec2ScanMode = (typeof EC2_SCAN_MODES)[number];

/** Re-scan durations after push (LIFETIME allowed). */
export const ECR_PUSH_DATE_RESCAN_DURATIONS = [
  "LIFETIME",
  "DAYS_3",
  "DAYS_7",
  "DAYS_14",
  "DAYS_30",
  "DAYS_60",
  "DAYS_90",
  "DAYS_180",
] as const;
/** A push-date re-scan duration. */
export type EcrPushDateRescanDuration = (typeof ECR_PUSH_DATE_RESCAN_DURATIONS)[number];

/** Re-scan durations after the last pull or last use: LIFETIME is not accepted. */
export const ECR_PULL_DATE_RESCAN_DURATIONS = [
  "DAYS_3",
  "DAYS_7",
  "DAYS_14",
  "DAYS_30",
  "DAYS_60",
  "DAYS_90",
  "DAYS_180",
] as const;
/** A pull-date re-scan duration. */
export type EcrPullDateRescanDuration = (typeof ECR_PULL_DATE_RESCAN_DURATIONS)[number];

/** What the pull-date re-scan duration counts from. */
export const ECR_PULL_DATE_RESCAN_MODES = ["LAST_PULL_DATE", "LAST_IN_USE_AT"] as const;
/** A pull-date re-scan mode. */
export type EcrPullDateRescanMode = (typeof ECR_PULL_DATE_RESCAN_MODES)[number];

/** How StackSets spreads an operation over Regions. */
export const REGION_CONCURRENCY_TYPES = ["PARALLEL", "SEQUENTIAL"] as const;

/** The scanning configuration. */
export interface ScanningConfig {
  /** `EC2_HYBRID` (default: agentless where no SSM agent runs) or `EC2_SSM_AGENT_BASED`. */
  readonly ec2ScanMode: Ec2ScanMode;
  /** How long images are re-scanned after push. */
  readonly ecrPushDateRescanDuration: EcrPushDateRescanDuration;
  /** How long images are re-scanned after their last pull or last use. */
  readonly ecrPullDateRescanDuration: EcrPullDateRescanDuration;
  /** Whether the pull-date duration counts from the last pull or the last use in a cluster. */
  readonly ecrPullDateRescanMode: EcrPullDateRescanMode;
  /** Whether deep inspection is active for the delegated administrator and the members. */
  readonly ec2DeepInspection: boolean;
  /** Organization-wide custom deep-inspection paths (at most 5). */
  readonly ec2DeepInspectionPackagePaths: readonly string[];
  /** Repository filters of the ECR SCAN_ON_PUSH rule; empty: no such rule. */
  readonly ecrScanOnPushFilters: readonly string[];
  /** Repository filters of the ECR CONTINUOUS_SCAN rule; empty: no such rule. */
  readonly ecrContinuousScanFilters: readonly string[];
  /** CIS scan configurations by scan name. */
  readonly cisScanConfigurations: Readonly<Record<string, CisScanSettings>>;
  /** Suppression rules by filter name. */
  readonly suppressionRules: Readonly<Record<string, SuppressionRule>>;
  /** Whether the member baseline sets up SSM Default Host Management. */
  readonly ssmDefaultHostManagement: boolean;
  /** The name of the member baseline StackSet. */
  readonly memberBaselineStackSetName: string;
  /** StackSet operations: the share of accounts deployed at once, in percent. */
  readonly memberBaselineMaxConcurrentPercentage: number;
  /** StackSet operations: the share of accounts that may fail per Region, in percent. */
  readonly memberBaselineFailureTolerancePercentage: number;
  /** StackSet operations: Regions one after the other or in parallel. */
  readonly memberBaselineRegionConcurrency: (typeof REGION_CONCURRENCY_TYPES)[number];
}

/** ECR's repository filter pattern (PutRegistryScanningConfiguration, ScanningRepositoryFilter). */
const ECR_FILTER = /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/;
const STACK_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const ecrFilterList = uniqueList(
  z.string().regex(ECR_FILTER, {
    error: (iss) =>
      `(${show(iss.input)}) is not an ECR repository filter (lowercase letters, digits, . _ - / and the wildcard *)`,
  }),
  "repository filters",
).max(100, { error: "has more than 100 filters, the ECR limit per rule" });

const packagePathList = uniqueList(
  z
    .string()
    .max(256, { error: (iss) => `(${show(iss.input)}) is longer than 256 characters` })
    .regex(/^(\/|[A-Za-z]:\\)\S/, {
      error: (iss) =>
        `(${show(iss.input)}) is not an absolute local path (e.g. /opt/app/lib or C:\\apps)`,
    }),
  "paths",
).max(5, { error: "has more than 5 paths, the organization-wide deep inspection limit" });

/** Rules that span the scanning keys. */
function checkScanning(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const scanTypes = (c.scanTypes as readonly string[] | undefined) ?? [];
  const onPush = c.ecrScanOnPushFilters as readonly string[] | undefined;
  const continuous = c.ecrContinuousScanFilters as readonly string[] | undefined;
  if (scanTypes.includes("ECR") && onPush?.length === 0 && continuous?.length === 0) {
    problems.push({
      path: "ecrContinuousScanFilters",
      message:
        "is empty and so is ecrScanOnPushFilters; enhanced scanning with no rule scans no repository",
      fix: "fix it with `pulumi config set --path 'ecrContinuousScanFilters[0]' '*'`",
    });
  }
  return problems;
}

/** The scanning keys. */
export const SCANNING_SECTION: ConfigSection<ScanningConfig> = {
  keys: {
    ec2ScanMode: {
      kind: "string",
      placeholder: "EC2_HYBRID",
      default: "EC2_HYBRID",
      schema: enumSchema(EC2_SCAN_MODES, "an EC2 scan mode"),
    },
    ecrPushDateRescanDuration: {
      kind: "string",
      placeholder: "DAYS_14",
      default: "DAYS_14",
      schema: enumSchema(ECR_PUSH_DATE_RESCAN_DURATIONS, "an ECR push-date re-scan duration"),
    },
    ecrPullDateRescanDuration: {
      kind: "string",
      placeholder: "DAYS_14",
      default: "DAYS_14",
      schema: enumSchema(
        ECR_PULL_DATE_RESCAN_DURATIONS,
        "an ECR pull-date re-scan duration (LIFETIME is for push dates only)",
      ),
    },
    ecrPullDateRescanMode: {
      kind: "string",
      placeholder: "LAST_IN_USE_AT",
      default: "LAST_IN_USE_AT",
      schema: enumSchema(ECR_PULL_DATE_RESCAN_MODES, "an ECR pull-date re-scan mode"),
    },
    ec2DeepInspection: {
      kind: "boolean",
      placeholder: "true",
      default: true,
      schema: booleanSchema,
    },
    ec2DeepInspectionPackagePaths: {
      kind: "list",
      placeholder: "<absolute path>",
      default: [],
      schema: packagePathList,
    },
    ecrScanOnPushFilters: {
      kind: "list",
      placeholder: "<filter>",
      default: [],
      schema: ecrFilterList,
    },
    ecrContinuousScanFilters: {
      kind: "list",
      placeholder: "<filter>",
      default: ["*"],
      schema: ecrFilterList,
    },
    cisScanConfigurations: {
      kind: "map",
      placeholder: "<value>",
      default: {},
      schema: cisScanConfigurationsSchema,
    },
    suppressionRules: {
      kind: "map",
      placeholder: "<value>",
      default: {},
      schema: suppressionRulesSchema,
    },
    ssmDefaultHostManagement: {
      kind: "boolean",
      placeholder: "true",
      default: true,
      schema: booleanSchema,
    },
    memberBaselineStackSetName: {
      kind: "string",
      placeholder: "<name>",
      default: "inspector-rollout-member-baseline",
      schema: z.string().regex(STACK_SET_NAME, {
        error: (iss) =>
          `(${show(iss.input)}) is not a StackSet name (a letter, then up to 127 letters, digits and hyphens)`,
      }),
    },
    memberBaselineMaxConcurrentPercentage: {
      kind: "number",
      placeholder: "25",
      default: 25,
      schema: integerSchema(1, 100, "percent"),
    },
    memberBaselineFailureTolerancePercentage: {
      kind: "number",
      placeholder: "10",
      default: 10,
      schema: integerSchema(0, 100, "percent"),
    },
    memberBaselineRegionConcurrency: {
      kind: "string",
      placeholder: "PARALLEL",
      default: "PARALLEL",
      schema: enumSchema(REGION_CONCURRENCY_TYPES, "a Region concurrency type"),
    },
  },
  check: checkScanning,
};
