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
  /** Whether the statement names any principal: `"*"` or `{"AWS": "*"}` (resource policies). */
  readonly anyPrincipal: boolean;
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
      anyPrincipal: namesAnyPrincipal(s["Principal"]),
    };
  });
  return { kind: "parsed", statements };
}

/** True for `"Principal": "*"` and `"Principal": {"AWS": "*"}` (or a list holding `*`). */
function namesAnyPrincipal(principal: unknown): boolean {
  if (principal === "*") {
    return true;
  }
  return isRecord(principal) && asList(principal["AWS"]).includes("*");
}

/**
 * The condition keys that keep a statement with any principal from being public: they tie the
 * caller to an organization, account, principal or source (the trusted keys of IAM Access Analyzer
 * and of S3's and DynamoDB's block public access).
 */
export const NON_PUBLIC_CONDITION_KEYS: readonly string[] = [
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceVpc",
  "aws:SourceVpce",
];

/**
 * True when the statement's Condition holds one of {@link NON_PUBLIC_CONDITION_KEYS} (any
 * operator) with values free of wildcards, so the statement does not grant public access.
 */
export function restrictsPrincipal(statement: Statement): boolean {
  if (statement.condition === undefined) {
    return false;
  }
  return Object.values(statement.condition).some(
    (block) =>
      isRecord(block) &&
      Object.entries(block).some(([key, value]) => {
        const values = asList(value);
        return (
          NON_PUBLIC_CONDITION_KEYS.some((k) => k.toLowerCase() === key.toLowerCase()) &&
          values.length > 0 &&
          values.every((v) => typeof v === "string" && !/[*?]/.test(v))
        );
      }),
  );
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
