/**
 * The scanning and selective-scanning keys at their bounds, with the exact message of each bad
 * value (the cases written for the surviving mutants of the `config-scanning` group).
 */
import { expect } from "chai";
import { configOutcome } from "../helpers/configOutcome";
import { cis } from "../helpers/cisConfig";

function schedule(patch: Record<string, unknown>): string {
  return cis({ schedule: { frequency: "DAILY", time: "02:00", timezone: "UTC", ...patch } });
}

function rule(value: unknown): string {
  return JSON.stringify({ "accepted-risk": value });
}

function criteria(value: unknown): string {
  return rule({ reason: "isolated VPC", criteria: value });
}

/** The fix line the stack prints for a value set by path. */
const FIX = (path: string, placeholder = "<value>") =>
  `; fix it with \`pulumi config set --path '${path}' ${placeholder}\``;

/** `count` distinct tag keys T0, T1, ... each with `value`. */
function tags(count: number, value: unknown): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`T${i}`, value]));
}

interface Case {
  readonly name: string;
  readonly patch: Record<string, string>;
  /** The problem lines; [] when the value is accepted. */
  readonly problems: string[];
}

function problemsOf(patch: Record<string, string>): string[] {
  const outcome = configOutcome(patch);
  return Array.isArray(outcome) ? outcome : [];
}

const ACCEPTED: Case[] = [
  { name: "an ECR filter of two letters", patch: { ecrScanOnPushFilters: '["ab"]' }, problems: [] },
  {
    name: "100 ECR filters (the ECR limit per rule)",
    patch: { ecrScanOnPushFilters: JSON.stringify(Array.from({ length: 100 }, (_, i) => `r${i}`)) },
    problems: [],
  },
  {
    name: "only on-push ECR filters, no continuous ones",
    patch: { ecrScanOnPushFilters: '["team/*"]', ecrContinuousScanFilters: "[]" },
    problems: [],
  },
  {
    name: "a Windows deep-inspection path",
    patch: { ec2DeepInspectionPackagePaths: '["C:\\\\apps"]' },
    problems: [],
  },
  {
    name: "a StackSet name of 128 characters",
    patch: { memberBaselineStackSetName: `member-baseline-${"x".repeat(112)}` },
    problems: [],
  },
  {
    name: "a CIS weekly schedule on two days",
    patch: { cisScanConfigurations: schedule({ frequency: "WEEKLY", days: ["SUN", "WED"] }) },
    problems: [],
  },
  {
    name: "CIS target account SELF",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["SELF"] }) },
    problems: [],
  },
  {
    name: "CIS with two target account ids",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["333333333333", "444444444444"] }) },
    problems: [],
  },
  {
    name: "CIS target tag keys with digits, five keys, a value of 256 characters",
    patch: {
      cisScanConfigurations: cis({
        targetResourceTags: { ...tags(4, ["v"]), Tier2: ["x".repeat(256)] },
      }),
    },
    problems: [],
  },
  {
    name: "a suppression rule with 10 resource tags",
    patch: { suppressionRules: criteria({ resourceTags: tags(10, "v") }) },
    problems: [],
  },
];

