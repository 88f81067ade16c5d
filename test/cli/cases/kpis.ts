/** Bad inputs of `npm run kpis` (issue 13: items 3, 8, 9, 11 and the classes). */
import * as zlib from "zlib";
import { type BadInputCase, COMMANDS } from "../../helpers/cli";
import { deepJson, finding, userFile } from "./common";

const kpis = COMMANDS.kpis;
const USAGE = "usage: npm run kpis -- --events FILE_OR_DIR";
const FUTURE_YEAR = "2099";

/** One bad value of a flag: exit 2, the flag and the rule on one line. */
function flag(name: string, args: string[], ...stderr: string[]): BadInputCase {
  return {
    name,
    command: kpis,
    setup: (ws) => userFile(ws, "events.jsonl", finding(1)),
    args: () => ["--events", "events.jsonl", ...args],
    code: 2,
    stderr,
  };
}

/** A file of event lines where line `bad` (1-based) is replaced: exit 2, the good ones reported. */
function badLine(name: string, line: string, expected: string, json = false): BadInputCase {
  return {
    name,
    command: kpis,
    setup: (ws) => userFile(ws, "export.jsonl", [finding(1), line, finding(3)].join("\n")),
    args: () => ["--events", "export.jsonl", ...(json ? ["--json"] : [])],
    code: 2,
    stdout: json ? "json" : "text",
    stderr: [
      `kpis: export.jsonl:2: ${expected}`,
      "kpis: 1 record(s) skipped; the report covers the other 2 event(s)",
    ],
  };
}

