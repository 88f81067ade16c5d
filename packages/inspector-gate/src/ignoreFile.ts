import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { GateUsageError } from "./errors";
import { quote } from "./inputText";

/**
 * Furthest an entry may expire: 3 years after today. An ignore entry is a time-boxed acceptance
 * that someone renews; a date beyond this is a typo (2206) or a permanent exception, which
 * belongs in an Inspector suppression rule instead.
 */
export const MAX_IGNORE_YEARS = 3;

/** One entry of the ignore file: a vulnerability accepted for a reason until a date. */
export interface IgnoreEntry {
  /** Vulnerability id as the scanner reports it (CVE-2024-1234, GHSA-xxxx-xxxx-xxxx). */
  readonly id: string;
  /** Why it is accepted: shown in every report and in SARIF suppressions. */
  readonly reason: string;
  /** Last day (UTC, inclusive) the entry suppresses the vulnerability: `YYYY-MM-DD`. */
  readonly expires: string;
  /** 1-based line of the entry in the file, for the reports. */
  readonly line: number;
}

/** The ignore file split by the clock: entries still in force, and entries past their date. */
export interface IgnoreList {
  readonly active: readonly IgnoreEntry[];
  readonly expired: readonly IgnoreEntry[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `YYYY-MM-DD` is a real calendar date. */
function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) {
    return false;
  }
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/**
 * Parses an ignore file: a YAML or JSON list (JSON is YAML 1.2, so one parser with line numbers
 * serves both) of `{ id, reason, expires: YYYY-MM-DD }`.
 *
 * An entry is in force through its `expires` day (UTC) and stops counting the day after; expired
 * entries are returned separately so the reports can name them. Any problem throws a
 * {@link GateUsageError} naming the file, the line, the entry index and the field.
 */
export function parseIgnoreFile(file: string, text: string, now: Date): IgnoreList {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    const reason = /call stack/i.test(e.message)
      ? "nested too deeply"
      : e.message.split("\n")[0].slice(0, 200);
    throw new GateUsageError(`--ignore-file ${file}:${line}: not valid YAML or JSON (${reason})`);
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { active: [], expired: [] };
  }
  if (!isSeq(root)) {
    throw new GateUsageError(
      `--ignore-file ${file}:${lineOf(root)}: expected a list of { id, reason, expires } entries`,
    );
  }
  const today = now.toISOString().slice(0, 10);
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_IGNORE_YEARS);
  const latestDay = latest.toISOString().slice(0, 10);
  const seen = new Map<string, number>();
  const active: IgnoreEntry[] = [];
  const expired: IgnoreEntry[] = [];
  root.items.forEach((item, index) => {
    const node = item as Node;
    const where = (n: Node | null | undefined): string => `${file}:${lineOf(n ?? node)}`;
    if (!isMap(node)) {
      throw new GateUsageError(
        `--ignore-file ${where(node)}: entry [${index}] must be a mapping with id, reason and expires`,
      );
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!["id", "reason", "expires"].includes(key)) {
        throw new GateUsageError(
          `--ignore-file ${where(pair.key as Node)}: entry [${index}] has unknown field ${quote(key)} (allowed: id, reason, expires)`,
        );
      }
    }
    const field = (name: string): string => {
      const valueNode = node.get(name, true) as Node | undefined;
      if (valueNode === undefined) {
        throw new GateUsageError(
          `--ignore-file ${where(node)}: entry [${index}] is missing "${name}"`,
        );
      }
      const value = isScalar(valueNode) ? valueNode.value : undefined;
      if (typeof value !== "string" || value.trim() === "") {
        throw new GateUsageError(
          `--ignore-file ${where(valueNode)}: entry [${index}] field "${name}" must be a non-empty string`,
        );
      }
      return value.trim();
    };
    const id = field("id");
    const reason = field("reason");
    const expires = field("expires");
    if (!isCalendarDate(expires)) {
      throw new GateUsageError(
        `--ignore-file ${where(node.get("expires", true))}: entry [${index}] field "expires" is ${quote(expires)}; use a date YYYY-MM-DD`,
      );
    }
    if (expires > latestDay) {
      throw new GateUsageError(
        `--ignore-file ${where(node.get("expires", true))}: entry [${index}] field "expires" ${expires} is more than ${MAX_IGNORE_YEARS} years away (latest ${latestDay}); accept a vulnerability for a limited time and renew it, or use an Inspector suppression rule`,
      );
    }
    const previous = seen.get(id.toUpperCase());
    if (previous !== undefined) {
      throw new GateUsageError(
        `--ignore-file ${where(node)}: entry [${index}] repeats id ${quote(id)} of the entry on line ${previous}; keep one entry per id`,
      );
    }
    seen.set(id.toUpperCase(), lineOf(node));
    const entry: IgnoreEntry = { id, reason, expires, line: lineOf(node) };
    (expires < today ? expired : active).push(entry);
  });
  return { active, expired };
}
