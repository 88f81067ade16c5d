import { expect } from "chai";
import { validateConfig } from "../../stacks/config";
import { CIS_OK, cis } from "../helpers/cisConfig";

/** A valid configuration every case starts from (as in config.spec.ts). */
const BASE: Record<string, string> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1","eu-west-1"]',
};

function problemsOf(patch: Record<string, string>): string[] {
  const result = validateConfig({ ...BASE, ...patch });
  return "problems" in result ? result.problems : [];
}

function rule(value: unknown): string {
  return JSON.stringify({ "accepted-risk": value });
}

interface BadCase {
  readonly name: string;
  readonly patch: Record<string, string>;
  readonly problems: string[];
}

const BAD_CASES: BadCase[] = [
  {
    name: "unknown EC2 scan mode",
    patch: { ec2ScanMode: "AGENTLESS" },
    problems: [
      "`ec2ScanMode` (\"AGENTLESS\") is not an EC2 scan mode; use one of: EC2_SSM_AGENT_BASED, EC2_HYBRID; fix it with `pulumi config set 'ec2ScanMode' EC2_HYBRID`",
    ],
  },
  {
    name: "push-date duration Inspector does not offer",
    patch: { ecrPushDateRescanDuration: "DAYS_365" },
    problems: [
      "`ecrPushDateRescanDuration` (\"DAYS_365\") is not an ECR push-date re-scan duration; use one of: LIFETIME, DAYS_3, DAYS_7, DAYS_14, DAYS_30, DAYS_60, DAYS_90, DAYS_180; fix it with `pulumi config set 'ecrPushDateRescanDuration' DAYS_14`",
    ],
  },
  {
    name: "LIFETIME as a pull-date duration",
    patch: { ecrPullDateRescanDuration: "LIFETIME" },
    problems: [
      "`ecrPullDateRescanDuration` (\"LIFETIME\") is not an ECR pull-date re-scan duration (LIFETIME is for push dates only); use one of: DAYS_3, DAYS_7, DAYS_14, DAYS_30, DAYS_60, DAYS_90, DAYS_180; fix it with `pulumi config set 'ecrPullDateRescanDuration' DAYS_14`",
    ],
  },
  {
    name: "unknown pull-date mode",
    patch: { ecrPullDateRescanMode: "LAST_PUSH" },
    problems: [
      "`ecrPullDateRescanMode` (\"LAST_PUSH\") is not an ECR pull-date re-scan mode; use one of: LAST_PULL_DATE, LAST_IN_USE_AT; fix it with `pulumi config set 'ecrPullDateRescanMode' LAST_IN_USE_AT`",
    ],
  },
  {
    name: "deep inspection not a boolean",
    patch: { ec2DeepInspection: "on" },
    problems: [
      "`ec2DeepInspection` (\"on\") must be true or false; fix it with `pulumi config set 'ec2DeepInspection' true`",
    ],
  },
  {
    name: "relative deep-inspection path",
    patch: { ec2DeepInspectionPackagePaths: '["opt/app"]' },
    problems: [
      "`ec2DeepInspectionPackagePaths[0]` (\"opt/app\") is not an absolute local path (e.g. /opt/app/lib or C:\\apps); fix it with `pulumi config set --path 'ec2DeepInspectionPackagePaths[0]' <absolute path>`",
    ],
  },
  {
    name: "six deep-inspection paths",
    patch: { ec2DeepInspectionPackagePaths: '["/a","/b","/c","/d","/e","/f"]' },
    problems: [
      "`ec2DeepInspectionPackagePaths` has more than 5 paths, the organization-wide deep inspection limit; fix it with `pulumi config set --path 'ec2DeepInspectionPackagePaths[0]' <absolute path>`",
    ],
  },
  {
    name: "deep-inspection path over 256 characters",
    patch: { ec2DeepInspectionPackagePaths: JSON.stringify([`/${"a".repeat(256)}`]) },
    problems: [
      `\`ec2DeepInspectionPackagePaths[0]\` ("/${"a".repeat(118)}… (259 characters)) is longer than 256 characters; fix it with \`pulumi config set --path 'ec2DeepInspectionPackagePaths[0]' <absolute path>\``,
    ],
  },
  {
    name: "ECR filter with capitals",
    patch: { ecrScanOnPushFilters: '["Team/*"]' },
    problems: [
      "`ecrScanOnPushFilters[0]` (\"Team/*\") is not an ECR repository filter (lowercase letters, digits, . _ - / and the wildcard *); fix it with `pulumi config set --path 'ecrScanOnPushFilters[0]' <filter>`",
    ],
  },
  {
    name: "repeated ECR filter",
    patch: { ecrContinuousScanFilters: '["*","*"]' },
    problems: [
      "`ecrContinuousScanFilters[1]` (\"*\") repeats entry [0]; remove the duplicate; fix it with `pulumi config set --path 'ecrContinuousScanFilters[1]' <filter>`",
    ],
  },
  {
    name: "no ECR rule at all while ECR is scanned",
    patch: { ecrContinuousScanFilters: "[]" },
    problems: [
      "`ecrContinuousScanFilters` is empty and so is ecrScanOnPushFilters; enhanced scanning with no rule scans no repository; fix it with `pulumi config set --path 'ecrContinuousScanFilters[0]' '*'`",
    ],
  },
  {
    name: "suppression rule name too short",
    patch: {
      suppressionRules: JSON.stringify({ ab: { reason: "r", criteria: { severities: ["LOW"] } } }),
    },
    problems: [
      "`suppressionRules.ab` (\"ab\") is not a suppression rule name (3-64 letters, digits and . _ -); rename it; fix it with `pulumi config set --path 'suppressionRules.ab' <value>`",
    ],
  },
  {
    name: "suppression rule without a reason",
    patch: { suppressionRules: rule({ criteria: { severities: ["LOW"] } }) },
    problems: [
      "`suppressionRules.accepted-risk.reason` is required: why the findings may be hidden (the compensating control); fix it with `pulumi config set --path 'suppressionRules.accepted-risk.reason' <value>`",
    ],
  },
  {
    name: "suppression rule with an empty reason",
    patch: { suppressionRules: rule({ reason: "", criteria: { severities: ["LOW"] } }) },
    problems: [
      "`suppressionRules.accepted-risk.reason` is empty: why the findings may be hidden (the compensating control); fix it with `pulumi config set --path 'suppressionRules.accepted-risk.reason' <value>`",
    ],
  },
  {
    name: "suppression rule without criteria",
    patch: { suppressionRules: rule({ reason: "r" }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria` is required: what the rule suppresses; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria' <value>`",
    ],
  },
  {
    name: "suppression rule with empty criteria (it would hide everything)",
    patch: { suppressionRules: rule({ reason: "r", criteria: {} }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria` is empty; a suppression rule without criteria would hide every finding; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria' <value>`",
    ],
  },
  {
    name: "misspelt criterion",
    patch: { suppressionRules: rule({ reason: "r", criteria: { severity: ["LOW"] } }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria` has unknown field(s) severity; use vulnerabilityIds, resourceTypes, accountIds, packageNames, severities, ecrRepositoryNames, resourceTags; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria' <value>`",
    ],
  },
  {
    name: "unknown severity",
    patch: { suppressionRules: rule({ reason: "r", criteria: { severities: ["SEVERE"] } }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria.severities[0]` (\"SEVERE\") is not a finding severity; use one of: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, UNTRIAGED; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria.severities[0]' <value>`",
    ],
  },
  {
    name: "unknown resource type",
    patch: { suppressionRules: rule({ reason: "r", criteria: { resourceTypes: ["EC2"] } }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria.resourceTypes[0]` (\"EC2\") is not a resource type; use one of: AWS_EC2_INSTANCE, AWS_ECR_CONTAINER_IMAGE, AWS_ECR_REPOSITORY, AWS_LAMBDA_FUNCTION, CODE_REPOSITORY; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria.resourceTypes[0]' <value>`",
    ],
  },
  {
    name: "account id of the wrong shape in criteria",
    patch: { suppressionRules: rule({ reason: "r", criteria: { accountIds: ["1234"] } }) },
    problems: [
      '`suppressionRules.accepted-risk.criteria.accountIds[0]` ("1234") is not a 12-digit AWS account id; list the accounts whose findings the rule hides; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901; fix it with `pulumi config set --path \'suppressionRules.accepted-risk.criteria.accountIds[0]\' <value>`',
    ],
  },
  {
    name: "empty criterion list",
    patch: { suppressionRules: rule({ reason: "r", criteria: { vulnerabilityIds: [] } }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria.vulnerabilityIds` is empty; remove it or list at least one value; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria.vulnerabilityIds' <value>`",
    ],
  },
  {
    name: "eleven package names",
    patch: {
      suppressionRules: rule({
        reason: "r",
        criteria: { packageNames: Array.from({ length: 11 }, (_, i) => `pkg${i}`) },
      }),
    },
    problems: [
      "`suppressionRules.accepted-risk.criteria.packageNames` has more than 10 values, the Inspector filter limit; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria.packageNames' <value>`",
    ],
  },
  {
    name: "resource tag value not a string",
    patch: { suppressionRules: rule({ reason: "r", criteria: { resourceTags: { Env: 1 } } }) },
    problems: [
      "`suppressionRules.accepted-risk.criteria.resourceTags.Env` (1) must be a string tag value; fix it with `pulumi config set --path 'suppressionRules.accepted-risk.criteria.resourceTags.Env' <value>`",
    ],
  },
  {
    name: "suppression rules as a list",
    patch: { suppressionRules: "[]" },
    problems: [
      "`suppressionRules` ([]) must be a map of rule names to suppression rules; fix it with `pulumi config set --path 'suppressionRules.<name>' <value>`",
    ],
  },
  {
    name: "CIS security level 3",
    patch: { cisScanConfigurations: cis({ securityLevel: "LEVEL_3" }) },
    problems: [
      "`cisScanConfigurations.w.securityLevel` (\"LEVEL_3\") is not a CIS security level; use one of: LEVEL_1, LEVEL_2; fix it with `pulumi config set --path 'cisScanConfigurations.w.securityLevel' <value>`",
    ],
  },
  {
    name: "CIS one-time schedule",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "ONE_TIME", time: "02:00", timezone: "UTC" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.frequency` (\"ONE_TIME\") is not a CIS schedule frequency; use one of: DAILY, WEEKLY, MONTHLY; fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.frequency' <value>`",
    ],
  },
  {
    name: "CIS time of day 25:00",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "DAILY", time: "25:00", timezone: "UTC" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.time` (\"25:00\") is not a time of day in HH:MM (24-hour); fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.time' <value>`",
    ],
  },
  {
    name: "CIS unknown time zone",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "DAILY", time: "02:00", timezone: "Mars/Base" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.timezone` (\"Mars/Base\") is not an IANA time zone such as UTC or Europe/Paris; fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.timezone' <value>`",
    ],
  },
  {
    name: "CIS weekly schedule without days",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "WEEKLY", time: "02:00", timezone: "UTC" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.days` is required for a WEEKLY schedule: list the days (SUN..SAT); fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.days' <value>`",
    ],
  },
  {
    name: "CIS monthly schedule without its day",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "MONTHLY", time: "02:00", timezone: "UTC" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.day` is required for a MONTHLY schedule: the day of the week (SUN..SAT); fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.day' <value>`",
    ],
  },
  {
    name: "CIS daily schedule with a day",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "DAILY", time: "02:00", timezone: "UTC", day: "MON" },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.day` is only for MONTHLY schedules; remove it from this DAILY schedule; fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.day' <value>`",
    ],
  },
  {
    name: "CIS weekly day misspelt",
    patch: {
      cisScanConfigurations: cis({
        schedule: { frequency: "WEEKLY", time: "02:00", timezone: "UTC", days: ["SUNDAY"] },
      }),
    },
    problems: [
      "`cisScanConfigurations.w.schedule.days[0]` (\"SUNDAY\") is not a day; use one of: SUN, MON, TUE, WED, THU, FRI, SAT; fix it with `pulumi config set --path 'cisScanConfigurations.w.schedule.days[0]' <value>`",
    ],
  },
  {
    name: "CIS target account of the wrong shape",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["123"] }) },
    problems: [
      '`cisScanConfigurations.w.targetAccounts[0]` ("123") is not a target account; use 12-digit account ids, ALL_ACCOUNTS or SELF; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901; fix it with `pulumi config set --path \'cisScanConfigurations.w.targetAccounts[0]\' <value>`',
    ],
  },
  {
    name: "CIS ALL_ACCOUNTS mixed with an account",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["ALL_ACCOUNTS", "333333333333"] }) },
    problems: [
      '`cisScanConfigurations.w.targetAccounts` (["ALL_ACCOUNTS","333333333333"]) mixes ALL_ACCOUNTS or SELF with other entries; use one of them alone; fix it with `pulumi config set --path \'cisScanConfigurations.w.targetAccounts\' <value>`',
    ],
  },
  {
    name: "CIS without target accounts",
    patch: { cisScanConfigurations: cis({ targetAccounts: [] }) },
    problems: [
      "`cisScanConfigurations.w.targetAccounts` is empty; list ALL_ACCOUNTS, SELF or account ids; fix it with `pulumi config set --path 'cisScanConfigurations.w.targetAccounts' <value>`",
    ],
  },
  {
    name: "CIS without target tags",
    patch: { cisScanConfigurations: cis({ targetResourceTags: {} }) },
    problems: [
      "`cisScanConfigurations.w.targetResourceTags` ({}) must have 1-5 tag keys; CIS scans select instances by tag; fix it with `pulumi config set --path 'cisScanConfigurations.w.targetResourceTags' <value>`",
    ],
  },
  {
    name: "CIS tag with six values",
    patch: {
      cisScanConfigurations: cis({ targetResourceTags: { T: ["1", "2", "3", "4", "5", "6"] } }),
    },
    problems: [
      "`cisScanConfigurations.w.targetResourceTags.T` has more than 5 values; CIS targets allow 1-5 per tag; fix it with `pulumi config set --path 'cisScanConfigurations.w.targetResourceTags.T' <value>`",
    ],
  },
  {
    name: "CIS configuration with an unknown field",
    patch: { cisScanConfigurations: cis({ level: "LEVEL_1" }) },
    problems: [
      "`cisScanConfigurations.w` has unknown field(s) level; use securityLevel, schedule, targetAccounts, targetResourceTags; fix it with `pulumi config set --path 'cisScanConfigurations.w' <value>`",
    ],
  },
  {
    name: "CIS scan name with a space",
    patch: { cisScanConfigurations: JSON.stringify({ "weekly scan": CIS_OK }) },
    problems: [
      "`cisScanConfigurations.weekly scan` (\"weekly scan\") is not a CIS scan name (1-128 letters, digits and . _ -); rename it; fix it with `pulumi config set --path 'cisScanConfigurations.weekly scan' <value>`",
    ],
  },
  {
    name: "DHMC switch not a boolean",
    patch: { ssmDefaultHostManagement: "yes" },
    problems: [
      "`ssmDefaultHostManagement` (\"yes\") must be true or false; fix it with `pulumi config set 'ssmDefaultHostManagement' true`",
    ],
  },
  {
    name: "StackSet name with an underscore",
    patch: { memberBaselineStackSetName: "member_baseline" },
    problems: [
      "`memberBaselineStackSetName` (\"member_baseline\") is not a StackSet name (a letter, then up to 127 letters, digits and hyphens); fix it with `pulumi config set 'memberBaselineStackSetName' <name>`",
    ],
  },
  {
    name: "StackSet concurrency of 0%",
    patch: { memberBaselineMaxConcurrentPercentage: "0" },
    problems: [
      "`memberBaselineMaxConcurrentPercentage` (0) is below 1 percent; use 1-100; fix it with `pulumi config set 'memberBaselineMaxConcurrentPercentage' 25`",
    ],
  },
  {
    name: "StackSet failure tolerance above 100%",
    patch: { memberBaselineFailureTolerancePercentage: "150" },
    problems: [
      "`memberBaselineFailureTolerancePercentage` (150) is above 100 percent; use 0-100; fix it with `pulumi config set 'memberBaselineFailureTolerancePercentage' 10`",
    ],
  },
  {
    name: "unknown Region concurrency",
    patch: { memberBaselineRegionConcurrency: "ALL_AT_ONCE" },
    problems: [
      "`memberBaselineRegionConcurrency` (\"ALL_AT_ONCE\") is not a Region concurrency type; use one of: PARALLEL, SEQUENTIAL; fix it with `pulumi config set 'memberBaselineRegionConcurrency' PARALLEL`",
    ],
  },
];