export const KPIS_CASES: readonly BadInputCase[] = [
  {
    name: "no --events",
    command: kpis,
    args: () => [],
    code: 2,
    stderr: ["kpis: --events is required: a file or directory of finding events", USAGE],
  },
  {
    name: "no --events, with --json (stdout stays empty)",
    command: kpis,
    args: () => ["--json"],
    code: 2,
    stderr: ["kpis: --events is required"],
  },
  {
    name: "an unknown flag",
    command: kpis,
    args: () => ["--event", "x.json"],
    code: 2,
    stderr: ["kpis: Unknown option '--event'", USAGE],
  },
  {
    name: "--events without a value",
    command: kpis,
    args: () => ["--events"],
    code: 2,
    stderr: ["kpis: Option '--events <value>' argument missing", USAGE],
  },
  flag(
    "--sla-critical 0",
    ["--sla-critical", "0"],
    'kpis: --sla-critical ("0") must be a whole number of days from 1 to 3650, without a unit',
  ),
  flag(
    "--sla-high with a unit (7d)",
    ["--sla-high", "7d"],
    'kpis: --sla-high ("7d") must be a whole number of days',
  ),
  flag(
    "--sla-medium in exponent form (1e3)",
    ["--sla-medium", "1e3"],
    'kpis: --sla-medium ("1e3") must be a whole number of days',
  ),
  flag(
    "--sla-low past ten years",
    ["--sla-low", "99999"],
    'kpis: --sla-low ("99999") must be a whole number of days from 1 to 3650',
  ),
  flag(
    "--sla-critical negative",
    ["--sla-critical=-1"],
    'kpis: --sla-critical ("-1") must be a whole number of days',
  ),
  flag(
    "--as-of February 30",
    ["--as-of", "2026-02-30"],
    'kpis: --as-of ("2026-02-30") is not a calendar date; use ISO-8601 in UTC',
  ),
  flag(
    "--as-of month 13",
    ["--as-of", "2026-13-01"],
    'kpis: --as-of ("2026-13-01") is not a calendar date',
  ),
  flag(
    "--as-of hour 25",
    ["--as-of", "2026-11-28T25:00:00Z"],
    'kpis: --as-of ("2026-11-28T25:00:00Z") is not a calendar date',
  ),
  flag(
    "--as-of in words",
    ["--as-of", "yesterday"],
    'kpis: --as-of ("yesterday") is not a calendar date',
  ),
  flag(
    "--as-of in the future",
    ["--as-of", `${FUTURE_YEAR}-01-01`],
    `kpis: --as-of ("${FUTURE_YEAR}-01-01") is in the future`,
  ),
  flag(
    "--as-of before Inspector existed",
    ["--as-of", "1999-01-01"],
    'kpis: --as-of ("1999-01-01") is before 2015, before Amazon Inspector existed',
  ),
  {
    name: "--events of a missing file (relative to where the user is)",
    command: kpis,
    args: () => ["--events", "exports/missing.jsonl"],
    code: 2,
    stderr: ["kpis: exports/missing.jsonl: cannot be read (no such file or directory)"],
  },
  {
    name: "--events of an empty directory (was: as of 1970)",
    command: kpis,
    setup: (ws) => userFile(ws, "empty/README.txt", "no events here"),
    args: () => ["--events", "empty"],
    code: 2,
    stderr: [
      "kpis: --events empty: no event files found (.json, .jsonl, .ndjson, .gz); nothing to compute",
    ],
  },
  {
    name: "--events of a directory holding only an empty file",
    command: kpis,
    setup: (ws) => userFile(ws, "blank/day.json", ""),
    args: () => ["--events", "blank"],
    code: 2,
    stderr: ["kpis: no usable events in 1 file(s); nothing to compute"],
  },
  badLine("a line that is not JSON among good ones", "{not json", "is not valid JSON ("),
  badLine(
    "a line that is not JSON, with --json (one document)",
    "{not json",
    "is not valid JSON (",
    true,
  ),
  badLine(
    "a lower-case severity (was: silently dropped)",
    finding(2, { severity: "critical" }),
    '`detail.severity` ("critical") is not an Inspector severity (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED); Inspector writes it in upper case: "CRITICAL"',
  ),
  badLine(
    "a numeric severity",
    finding(2, { severity: 9.8 }),
    "`detail.severity` (9.8) is not an Inspector severity",
  ),
  badLine(
    "an event dated 2099 (was: moved as-of to 2099)",
    finding(2, {}, `${FUTURE_YEAR}-01-01T00:00:00Z`),
    `\`time\` ("${FUTURE_YEAR}-01-01T00:00:00Z") is in the future`,
  ),
  badLine(
    "a time in microseconds",
    finding(2, { updatedAt: 1_764_000_000_000_000 }).replace(
      '"time":"2026-11-01T00:00:00Z"',
      '"time":"2026-11-01T00:00:00Z"',
    ),
    "`detail.updatedAt` (1764000000000000) is in the future",
  ),
  badLine(
    "a date not on the calendar",
    finding(2, { firstObservedAt: "2026-02-30T00:00:00Z" }),
    '`detail.firstObservedAt` ("2026-02-30T00:00:00Z") is not a date',
  ),
  badLine(
    "a first observation before 2015",
    finding(2, { firstObservedAt: "1999-01-01T00:00:00Z" }),
    '`detail.firstObservedAt` ("1999-01-01T00:00:00Z") is before 2015',
  ),
  badLine(
    "a line that is not an EventBridge event",
    '{"detail":{}}',
    "not an EventBridge event (needs source, detail-type and detail)",
  ),
  badLine("a line that is an array", "[1,2]", "is an array, not an event object"),
  badLine("a line nested 10,000 deep", deepJson(10_000), "nests deeper than 64 levels"),
  {
    name: "a JSON array with a number among events",
    command: kpis,
    setup: (ws) => userFile(ws, "array.json", `[${finding(1)}, 7]`),
    args: () => ["--events", "array.json"],
    code: 2,
    stdout: "text",
    stderr: ["kpis: array.json[1]: is number, not an event object"],
  },
  {
    name: "a file whose first line is not JSON (hint: JSON Lines)",
    command: kpis,
    setup: (ws) => userFile(ws, "notes.json", "findings of last week\n"),
    args: () => ["--events", "notes.json"],
    code: 2,
    stderr: [
      "kpis: notes.json:1: is not valid JSON (",
      "the file is neither one JSON document nor JSON Lines (one event object per line)",
    ],
  },
  {
    name: "a .gz file that is not gzip",
    command: kpis,
    setup: (ws) => userFile(ws, "day.jsonl.gz", finding(1)),
    args: () => ["--events", "day.jsonl.gz"],
    code: 2,
    stderr: ["kpis: day.jsonl.gz: is not valid gzip ("],
  },
  {
    name: "a .gz file that decompresses past 256 MB",
    command: kpis,
    setup: (ws) =>
      userFile(ws, "bomb.jsonl.gz", zlib.gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20))),
    args: () => ["--events", "bomb.jsonl.gz"],
    code: 2,
    stderr: ["kpis: bomb.jsonl.gz: decompresses to more than 256 MB; split it"],
  },
  {
    name: "a whole document nested 100,000 deep",
    command: kpis,
    setup: (ws) => userFile(ws, "deep.json", `{"a":${deepJson(100_000)}}`),
    args: () => ["--events", "deep.json"],
    code: 2,
    stderr: ["kpis: deep.json: nests deeper than 64 levels of arrays and objects"],
  },
  {
    name: "130,000 events without --as-of (was: call stack overflow), --events relative to INIT_CWD",
    command: kpis,
    setup: (ws) =>
      userFile(
        ws,
        "big/export.jsonl",
        Array.from({ length: 130_000 }, (_, i) => finding(i)).join("\n"),
      ),
    args: () => ["--events", "big", "--json"],
    code: 0,
    stdout: "json",
    stderr: [],
    timeoutMs: 240_000,
  },
  {
    name: "a file with a byte order mark",
    command: kpis,
    setup: (ws) => userFile(ws, "bom.json", `\ufeff${finding(1)}`),
    args: () => ["--events", "bom.json", "--as-of", "2026-11-28"],
    code: 0,
    stdout: "text",
    stderr: [],
  },
];
