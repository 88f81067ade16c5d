import { expect } from "chai";
import { validateConfig } from "../../stacks/config";

/** The findings keys of a minimal stack, fully defaulted. */
export const FINDINGS_DEFAULTS = {
  findingsTriageSeverities: ["CRITICAL", "HIGH"],
  findingsNotificationGroupWindowMinutes: 5,
  findingsNotificationEmails: [],
  findingsNotificationHttpsEndpoints: [],
  findingsOperationsEmails: [],
  findingsOperationsHttpsEndpoints: [],
  findingsSlackTeamId: undefined,
  findingsSlackChannelId: undefined,
  findingsSecurityHub: true,
  findingsExportTransitionDays: 30,
  findingsExportStorageClass: "STANDARD_IA",
  findingsExportExpirationDays: 400,
  findingsExportObjectLockDays: undefined,
  findingsExportObjectNotifications: false,
  findingsReportFormat: "JSON",
  findingsSbomFormat: "CYCLONEDX_1_4",
  findingsReportSchedule: "cron(0 5 ? * MON *)",
  findingsLogRetentionDays: 90,
};

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

interface Case {
  readonly name: string;
  readonly patch: Record<string, string>;
  readonly problems: string[];
}

const BAD_CASES: Case[] = [
  {
    name: "a numeric severity",
    patch: { findingsTriageSeverities: "[7]" },
    problems: [
      "`findingsTriageSeverities[0]` (7) is not an Inspector severity; use one of: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED; fix it with `pulumi config set --path 'findingsTriageSeverities[0]' <severity>`",
    ],
  },
  {
    name: "a lower-case severity",
    patch: { findingsTriageSeverities: '["HIGH","critical"]' },
    problems: [
      "`findingsTriageSeverities[1]` (\"critical\") is not an Inspector severity; use one of: CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED; fix it with `pulumi config set --path 'findingsTriageSeverities[1]' <severity>`",
    ],
  },
  {
    name: "no severity",
    patch: { findingsTriageSeverities: "[]" },
    problems: [
      "`findingsTriageSeverities` is empty; list at least one severity (CRITICAL, HIGH, ...); fix it with `pulumi config set --path 'findingsTriageSeverities[0]' <severity>`",
    ],
  },
  {
    name: "one severity given as text, not a list",
    patch: { findingsTriageSeverities: '"CRITICAL"' },
    problems: [
      "`findingsTriageSeverities` (\"CRITICAL\") must be a list of severities; fix it with `pulumi config set --path 'findingsTriageSeverities[0]' <severity>`",
    ],
  },
  {
    name: "a grouping window longer than an SQS message delay",
    patch: { findingsNotificationGroupWindowMinutes: "30" },
    problems: [
      "`findingsNotificationGroupWindowMinutes` (30) is above 15 minutes, the longest SQS message delay (900 seconds), which schedules a group's message; use 0-15; fix it with `pulumi config set 'findingsNotificationGroupWindowMinutes' 5`",
    ],
  },
  {
    name: "a negative grouping window",
    patch: { findingsNotificationGroupWindowMinutes: "-1" },
    problems: [
      "`findingsNotificationGroupWindowMinutes` (-1) is below 0 minutes; use 0-15 (0: one message per finding); fix it with `pulumi config set 'findingsNotificationGroupWindowMinutes' 5`",
    ],
  },
  {
    name: "a grouping window in fractions of a minute",
    patch: { findingsNotificationGroupWindowMinutes: "2.5" },
    problems: [
      "`findingsNotificationGroupWindowMinutes` (2.5) must be a whole number of minutes; fix it with `pulumi config set 'findingsNotificationGroupWindowMinutes' 5`",
    ],
  },
  {
    name: "a grouping window that is not a number",
    patch: { findingsNotificationGroupWindowMinutes: "five" },
    problems: [
      "`findingsNotificationGroupWindowMinutes` (\"five\") must be a number; fix it with `pulumi config set 'findingsNotificationGroupWindowMinutes' 5`",
    ],
  },
  {
    name: "an email without a domain",
    patch: { findingsNotificationEmails: '["soc"]' },
    problems: [
      "`findingsNotificationEmails[0]` (\"soc\") is not an email address; fix it with `pulumi config set --path 'findingsNotificationEmails[0]' <email>`",
    ],
  },
  {
    name: "a plain http endpoint",
    patch: { findingsOperationsHttpsEndpoints: '["http://hooks.example.com/x"]' },
    problems: [
      "`findingsOperationsHttpsEndpoints[0]` (\"http://hooks.example.com/x\") is not an https:// URL; SNS delivers findings over HTTPS only here; fix it with `pulumi config set --path 'findingsOperationsHttpsEndpoints[0]' <https url>`",
    ],
  },
  {
    name: "a Slack channel without its workspace",
    patch: { findingsSlackChannelId: "C0123ABCD" },
    problems: [
      "`findingsSlackTeamId` is not set but its pair is; an AWS Chatbot Slack channel needs both ids; fix it with `pulumi config set 'findingsSlackTeamId' <T0123ABCD>`",
    ],
  },
  {
    name: "expiry before the transition",
    patch: { findingsExportTransitionDays: "90", findingsExportExpirationDays: "60" },
    problems: [
      "`findingsExportExpirationDays` (60) is not after findingsExportTransitionDays (90); objects would expire before they move; fix it with `pulumi config set 'findingsExportExpirationDays' 455`",
    ],
  },
  {
    name: "expiry on the transition day (the boundary: not after it)",
    patch: { findingsExportTransitionDays: "90", findingsExportExpirationDays: "90" },
    problems: [
      "`findingsExportExpirationDays` (90) is not after findingsExportTransitionDays (90); objects would expire before they move; fix it with `pulumi config set 'findingsExportExpirationDays' 455`",
    ],
  },
  {
    name: "STANDARD_IA before 30 days",
    patch: { findingsExportTransitionDays: "7" },
    problems: [
      "`findingsExportTransitionDays` (7) is below 30 days, the S3 minimum before a transition to STANDARD_IA; fix it with `pulumi config set 'findingsExportTransitionDays' 30`",
    ],
  },
  {
    name: "an unknown storage class",
    patch: { findingsExportStorageClass: "COLD" },
    problems: [
      "`findingsExportStorageClass` (\"COLD\") is not an S3 lifecycle storage class; use one of: STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE; fix it with `pulumi config set 'findingsExportStorageClass' STANDARD_IA`",
    ],
  },
  {
    name: "Object Lock longer than the expiry",
    patch: { findingsExportObjectLockDays: "500" },
    problems: [
      "`findingsExportObjectLockDays` (500) is longer than findingsExportExpirationDays (400); locked versions would outlive their expiry; fix it with `pulumi config set 'findingsExportObjectLockDays' 400`",
    ],
  },
  {
    name: "an SBOM format Inspector does not export",
    patch: { findingsSbomFormat: "CYCLONEDX_1_5" },
    problems: [
      "`findingsSbomFormat` (\"CYCLONEDX_1_5\") is not an SBOM export format; use one of: CYCLONEDX_1_4, SPDX_2_3; fix it with `pulumi config set 'findingsSbomFormat' CYCLONEDX_1_4`",
    ],
  },
  {
    name: "a crontab line instead of a Scheduler expression",
    patch: { findingsReportSchedule: "0 5 * * 1" },
    problems: [
      '`findingsReportSchedule` ("0 5 * * 1") is not an EventBridge schedule expression: "rate(N units)" or "cron(min hour day-of-month month day-of-week year)"; e.g. "cron(0 5 ? * MON *)"; fix it with `pulumi config set \'findingsReportSchedule\' \'cron(0 5 ? * MON *)\'`',
    ],
  },
  {
    name: "a retention CloudWatch Logs does not offer",
    patch: { findingsLogRetentionDays: "45" },
    problems: [
      "`findingsLogRetentionDays` (45) is not a CloudWatch Logs retention; use one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; fix it with `pulumi config set 'findingsLogRetentionDays' 90`",
    ],
  },
  {
    name: "two addresses in one entry, comma-separated",
    patch: { findingsOperationsEmails: '["soc@example.com, ops@example.com"]' },
    problems: [
      "`findingsOperationsEmails[0]` (\"soc@example.com, ops@example.com\") is not an email address; fix it with `pulumi config set --path 'findingsOperationsEmails[0]' <email>`",
    ],
  },
  {
    name: "an email with a space before it",
    patch: { findingsNotificationEmails: '["team soc@example.com"]' },
    problems: [
      "`findingsNotificationEmails[0]` (\"team soc@example.com\") is not an email address; fix it with `pulumi config set --path 'findingsNotificationEmails[0]' <email>`",
    ],
  },
  {
    name: "one email address given as text, not a list",
    patch: { findingsNotificationEmails: '"soc@example.com"' },
    problems: [
      "`findingsNotificationEmails` (\"soc@example.com\") must be a list of email addresses; fix it with `pulumi config set --path 'findingsNotificationEmails[0]' <email>`",
    ],
  },
  {
    name: "an endpoint with a space before https://",
    patch: { findingsNotificationHttpsEndpoints: '[" https://hooks.example.com/x"]' },
    problems: [
      "`findingsNotificationHttpsEndpoints[0]` (\" https://hooks.example.com/x\") is not an https:// URL; SNS delivers findings over HTTPS only here; fix it with `pulumi config set --path 'findingsNotificationHttpsEndpoints[0]' <https url>`",
    ],
  },
  {
    name: "two endpoints in one entry, space-separated",
    patch: {
      findingsOperationsHttpsEndpoints:
        '["https://hooks.example.com/a https://hooks.example.com/b"]',
    },
    problems: [
      "`findingsOperationsHttpsEndpoints[0]` (\"https://hooks.example.com/a https://hooks.example.com/b\") is not an https:// URL; SNS delivers findings over HTTPS only here; fix it with `pulumi config set --path 'findingsOperationsHttpsEndpoints[0]' <https url>`",
    ],
  },
  {
    name: "one endpoint given as text, not a list",
    patch: { findingsNotificationHttpsEndpoints: '"https://hooks.example.com/x"' },
    problems: [
      "`findingsNotificationHttpsEndpoints` (\"https://hooks.example.com/x\") must be a list of https:// URLs; fix it with `pulumi config set --path 'findingsNotificationHttpsEndpoints[0]' <https url>`",
    ],
  },
  {
    name: "a Slack workspace without its channel",
    patch: { findingsSlackTeamId: "T0123ABCD" },
    problems: [
      "`findingsSlackChannelId` is not set but its pair is; an AWS Chatbot Slack channel needs both ids; fix it with `pulumi config set 'findingsSlackChannelId' <C0123ABCD>`",
    ],
  },
  {
    name: "a lower-case Slack workspace id (once: it is set, not missing)",
    patch: { findingsSlackTeamId: "t0123abcd", findingsSlackChannelId: "C0123ABCD" },
    problems: [
      "`findingsSlackTeamId` (\"t0123abcd\") is not a Slack workspace (team) id; fix it with `pulumi config set 'findingsSlackTeamId' <T0123ABCD>`",
    ],
  },
  {
    name: "a Slack workspace id with a lower-case prefix",
    patch: { findingsSlackTeamId: "xT0123ABCD", findingsSlackChannelId: "C0123ABCD" },
    problems: [
      "`findingsSlackTeamId` (\"xT0123ABCD\") is not a Slack workspace (team) id; fix it with `pulumi config set 'findingsSlackTeamId' <T0123ABCD>`",
    ],
  },
  {
    name: "a Slack workspace id with a lower-case suffix",
    patch: { findingsSlackTeamId: "T0123ABCDx", findingsSlackChannelId: "C0123ABCD" },
    problems: [
      "`findingsSlackTeamId` (\"T0123ABCDx\") is not a Slack workspace (team) id; fix it with `pulumi config set 'findingsSlackTeamId' <T0123ABCD>`",
    ],
  },
  {
    name: "a Slack channel id with a # prefix",
    patch: { findingsSlackTeamId: "T0123ABCD", findingsSlackChannelId: "#C0123ABCD" },
    problems: [
      "`findingsSlackChannelId` (\"#C0123ABCD\") is not a Slack channel id; fix it with `pulumi config set 'findingsSlackChannelId' <C0123ABCD>`",
    ],
  },
  {
    name: "a Slack channel id with a name after it",
    patch: { findingsSlackTeamId: "T0123ABCD", findingsSlackChannelId: "C0123ABCD-alerts" },
    problems: [
      "`findingsSlackChannelId` (\"C0123ABCD-alerts\") is not a Slack channel id; fix it with `pulumi config set 'findingsSlackChannelId' <C0123ABCD>`",
    ],
  },
  {
    name: "findingsSecurityHub not a boolean",
    patch: { findingsSecurityHub: "yes" },
    problems: [
      "`findingsSecurityHub` (\"yes\") must be true or false; fix it with `pulumi config set 'findingsSecurityHub' true`",
    ],
  },
  {
    name: "findingsExportObjectNotifications not a boolean",
    patch: { findingsExportObjectNotifications: "on" },
    problems: [
      "`findingsExportObjectNotifications` (\"on\") must be true or false; fix it with `pulumi config set 'findingsExportObjectNotifications' true`",
    ],
  },
  {
    name: "ONEZONE_IA before 30 days (29, one below)",
    patch: { findingsExportStorageClass: "ONEZONE_IA", findingsExportTransitionDays: "29" },
    problems: [
      "`findingsExportTransitionDays` (29) is below 30 days, the S3 minimum before a transition to ONEZONE_IA; fix it with `pulumi config set 'findingsExportTransitionDays' 30`",
    ],
  },
  {
    name: "a transition on day 0 (one below 1)",
    patch: { findingsExportStorageClass: "GLACIER", findingsExportTransitionDays: "0" },
    problems: [
      "`findingsExportTransitionDays` (0) is below 1 days; use 1-3650; fix it with `pulumi config set 'findingsExportTransitionDays' 30`",
    ],
  },
  {
    name: "a transition after ten years (3651, one above)",
    patch: { findingsExportTransitionDays: "3651" },
    problems: [
      "`findingsExportTransitionDays` (3651) is above 3650 days; use 1-3650; fix it with `pulumi config set 'findingsExportTransitionDays' 30`",
    ],
  },
  {
    name: "an expiry after 1 day (one below 2)",
    patch: {
      findingsExportTransitionDays: "1",
      findingsExportStorageClass: "GLACIER",
      findingsExportExpirationDays: "1",
    },
    problems: [
      "`findingsExportExpirationDays` (1) is below 2 days; use 2-3650; fix it with `pulumi config set 'findingsExportExpirationDays' 400`",
    ],
  },
  {
    name: "an expiry after 3651 days (one above)",
    patch: { findingsExportExpirationDays: "3651" },
    problems: [
      "`findingsExportExpirationDays` (3651) is above 3650 days; use 2-3650; fix it with `pulumi config set 'findingsExportExpirationDays' 400`",
    ],
  },
  {
    name: "an Object Lock of 0 days (one below 1)",
    patch: { findingsExportObjectLockDays: "0" },
    problems: [
      "`findingsExportObjectLockDays` (0) is below 1 days; use 1-3650; fix it with `pulumi config set 'findingsExportObjectLockDays' 90`",
    ],
  },
  {
    name: "Object Lock one day longer than the expiry",
    patch: { findingsExportExpirationDays: "365", findingsExportObjectLockDays: "366" },
    problems: [
      "`findingsExportObjectLockDays` (366) is longer than findingsExportExpirationDays (365); locked versions would outlive their expiry; fix it with `pulumi config set 'findingsExportObjectLockDays' 365`",
    ],
  },
  {
    name: "a report format Inspector does not write",
    patch: { findingsReportFormat: "PDF" },
    problems: [
      "`findingsReportFormat` (\"PDF\") is not a findings report format; use one of: JSON, CSV; fix it with `pulumi config set 'findingsReportFormat' JSON`",
    ],
  },
];

