/**
 * Configuration of how scanning is set up (issue 3): EC2 scan mode, ECR re-scan durations, EC2
 * deep inspection, ECR registry scanning rules, CIS scan configurations, suppression rules, and
 * the member baseline StackSet (SSM Default Host Management Configuration).
 *
 * Allowed values follow the Inspector2 and ECR API models (../shared/reference/inspector-facts.md
 * §2.3, §2.4, §2.6, §4.3), so a bad value stops the run here, before anything is registered.
 */
import { z } from "zod";
import {
  accountIdSchema,
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  leadingZeroHint,
  numberAsAccountId,
  show,
  uniqueList,
} from "./configSchema";

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

/** CIS benchmark levels. */
export const CIS_SECURITY_LEVELS = ["LEVEL_1", "LEVEL_2"] as const;
/** Recurring CIS schedules (a one-time scan is an action, not a setting). */
export const CIS_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY"] as const;
/** CIS schedule days, as the API spells them. */
export const CIS_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
/** A CIS schedule day. */
export type CisDay = (typeof CIS_DAYS)[number];

/** Finding severities a suppression rule can match. */
export const SEVERITIES = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"];
/** Resource types a suppression rule can match. */
export const FINDING_RESOURCE_TYPES = [
  "AWS_EC2_INSTANCE",
  "AWS_ECR_CONTAINER_IMAGE",
  "AWS_ECR_REPOSITORY",
  "AWS_LAMBDA_FUNCTION",
  "CODE_REPOSITORY",
];

/** How StackSets spreads an operation over Regions. */
export const REGION_CONCURRENCY_TYPES = ["PARALLEL", "SEQUENTIAL"] as const;

/** A CIS scan schedule. */
export interface CisSchedule {
  readonly frequency: (typeof CIS_FREQUENCIES)[number];
  /** `HH:MM`, 24-hour. */
  readonly time: string;
  /** An IANA time zone, e.g. `UTC` or `Europe/Paris`. */
  readonly timezone: string;
  /** Weekly: the days to scan on. */
  readonly days?: readonly CisDay[];
  /** Monthly: the day of the week to scan on. */
  readonly day?: CisDay;
}

/** One CIS scan configuration; its key in the map is the scan name. */
export interface CisScanSettings {
  readonly securityLevel: (typeof CIS_SECURITY_LEVELS)[number];
  readonly schedule: CisSchedule;
  /** 12-digit ids, or `ALL_ACCOUNTS`, or `SELF`. */
  readonly targetAccounts: readonly string[];
  /** Instance tag key -> the values that select an instance (1-5 keys, 1-5 values each). */
  readonly targetResourceTags: Readonly<Record<string, readonly string[]>>;
}

/** What a suppression rule matches; every list is OR within itself, the fields AND together. */
export interface SuppressionCriteria {
  readonly vulnerabilityIds?: readonly string[];
  readonly resourceTypes?: readonly string[];
  readonly accountIds?: readonly string[];
  readonly packageNames?: readonly string[];
  readonly severities?: readonly string[];
  readonly ecrRepositoryNames?: readonly string[];
  readonly resourceTags?: Readonly<Record<string, string>>;
}

/** One suppression rule; its key in the map is the filter name. */
export interface SuppressionRule {
  /** Why it is acceptable to hide these findings: the compensating control. */
  readonly reason: string;
  readonly description?: string;
  readonly criteria: SuppressionCriteria;
}

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
/** Inspector filter names, as the user guide states them. */
const FILTER_NAME = /^[A-Za-z0-9._-]{3,64}$/;
/** CIS scan names: the API allows 1-128 characters; these also make stable resource names. */
const SCAN_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const STACK_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ACCOUNT_ID = /^\d{12}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function text(noun: string, max: number) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined ? `is required: ${noun}` : `(${show(iss.input)}) must be a string`,
    })
    .min(1, { error: `is empty: ${noun}` })
    .refine((v) => v === "" || /\S/.test(v), { error: `is only whitespace: ${noun}` })
    .max(max, {
      error: (iss) => `(${show(iss.input)}) is longer than ${max} characters`,
    });
}

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

