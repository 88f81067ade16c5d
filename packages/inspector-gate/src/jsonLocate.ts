/**
 * Line numbers for JSON paths and syntax errors, so an input error can say
 * "sbom.json:14: $.components[2].name ...". JSON.parse gives values without positions (and Node 20's
 * "Unexpected token" message has no position at all); this scanner walks the same text once,
 * records the line where each value starts, and reports the first syntax error with its line.
 */

import { MAX_JSON_DEPTH } from "./inputText";

/** `$.a.b[2]["bom-ref"]`: the path syntax the gate's messages use. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") {
    return `${parent}[${key}]`;
  }
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

/** A JSON syntax error with its place in the text. */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line} column ${column}: ${reason}`);
  }
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/**
 * Scans JSON text: returns a map from JSON path to the 1-based line where its value starts, or
 * throws a {@link JsonSyntaxError} at the first character that is not valid JSON.
 */
export function locateJsonPaths(text: string, maxDepth = MAX_JSON_DEPTH): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (reason: string): never => {
    throw new JsonSyntaxError(line, i - lineStart + 1, reason);
  };
  const describe = (): string => (i >= text.length ? "end of input" : JSON.stringify(text[i]));
  const skipWs = (): void => {
    while (
      i < text.length &&
      (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")
    ) {
      if (text[i] === "\n") {
        line += 1;
        lineStart = i + 1;
      }
      i += 1;
    }
  };
  const expect = (c: string, what: string): void => {
    skipWs();
    if (text[i] !== c) {
      fail(`expected ${what} but found ${describe()}`);
    }
    i += 1;
  };
  const readString = (): string => {
    if (text[i] !== '"') {
      fail(`expected a string but found ${describe()}`);
    }
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\n" || text.charCodeAt(i) < 0x20) {
        fail("unescaped control character in string");
      }
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) {
      fail("unterminated string");
    }
    i += 1;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail("invalid escape in string");
    }
  };
  const value = (path: string, depth: number): void => {
    skipWs();
    lines.set(path, line);
    const c = text[i];
    if ((c === "{" || c === "[") && depth >= maxDepth) {
      fail(`nested deeper than ${maxDepth} levels`);
    }
    if (c === "{") {
      i += 1;
      skipWs();
      if (text[i] === "}") {
        i += 1;
        return;
      }
      for (;;) {
        skipWs();
        const key = readString();
        expect(":", '":"');
        value(childPath(path, key), depth + 1);
        skipWs();
        if (text[i] === "}") {
          i += 1;
          return;
        }
        expect(",", '"," or "}"');
      }
    } else if (c === "[") {
      i += 1;
      skipWs();
      if (text[i] === "]") {
        i += 1;
        return;
      }
      for (let index = 0; ; index++) {
        value(childPath(path, index), depth + 1);
        skipWs();
        if (text[i] === "]") {
          i += 1;
          return;
        }
        expect(",", '"," or "]"');
      }
    } else if (c === '"') {
      readString();
    } else {
      const m = LITERAL.exec(text.slice(i, i + 400));
      if (!m) {
        fail(`unexpected ${describe()}`);
      } else {
        i += m[0].length;
      }
    }
  };
  value("$", 0);
  skipWs();
  if (i < text.length) {
    fail(`unexpected ${describe()} after the end of the document`);
  }
  return lines;
}

/**
 * Parses JSON with the lines of its paths; syntax errors and nesting past {@link MAX_JSON_DEPTH}
 * throw {@link JsonSyntaxError}. A leading byte order mark is skipped.
 */
export function parseJsonLocated(text: string): { value: unknown; lines: Map<string, number> } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = locateJsonPaths(body);
  return { value: JSON.parse(body) as unknown, lines };
}
