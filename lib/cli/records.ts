/**
 * Records in a file of events: one JSON object, a JSON array of them, or JSON Lines (one object
 * per line, what Firehose and `jq -c` write). A bad record is reported with its location and
 * never hides the good ones.
 */
import { InputError, MAX_JSON_DEPTH, jsonDepth, parseJson } from "./input";

/** One record and where it came from: `file`, `file[3]` or `file:12`. */
export interface JsonRecord {
  readonly where: string;
  readonly value: unknown;
}

/** The records of a text, and one line per record that could not be read. */
export interface JsonRecords {
  readonly records: JsonRecord[];
  readonly problems: string[];
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Splits a text into records. A whole-text JSON object is one record and a JSON array one per
 * element; otherwise each non-blank line is one JSON object.
 *
 * @param where how locations name the source (a file as the user gave it, an S3 key)
 */
export function splitJsonRecords(text: string, where: string): JsonRecords {
  const trimmed = text.trim();
  if (trimmed === "") {
    return { records: [], problems: [] };
  }
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(trimmed) as unknown;
  } catch {
    isWhole = false;
  }
  if (isWhole) {
    if (!Array.isArray(whole)) {
      return checkRecord(whole, where)
        ? { records: [{ where, value: whole }], problems: [] }
        : { records: [], problems: [notAnObject(whole, where)] };
    }
    const records: JsonRecord[] = [];
    const problems: string[] = [];
    whole.forEach((value: unknown, i) => {
      const at = `${where}[${i}]`;
      if (checkRecord(value, at)) {
        records.push({ where: at, value });
      } else {
        problems.push(notAnObject(value, at));
      }
    });
    return { records, problems };
  }
  const records: JsonRecord[] = [];
  const problems: string[] = [];
  trimmed.split("\n").forEach((line, i) => {
    if (line.trim() === "") {
      return;
    }
    const at = `${where}:${i + 1}`;
    try {
      const value = parseJson(line, at);
      if (isObject(value)) {
        records.push({ where: at, value });
      } else {
        problems.push(notAnObject(value, at));
      }
    } catch (err) {
      problems.push(
        err instanceof InputError
          ? `${err.message}${i === 0 ? "; the file is neither one JSON document nor JSON Lines (one event object per line)" : ""}`
          : String(err),
      );
    }
  });
  return { records, problems };
}

/** Whether a whole-document record is an object of bounded depth (throws past the depth). */
function checkRecord(value: unknown, where: string): boolean {
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new InputError(
      `${where}: nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects; this is not an event`,
    );
  }
  return isObject(value);
}

function notAnObject(value: unknown, where: string): string {
  const kind = Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
  return `${where}: is ${kind}, not an event object`;
}
