/**
 * `npm run explain-event -- [--stack NAME] [--json] FILE...`: for each EventBridge event in the
 * files (a JSON object or an array of them), which rules of the stack's offline plan match it,
 * and why, field by field. No cloud credentials.
 *
 * Exit codes: 0 explained (whether or not anything matched); 2 usage, configuration or input
 * error.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { explainEvent, formatExplanations, plannedRules } from "../lib/offline/explain";
import { explainTriage } from "../functions/lib/decide";
import { RULE_NAMES } from "../lib/eventPatterns";
import { requireRolloutOutputs, runPlan } from "../lib/offline/plan";
import { loadConfig } from "../stacks/config";
import { buildRemediationSettings } from "../stacks/remediation";
import { PlanUsageError } from "../lib/offline/stackConfig";

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

/** Reads the events of one file: a JSON object, or an array of them. */
export function readEvents(file: string): { source: string; event: unknown }[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanUsageError([`${file}: cannot be read`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PlanUsageError([`${file}: is not valid JSON (${(err as Error).message})`]);
  }
  const name = path.basename(file);
  if (Array.isArray(parsed)) {
    return parsed.map((event, i) => ({ source: `${name}[${i}]`, event: event as unknown }));
  }
  if (typeof parsed === "object" && parsed !== null) {
    return [{ source: name, event: parsed }];
  }
  throw new PlanUsageError([`${file}: must hold an event object or an array of events`]);
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
  try {
    const events = files.flatMap(readEvents);
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
    return 0;
  } catch (err) {
    if (err instanceof PlanUsageError) {
      for (const problem of err.problems) {
        io.err(`explain-event: ${problem}`);
      }
      return 2;
    }
    io.err(`explain-event: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
