/**
 * Reads finding events from files: a JSON object per file, a JSON array, or one event per line
 * (what Firehose writes to the export bucket, gzip included). A line that is not an event is
 * reported with its file and line number, never skipped silently.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import type { InspectorEvent } from "./compute";

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

function toEvents(value: unknown, where: string): InspectorEvent[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (!isEvent(item)) {
      throw new EventFileError(
        `${where}${Array.isArray(value) ? ` [${i}]` : ""}: not an EventBridge event (needs source, detail-type and detail)`,
      );
    }
    return item;
  });
}

/** The events of one file. */
export function readEventFile(file: string): InspectorEvent[] {
  let text: string;
  try {
    const raw = fs.readFileSync(file);
    text = (file.endsWith(".gz") ? zlib.gunzipSync(raw) : raw).toString("utf8");
  } catch (err) {
    throw new EventFileError(`${file}: cannot be read (${(err as Error).message})`);
  }
  return parseEventText(text, file);
}

/**
 * The events in one text: a JSON object, a JSON array, or one event per line. `where` names the
 * source (a file, an S3 key) in errors.
 */
export function parseEventText(text: string, where: string): InspectorEvent[] {
  const trimmed = text.trim();
  if (trimmed === "") {
    return [];
  }
  try {
    return toEvents(JSON.parse(trimmed) as unknown, where);
  } catch (err) {
    if (err instanceof EventFileError) {
      throw err;
    }
  }
  // Not one JSON document: one event per line.
  return trimmed.split("\n").flatMap((line, i) => {
    if (line.trim() === "") {
      return [];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new EventFileError(`${where}:${i + 1}: not valid JSON`);
    }
    return toEvents(parsed, `${where}:${i + 1}`);
  });
}

/** The events of a file, or of every `.json`, `.jsonl`, `.ndjson` and `.gz` file under a directory. */
export function readEvents(fileOrDir: string): InspectorEvent[] {
  if (!fs.existsSync(fileOrDir)) {
    throw new EventFileError(`${fileOrDir}: no such file or directory`);
  }
  if (!fs.statSync(fileOrDir).isDirectory()) {
    return readEventFile(fileOrDir);
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
  return files.flatMap(readEventFile);
}
