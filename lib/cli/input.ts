/**
 * Reading what a user hands a command: paths as they typed them, files of bounded size, JSON of
 * bounded depth. Every failure is an {@link InputError} whose message is one line naming the file
 * and the fix.
 */
import * as fs from "fs";
import * as path from "path";

/** A file or value a command cannot use (exit 2); the message is one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** The deepest nesting a JSON document may have; real inputs stay far below it. */
export const MAX_JSON_DEPTH = 64;

/** A megabyte, in bytes. */
export const MB = 1024 * 1024;

/**
 * A path as the user meant it: relative to the directory they ran the command from. `npm run`
 * changes to the package root and keeps that directory in `INIT_CWD`
 * (https://docs.npmjs.com/cli/v10/commands/npm-run-script).
 */
export function resolveUserPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/** The reason of a file system error, without the syscall noise: "no such file or directory". */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a file";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    default:
      return (err instanceof Error ? err.message : String(err)).split("\n")[0];
  }
}

/**
 * Reads a text file of at most `maxBytes`, without a UTF-8 byte order mark.
 *
 * @param shown how messages name the file (as the user gave it)
 * @throws InputError when the file cannot be read, is a directory or is too large
 */
export function readTextFile(file: string, shown: string, maxBytes: number): string {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      throw Object.assign(new Error("directory"), { code: "EISDIR" });
    }
    size = stat.size;
  } catch (err) {
    throw new InputError(`${shown}: cannot be read (${fsReason(err)})`);
  }
  if (size > maxBytes) {
    throw new InputError(
      `${shown}: is ${Math.ceil(size / MB)} MB, above the ${Math.floor(maxBytes / MB)} MB this command reads; split it or check that it is the right file`,
    );
  }
  try {
    return stripBom(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${shown}: cannot be read (${fsReason(err)})`);
  }
}

/** Text without a leading UTF-8 byte order mark (Windows editors write one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * How deep a parsed JSON value nests, counted without recursion, stopping past `limit`.
 * JSON.parse itself takes any depth, but everything that walks the value afterwards (schema
 * validation, JSON.stringify, structuredClone) overflows the call stack on a deep one.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== "object" || v === null) {
      continue;
    }
    deepest = Math.max(deepest, depth);
    if (deepest > limit) {
      return deepest;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return deepest;
}

/**
 * Parses JSON text and bounds its depth.
 *
 * @param where how messages name the source: `file` or `file:line`
 * @throws InputError "is not valid JSON (reason)" or "nests deeper than N levels"
 */
export function parseJson(text: string, where: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${where}: is not valid JSON (${jsonReason(err)})`);
  }
  if (jsonDepth(value, maxDepth) > maxDepth) {
    throw new InputError(
      `${where}: nests deeper than ${maxDepth} levels of arrays and objects; this is not the expected document`,
    );
  }
  return value;
}

/** JSON.parse's reason on one line, without the echo of the (possibly huge) text. */
function jsonReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Node 20: `Unexpected token 'x', "...text..." is not valid JSON`; keep the part before the echo.
  const cut = message.replace(/, ".*" is not valid JSON$/s, "").replace(/\s+/g, " ");
  return cut.length > 200 ? `${cut.slice(0, 200)}…` : cut;
}