const dayEnum = enumSchema(CIS_DAYS, "a day");

const scheduleSchema = z
  .strictObject(
    {
      frequency: enumSchema(CIS_FREQUENCIES, "a CIS schedule frequency"),
      time: z.string().regex(TIME_OF_DAY, {
        error: (iss) => `(${show(iss.input)}) is not a time of day in HH:MM (24-hour)`,
      }),
      timezone: z.string().refine(isTimeZone, {
        error: (iss) => `(${show(iss.input)}) is not an IANA time zone such as UTC or Europe/Paris`,
      }),
      days: uniqueList(dayEnum, "days")
        .min(1, { error: "is empty; list the days to scan on" })
        .optional(),
      day: dayEnum.optional(),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `has unknown field(s) ${iss.keys.join(", ")}; use frequency, time, timezone, days (weekly), day (monthly)`
          : `(${show(iss.input)}) must be a map with frequency, time and timezone`,
    },
  )
  .superRefine((s, ctx) => {
    const need = (field: "days" | "day", present: boolean, message: string) => {
      if ((s[field] !== undefined) !== present) {
        ctx.addIssue({ code: "custom", path: [field], message });
      }
    };
    need(
      "days",
      s.frequency === "WEEKLY",
      s.frequency === "WEEKLY"
        ? "is required for a WEEKLY schedule: list the days (SUN..SAT)"
        : `is only for WEEKLY schedules; remove it from this ${s.frequency} schedule`,
    );
    need(
      "day",
      s.frequency === "MONTHLY",
      s.frequency === "MONTHLY"
        ? "is required for a MONTHLY schedule: the day of the week (SUN..SAT)"
        : `is only for MONTHLY schedules; remove it from this ${s.frequency} schedule`,
    );
  });

const targetAccountsSchema = uniqueList(
  z.preprocess(
    numberAsAccountId,
    z.string().refine((v) => ACCOUNT_ID.test(v) || v === "ALL_ACCOUNTS" || v === "SELF", {
      error: (iss) =>
        `(${show(iss.input)}) is not a target account; use 12-digit account ids, ALL_ACCOUNTS or SELF${leadingZeroHint(iss.input)}`,
    }),
  ),
  "target accounts",
)
  .min(1, { error: "is empty; list ALL_ACCOUNTS, SELF or account ids" })
  .refine((list) => list.length === 1 || !list.some((v) => v === "ALL_ACCOUNTS" || v === "SELF"), {
    error: (iss) =>
      `(${show(iss.input)}) mixes ALL_ACCOUNTS or SELF with other entries; use one of them alone`,
  });

const targetTagsSchema = z
  .record(
    z.string().regex(TAG_KEY, { error: (iss) => `(${show(iss.input)}) is not a valid tag key` }),
    uniqueList(
      z.string().min(1, { error: "is empty; give a tag value" }).max(256, {
        error: "is longer than 256 characters, the AWS tag value limit",
      }),
      "tag values",
    )
      .min(1, { error: "is empty; list 1-5 tag values" })
      .max(5, { error: "has more than 5 values; CIS targets allow 1-5 per tag" }),
    {
      error: (iss) =>
        iss.code === "invalid_key"
          ? `(${show(iss.input)}) is not a valid tag key`
          : `(${show(iss.input)}) must be a map of tag keys to lists of values`,
    },
  )
  .refine((tags) => Object.keys(tags).length >= 1 && Object.keys(tags).length <= 5, {
    error: (iss) =>
      `(${show(iss.input)}) must have 1-5 tag keys; CIS scans select instances by tag`,
  });

