/**
 * The gate's files: where a relative path points, reading an input within a size bound, checking
 * an output can be written before any (paid) scan, and the reason a file operation failed, in words.
 */
import * as fs from "fs";
import * as path from "path";

/**
 * The directory relative paths are resolved against: where the user ran the command. `npm run`
 * and `npm exec` start the process in the package root and keep the user's directory in
 * INIT_CWD; a script that changes directory itself (`cd app && inspector-gate ...`) is honoured,
 * since then the working directory is no longer the package root npm chose.
 */
export function userDirectory(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  const initCwd = env.INIT_CWD;
  const packageRoot = env.npm_package_json ? path.dirname(env.npm_package_json) : undefined;
  if (initCwd && (packageRoot === undefined || path.resolve(packageRoot) === path.resolve(cwd))) {
    return initCwd;
  }
  return cwd;
}

/** A failed file operation's errno code in words, with the fix where there is one. */
export function fileErrorReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory (ENOENT)";
    case "EISDIR":
      return "is a directory (EISDIR); give a file";
    case "ENOTDIR":
      return "a part of the path is not a directory (ENOTDIR)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${code})`;
    case "EROFS":
      return "read-only file system (EROFS)";
    case "EFBIG":
      return e instanceof Error ? e.message : "file too large (EFBIG)";
    default:
      return code ?? (e instanceof Error ? e.message.split("\n")[0].slice(0, 200) : String(e));
  }
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads a UTF-8 file, refusing (EFBIG) one larger than `maxBytes` before reading it, and a
 * directory (EISDIR) on every platform.
 */
export function readTextFile(file: string, maxBytes: number): string {
  const stat = fs.statSync(file);
  if (stat.isDirectory()) {
    throw errno("EISDIR", "is a directory");
  }
  if (stat.size > maxBytes) {
    throw errno(
      "EFBIG",
      `is ${stat.size} bytes; the gate reads at most ${maxBytes} bytes (${Math.round(maxBytes / 1048576)} MiB)`,
    );
  }
  return fs.readFileSync(file, "utf8");
}

/**
 * Throws the errno error that writing `file` would meet, without creating or changing anything:
 * an existing file must be a writable non-directory; a new file needs an existing, writable
 * directory.
 */
export function checkWritable(file: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      throw e;
    }
  }
  if (stat) {
    if (stat.isDirectory()) {
      throw errno("EISDIR", "is a directory");
    }
    fs.accessSync(file, fs.constants.W_OK);
    return;
  }
  const dir = path.dirname(file);
  const dirStat = fs.statSync(dir);
  if (!dirStat.isDirectory()) {
    throw errno("ENOTDIR", "not a directory");
  }
  fs.accessSync(dir, fs.constants.W_OK);
}
