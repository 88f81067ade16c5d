/**
 * Helpers shared by policies: reading inputs that may be unknown during preview, parsing JSON
 * inputs, and pairing resources that reference each other (a bucket and its encryption config).
 */
import type { PolicyResource } from "@pulumi/policy";

/** The string the Pulumi engine uses for a value that is not known until apply. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for a string whose value is known (not undefined, not the preview sentinel). */
export function isKnownString(value: unknown): value is string {
  return typeof value === "string" && value !== UNKNOWN_SENTINEL;
}

/** The known strings of a list input; undefined when the list itself is not known. */
export function knownStrings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value.filter(isKnownString);
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON input that parsed, failed to parse, or is not known yet. */
export type ParsedJson =
  | { readonly kind: "parsed"; readonly value: unknown }
  | { readonly kind: "invalid"; readonly error: string }
  | { readonly kind: "unknown" };

/**
 * Parses an input that is a JSON string (or, for inputs that also accept documents, an object).
 * Unknown values and values containing the preview sentinel are reported as unknown so the
 * policy skips them (STYLE.md rule 33).
 */
export function parseJsonInput(value: unknown): ParsedJson {
  if (isRecord(value) || Array.isArray(value)) {
    return { kind: "parsed", value };
  }
  if (!isKnownString(value) || value.includes(UNKNOWN_SENTINEL)) {
    return { kind: "unknown" };
  }
  try {
    return { kind: "parsed", value: JSON.parse(value) as unknown };
  } catch (err) {
    return { kind: "invalid", error: err instanceof Error ? err.message : String(err) };
  }
}

/** One value or a list of values as a list (IAM `Action`, event pattern values). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * An index of resources by what one of their inputs refers to: the input's known string value
 * and the URNs it depends on. Built once per stack validation so pairing N buckets with M
 * configurations costs O(N + M), not O(N * M).
 */
export class ReferenceIndex {
  private readonly byValue = new Map<string, PolicyResource[]>();
  private readonly byUrn = new Map<string, PolicyResource[]>();

  /**
   * @param sources the resources that hold the reference (e.g. BucketPublicAccessBlock)
   * @param property the input that holds it (e.g. "bucket")
   */
  constructor(sources: readonly PolicyResource[], property: string) {
    for (const source of sources) {
      const value: unknown = source.props[property];
      if (isKnownString(value)) {
        push(this.byValue, value, source);
      }
      // Prefer the property's own dependencies; the offline recorder (and older engines) only
      // give the resource-level list, which is the fallback.
      const propertyDeps = source.propertyDependencies?.[property] ?? [];
      const deps = propertyDeps.length > 0 ? propertyDeps : source.dependencies;
      for (const dep of deps) {
        push(this.byUrn, dep.urn, source);
      }
    }
  }

  /**
   * The sources that refer to `target`, by one of the target's identifying inputs (for a
   * bucket: `bucket`, `id`) or by depending on it.
   */
  public referringTo(target: PolicyResource, targetKeys: readonly string[]): PolicyResource[] {
    const found = new Set<PolicyResource>(this.byUrn.get(target.urn) ?? []);
    for (const key of targetKeys) {
      const value: unknown = target.props[key];
      if (isKnownString(value)) {
        for (const source of this.byValue.get(value) ?? []) {
          found.add(source);
        }
      }
    }
    return [...found];
  }
}

function push(map: Map<string, PolicyResource[]>, key: string, value: PolicyResource): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/** The resources of a stack whose type is one of `classes` (compared through `isType`). */
export function resourcesOf(
  resources: readonly PolicyResource[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ...classes: { new (...rest: any[]): import("@pulumi/pulumi").Resource }[]
): PolicyResource[] {
  return resources.filter((r) => classes.some((c) => r.isType(c)));
}
