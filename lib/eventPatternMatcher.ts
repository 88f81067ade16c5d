/**
 * An offline EventBridge event-pattern matcher that says why it matched or not, for
 * `npm run explain-event` and for the tests of the rules the program builds.
 *
 * Semantics follow the EventBridge User Guide ("Event patterns", "Arrays in event patterns",
 * "Matching null values and empty strings", "Content filtering"):
 * - every field of the pattern must match (AND); the values listed for a field are alternatives
 *   (OR); `$or` lists alternative sub-patterns;
 * - a leaf is matched against a list of matchers: exact strings, numbers, booleans and `null`
 *   (exact means the same JSON type: the string "7" never equals the number 7), or one-key
 *   objects: `prefix`, `suffix` (each optionally `{ "equals-ignore-case": ... }`),
 *   `equals-ignore-case`, `wildcard`, `anything-but` (values, or `prefix`/`suffix`/
 *   `equals-ignore-case`/`wildcard`), `numeric` (JSON numbers only), `exists`, `cidr` (IPv4);
 * - when the event's value is an array, the field matches when any element matches;
 * - a missing field matches only `{ "exists": false }`; `exists` works on leaves only, so an
 *   object value counts as "does not exist".
 * Not modelled: IPv6 `cidr`, and EventBridge's limits on pattern size and numeric precision.
 * Where a nested pattern meets an array of objects, one element must match the whole nested
 * pattern.
 */

/** Raised for a pattern EventBridge would reject (unknown operator, wrong operand type). */
export class EventPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventPatternError";
  }
}

/** Why one field matched or not. */
export interface FieldOutcome {
  /** The dotted path of the field, e.g. `detail.severity`. */
  readonly path: string;
  readonly matched: boolean;
  /** A sentence a person reads: the event's value and the pattern's matchers. */
  readonly reason: string;
}

/** The result of matching an event against a pattern. */
export interface MatchResult {
  readonly matched: boolean;
  /** One outcome per pattern field, in pattern order. */
  readonly fields: readonly FieldOutcome[];
}

