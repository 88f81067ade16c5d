/**
 * Reading IAM policy documents (identity and resource policies) given as JSON strings or
 * objects: statements, actions, resources, and glob matching of action names.
 */
import { asList, isRecord, parseJsonInput } from "./resources";

/** One statement, normalised: lists for Action/NotAction/Resource. */
export interface Statement {
  readonly label: string;
  readonly effect: unknown;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly condition: Record<string, unknown> | undefined;
}

/** A policy document that parsed, did not parse, or is not known yet. */
export type ParsedDocument =
  | { readonly kind: "parsed"; readonly statements: Statement[] }
  | { readonly kind: "invalid"; readonly error: string }
  | { readonly kind: "unknown" };

/** Parses a policy document input into its statements. */
export function parsePolicyDocument(value: unknown): ParsedDocument {
  const parsed = parseJsonInput(value);
  if (parsed.kind !== "parsed") {
    return parsed;
  }
  if (!isRecord(parsed.value)) {
    return { kind: "invalid", error: "the document is not a JSON object" };
  }
  const statements = asList(parsed.value["Statement"]).map((raw, index): Statement => {
    const s = isRecord(raw) ? raw : {};
    const sid = s["Sid"];
    return {
      label: typeof sid === "string" && sid !== "" ? `'${sid}'` : `#${index + 1}`,
      effect: s["Effect"],
      actions: asList(s["Action"]).filter((a): a is string => typeof a === "string"),
      notActions: asList(s["NotAction"]).filter((a): a is string => typeof a === "string"),
      resources: asList(s["Resource"]).filter((r): r is string => typeof r === "string"),
      condition: isRecord(s["Condition"]) ? s["Condition"] : undefined,
    };
  });
  return { kind: "parsed", statements };
}

/** True for an action that grants a whole service or everything (`*`, `s3:*`). */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action);
}

const matcherCache = new WeakMap<readonly string[], (action: string) => boolean>();

/**
 * Compiles IAM-style globs (`ec2:Describe*`) into one case-insensitive matcher, cached per
 * pattern list (the config object is the same for every resource of a run).
 */
export function actionMatcher(patterns: readonly string[]): (action: string) => boolean {
  const cached = matcherCache.get(patterns);
  if (cached !== undefined) {
    return cached;
  }
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
        "i",
      ),
  );
  const matcher = (action: string): boolean => regexes.some((r) => r.test(action));
  matcherCache.set(patterns, matcher);
  return matcher;
}

/**
 * True when a statement denies requests that do not use TLS
 * (`"Condition": {"Bool": {"aws:SecureTransport": "false"}}`).
 */
export function deniesInsecureTransport(statement: Statement): boolean {
  if (statement.effect !== "Deny" || statement.condition === undefined) {
    return false;
  }
  const bool = statement.condition["Bool"];
  if (!isRecord(bool)) {
    return false;
  }
  return asList(bool["aws:SecureTransport"]).some((v) => v === "false" || v === false);
}
