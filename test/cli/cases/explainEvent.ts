/** Bad inputs of `npm run explain-event` (issue 13: items 1, 9, 11 and the classes). */
import { type BadInputCase, COMMANDS } from "../../helpers/cli";
import { deepJson, devWith, sampleFinding, userFile, writeStack } from "./common";

const explain = COMMANDS.explainEvent;
const USAGE = "usage: npm run explain-event -- [--stack NAME] [--json] FILE...";

/** An event file with this content: exit 2 and the lines given. */
function eventFile(name: string, file: string, content: string, ...stderr: string[]): BadInputCase {
  return {
    name,
    command: explain,
    setup: (ws) => userFile(ws, file, content),
    args: () => [file],
    code: 2,
    stderr,
  };
}

export const EXPLAIN_EVENT_CASES: readonly BadInputCase[] = [
  {
    name: "no file",
    command: explain,
    args: () => [],
    code: 2,
    stderr: ["explain-event: no event file given", USAGE],
  },
  {
    name: "an unknown flag",
    command: explain,
    args: () => ["--stak", "dev", "e.json"],
    code: 2,
    stderr: ["explain-event: Unknown option '--stak'", USAGE],
  },
  {
    name: "--stack without a value",
    command: explain,
    args: () => ["e.json", "--stack"],
    code: 2,
    stderr: ["explain-event: Option '--stack <value>' argument missing", USAGE],
  },
  {
    name: "a missing file, relative to where the user is",
    command: explain,
    args: () => ["events/finding.json"],
    code: 2,
    stderr: ["explain-event: events/finding.json: cannot be read (no such file or directory)"],
  },
  {
    name: "a missing file with --json (stdout stays empty)",
    command: explain,
    args: () => ["--json", "missing.json"],
    code: 2,
    stderr: ["explain-event: missing.json: cannot be read (no such file or directory)"],
  },
  {
    name: "a directory",
    command: explain,
    setup: (ws) => userFile(ws, "events/readme.txt", "x"),
    args: () => ["events"],
    code: 2,
    stderr: ["explain-event: events: cannot be read (is a directory, not a file)"],
  },
  eventFile(
    "an empty array (was: prints nothing, exit 0)",
    "none.json",
    "[]",
    "explain-event: none.json: holds no events; give a file with an event object, an array of them, or one per line",
  ),
  eventFile("an empty file", "empty.json", "", "explain-event: empty.json: holds no events"),
  eventFile("a number", "n.json", "42", "explain-event: n.json: is number, not an event object"),
  eventFile(
    "text that is not JSON (hint: JSON Lines)",
    "notes.json",
    "the finding from Tuesday\n",
    "explain-event: notes.json:1: is not valid JSON (",
    "the file is neither one JSON document nor JSON Lines (one event object per line)",
  ),
  eventFile(
    "a document nested 100,000 deep",
    "deep.json",
    `{"detail":${deepJson(100_000)}}`,
    "explain-event: deep.json: nests deeper than 64 levels",
  ),
  eventFile(
    "an array of arrays",
    "arrays.json",
    "[[1],[2]]",
    "explain-event: arrays.json[0]: is an array, not an event object",
    "explain-event: arrays.json[1]: is an array, not an event object",
  ),
  {
    name: "--stack naming a path",
    command: explain,
    setup: (ws) => userFile(ws, "e.json", JSON.stringify(sampleFinding())),
    args: () => ["--stack", "../prod", "e.json"],
    code: 2,
    stderr: ['explain-event: --stack ("../prod") is not a stack name'],
  },
  {
    name: "--stack naming no stack file",
    command: explain,
    setup: (ws) => userFile(ws, "e.json", JSON.stringify(sampleFinding())),
    args: () => ["--stack", "qa", "e.json"],
    code: 2,
    stderr: ["explain-event: --stack: no Pulumi.qa.yaml in "],
  },
  {
    name: "--stack with a bad configuration (was: stack trace)",
    command: explain,
    setup: (ws) => {
      writeStack(ws, "explain-bad", devWith({ delegatedAdminAccountId: "22222222222" }));
      userFile(ws, "e.json", JSON.stringify(sampleFinding()));
    },
    args: () => ["--stack", "explain-bad", "e.json"],
    code: 2,
    stderr: [
      'explain-event: `delegatedAdminAccountId` ("22222222222") is not a 12-digit AWS account id',
    ],
  },
  {
    name: "--stack without an inventory (offline means offline)",
    command: explain,
    setup: (ws) => {
      writeStack(ws, "explain-live", devWith({ inventoryFile: undefined }));
      userFile(ws, "e.json", JSON.stringify(sampleFinding()));
    },
    args: () => ["--stack", "explain-live", "e.json"],
    code: 2,
    stderr: ["explain-event: `inventoryFile` is not set and --inventory was not given"],
  },
  {
    name: "JSON Lines with a bad line: the good events are explained, the bad line named (relative path)",
    command: explain,
    setup: (ws) =>
      userFile(
        ws,
        "in/events.jsonl",
        [JSON.stringify(sampleFinding()), "{oops", JSON.stringify(sampleFinding())].join("\n"),
      ),
    args: () => ["--json", "in/events.jsonl"],
    code: 2,
    stdout: "json",
    stderr: ["explain-event: in/events.jsonl:2: is not valid JSON ("],
  },
];
