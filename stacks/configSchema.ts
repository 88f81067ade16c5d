/**
 * The mechanics of stack configuration: how a key is declared (its kind, zod schema, default and
 * the placeholder its fix shows), how raw Pulumi config strings are decoded, and how problems are
 * worded. Each capability declares its keys as a {@link ConfigSection} in its own file
 * (`configCore.ts`, `configScanning.ts`, ...); `config.ts` validates them all at once.
 */
import { z } from "zod";

/** How Pulumi stores a key: scalars as their text, lists and maps as JSON. */
export type KeyKind = "string" | "boolean" | "number" | "list" | "map";

/** One configuration key. */
export interface KeySpec<T = unknown> {
  readonly kind: KeyKind;
  /** Validates the decoded value; its error messages start with `(<value>) ...` or `is ...`. */
  readonly schema: z.ZodType<T>;
  /** What the fix shows for the value, e.g. `<12-digit id>`. */
  readonly placeholder: string;
  /** The value when the key is not set; a key without one is required. */
  readonly default?: T;
  /** True for keys that may be absent with no default (the value is then `undefined`). */
  readonly optional?: boolean;
}

/** The keys of one capability, typed by its configuration interface. */
export type SectionKeys<C> = { readonly [K in keyof C]-?: KeySpec<C[K]> };

/**
 * A problem in the configuration: the key path, what is wrong, and how to fix it: either a
 * generated `pulumi config set` with a placeholder, or a fix of its own (which shows no placeholder).
 */
export type ConfigProblem = {
  /** The key in Pulumi's `--path` syntax: `regions[2]`, `tags.Owner`. */
  readonly path: string;
  /** Starts with the bad value in parentheses, or with "is". */
  readonly message: string;
} & (
  | {
      /** The value placeholder of the generated `pulumi config set` fix. */
      readonly placeholder: string;
      readonly fix?: undefined;
    }
  | {
      /** Replaces the generated fix when setting a value is not the fix. */
      readonly fix: string;
      /** None: the fix above replaces the generated one, which is the only one to show it. */
      readonly placeholder?: undefined;
    }
);

/** A capability's keys and the rules that span them (run only on keys that are valid alone). */
export interface ConfigSection<C> {
  readonly keys: SectionKeys<C>;
  readonly check?: (values: Readonly<Record<string, unknown>>) => ConfigProblem[];
}

/** The longest value a message shows; a longer one is cut, with its length. */
export const MAX_SHOWN = 120;

/**
 * A `secure:` value the offline plan cannot decrypt stands in for it (the plan's stack reader
 * writes this). Such a key is checked for presence only, and reported as secret.
 */
export const UNDECRYPTED_SECRET = "[secret: not decrypted offline]";

/** The value as a message shows it: JSON, cut to {@link MAX_SHOWN} characters. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_SHOWN
    ? text
    : `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)`;
}

/**
 * A 12-digit number as the account id it is: `pulumi config set --path 'ids[0]' 333333333333`
 * stores a YAML number. Other values pass through unchanged to be refused by the schema.
 */
export function numberAsAccountId(value: unknown): unknown {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? String(value)
    : value;
}

/** The hint for an id that lost its leading zero to YAML (012345678901 reads as a number). */
export function leadingZeroHint(value: unknown): string {
  return typeof value === "string" && /^\d{1,11}$/.test(value)
    ? `; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901`
    : "";
}