const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function wildcardRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) {
      source += `\\${pattern[i + 1]}`;
      i++;
    } else if (c === "*") {
      source += ".*";
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`, "s");
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** The network and size of an IPv4 CIDR block; throws for anything else. */
function parseCidr(cidr: string, path: string): { base: number; size: number } {
  const [network, bitsText] = cidr.split("/");
  const base = parseIpv4(network);
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new EventPatternError(
      `${path}: cidr ${show(cidr)} is not an IPv4 CIDR block (IPv6 is not modelled offline)`,
    );
  }
  return { base, size: 2 ** (32 - bits) };
}

function inCidr(cidr: string, value: unknown, path: string): boolean {
  const { base, size } = parseCidr(cidr, path);
  const address = typeof value === "string" ? parseIpv4(value) : undefined;
  return address !== undefined && Math.floor(address / size) === Math.floor(base / size);
}

/** A string operand, possibly wrapped in `{ "equals-ignore-case": ... }`. */
function stringOperand(
  operand: unknown,
  op: string,
  path: string,
): { text: string; fold: boolean } {
  if (typeof operand === "string") {
    return { text: operand, fold: false };
  }
  if (isRecord(operand) && typeof operand["equals-ignore-case"] === "string") {
    return { text: operand["equals-ignore-case"], fold: true };
  }
  throw new EventPatternError(`${path}: ${op} needs a string, got ${show(operand)}`);
}

function matchesNumeric(operands: unknown, value: unknown, path: string): boolean {
  if (!Array.isArray(operands) || operands.length === 0 || operands.length % 2 !== 0) {
    throw new EventPatternError(
      `${path}: numeric needs operator/number pairs such as [">", 0, "<=", 5], got ${show(operands)}`,
    );
  }
  const checks: [string, number][] = [];
  for (let i = 0; i < operands.length; i += 2) {
    const op: unknown = operands[i];
    const bound: unknown = operands[i + 1];
    if (
      typeof op !== "string" ||
      !(NUMERIC_OPERATORS as readonly string[]).includes(op) ||
      typeof bound !== "number"
    ) {
      throw new EventPatternError(
        `${path}: numeric operator ${show(op)} with ${show(bound)} is not one of ${NUMERIC_OPERATORS.join(" ")} followed by a number`,
      );
    }
    checks.push([op, bound]);
  }
  // "Numeric matching works with values that are JSON numbers": a string never matches.
  if (typeof value !== "number") {
    return false;
  }
  return checks.every(([op, bound]) => {
    switch (op) {
      case "=":
        return value === bound;
      case "<":
        return value < bound;
      case "<=":
        return value <= bound;
      case ">":
        return value > bound;
      default:
        return value >= bound;
    }
  });
}

function matchesAnythingBut(operand: unknown, value: unknown, path: string): boolean {
  if (isRecord(operand)) {
    const [op, inner] = Object.entries(operand)[0] ?? [];
    const list = Array.isArray(inner) ? (inner as unknown[]) : [inner];
    if (op === undefined || Object.keys(operand).length !== 1) {
      throw new EventPatternError(`${path}: anything-but takes one operator, got ${show(operand)}`);
    }
    if (!["prefix", "suffix", "equals-ignore-case", "wildcard"].includes(op)) {
      throw new EventPatternError(`${path}: anything-but does not support ${show(op)}`);
    }
    if (list.some((s) => typeof s !== "string")) {
      throw new EventPatternError(`${path}: anything-but ${op} needs strings, got ${show(inner)}`);
    }
    if (typeof value !== "string") {
      // A non-string value is not excluded by a string-only filter.
      return true;
    }
    return !list.some((s) => matchesOne({ [op]: s }, value, path));
  }
  const list = Array.isArray(operand) ? (operand as unknown[]) : [operand];
  if (list.some((v) => typeof v !== "string" && typeof v !== "number")) {
    throw new EventPatternError(
      `${path}: anything-but needs strings or numbers, got ${show(operand)}`,
    );
  }
  return !list.some((v) => v === value);
}

/** Whether one matcher accepts one leaf value of the event. */
function matchesOne(matcher: unknown, value: unknown, path: string): boolean {
  if (matcher === null || typeof matcher !== "object") {
    return matcher === value;
  }
  if (Array.isArray(matcher)) {
    throw new EventPatternError(`${path}: a matcher cannot be a list, got ${show(matcher)}`);
  }
  const entries: [string, unknown][] = Object.entries(matcher as Record<string, unknown>);
  if (entries.length !== 1) {
    throw new EventPatternError(
      `${path}: a content filter has exactly one operator, got ${show(matcher)}`,
    );
  }
  const [op, operand] = entries[0];
  switch (op) {
    case "prefix":
    case "suffix": {
      const { text, fold } = stringOperand(operand, op, path);
      if (typeof value !== "string") {
        return false;
      }
      const [v, t] = fold ? [value.toLowerCase(), text.toLowerCase()] : [value, text];
      return op === "prefix" ? v.startsWith(t) : v.endsWith(t);
    }
    case "equals-ignore-case":
      if (typeof operand !== "string") {
        throw new EventPatternError(
          `${path}: equals-ignore-case needs a string, got ${show(operand)}`,
        );
      }
      return typeof value === "string" && value.toLowerCase() === operand.toLowerCase();
    case "wildcard":
      if (typeof operand !== "string") {
        throw new EventPatternError(`${path}: wildcard needs a string, got ${show(operand)}`);
      }
      return typeof value === "string" && wildcardRegExp(operand).test(value);
    case "anything-but":
      return matchesAnythingBut(operand, value, path);
    case "numeric":
      return matchesNumeric(operand, value, path);
    case "cidr":
      if (typeof operand !== "string") {
        throw new EventPatternError(`${path}: cidr needs a string, got ${show(operand)}`);
      }
      return inCidr(operand, value, path);
    case "exists":
      if (typeof operand !== "boolean") {
        throw new EventPatternError(`${path}: exists needs true or false, got ${show(operand)}`);
      }
      return operand;
    default:
      throw new EventPatternError(`${path}: unknown pattern operator ${show(op)}`);
  }
}

function isExistsFalse(matcher: unknown): boolean {
  return isRecord(matcher) && matcher.exists === false;
}

function matchLeaf(
  matchers: readonly unknown[],
  isPresent: boolean,
  value: unknown,
  path: string,
): FieldOutcome {
  if (matchers.length === 0) {
    throw new EventPatternError(
      `${path}: an empty list of matchers matches nothing; remove the field or list values`,
    );
  }
  const wanted = show(matchers);
  // A missing field, or an object (exists works on leaves only), matches only exists:false.
  if (!isPresent || isRecord(value)) {
    for (const m of matchers) {
      matchesOne(m, undefined, path); // validates the operators
    }
    const matched = matchers.some(isExistsFalse);
    const what = isPresent ? "is an object, not a leaf value" : "is absent";
    return {
      path,
      matched,
      reason: matched
        ? `${path} ${what}, as {"exists":false} requires`
        : `${path} ${what}; the pattern needs one of ${wanted}`,
    };
  }
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const v of values) {
    for (const m of matchers) {
      if (!isExistsFalse(m) && matchesOne(m, v, path)) {
        return {
          path,
          matched: true,
          reason: `${path} ${show(v)}${Array.isArray(value) ? " (an element)" : ""} matches ${show(m)}`,
        };
      }
    }
  }
  const numericOnString =
    values.some((v) => typeof v === "string") &&
    matchers.some((m) => isRecord(m) && "numeric" in m);
  return {
    path,
    matched: false,
    reason:
      `${path} ${show(value)} does not match ${wanted}` +
      (numericOnString ? " (numeric matching only applies to JSON numbers, not strings)" : ""),
  };
}

function matchObject(
  pattern: Record<string, unknown>,
  value: unknown,
  path: string,
  outcomes: FieldOutcome[],
): boolean {
  let matched = true;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === "$or") {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isRecord)) {
        throw new EventPatternError(
          `${join(path, "$or")}: needs a list of at least two sub-patterns`,
        );
      }
      const branches = sub.map((branch: Record<string, unknown>) => {
        const inner: FieldOutcome[] = [];
        return { ok: matchObject(branch, value, path, inner), inner };
      });
      const hit = branches.findIndex((b) => b.ok);
      outcomes.push({
        path: join(path, "$or"),
        matched: hit >= 0,
        reason:
          hit >= 0
            ? `${join(path, "$or")} branch ${hit} matches (${branches[hit].inner.map((o) => o.reason).join("; ")})`
            : `${join(path, "$or")} no branch matches (${branches
                .map(
                  (b, i) =>
                    `branch ${i}: ${b.inner
                      .filter((o) => !o.matched)
                      .map((o) => o.reason)
                      .join("; ")}`,
                )
                .join(" | ")})`,
      });
      matched = matched && hit >= 0;
      continue;
    }
    const fieldPath = join(path, key);
    const isPresent = isRecord(value) && Object.prototype.hasOwnProperty.call(value, key);
    const fieldValue = isPresent ? value[key] : undefined;
    if (Array.isArray(sub)) {
      const outcome = matchLeaf(sub, isPresent, fieldValue, fieldPath);
      outcomes.push(outcome);
      matched = matched && outcome.matched;
    } else if (isRecord(sub)) {
      if (Array.isArray(fieldValue)) {
        // An array of objects: one element has to satisfy the whole nested pattern.
        const tries = fieldValue.map((element) => {
          const inner: FieldOutcome[] = [];
          return { ok: matchObject(sub, element, fieldPath, inner), inner };
        });
        const hit = tries.find((t) => t.ok) ?? tries[0];
        if (hit === undefined) {
          const inner: FieldOutcome[] = [];
          const ok = matchObject(sub, undefined, fieldPath, inner);
          outcomes.push(...inner);
          matched = matched && ok;
        } else {
          outcomes.push(...hit.inner);
          matched = matched && hit.ok;
        }
      } else {
        matched = matchObject(sub, fieldValue, fieldPath, outcomes) && matched;
      }
    } else {
      throw new EventPatternError(
        `${fieldPath}: a pattern value must be a list of matchers or an object, got ${show(sub)}`,
      );
    }
  }
  return matched;
}

/**
 * Matches an event against an EventBridge pattern, explaining every field. Throws
 * {@link EventPatternError} for a pattern EventBridge would reject.
 */
export function matchEventPattern(pattern: unknown, event: unknown): MatchResult {
  if (!isRecord(pattern)) {
    throw new EventPatternError(`the event pattern must be a JSON object, got ${show(pattern)}`);
  }
  const fields: FieldOutcome[] = [];
  const matched = matchObject(pattern, event, "", fields);
  return { matched, fields };
}
