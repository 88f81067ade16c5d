/** Configuration of the findings flow: routing, notifications, Security Hub, export and reports. */
import { z } from "zod";
import {
  DEFAULT_TRIAGE_SEVERITIES,
  FINDING_SEVERITIES,
  type FindingSeverity,
} from "../lib/eventPatterns";
import { MAX_GROUP_WINDOW_MINUTES } from "../lib/noise/grouping";
import {
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  scheduleSchema,
  show,
  uniqueList,
} from "./configSchema";

/** Storage classes a lifecycle rule may move exported findings to. */
export const EXPORT_STORAGE_CLASSES = [
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;

/** A lifecycle storage class. */
export type ExportStorageClass = (typeof EXPORT_STORAGE_CLASSES)[number];

/** CreateFindingsReport formats. */
export const REPORT_FORMATS = ["JSON", "CSV"] as const;

/** CreateSbomExport formats. */
export const SBOM_FORMATS = ["CYCLONEDX_1_4", "SPDX_2_3"] as const;

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** The findings flow's configuration. */
export interface FindingsConfig {
  /** Severities of findings sent to triage (ACTIVE and CLOSED; ACTIVE ones notify). */
  readonly findingsTriageSeverities: readonly FindingSeverity[];
  /**
   * Minutes over which findings of one CVE and package become one notification listing the
   * affected resources; 0 sends one notification per finding.
   */
  readonly findingsNotificationGroupWindowMinutes: number;
  /** Email addresses subscribed to the findings topic. */
  readonly findingsNotificationEmails: readonly string[];
  /** HTTPS endpoints subscribed to the findings topic. */
  readonly findingsNotificationHttpsEndpoints: readonly string[];
  /** Email addresses subscribed to the operations topic (coverage, scans, DLQ alarms). */
  readonly findingsOperationsEmails: readonly string[];
  /** HTTPS endpoints subscribed to the operations topic. */
  readonly findingsOperationsHttpsEndpoints: readonly string[];
  /** The Slack workspace (team) id of an AWS Chatbot channel; set with the channel id. */
  readonly findingsSlackTeamId: string | undefined;
  /** The Slack channel id of an AWS Chatbot channel; set with the team id. */
  readonly findingsSlackChannelId: string | undefined;
  /** Whether Security Hub is administered, enabled and aggregated by this stack. */
  readonly findingsSecurityHub: boolean;
  /** Days after which exported objects move to {@link findingsExportStorageClass}. */
  readonly findingsExportTransitionDays: number;
  /** The storage class exported objects move to. */
  readonly findingsExportStorageClass: ExportStorageClass;
  /** Days after which exported objects expire. */
  readonly findingsExportExpirationDays: number;
  /** Object Lock retention (GOVERNANCE mode) in days; unset means no Object Lock. */
  readonly findingsExportObjectLockDays: number | undefined;
  /** Whether new export objects are announced on an SQS queue (for SIEMs). */
  readonly findingsExportObjectNotifications: boolean;
  /** The CreateFindingsReport format. */
  readonly findingsReportFormat: (typeof REPORT_FORMATS)[number];
  /** The CreateSbomExport format. */
  readonly findingsSbomFormat: (typeof SBOM_FORMATS)[number];
  /** When scheduled reports run: an EventBridge Scheduler `cron(...)` or `rate(...)`. */
  readonly findingsReportSchedule: string;
  /** Retention of the findings functions' log groups, in days. */
  readonly findingsLogRetentionDays: number;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const emailList = uniqueList(
  z.string().regex(EMAIL, { error: (iss) => `(${show(iss.input)}) is not an email address` }),
  "email addresses",
);

const httpsList = uniqueList(
  z.string().regex(/^https:\/\/[^\s]+$/, {
    error: (iss) =>
      `(${show(iss.input)}) is not an https:// URL; SNS delivers findings over HTTPS only here`,
  }),
  "https:// URLs",
);

const optionalSlackId = (what: string, pattern: RegExp) =>
  z
    .string()
    .regex(pattern, { error: (iss) => `(${show(iss.input)}) is not a Slack ${what} id` })
    .optional();

/** Storage classes with a 30-day minimum in STANDARD before the transition (S3 lifecycle rules). */
const THIRTY_DAY_CLASSES: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];

/** Rules that span the findings keys. */
function checkFindings(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // A key that failed its own check is absent from `c` (an unset optional key is present as
  // undefined): a Slack id is reported missing only when it is really unset, not when it is bad.
  const unset = (key: string) => key in c && c[key] === undefined;
  const slackPair: [string, string, string][] = [
    ["findingsSlackTeamId", "findingsSlackChannelId", "<T0123ABCD>"],
    ["findingsSlackChannelId", "findingsSlackTeamId", "<C0123ABCD>"],
  ];
  for (const [key, pair, placeholder] of slackPair) {
    if (unset(key) && c[pair] !== undefined) {
      problems.push({
        path: key,
        placeholder,
        message: "is not set but its pair is; an AWS Chatbot Slack channel needs both ids",
      });
    }
  }
  const transition = c.findingsExportTransitionDays as number | undefined;
  const expiration = c.findingsExportExpirationDays as number | undefined;
  const storageClass = c.findingsExportStorageClass as string | undefined;
  const lockDays = c.findingsExportObjectLockDays as number | undefined;
  if (transition !== undefined && expiration !== undefined && expiration <= transition) {
    problems.push({
      path: "findingsExportExpirationDays",
      placeholder: String(transition + 365),
      message: `(${expiration}) is not after findingsExportTransitionDays (${transition}); objects would expire before they move`,
    });
  }
  if (
    transition !== undefined &&
    storageClass !== undefined &&
    THIRTY_DAY_CLASSES.includes(storageClass) &&
    transition < 30
  ) {
    problems.push({
      path: "findingsExportTransitionDays",
      placeholder: "30",
      message: `(${transition}) is below 30 days, the S3 minimum before a transition to ${storageClass}`,
    });
  }
  if (lockDays !== undefined && expiration !== undefined && lockDays > expiration) {
    problems.push({
      path: "findingsExportObjectLockDays",
      placeholder: String(expiration),
      message: `(${lockDays}) is longer than findingsExportExpirationDays (${expiration}); locked versions would outlive their expiry`,
    });
  }
  return problems;
}

/** The findings keys. */
export const FINDINGS_SECTION: ConfigSection<FindingsConfig> = {
  keys: {
    findingsTriageSeverities: {
      kind: "list",
      placeholder: "<severity>",
      default: [...DEFAULT_TRIAGE_SEVERITIES],
      schema: uniqueList(enumSchema(FINDING_SEVERITIES, "an Inspector severity"), "severities")
        .min(1, { error: "is empty; list at least one severity (CRITICAL, HIGH, ...)" })
        // Severity order, whatever the config order, so the rule pattern does not churn.
        .transform((list) => FINDING_SEVERITIES.filter((s) => list.includes(s))),
    },
    findingsNotificationGroupWindowMinutes: {
      kind: "number",
      placeholder: "5",
      default: 5,
      // The group's message is scheduled with an SQS message delay, at most 900 seconds.
      schema: z
        .number({ error: (iss) => `(${show(iss.input)}) must be a number` })
        .int({ error: (iss) => `(${show(iss.input)}) must be a whole number of minutes` })
        .min(0, {
          error: (iss) =>
            `(${show(iss.input)}) is below 0 minutes; use 0-${MAX_GROUP_WINDOW_MINUTES} (0: one message per finding)`,
        })
        .max(MAX_GROUP_WINDOW_MINUTES, {
          error: (iss) =>
            `(${show(iss.input)}) is above ${MAX_GROUP_WINDOW_MINUTES} minutes, the longest SQS message delay (900 seconds), which schedules a group's message; use 0-${MAX_GROUP_WINDOW_MINUTES}`,
        }),
    },
    findingsNotificationEmails: {
      kind: "list",
      placeholder: "<email>",
      default: [],
      schema: emailList,
    },
    findingsNotificationHttpsEndpoints: {
      kind: "list",
      placeholder: "<https url>",
      default: [],
      schema: httpsList,
    },
    findingsOperationsEmails: {
      kind: "list",
      placeholder: "<email>",
      default: [],
      schema: emailList,
    },
    findingsOperationsHttpsEndpoints: {
      kind: "list",
      placeholder: "<https url>",
      default: [],
      schema: httpsList,
    },
    findingsSlackTeamId: {
      kind: "string",
      placeholder: "<T0123ABCD>",
      optional: true,
      schema: optionalSlackId("workspace (team)", /^[A-Z0-9]{1,256}$/),
    },
    findingsSlackChannelId: {
      kind: "string",
      placeholder: "<C0123ABCD>",
      optional: true,
      schema: optionalSlackId("channel", /^[A-Z0-9]{1,256}$/),
    },
    findingsSecurityHub: {
      kind: "boolean",
      placeholder: "true",
      default: true,
      schema: booleanSchema,
    },
    findingsExportTransitionDays: {
      kind: "number",
      placeholder: "30",
      default: 30,
      schema: integerSchema(1, 3650, "days"),
    },
    findingsExportStorageClass: {
      kind: "string",
      placeholder: "STANDARD_IA",
      default: "STANDARD_IA",
      schema: enumSchema(EXPORT_STORAGE_CLASSES, "an S3 lifecycle storage class"),
    },
    findingsExportExpirationDays: {
      kind: "number",
      placeholder: "400",
      default: 400,
      schema: integerSchema(2, 3650, "days"),
    },
    findingsExportObjectLockDays: {
      kind: "number",
      placeholder: "90",
      optional: true,
      schema: integerSchema(1, 3650, "days").optional(),
    },
    findingsExportObjectNotifications: {
      kind: "boolean",
      placeholder: "true",
      default: false,
      schema: booleanSchema,
    },
    findingsReportFormat: {
      kind: "string",
      placeholder: "JSON",
      default: "JSON",
      schema: enumSchema(REPORT_FORMATS, "a findings report format"),
    },
    findingsSbomFormat: {
      kind: "string",
      placeholder: "CYCLONEDX_1_4",
      default: "CYCLONEDX_1_4",
      schema: enumSchema(SBOM_FORMATS, "an SBOM export format"),
    },
    findingsReportSchedule: {
      kind: "string",
      placeholder: "'cron(0 5 ? * MON *)'",
      default: "cron(0 5 ? * MON *)",
      schema: scheduleSchema("cron(0 5 ? * MON *)"),
    },
    findingsLogRetentionDays: {
      kind: "number",
      placeholder: "90",
      default: 90,
      schema: z
        .number({ error: (iss) => `(${show(iss.input)}) must be a number` })
        .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
          error: (iss) =>
            `(${show(iss.input)}) is not a CloudWatch Logs retention; use one of: ${LOG_RETENTION_DAYS.join(", ")}`,
        }),
    },
  },
  check: checkFindings,
};