/**
 * An EventBridge schedule expression, as AWS accepts it: `rate(1 hour)` (singular for 1, plural
 * otherwise) or a six-field `cron()` with `?` in day-of-month or day-of-week (not both, not
 * neither). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
export function scheduleSchema(example: string) {
  return z
    .string({ error: (iss) => `(${show(iss.input)}) must be a string` })
    .superRefine((text, ctx) => {
      const problem = scheduleProblem(text);
      if (problem !== undefined) {
        ctx.addIssue({ code: "custom", message: `(${show(text)}) ${problem}; e.g. "${example}"` });
      }
    });
}

function scheduleProblem(text: string): string | undefined {
  const rate = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(text);
  if (rate !== null) {
    if (Number(rate[1]) < 1) {
      return "has a rate below 1";
    }
    return (Number(rate[1]) === 1) === (rate[3] === "")
      ? undefined
      : `must say "${rate[2]}" for 1 and "${rate[2]}s" otherwise, as EventBridge requires`;
  }
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron === null) {
    return 'is not an EventBridge schedule expression: "rate(N units)" or "cron(min hour day-of-month month day-of-week year)"';
  }
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} cron fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week year)`;
  }
  if ((fields[2] === "?") === (fields[4] === "?")) {
    return "must have ? in exactly one of day-of-month and day-of-week, as EventBridge requires";
  }
  return undefined;
}

/** An AWS tag key: 1-128 Unicode letters, separators, digits and _ . : / = + - @. */
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** A map keyed by a name, with the name checked; values validated by `value`. */
export function namedMap<T extends z.ZodType>(name: RegExp, rule: string, value: T, noun: string) {
  return z.record(
    // A bad name is reported by the record's `invalid_key` error below, not by this schema.
    z.string().regex(name),
    value,
    {
      error: (iss) =>
        iss.code === "invalid_key"
          ? `(${show(iss.input)}) is not ${rule}; rename it`
          : `(${show(iss.input)}) must be a map of ${noun}`,
    },
  );
}

/** A list whose entries are unique; a repeat is reported at its own index. */
export function uniqueList<T extends z.ZodType>(item: T, noun: string) {
  return z
    .array(item, { error: (iss) => `(${show(iss.input)}) must be a list of ${noun}` })
    .superRefine((list, ctx) => {
      const seen = new Map<string, number>();
      list.forEach((value, i) => {
        const key = JSON.stringify(value);
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `(${show(value)}) repeats entry [${first}]; remove the duplicate`,
          });
        } else {
          seen.set(key, i);
        }
      });
    });
}

/** A 12-digit account id; `what` says what the id should be. */
export function accountIdSchema(what: string) {
  return z.preprocess(
    numberAsAccountId,
    z.string({ error: (iss) => `(${show(iss.input)}) must be a string` }).regex(/^\d{12}$/, {
      error: (iss) =>
        `(${show(iss.input)}) is not a 12-digit AWS account id; ${what}${leadingZeroHint(iss.input)}`,
    }),
  );
}

/** A boolean, as YAML `true`/`false`. */
export const booleanSchema = z.boolean({
  error: (iss) => `(${show(iss.input)}) must be true or false`,
});

/** A whole number within a range; `unit` names what it counts. */
export function integerSchema(min: number, max: number, unit: string, why = "") {
  return z
    .number({ error: (iss) => `(${show(iss.input)}) must be a number` })
    .int({ error: (iss) => `(${show(iss.input)}) must be a whole number of ${unit}` })
    .min(min, {
      error: (iss) => `(${show(iss.input)}) is below ${min} ${unit}${why}; use ${min}-${max}`,
    })
    .max(max, {
      error: (iss) => `(${show(iss.input)}) is above ${max} ${unit}; use ${min}-${max}`,
    });
}

/** One of a fixed set of strings. */
export function enumSchema<T extends string>(values: readonly T[], noun: string) {
  return z.enum(values as [T, ...T[]], {
    error: (iss) => `(${show(iss.input)}) is not ${noun}; use one of: ${values.join(", ")}`,
  });
}

/** The config path of a zod issue inside `key`: `regions[2]`, `tags.Owner`. */
export function formatPath(key: string, path: readonly PropertyKey[]): string {
  return key + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** Decodes a raw Pulumi config string to the value the schema checks, or says why it cannot. */
export function decode(kind: KeyKind, raw: string): { value: unknown } | { message: string } {
  switch (kind) {
    case "string":
      return { value: raw };
    case "boolean":
      return raw === "true" || raw === "false"
        ? { value: raw === "true" }
        : { message: `(${show(raw)}) must be true or false` };
    case "number": {
      const n = Number(raw);
      return raw.trim() !== "" && Number.isFinite(n)
        ? { value: n }
        : { message: `(${show(raw)}) must be a number` };
    }
    case "list":
    case "map":
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch {
        return {
          message: `(${show(raw)}) is not a YAML ${kind}; write it as a ${kind} in Pulumi.<stack>.yaml or set entries with --path`,
        };
      }
  }
}
