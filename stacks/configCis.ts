/**
 * Configuration of CIS scan configurations (issue 3, the `cisScanConfigurations` key of
 * ./configScanning.ts): benchmark level, recurring schedule, target accounts and instance tags,
 * as CreateCisScanConfiguration accepts them (../shared/reference/inspector-facts.md §2.6).
 */
import { z } from "zod";
import {
  enumSchema,
  leadingZeroHint,
  namedMap,
  numberAsAccountId,
  show,
  TAG_KEY,
  uniqueList,
} from "./configSchema";

/** CIS benchmark levels. */
export const CIS_SECURITY_LEVELS = ["LEVEL_1", "LEVEL_2"] as const;
/** Recurring CIS schedules (a one-time scan is an action, not a setting). */
export const CIS_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY"] as const;
/** CIS schedule days, as the API spells them. */
export const CIS_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
/** A CIS schedule day. */
export type CisDay = (typeof CIS_DAYS)[number];

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

/** CIS scan names: the API allows 1-128 characters; these also make stable resource names. */
const SCAN_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const ACCOUNT_ID = /^\d{12}$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const dayEnum = enumSchema(CIS_DAYS, "a day");

const cisScheduleSchema = z
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
    // A bad key is reported by the record's `invalid_key` error below, not by the key schema.
    z.string().regex(TAG_KEY),
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
    schedule: cisScheduleSchema,
    targetAccounts: targetAccountsSchema,
    targetResourceTags: targetTagsSchema,
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `has unknown field(s) ${iss.keys.join(", ")}; use securityLevel, schedule, targetAccounts, targetResourceTags`
        : // A map value: parsed YAML and JSON have no undefined, so never "is required".
          `(${show(iss.input)}) must be a map with securityLevel, schedule, targetAccounts and targetResourceTags`,
  },
);

/** The `cisScanConfigurations` map: scan name -> CIS scan configuration. */
export const cisScanConfigurationsSchema = namedMap(
  SCAN_NAME,
  "a CIS scan name (1-128 letters, digits and . _ -)",
  cisSchema,
  "scan names to CIS scan configurations",
);
