/**
 * Reads finding events from files: a JSON object per file, a JSON array, or one event per line
 * (what Firehose writes to the export bucket, gzip included). A line that is not an event is
 * reported with its file and line number, never skipped silently, and never hides the others.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { fsReason, InputError, MB, stripBom } from "../cli/input";
import { splitJsonRecords } from "../cli/records";
import { truncate } from "../cli/command";
import { type InspectorEvent, SEVERITIES } from "./compute";
import { implausibleTime, parseInspectorTime } from "./time";

/** A file or line that could not be read as an event (exit 2 in `npm run kpis`). */
export class EventFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventFileError";
  }
}

function isEvent(value: unknown): value is InspectorEvent {
  const v = value as Partial<InspectorEvent> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.source === "string" &&
    typeof v["detail-type"] === "string" &&
    typeof v.detail === "object" &&
    v.detail !== null
  );
}

/** The largest file read, in bytes (a string longer than ~512 MB cannot exist in V8). */
export const MAX_EVENT_FILE_BYTES = 256 * MB;

/** Why an event cannot be used (a line naming `where`), or undefined. */
export type EventCheck = (event: InspectorEvent, where: string) => string | undefined;

/** The events of a text, and one line per record that is not an event (with its location). */
export interface EventRecords {
  readonly events: InspectorEvent[];
  readonly problems: string[];
}

/**
 * The events in one text: a JSON object, a JSON array, or one event per line. `where` names the
 * source (a file, an S3 key) in problems. A bad record is a problem; the good ones are kept.
 */
export function parseEventRecords(
  text: string,
  where: string,
  check: EventCheck = () => undefined,
): EventRecords {
  let split;
  try {
    split = splitJsonRecords(text, where);
  } catch (err) {
    if (err instanceof InputError) {
      return { events: [], problems: [err.message] };
    }
    throw err;
  }
  const events: InspectorEvent[] = [];
  const problems = [...split.problems];
  for (const r of split.records) {
    if (isEvent(r.value)) {
      const problem = check(r.value, r.where);
      if (problem === undefined) {
        events.push(r.value);
      } else {
        problems.push(problem);
      }
    } else {
      problems.push(`${r.where}: not an EventBridge event (needs source, detail-type and detail)`);
    }
  }
  return { events, problems };
}

/**
 * The events in one text, failing on the first record that is not an event (what the KPI
 * function does per S3 object).
 *
 * @throws EventFileError naming the source and the line or index
 */
export function parseEventText(text: string, where: string): InspectorEvent[] {
  const { events, problems } = parseEventRecords(text, where);
  if (problems.length > 0) {
    throw new EventFileError(problems[0]);
  }
  return events;
}

/** The events of one file, and the records that could not be read. */
export function readEventFile(file: string, shown = file, check?: EventCheck): EventRecords {
  let text: string;
  try {
    const raw = fs.readFileSync(file);
    if (raw.length > MAX_EVENT_FILE_BYTES) {
      throw new InputError(`${shown}: is above ${MAX_EVENT_FILE_BYTES / MB} MB; split it`);
    }
    // Bounded: a small .gz can expand to more than any string can hold.
    text = stripBom(
      (file.endsWith(".gz")
        ? zlib.gunzipSync(raw, { maxOutputLength: MAX_EVENT_FILE_BYTES })
        : raw
      ).toString("utf8"),
    );
  } catch (err) {
    const reason =
      err instanceof InputError
        ? undefined
        : (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
          ? `decompresses to more than ${MAX_EVENT_FILE_BYTES / MB} MB; split it`
          : file.endsWith(".gz") && (err as NodeJS.ErrnoException).code?.startsWith("Z_") === true
            ? `is not valid gzip (${(err as Error).message})`
            : `cannot be read (${fsReason(err)})`;
    return {
      events: [],
      problems: [reason === undefined ? (err as Error).message : `${shown}: ${reason}`],
    };
  }
  return parseEventRecords(text, shown, check);
}

/** What `--events` read: the events, the problems (one per bad record or file), the files. */
export interface EventsRead extends EventRecords {
  readonly files: number;
}

/**
 * The events of a file, or of every `.json`, `.jsonl`, `.ndjson` and `.gz` file under a
 * directory, with every record that could not be read.
 *
 * @param shown the path as the user gave it (messages name it so)
 */
export function readEvents(fileOrDir: string, shown = fileOrDir, check?: EventCheck): EventsRead {
  let isDirectory: boolean;
  try {
    isDirectory = fs.statSync(fileOrDir).isDirectory();
  } catch (err) {
    return { events: [], problems: [`${shown}: cannot be read (${fsReason(err)})`], files: 0 };
  }
  if (!isDirectory) {
    return { ...readEventFile(fileOrDir, shown, check), files: 1 };
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/\.(json|jsonl|ndjson|gz)$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(fileOrDir);
  const events: InspectorEvent[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const read = readEventFile(file, path.join(shown, path.relative(fileOrDir, file)), check);
    // push(...list) overflows the call stack on a large file: append one by one.
    for (const e of read.events) {
      events.push(e);
    }
    problems.push(...read.problems);
  }
  return { events, problems, files: files.length };
}

/** The time fields a KPI reads, by their path in the event. */
const TIME_FIELDS: readonly [string, (e: InspectorEvent) => unknown][] = [
  ["time", (e) => e.time],
  ["detail.updatedAt", (e) => e.detail.updatedAt],
  ["detail.firstObservedAt", (e) => e.detail.firstObservedAt],
  ["detail.lastObservedAt", (e) => e.detail.lastObservedAt],
];

function shown(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 80);
}

/**
 * Why an event's values cannot be used, or undefined: a time that is not a date, not in the
 * calendar, or outside 2015..now (a wrong unit or year would move "as of" and every age), and a
 * finding severity Inspector does not write (the KPIs would drop it from every severity row).
 *
 * @param where the event's location, `file:line`
 * @param now the current time, in milliseconds
 */
export function eventValueProblem(
  event: InspectorEvent,
  where: string,
  now: number,
): string | undefined {
  for (const [field, read] of TIME_FIELDS) {
    const value = read(event);
    if (value === undefined || value === null) {
      continue;
    }
    const t = parseInspectorTime(value);
    if (t === undefined) {
      return `${where}: \`${field}\` (${shown(value)}) is not a date; Inspector writes ISO-8601 in UTC (2026-11-28T12:00:00Z) or "Wed Sep 04 16:59:44.356 UTC 2024"`;
    }
    const why = implausibleTime(t, now);
    if (why !== undefined) {
      return `${where}: \`${field}\` (${shown(value)}) ${why}; check its year and unit (epoch seconds or milliseconds)`;
    }
  }
  const severity = event.detail.severity;
  if (
    event["detail-type"] === "Inspector2 Finding" &&
    severity !== undefined &&
    !(SEVERITIES as readonly unknown[]).includes(severity)
  ) {
    const upper = typeof severity === "string" ? severity.toUpperCase() : undefined;
    return `${where}: \`detail.severity\` (${shown(severity)}) is not an Inspector severity (${SEVERITIES.join(", ")})${
      upper !== undefined && (SEVERITIES as readonly string[]).includes(upper)
        ? `; Inspector writes it in upper case: "${upper}"`
        : ""
    }`;
  }
  return undefined;
}
