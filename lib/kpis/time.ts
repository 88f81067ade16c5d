/**
 * Inspector's timestamps inside `detail` are not ISO-8601 and vary between samples
 * (../shared/reference/inspector-facts.md §7.2): "Wed Sep 04 16:59:44.356 UTC 2024",
 * "Jan 19, 2023, 10:46:15 PM", "Dec 3, 2021, 6:02:30 PM", and ISO on newer events. This parses all
 * of them as UTC (an ISO time without a zone too, whatever the machine's zone); anything else,
 * and a date that is not in the calendar (February 30, hour 25), is `undefined`, never a guess.
 */

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// "Wed Sep 04 16:59:44.356 UTC 2024"
const JAVA_DATE =
  /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))? UTC (\d{4})$/;
// "Jan 19, 2023, 10:46:15 PM"
const CONSOLE_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch of a UTC calendar time, or undefined when it is not in the
 * calendar (Date.UTC would silently roll February 30 over to March 2).
 */
function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0) {
  const t = Date.UTC(year, month, day, h, m, s, ms);
  const d = new Date(t);
  return d.getUTCFullYear() === year &&
    d.getUTCMonth() === month &&
    d.getUTCDate() === day &&
    h < 24 &&
    m < 60 &&
    s < 60
    ? t
    : undefined;
}

function millis(fraction: string | undefined): number {
  return Number((fraction ?? "0").slice(0, 3).padEnd(3, "0"));
}

/** Milliseconds since the epoch, or undefined when the text is not a known Inspector format. */
export function parseInspectorTime(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    // Epoch seconds (as the SDK serialises Date) or milliseconds.
    return value < 1e12 ? value * 1000 : value;
  }
  if (typeof value !== "string") {
    return undefined;
  }
  const text = value.trim();
  const java = JAVA_DATE.exec(text);
  if (java !== null) {
    const [, mon, day, h, m, sec, ms, year] = java;
    const month = MONTHS[mon];
    return month === undefined
      ? undefined
      : utc(Number(year), month, Number(day), Number(h), Number(m), Number(sec), millis(ms));
  }
  const consoleDate = CONSOLE_DATE.exec(text);
  if (consoleDate !== null) {
    const [, mon, day, year, h, m, sec, ampm] = consoleDate;
    const month = MONTHS[mon];
    const hour12 = Number(h);
    if (month === undefined || hour12 < 1 || hour12 > 12) {
      return undefined;
    }
    const hour = (hour12 % 12) + (ampm === "PM" ? 12 : 0);
    return utc(Number(year), month, Number(day), hour, Number(m), Number(sec));
  }
  const iso = ISO_DATE.exec(text);
  if (iso === null) {
    return undefined;
  }
  const [, year, month, day, h, m, sec, fraction, zone] = iso;
  const t = utc(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(h ?? 0),
    Number(m ?? 0),
    Number(sec ?? 0),
    millis(fraction),
  );
  if (t === undefined || zone === undefined || zone.toUpperCase() === "Z") {
    return t;
  }
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
  const minutes = Number(offset[2]) * 60 + Number(offset[3]);
  if (Number(offset[2]) > 14 || Number(offset[3]) > 59) {
    return undefined;
  }
  return t - (offset[1] === "+" ? 1 : -1) * minutes * 60_000;
}

/** The earliest time an Inspector event can carry: Amazon Inspector's first launch (2015). */
export const EARLIEST_EVENT_TIME = Date.UTC(2015, 0, 1);

/** Clock skew tolerated for times after now, in milliseconds (a day). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/**
 * Why a time is not plausible for an Inspector event (before 2015, or after now), or undefined.
 * A time in the wrong unit (microseconds, a typo'd year) lands outside this range.
 */
export function implausibleTime(ms: number, now: number): string | undefined {
  if (ms < EARLIEST_EVENT_TIME) {
    return `is before 2015, before Amazon Inspector existed`;
  }
  if (ms > now + FUTURE_TOLERANCE_MS) {
    return `is in the future (now is ${new Date(now).toISOString()})`;
  }
  return undefined;
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The ISO week of a time, as `YYYY-Www` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}
