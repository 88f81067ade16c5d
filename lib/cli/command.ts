/**
 * The process around a command-line entry point: what a user sees however the code inside ends.
 *
 * - stdout carries only what the command prints through `io.out` (the summary or the one `--json`
 *   document). Anything else written to stdout while the command runs (a `--program`'s
 *   `console.log`, a library's banner) goes to stderr instead.
 * - An error that escapes (an unhandled rejection, an uncaught exception, a bug) is one line on
 *   stderr, never a stack trace, and the exit code is {@link EXIT_INPUT}, never 0 or 1.
 * - A command whose promise never settles (the event loop ran dry while it waited) or that some
 *   code ended with `process.exit()` exits {@link EXIT_INPUT} with a line saying so: a run that
 *   checked nothing never exits 0.
 */

/** Exit code of a usage, configuration or input error (../shared/DESIGN.md, "Contracts"). */
export const EXIT_INPUT = 2;

/** The longest line a command writes to stderr; longer lines are cut with a count. */
export const MAX_ERROR_LINE = 2_000;

/** Where a command writes: one call per line (or per document). */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Cuts a text to `max` characters, saying how long it was. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** The first line of an error's message, without the stack. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n").find((l) => l.trim() !== "") ?? (err instanceof Error ? err.name : "");
}

const HANDLED = new WeakSet<object>();

/**
 * Marks an error the command has caught and reported. The Pulumi stack resource rejects a second,
 * unawaited promise with the same error (`runInPulumiStack`), which must not be reported again.
 */
export function markHandled(err: unknown): void {
  if (typeof err === "object" && err !== null) {
    HANDLED.add(err);
  }
}

/**
 * Runs `main` as the process's command. Never returns; the process exits with `main`'s code when
 * it settles (after stdout and stderr are flushed), and with {@link EXIT_INPUT} otherwise.
 *
 * @param name the command's name, which prefixes every line on stderr
 * @param main the command; receives the sinks to print through
 * @example
 * if (require.main === module) {
 *   runCommand("kpis", (io) => main(process.argv.slice(2), io));
 * }
 */
export function runCommand(name: string, main: (io: CommandIo) => Promise<number> | number): void {
  const realWrite = process.stdout.write.bind(process.stdout);
  const realStdout = (text: string) => realWrite(text);
  const stderr = (text: string) => process.stderr.write(text);
  // Foreign output goes to stderr: stdout is the command's own, and with --json one document.
  process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) =>
    process.stderr.write(chunk, ...rest);
  const io: CommandIo = {
    out: (text) => void realStdout(`${text}\n`),
    err: (text) => void stderr(`${truncate(text, MAX_ERROR_LINE)}\n`),
  };
  let settled = false;
  let escaped = 0;
  const reported = new Set<string>();
  const onEscape = (err: unknown) => {
    if (typeof err === "object" && err !== null && HANDLED.has(err)) {
      return;
    }
    escaped += 1;
    const text = firstLine(err);
    if (!reported.has(text)) {
      reported.add(text);
      io.err(`${name}: ${text}`);
    }
    process.exitCode = EXIT_INPUT;
  };
  process.on("unhandledRejection", onEscape);
  process.on("uncaughtException", onEscape);
  // If the event loop runs dry before `main` settles, nothing was checked: say so, exit 2.
  process.exitCode = EXIT_INPUT;
  process.on("exit", () => {
    if (!settled) {
      io.err(
        `${name}: stopped before finishing (something it waited for never completed, or called process.exit); nothing was checked`,
      );
      process.exitCode = EXIT_INPUT;
    }
  });
  Promise.resolve()
    .then(() => main(io))
    .then(
      (code) => {
        settled = true;
        // An error that escaped the command's own handling makes the result untrustworthy.
        process.exitCode = escaped > 0 && code !== EXIT_INPUT ? EXIT_INPUT : code;
        // A program's leftover timers or sockets must not keep a finished command alive.
        setTimeout(() => process.exit(), 1_000).unref();
      },
      (err: unknown) => {
        settled = true;
        onEscape(err);
      },
    );
}