const cisSchema = z.strictObject(
  {
    securityLevel: enumSchema(CIS_SECURITY_LEVELS, "a CIS security level"),
    schedule: scheduleSchema,
    targetAccounts: targetAccountsSchema,
    targetResourceTags: targetTagsSchema,
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `has unknown field(s) ${iss.keys.join(", ")}; use securityLevel, schedule, targetAccounts, targetResourceTags`
        : iss.input === undefined
          ? "is required"
          : `(${show(iss.input)}) must be a map with securityLevel, schedule, targetAccounts and targetResourceTags`,
  },
);

/** A criterion list: 1-10 entries, as FilterCriteria allows. */
function criterion<T extends z.ZodType>(item: T, noun: string) {
  return uniqueList(item, noun)
    .min(1, { error: "is empty; remove it or list at least one value" })
    .max(10, { error: "has more than 10 values, the Inspector filter limit" })
    .optional();
}

const criteriaSchema = z
  .strictObject(
    {
      vulnerabilityIds: criterion(text("a vulnerability id such as CVE-2024-1234", 128), "ids"),
      resourceTypes: criterion(enumSchema(FINDING_RESOURCE_TYPES, "a resource type"), "types"),
      accountIds: criterion(
        accountIdSchema("list the accounts whose findings the rule hides"),
        "account ids",
      ),
      packageNames: criterion(text("a package name", 1024), "package names"),
      severities: criterion(enumSchema(SEVERITIES, "a finding severity"), "severities"),
      ecrRepositoryNames: criterion(text("a repository name", 1024), "repository names"),
      resourceTags: z
        .record(
          z.string().regex(TAG_KEY, {
            error: (iss) => `(${show(iss.input)}) is not a valid tag key`,
          }),
          z.string({ error: (iss) => `(${show(iss.input)}) must be a string tag value` }),
          {
            error: (iss) =>
              iss.code === "invalid_key"
                ? `(${show(iss.input)}) is not a valid tag key`
                : `(${show(iss.input)}) must be a map of tag keys to values`,
          },
        )
        .refine((t) => Object.keys(t).length >= 1 && Object.keys(t).length <= 10, {
          error: "must have 1-10 tags",
        })
        .optional(),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `has unknown field(s) ${iss.keys.join(", ")}; use vulnerabilityIds, resourceTypes, accountIds, packageNames, severities, ecrRepositoryNames, resourceTags`
          : iss.input === undefined
            ? "is required: what the rule suppresses"
            : `(${show(iss.input)}) must be a map of criteria`,
    },
  )
  // A rule without criteria would suppress every finding of the organization.
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    error: "is empty; a suppression rule without criteria would hide every finding",
    // Only when the fields themselves are valid: an unknown field is reported on its own.
    when: (payload) => payload.issues.length === 0,
  });

const suppressionSchema = z.strictObject(
  {
    reason: text("why the findings may be hidden (the compensating control)", 512),
    description: text("a description", 512).optional(),
    criteria: criteriaSchema,
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `has unknown field(s) ${iss.keys.join(", ")}; use reason, description, criteria`
        : `(${show(iss.input)}) must be a map with reason and criteria`,
  },
);

/** A map keyed by a name, with the name checked; values validated by `value`. */
function namedMap<T extends z.ZodType>(name: RegExp, rule: string, value: T, noun: string) {
  return z.record(
    z.string().regex(name, { error: (iss) => `(${show(iss.input)}) is not ${rule}` }),
    value,
    {
      error: (iss) =>
        iss.code === "invalid_key"
          ? `(${show(iss.input)}) is not ${rule}; rename it`
          : `(${show(iss.input)}) must be a map of ${noun}`,
    },
  );
}

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
      schema: namedMap(
        SCAN_NAME,
        "a CIS scan name (1-128 letters, digits and . _ -)",
        cisSchema,
        "scan names to CIS scan configurations",
      ),
    },
    suppressionRules: {
      kind: "map",
      placeholder: "<value>",
      default: {},
      schema: namedMap(
        FILTER_NAME,
        "a suppression rule name (3-64 letters, digits and . _ -)",
        suppressionSchema,
        "rule names to suppression rules",
      ),
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
