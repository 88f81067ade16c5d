import { expect } from "chai";
import { validateConfig } from "../../stacks/config";
import { isPatchComplianceOn, KPI_DEFAULTS } from "../../stacks/configKpis";

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

function configOf(patch: Record<string, string>) {
  const result = validateConfig({ ...BASE, ...patch });
  if ("problems" in result) {
    throw new Error(result.problems.join("\n"));
  }
  return result.config;
}

interface Case {
  readonly name: string;
  readonly patch: Record<string, string>;
  readonly problems: string[];
}

const SEVERITY_LIST = "CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED";
const RATE_FIX = "fix it with `pulumi config set 'kpiSchedule' 'rate(1 hour)'`";

const BAD_CASES: Case[] = [
  {
    name: "kpiEnabled not a boolean",
    patch: { kpiEnabled: "yes" },
    problems: [
      "`kpiEnabled` (\"yes\") must be true or false; fix it with `pulumi config set 'kpiEnabled' true`",
    ],
  },
  {
    name: "an SLA list instead of a map",
    patch: { kpiSlaDays: '["CRITICAL"]' },
    problems: [
      "`kpiSlaDays` ([\"CRITICAL\"]) must be a map of severities to days, e.g. {CRITICAL: 7}; fix it with `pulumi config set --path 'kpiSlaDays.<name>' <days>`",
    ],
  },
  {
    name: "an SLA of zero days",
    patch: { kpiSlaDays: '{"CRITICAL": 0}' },
    problems: [
      "`kpiSlaDays.CRITICAL` (0) is below 1 days; use 1-3650; fix it with `pulumi config set --path 'kpiSlaDays.CRITICAL' <days>`",
    ],
  },
  {
    name: "an SLA of a fractional day",
    patch: { kpiSlaDays: '{"HIGH": 7.5}' },
    problems: [
      "`kpiSlaDays.HIGH` (7.5) must be a whole number of days; fix it with `pulumi config set --path 'kpiSlaDays.HIGH' <days>`",
    ],
  },
  {
    name: "an SLA given as a string",
    patch: { kpiSlaDays: '{"HIGH": "30"}' },
    problems: [
      "`kpiSlaDays.HIGH` (\"30\") must be a number; fix it with `pulumi config set --path 'kpiSlaDays.HIGH' <days>`",
    ],
  },
  {
    name: "an SLA of more than ten years",
    patch: { kpiSlaDays: '{"LOW": 4000}' },
    problems: [
      "`kpiSlaDays.LOW` (4000) is above 3650 days; use 1-3650; fix it with `pulumi config set --path 'kpiSlaDays.LOW' <days>`",
    ],
  },
  {
    name: "a lower-case SLA severity",
    patch: { kpiSlaDays: '{"critical": 7}' },
    problems: [
      `\`kpiSlaDays.critical\` is not an Inspector severity; use one of: ${SEVERITY_LIST}; move it with \`pulumi config rm --path 'kpiSlaDays.critical'\` and \`pulumi config set --path 'kpiSlaDays.CRITICAL' <days>\``,
    ],
  },
  {
    name: "an SLA for an unknown severity",
    patch: { kpiSlaDays: '{"URGENT": 7}' },
    problems: [
      `\`kpiSlaDays.URGENT\` is not an Inspector severity; use one of: ${SEVERITY_LIST}; move it with \`pulumi config rm --path 'kpiSlaDays.URGENT'\` and \`pulumi config set --path 'kpiSlaDays.<SEVERITY>' <days>\``,
    ],
  },
  {
    name: "a cron metrics schedule",
    patch: { kpiSchedule: "cron(0 * * * ? *)" },
    problems: [
      `\`kpiSchedule\` ("cron(0 * * * ? *)") is not a rate expression such as "rate(1 hour)" or "rate(30 minutes)"; the alarms need a fixed interval, so cron() is not accepted here; ${RATE_FIX}`,
    ],
  },
  {
    name: "a plural unit for 1",
    patch: { kpiSchedule: "rate(1 hours)" },
    problems: [
      `\`kpiSchedule\` ("rate(1 hours)") must say "hour" for 1 and "hours" otherwise, as EventBridge Scheduler requires; ${RATE_FIX}`,
    ],
  },
  {
    name: "a singular unit for 2",
    patch: { kpiSchedule: "rate(2 day)" },
    problems: [
      `\`kpiSchedule\` ("rate(2 day)") must say "day" for 1 and "days" otherwise, as EventBridge Scheduler requires; ${RATE_FIX}`,
    ],
  },
  {
    name: "a metrics schedule shorter than a run",
    patch: { kpiSchedule: "rate(5 minutes)" },
    problems: [
      `\`kpiSchedule\` ("rate(5 minutes)") is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours; ${RATE_FIX}`,
    ],
  },
  {
    name: "a metrics schedule longer than a day",
    patch: { kpiSchedule: "rate(25 hours)" },
    problems: [
      `\`kpiSchedule\` ("rate(25 hours)") is outside 15 minutes to 1 day; a run may last 15 minutes, and NewFindings counts the last 24 hours; ${RATE_FIX}`,
    ],
  },
  {
    name: "a report schedule in words",
    patch: { kpiReportSchedule: "weekly" },
    problems: [
      '`kpiReportSchedule` ("weekly") is not an EventBridge schedule expression: "rate(N units)" or "cron(min hour day-of-month month day-of-week year)"; e.g. "cron(0 6 ? * MON *)"; fix it with `pulumi config set \'kpiReportSchedule\' \'cron(0 6 ? * MON *)\'`',
    ],
  },
  {
    name: "a lookback of zero days",
    patch: { kpiLookbackDays: "0" },
    problems: [
      "`kpiLookbackDays` (0) is below 1 days; use 1-400; fix it with `pulumi config set 'kpiLookbackDays' 30`",
    ],
  },
  {
    name: "a lookback beyond what the function reads",
    patch: { kpiLookbackDays: "500", findingsExportExpirationDays: "1095" },
    problems: [
      "`kpiLookbackDays` (500) is above 400 days; use 1-400; fix it with `pulumi config set 'kpiLookbackDays' 30`",
    ],
  },
  {
    name: "a lookback longer than the export keeps events",
    patch: { kpiLookbackDays: "120", findingsExportExpirationDays: "90" },
    problems: [
      "`kpiLookbackDays` (120) is longer than findingsExportExpirationDays (90); the export no longer holds events that old; fix it with `pulumi config set 'kpiLookbackDays' 90`",
    ],
  },
  {
    name: "no dashboard severity",
    patch: { kpiDashboardSeverities: "[]" },
    problems: [
      "`kpiDashboardSeverities` is empty; list at least one severity (CRITICAL, HIGH, ...); fix it with `pulumi config set --path 'kpiDashboardSeverities[0]' <severity>`",
    ],
  },
  {
    name: "a repeated dashboard severity",
    patch: { kpiDashboardSeverities: '["HIGH","HIGH"]' },
    problems: [
      "`kpiDashboardSeverities[1]` (\"HIGH\") repeats entry [0]; remove the duplicate; fix it with `pulumi config set --path 'kpiDashboardSeverities[1]' <severity>`",
    ],
  },
  {
    name: "an unknown alarm severity",
    patch: { kpiAlarmSeverities: '["SEVERE"]' },
    problems: [
      `\`kpiAlarmSeverities[0]\` ("SEVERE") is not an Inspector severity; use one of: ${SEVERITY_LIST}; fix it with \`pulumi config set --path 'kpiAlarmSeverities[0]' <severity>\``,
    ],
  },
  {
    name: "alarm severities as a string",
    patch: { kpiAlarmSeverities: '"CRITICAL"' },
    problems: [
      "`kpiAlarmSeverities` (\"CRITICAL\") must be a list of severities; fix it with `pulumi config set --path 'kpiAlarmSeverities[0]' <severity>`",
    ],
  },
  {
    name: "dashboard severities as a string",
    patch: { kpiDashboardSeverities: '"HIGH"' },
    problems: [
      "`kpiDashboardSeverities` (\"HIGH\") must be a list of severities; fix it with `pulumi config set --path 'kpiDashboardSeverities[0]' <severity>`",
    ],
  },
  {
    name: "a negative coverage-gap threshold",
    patch: { kpiCoverageGapThreshold: "-1" },
    problems: [
      "`kpiCoverageGapThreshold` (-1) is below 0 resources; use 0-1000000; fix it with `pulumi config set 'kpiCoverageGapThreshold' 0`",
    ],
  },
  {
    name: "kpiPatchCompliance not a boolean",
    patch: { kpiPatchCompliance: "on" },
    problems: [
      "`kpiPatchCompliance` (\"on\") must be true or false; fix it with `pulumi config set 'kpiPatchCompliance' true`",
    ],
  },
  {
    name: "patch compliance on with the KPIs off",
    patch: { kpiPatchCompliance: "true", kpiEnabled: "false" },
    problems: [
      "`kpiPatchCompliance` (true) needs kpiEnabled: the KPI function reads the synced compliance data; set kpiEnabled to true or kpiPatchCompliance to false; fix it with `pulumi config set 'kpiPatchCompliance' false`",
    ],
  },
  {
    name: "patch compliance on with Object Lock on the export bucket",
    patch: { kpiPatchCompliance: "true", findingsExportObjectLockDays: "365" },
    problems: [
      "`kpiPatchCompliance` (true) cannot be used with findingsExportObjectLockDays (365): Systems Manager resource data sync cannot write to a bucket with Object Lock; fix it with `pulumi config set 'kpiPatchCompliance' false`",
    ],
  },
  {
    name: "a coverage-gap threshold in words",
    patch: { kpiCoverageGapThreshold: "many" },
    problems: [
      "`kpiCoverageGapThreshold` (\"many\") must be a number; fix it with `pulumi config set 'kpiCoverageGapThreshold' 0`",
    ],
  },
];