const REJECTED: Case[] = [
  {
    name: "an ECR filter with a capital after a lowercase start",
    patch: { ecrScanOnPushFilters: '["team/App"]' },
    problems: [
      `\`ecrScanOnPushFilters[0]\` ("team/App") is not an ECR repository filter (lowercase letters, digits, . _ - / and the wildcard *)${FIX("ecrScanOnPushFilters[0]", "<filter>")}`,
    ],
  },
  {
    name: "101 ECR filters",
    patch: { ecrScanOnPushFilters: JSON.stringify(Array.from({ length: 101 }, (_, i) => `r${i}`)) },
    problems: [
      `\`ecrScanOnPushFilters\` has more than 100 filters, the ECR limit per rule${FIX("ecrScanOnPushFilters[0]", "<filter>")}`,
    ],
  },
  {
    name: "ECR filters as a map",
    patch: { ecrScanOnPushFilters: '{"a":"b"}' },
    problems: [
      `\`ecrScanOnPushFilters\` ({"a":"b"}) must be a list of repository filters${FIX("ecrScanOnPushFilters[0]", "<filter>")}`,
    ],
  },
  {
    name: "deep-inspection paths as a map",
    patch: { ec2DeepInspectionPackagePaths: '{"a":"/opt"}' },
    problems: [
      `\`ec2DeepInspectionPackagePaths\` ({"a":"/opt"}) must be a list of paths${FIX("ec2DeepInspectionPackagePaths[0]", "<absolute path>")}`,
    ],
  },
  {
    name: "a deep-inspection path with a digit for a drive letter",
    patch: { ec2DeepInspectionPackagePaths: '["1:\\\\apps"]' },
    problems: [
      `\`ec2DeepInspectionPackagePaths[0]\` ("1:\\\\apps") is not an absolute local path (e.g. /opt/app/lib or C:\\apps)${FIX("ec2DeepInspectionPackagePaths[0]", "<absolute path>")}`,
    ],
  },
  ...["1member", "member!", `member-baseline-${"x".repeat(113)}`].map((name) => ({
    name: `the StackSet name ${name.slice(0, 20)} (${name.length} characters)`,
    patch: { memberBaselineStackSetName: name },
    problems: [
      `\`memberBaselineStackSetName\` ("${name.slice(0, 119)}${name.length > 118 ? `… (${name.length + 2} characters)` : '"'}) is not a StackSet name (a letter, then up to 127 letters, digits and hyphens); fix it with \`pulumi config set 'memberBaselineStackSetName' <name>\``,
    ],
  })),
  ...["102:00", "02:000"].map((time) => ({
    name: `the CIS time ${time}`,
    patch: { cisScanConfigurations: schedule({ time }) },
    problems: [
      `\`cisScanConfigurations.w.schedule.time\` ("${time}") is not a time of day in HH:MM (24-hour)${FIX("cisScanConfigurations.w.schedule.time")}`,
    ],
  })),
  {
    name: "CIS weekly days as a string",
    patch: { cisScanConfigurations: schedule({ frequency: "WEEKLY", days: "SUN" }) },
    problems: [
      `\`cisScanConfigurations.w.schedule.days\` ("SUN") must be a list of days${FIX("cisScanConfigurations.w.schedule.days")}`,
    ],
  },
  {
    name: "CIS weekly days empty",
    patch: { cisScanConfigurations: schedule({ frequency: "WEEKLY", days: [] }) },
    problems: [
      `\`cisScanConfigurations.w.schedule.days\` is empty; list the days to scan on${FIX("cisScanConfigurations.w.schedule.days")}`,
    ],
  },
  {
    name: "CIS daily schedule with days",
    patch: { cisScanConfigurations: schedule({ days: ["SUN", "WED"] }) },
    problems: [
      `\`cisScanConfigurations.w.schedule.days\` is only for WEEKLY schedules; remove it from this DAILY schedule${FIX("cisScanConfigurations.w.schedule.days")}`,
    ],
  },
  {
    name: "CIS schedule with two unknown fields",
    patch: { cisScanConfigurations: schedule({ hour: 2, minute: 0 }) },
    problems: [
      `\`cisScanConfigurations.w.schedule\` has unknown field(s) hour, minute; use frequency, time, timezone, days (weekly), day (monthly)${FIX("cisScanConfigurations.w.schedule")}`,
    ],
  },
  {
    name: "CIS schedule as a string",
    patch: { cisScanConfigurations: cis({ schedule: "weekly" }) },
    problems: [
      `\`cisScanConfigurations.w.schedule\` ("weekly") must be a map with frequency, time and timezone${FIX("cisScanConfigurations.w.schedule")}`,
    ],
  },
  {
    name: "CIS target account of 13 digits",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["3333333333334"] }) },
    problems: [
      `\`cisScanConfigurations.w.targetAccounts[0]\` ("3333333333334") is not a target account; use 12-digit account ids, ALL_ACCOUNTS or SELF${FIX("cisScanConfigurations.w.targetAccounts[0]")}`,
    ],
  },
  {
    name: "CIS SELF mixed with an account",
    patch: { cisScanConfigurations: cis({ targetAccounts: ["333333333333", "SELF"] }) },
    problems: [
      `\`cisScanConfigurations.w.targetAccounts\` (["333333333333","SELF"]) mixes ALL_ACCOUNTS or SELF with other entries; use one of them alone${FIX("cisScanConfigurations.w.targetAccounts")}`,
    ],
  },
  {
    name: "CIS target accounts as a string",
    patch: { cisScanConfigurations: cis({ targetAccounts: "ALL_ACCOUNTS" }) },
    problems: [
      `\`cisScanConfigurations.w.targetAccounts\` ("ALL_ACCOUNTS") must be a list of target accounts${FIX("cisScanConfigurations.w.targetAccounts")}`,
    ],
  },
  ...["!Env", "Env!"].map((key) => ({
    name: `CIS target tag key ${key}`,
    patch: { cisScanConfigurations: cis({ targetResourceTags: { [key]: ["a"] } }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags.${key}\` ("${key}") is not a valid tag key${FIX(`cisScanConfigurations.w.targetResourceTags.${key}`)}`,
    ],
  })),
  {
    name: "CIS target tag value empty",
    patch: { cisScanConfigurations: cis({ targetResourceTags: { Env: [""] } }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags.Env[0]\` is empty; give a tag value${FIX("cisScanConfigurations.w.targetResourceTags.Env[0]")}`,
    ],
  },
  {
    name: "CIS target tag value of 257 characters",
    patch: { cisScanConfigurations: cis({ targetResourceTags: { Env: ["x".repeat(257)] } }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags.Env[0]\` is longer than 256 characters, the AWS tag value limit${FIX("cisScanConfigurations.w.targetResourceTags.Env[0]")}`,
    ],
  },
  {
    name: "CIS target tag values as a string",
    patch: { cisScanConfigurations: cis({ targetResourceTags: { Env: "prod" } }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags.Env\` ("prod") must be a list of tag values${FIX("cisScanConfigurations.w.targetResourceTags.Env")}`,
    ],
  },
  {
    name: "CIS target tag without values",
    patch: { cisScanConfigurations: cis({ targetResourceTags: { Env: [] } }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags.Env\` is empty; list 1-5 tag values${FIX("cisScanConfigurations.w.targetResourceTags.Env")}`,
    ],
  },
  {
    name: "CIS target tags as a list",
    patch: { cisScanConfigurations: cis({ targetResourceTags: ["Env"] }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags\` (["Env"]) must be a map of tag keys to lists of values${FIX("cisScanConfigurations.w.targetResourceTags")}`,
    ],
  },
  {
    name: "CIS with six target tag keys",
    patch: { cisScanConfigurations: cis({ targetResourceTags: tags(6, ["v"]) }) },
    problems: [
      `\`cisScanConfigurations.w.targetResourceTags\` ({"T0":["v"],"T1":["v"],"T2":["v"],"T3":["v"],"T4":["v"],"T5":["v"]}) must have 1-5 tag keys; CIS scans select instances by tag${FIX("cisScanConfigurations.w.targetResourceTags")}`,
    ],
  },
  {
    name: "CIS configuration with two unknown fields",
    patch: { cisScanConfigurations: cis({ level: 1, name: "w" }) },
    problems: [
      `\`cisScanConfigurations.w\` has unknown field(s) level, name; use securityLevel, schedule, targetAccounts, targetResourceTags${FIX("cisScanConfigurations.w")}`,
    ],
  },
  {
    name: "CIS configuration as a number",
    patch: { cisScanConfigurations: '{"w":5}' },
    problems: [
      `\`cisScanConfigurations.w\` (5) must be a map with securityLevel, schedule, targetAccounts and targetResourceTags${FIX("cisScanConfigurations.w")}`,
    ],
  },
  {
    name: "CIS configurations as a list",
    patch: { cisScanConfigurations: "[]" },
    problems: [
      `\`cisScanConfigurations\` ([]) must be a map of scan names to CIS scan configurations${FIX("cisScanConfigurations.<name>")}`,
    ],
  },
  {
    name: "a suppression rule name with a space",
    patch: {
      suppressionRules: JSON.stringify({
        "abc def": { reason: "r", criteria: { severities: ["LOW"] } },
      }),
    },
    problems: [
      `\`suppressionRules.abc def\` ("abc def") is not a suppression rule name (3-64 letters, digits and . _ -); rename it${FIX("suppressionRules.abc def")}`,
    ],
  },
  {
    name: "a reason that is a number",
    patch: { suppressionRules: rule({ reason: 5, criteria: { severities: ["LOW"] } }) },
    problems: [
      `\`suppressionRules.accepted-risk.reason\` (5) must be a string${FIX("suppressionRules.accepted-risk.reason")}`,
    ],
  },
  {
    name: "a reason of spaces only",
    patch: { suppressionRules: rule({ reason: "   ", criteria: { severities: ["LOW"] } }) },
    problems: [
      `\`suppressionRules.accepted-risk.reason\` is only whitespace: why the findings may be hidden (the compensating control)${FIX("suppressionRules.accepted-risk.reason")}`,
    ],
  },
  {
    name: "a reason of 513 characters",
    patch: {
      suppressionRules: rule({ reason: "r".repeat(513), criteria: { severities: ["LOW"] } }),
    },
    problems: [
      `\`suppressionRules.accepted-risk.reason\` ("${"r".repeat(119)}… (515 characters)) is longer than 512 characters${FIX("suppressionRules.accepted-risk.reason")}`,
    ],
  },
  {
    name: "an empty description",
    patch: {
      suppressionRules: rule({ reason: "r", description: "", criteria: { severities: ["LOW"] } }),
    },
    problems: [
      `\`suppressionRules.accepted-risk.description\` is empty: a description${FIX("suppressionRules.accepted-risk.description")}`,
    ],
  },
  {
    name: "a suppression rule with two unknown fields",
    patch: {
      suppressionRules: rule({
        reason: "r",
        why: "x",
        owner: "y",
        criteria: { severities: ["LOW"] },
      }),
    },
    problems: [
      `\`suppressionRules.accepted-risk\` has unknown field(s) why, owner; use reason, description, criteria${FIX("suppressionRules.accepted-risk")}`,
    ],
  },
  {
    name: "a suppression rule as a string",
    patch: { suppressionRules: rule("hide") },
    problems: [
      `\`suppressionRules.accepted-risk\` ("hide") must be a map with reason and criteria${FIX("suppressionRules.accepted-risk")}`,
    ],
  },
  {
    name: "criteria as a number",
    patch: { suppressionRules: criteria(5) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria\` (5) must be a map of criteria${FIX("suppressionRules.accepted-risk.criteria")}`,
    ],
  },
  {
    name: "criteria with two unknown fields",
    patch: { suppressionRules: criteria({ cves: ["x"], cwes: ["y"] }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria\` has unknown field(s) cves, cwes; use vulnerabilityIds, resourceTypes, accountIds, packageNames, severities, ecrRepositoryNames, resourceTags${FIX("suppressionRules.accepted-risk.criteria")}`,
    ],
  },
  ...(
    [
      ["vulnerabilityIds", "ids"],
      ["resourceTypes", "types"],
      ["packageNames", "package names"],
      ["severities", "severities"],
      ["ecrRepositoryNames", "repository names"],
    ] as const
  ).map(([field, noun]) => ({
    name: `criterion ${field} as a string`,
    patch: { suppressionRules: criteria({ [field]: "x" }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria.${field}\` ("x") must be a list of ${noun}${FIX(`suppressionRules.accepted-risk.criteria.${field}`)}`,
    ],
  })),
  {
    name: "an empty repository name in criteria",
    patch: { suppressionRules: criteria({ ecrRepositoryNames: [""] }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria.ecrRepositoryNames[0]\` is empty: a repository name${FIX("suppressionRules.accepted-risk.criteria.ecrRepositoryNames[0]")}`,
    ],
  },
  {
    name: "a criteria resource tag key with !",
    patch: { suppressionRules: criteria({ resourceTags: { "Env!": "prod" } }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria.resourceTags.Env!\` ("Env!") is not a valid tag key${FIX("suppressionRules.accepted-risk.criteria.resourceTags.Env!")}`,
    ],
  },
  {
    name: "criteria resource tags as a list",
    patch: { suppressionRules: criteria({ resourceTags: ["Env"] }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria.resourceTags\` (["Env"]) must be a map of tag keys to values${FIX("suppressionRules.accepted-risk.criteria.resourceTags")}`,
    ],
  },
  ...[0, 11].map((count) => ({
    name: `criteria with ${count} resource tags`,
    patch: { suppressionRules: criteria({ resourceTags: tags(count, "v") }) },
    problems: [
      `\`suppressionRules.accepted-risk.criteria.resourceTags\` must have 1-10 tags${FIX("suppressionRules.accepted-risk.criteria.resourceTags")}`,
    ],
  })),
];

describe("validateConfig: scanning keys at their bounds", () => {
  for (const c of ACCEPTED) {
    it(`accepts ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
  for (const c of REJECTED) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
});
