/**
 * `npm run explain-event -- [--stack NAME] [--json] FILE...`: for each EventBridge event in the
 * files (a JSON object or an array of them), which rules of the stack's offline plan match it,
 * and why, field by field. No cloud credentials.
 *
 * Exit codes: 0 explained (whether or not anything matched); 2 usage, configuration or input
 * error (a record that is not an event is reported with its location; the others are explained).
 * Relative paths are relative to the directory the user ran the command from (INIT_CWD).
 */
import * as path from "path";
import { parseArgs } from "util";
import { explainEvent, formatExplanations, plannedRules } from "../lib/offline/explain";
import { explainTriage } from "../functions/lib/decide";
import { RULE_NAMES } from "../lib/eventPatterns";
import { requireRolloutOutputs, runPlan } from "../lib/offline/plan";
import { loadConfig } from "../stacks/config";
import { buildRemediationSettings } from "../stacks/remediation";
import { PlanUsageError } from "../lib/offline/stackConfig";
import { firstLine, runCommand } from "../lib/cli/command";
import { InputError, MB, readTextFile, resolveUserPath } from "../lib/cli/input";
import { splitJsonRecords } from "../lib/cli/records";

const USAGE = "usage: npm run explain-event -- [--stack NAME] [--json] FILE...";

/** Output sinks, replaced in tests. */
export interface ExplainIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STD_IO: ExplainIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The largest event file read, in bytes: EventBridge events are at most 256 KB each. */
export const MAX_EVENT_FILE_BYTES = 64 * MB;

/**
 * Reads the events of one file: a JSON object, an array of them, or JSON Lines. Every record that
 * is not an event object is a problem naming its file and index or line; the others are kept.
 *
 * @param shown the file as the user gave it (messages name it so)
 */
export function readEvents(
  file: string,
  shown = file,
): { events: { source: string; event: unknown }[]; problems: string[] } {
  let text: string;
  try {
    text = readTextFile(file, shown, MAX_EVENT_FILE_BYTES);
  } catch (err) {
    if (err instanceof InputError) {
      return { events: [], problems: [err.message] };
    }
    throw err;
  }
  const name = path.basename(shown);
  try {
    const { records, problems } = splitJsonRecords(text, shown);
    if (records.length === 0 && problems.length === 0) {
      problems.push(
        `${shown}: holds no events; give a file with an event object, an array of them, or one per line`,
      );
    }
    const events = records.map((r) => ({
      source: name + r.where.slice(shown.length),
      event: r.value,
    }));
    return { events, problems };
  } catch (err) {
    if (err instanceof InputError) {
      return { events: [], problems: [err.message] };
    }
    throw err;
  }
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: string[],
  io: ExplainIo = STD_IO,
  dir = path.resolve(__dirname, ".."),
): Promise<number> {
  let values: { stack?: string; json?: boolean; help?: boolean };
  let files: string[];
  try {
    ({ values, positionals: files } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    io.err(`explain-event: ${(err as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  if (files.length === 0) {
    io.err("explain-event: no event file given");
    io.err(USAGE);
    return 2;
  }
  const read = files.map((f) => readEvents(resolveUserPath(f), f));
  const events = read.flatMap((r) => r.events);
  const problems = read.flatMap((r) => r.problems);
  problems.forEach((p) => io.err(`explain-event: ${p}`));
  if (events.length === 0) {
    return 2;
  }
  try {
    const result = await runPlan({ dir, stack: values.stack ?? "dev" });
    const rules = plannedRules(result.registrations, requireRolloutOutputs(result).homeRegion);
    // The plan left the stack's config in the runtime: read the remediation settings from it.
    const settings = buildRemediationSettings(loadConfig());
    const explanations = events.map((e) => {
      const explanation = explainEvent(e.event, rules, e.source);
      // Triage sees what reaches the triage rule; other events get no decision.
      return explanation.matchedRules.some((rule) => rule.startsWith(`${RULE_NAMES.triage} `))
        ? { ...explanation, triage: explainTriage(e.event, settings) }
        : explanation;
    });
    io.out(
      values.json === true
        ? JSON.stringify({ stack: result.stack, events: explanations }, null, 2)
        : formatExplanations(result.stack, explanations),
    );
    return problems.length === 0 ? 0 : 2;
  } catch (err) {
    if (err instanceof PlanUsageError) {
      for (const problem of err.problems) {
        io.err(`explain-event: ${problem}`);
      }
      return 2;
    }
    io.err(`explain-event: ${firstLine(err)}`);
    return 2;
  }
}

if (require.main === module) {
  runCommand("explain-event", (io) => main(process.argv.slice(2), io));
}