describe("KPI configuration", () => {
  it("defaults to KPIs on, hourly, the default SLA and an alarm on new CRITICAL findings", () => {
    const config = configOf({});
    expect(
      Object.fromEntries(
        Object.keys(KPI_DEFAULTS).map((k) => [k, config[k as keyof typeof config]]),
      ),
    ).to.deep.equal({
      kpiEnabled: true,
      kpiSlaDays: { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 },
      kpiSchedule: "rate(1 hour)",
      kpiReportSchedule: "cron(0 6 ? * MON *)",
      kpiLookbackDays: 30,
      kpiDashboardSeverities: ["CRITICAL", "HIGH", "MEDIUM", "LOW"],
      kpiAlarmSeverities: ["CRITICAL"],
      kpiCoverageGapThreshold: 0,
      kpiPatchCompliance: undefined,
    });
  });

  it("takes an SLA map as given (severities left out have no SLA) and orders severities", () => {
    const config = configOf({
      kpiSlaDays: '{"HIGH": 14, "CRITICAL": 3}',
      kpiAlarmSeverities: '["HIGH","CRITICAL"]',
      kpiDashboardSeverities: '["LOW","CRITICAL"]',
      kpiSchedule: "rate(30 minutes)",
    });
    expect([
      config.kpiSlaDays,
      config.kpiAlarmSeverities,
      config.kpiDashboardSeverities,
      config.kpiSchedule,
    ]).to.deep.equal([
      { HIGH: 14, CRITICAL: 3 },
      ["CRITICAL", "HIGH"],
      ["CRITICAL", "LOW"],
      "rate(30 minutes)",
    ]);
  });

  it("accepts no new-findings alarm, no SLA, and rates of 15 minutes and 1 day", () => {
    const patches: Record<string, string>[] = [
      { kpiAlarmSeverities: "[]", kpiSlaDays: "{}" },
      { kpiSchedule: "rate(15 minutes)" },
      { kpiSchedule: "rate(1 day)" },
      { kpiSchedule: "rate(24 hours)" },
    ];
    for (const patch of patches) {
      expect(problemsOf(patch), JSON.stringify(patch)).to.deep.equal([]);
    }
  });

  it("accepts a lookback as long as the export's expiry (the boundary: not longer)", () => {
    expect(problemsOf({ kpiLookbackDays: "90", findingsExportExpirationDays: "90" })).to.deep.equal(
      [],
    );
  });

  it("does not hold the lookback against the export's expiry when the KPIs are off", () => {
    expect(
      problemsOf({
        kpiEnabled: "false",
        kpiLookbackDays: "120",
        findingsExportExpirationDays: "90",
      }),
    ).to.deep.equal([]);
  });

  const PATCH_CASES: {
    name: string;
    patch: Record<string, string>;
    on: boolean;
  }[] = [
    { name: "by default", patch: {}, on: true },
    { name: "set to false", patch: { kpiPatchCompliance: "false" }, on: false },
    { name: "unset with the KPIs off", patch: { kpiEnabled: "false" }, on: false },
    {
      name: "unset without SSM Default Host Management",
      patch: { ssmDefaultHostManagement: "false" },
      on: false,
    },
    {
      name: "set to true without SSM Default Host Management",
      patch: { ssmDefaultHostManagement: "false", kpiPatchCompliance: "true" },
      on: true,
    },
    {
      name: "unset with Object Lock on the export bucket",
      patch: { findingsExportObjectLockDays: "365" },
      on: false,
    },
  ];
  for (const c of PATCH_CASES) {
    it(`turns the patch compliance KPI ${c.on ? "on" : "off"} ${c.name}`, () => {
      expect(isPatchComplianceOn(configOf(c.patch))).to.equal(c.on);
    });
  }

  for (const c of BAD_CASES) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
});
