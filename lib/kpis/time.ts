/**
 * Inspector's timestamps inside `detail` are not ISO-8601 and vary between samples
 * (../shared/reference/inspector-facts.md §7.2): "Wed Sep 04 16:59:44.356 UTC 2024",
 * "Jan 19, 2023, 10:46:15 PM", "Dec 3, 2021, 6:02:30 PM", and ISO on newer events. This parses all
 * of them as UTC; anything else is `undefined`, never a guess.
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
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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
    const [, mon, day, h, m, s, ms, year] = java;
    const month = MONTHS[mon];
    return month === undefined
      ? undefined
      : Date.UTC(
          Number(year),
          month,
          Number(day),
          Number(h),
          Number(m),
          Number(s),
          Number((ms ?? "0").padEnd(3, "0")),
        );
  }
  const consoleDate = CONSOLE_DATE.exec(text);
  if (consoleDate !== null) {
    const [, mon, day, year, h, m, s, ampm] = consoleDate;
    const month = MONTHS[mon];
    const hour = (Number(h) % 12) + (ampm === "PM" ? 12 : 0);
    return month === undefined
      ? undefined
      : Date.UTC(Number(year), month, Number(day), hour, Number(m), Number(s));
  }
  if (ISO_DATE.test(text)) {
    const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
    return Number.isNaN(t) ? undefined : t;
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