describe("validateConfig: scanning keys", () => {
  for (const c of BAD_CASES) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }

  it("accepts no ECR rule when ECR is not scanned", () => {
    expect(problemsOf({ scanTypes: '["EC2"]', ecrContinuousScanFilters: "[]" })).to.deep.equal([]);
  });

  it("parses a full suppression rule and CIS configuration", () => {
    // Prepare
    const patch = {
      suppressionRules: rule({
        reason: "isolated VPC",
        description: "legacy hosts",
        criteria: {
          vulnerabilityIds: ["CVE-2023-0286"],
          resourceTypes: ["AWS_EC2_INSTANCE"],
          accountIds: ["333333333333"],
          packageNames: ["openssl"],
          severities: ["HIGH"],
          ecrRepositoryNames: ["legacy/app"],
          resourceTags: { Workload: "legacy" },
        },
      }),
      cisScanConfigurations: cis({
        schedule: { frequency: "MONTHLY", time: "03:30", timezone: "Europe/Dublin", day: "SAT" },
      }),
    };
    // Act
    const result = validateConfig({ ...BASE, ...patch });
    // Assess
    expect(
      "config" in result && [result.config.suppressionRules, result.config.cisScanConfigurations],
    ).to.deep.equal([JSON.parse(patch.suppressionRules), JSON.parse(patch.cisScanConfigurations)]);
  });
});