describe("validateConfig: findings keys", () => {
  for (const c of BAD_CASES) {
    it(`reports ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }

  it("orders triage severities most severe first, whatever the config order", () => {
    const result = validateConfig({ ...BASE, findingsTriageSeverities: '["HIGH","CRITICAL"]' });
    expect("config" in result && result.config.findingsTriageSeverities).to.deep.equal([
      "CRITICAL",
      "HIGH",
    ]);
  });

  it("accepts a grouping window of 0 (one message per finding) and of 15 minutes", () => {
    const windows = ["0", "15"].map((w) => {
      const result = validateConfig({ ...BASE, findingsNotificationGroupWindowMinutes: w });
      return "config" in result && result.config.findingsNotificationGroupWindowMinutes;
    });
    expect(windows).to.deep.equal([0, 15]);
  });

  it("accepts a Slack channel given with its workspace", () => {
    const result = validateConfig({
      ...BASE,
      findingsSlackTeamId: "T0123ABCD",
      findingsSlackChannelId: "C0123ABCD",
    });
    expect(
      "config" in result && [
        result.config.findingsSlackTeamId,
        result.config.findingsSlackChannelId,
      ],
    ).to.deep.equal(["T0123ABCD", "C0123ABCD"]);
  });

  it("accepts addresses, endpoints and the bounds of each export key", () => {
    const result = validateConfig({
      ...BASE,
      findingsNotificationEmails: '["soc@example.com"]',
      findingsOperationsEmails: '["ops-team@security.example.co.uk"]',
      findingsNotificationHttpsEndpoints: '["https://hooks.example.com/inspector?team=soc"]',
      findingsOperationsHttpsEndpoints: '["https://h.example.com"]',
      findingsExportStorageClass: "ONEZONE_IA",
      findingsExportTransitionDays: "30",
      findingsExportExpirationDays: "3650",
      findingsExportObjectLockDays: "3650",
      findingsReportFormat: "CSV",
      findingsLogRetentionDays: "3653",
    });
    const c = "config" in result ? result.config : undefined;
    expect([
      c?.findingsNotificationEmails,
      c?.findingsOperationsEmails,
      c?.findingsNotificationHttpsEndpoints,
      c?.findingsOperationsHttpsEndpoints,
      c?.findingsExportStorageClass,
      c?.findingsExportTransitionDays,
      c?.findingsExportExpirationDays,
      c?.findingsExportObjectLockDays,
      c?.findingsReportFormat,
      c?.findingsLogRetentionDays,
    ]).to.deep.equal([
      ["soc@example.com"],
      ["ops-team@security.example.co.uk"],
      ["https://hooks.example.com/inspector?team=soc"],
      ["https://h.example.com"],
      "ONEZONE_IA",
      30,
      3650,
      3650,
      "CSV",
      3653,
    ]);
  });

  it("accepts the lowest bounds: a transition on day 1 to GLACIER, expiry on day 2, Object Lock of 1 day and a 1-day log retention", () => {
    const result = validateConfig({
      ...BASE,
      findingsExportStorageClass: "GLACIER",
      findingsExportTransitionDays: "1",
      findingsExportExpirationDays: "2",
      findingsExportObjectLockDays: "1",
      findingsLogRetentionDays: "1",
      // The KPIs read the export back this many days: not longer than its expiry.
      kpiLookbackDays: "1",
    });
    const c = "config" in result ? result.config : undefined;
    expect([
      c?.findingsExportTransitionDays,
      c?.findingsExportExpirationDays,
      c?.findingsExportObjectLockDays,
      c?.findingsLogRetentionDays,
    ]).to.deep.equal([1, 2, 1, 1]);
  });

  it("accepts Object Lock as long as the expiry (the boundary: not longer)", () => {
    expect(
      problemsOf({ findingsExportExpirationDays: "365", findingsExportObjectLockDays: "365" }),
    ).to.deep.equal([]);
  });

  it("accepts a one-character Slack workspace and channel id", () => {
    expect(problemsOf({ findingsSlackTeamId: "T", findingsSlackChannelId: "C" })).to.deep.equal([]);
  });
});
