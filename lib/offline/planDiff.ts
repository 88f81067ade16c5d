/**
 * What a `pulumi up` would do going from one plan to another, resource by resource, as the
 * engine decides it from URNs and inputs: create, update (inputs differ), delete, and whether a
 * delete reaches the provider or only removes the resource from the state (retainOnDelete: "Pulumi
 * will not call through to the resource provider's Delete method",
 * https://www.pulumi.com/docs/iac/concepts/options/retainondelete/).
 *
 * Used to review a change of shape (docs/member-associations.md) and to check that adding one
 * account changes one Enabler.
 */
import { isDeepStrictEqual } from "util";

/** The part of a planned resource the comparison reads. */
export interface PlanResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly retainOnDelete: boolean;
}

/** The steps between two plans, by URN, sorted. */
export interface PlanDiff {
  readonly creates: string[];
  readonly updates: string[];
  /** Deletes that call the provider's Delete. */
  readonly deletes: string[];
  /** Deletes of retained resources: removed from the state, left in the cloud. */
  readonly retainedDeletes: string[];
}

/** The inputs that decide an update; a dynamic provider's serialized code is not one. */
function comparableInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "__provider"));
}

/** The steps from `before` to `after`. */
export function diffPlans(
  before: readonly PlanResource[],
  after: readonly PlanResource[],
): PlanDiff {
  const old = new Map(before.map((r) => [r.urn, r]));
  const next = new Map(after.map((r) => [r.urn, r]));
  const creates = after.filter((r) => !old.has(r.urn)).map((r) => r.urn);
  const updates = after
    .filter((r) => {
      const previous = old.get(r.urn);
      return (
        previous !== undefined &&
        !isDeepStrictEqual(comparableInputs(previous.inputs), comparableInputs(r.inputs))
      );
    })
    .map((r) => r.urn);
  const gone = before.filter((r) => !next.has(r.urn));
  return {
    creates: creates.sort(),
    updates: updates.sort(),
    deletes: gone
      .filter((r) => !r.retainOnDelete)
      .map((r) => r.urn)
      .sort(),
    retainedDeletes: gone
      .filter((r) => r.retainOnDelete)
      .map((r) => r.urn)
      .sort(),
  };
}
