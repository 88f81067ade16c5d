/**
 * The plan's dependency graph, as `npm run plan -- --json` prints it: what each resource waits for,
 * transitively, and the facts the precondition table reads (Region, account role, principals).
 */
import type { PlannedResource } from "../offline/plan";

/** The plan's resources with their transitive dependencies. */
export class PlanGraph {
  public readonly resources: readonly PlannedResource[];
  private readonly byUrn: Map<string, PlannedResource>;
  private readonly closures = new Map<string, ReadonlySet<string>>();

  constructor(resources: readonly PlannedResource[]) {
    this.resources = resources;
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
  }

  /** The resource with this URN, if the plan has it. */
  public get(urn: string): PlannedResource | undefined {
    return this.byUrn.get(urn);
  }

  /** Every URN `urn` waits for: its `dependsOn`, theirs, and so on. */
  public closureOf(urn: string): ReadonlySet<string> {
    const known = this.closures.get(urn);
    if (known !== undefined) {
      return known;
    }
    const seen = new Set<string>();
    const stack = [...(this.byUrn.get(urn)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(...(this.byUrn.get(next)?.dependsOn ?? []));
      }
    }
    this.closures.set(urn, seen);
    return seen;
  }

  /** The resources `resource` waits for, transitively. */
  public dependenciesOf(resource: PlannedResource): PlannedResource[] {
    return [...this.closureOf(resource.urn)]
      .map((u) => this.byUrn.get(u))
      .filter((r): r is PlannedResource => r !== undefined);
  }

  /** Resources of one type. */
  public ofType(type: string): PlannedResource[] {
    return this.resources.filter((r) => r.type === type);
  }
}

/** The name of a resource's provider (`management`, `delegated-admin`, ...), from its reference. */
export function providerNameOf(resource: PlannedResource): string | undefined {
  if (resource.provider === undefined) {
    return undefined;
  }
  const parts = resource.provider.split("::");
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/**
 * The Region a resource acts in: its `region` input, else (aws-native, one provider per Region)
 * the Region its provider's name ends with.
 */
export function regionOf(resource: PlannedResource): string | undefined {
  if (typeof resource.inputs.region === "string") {
    return resource.inputs.region;
  }
  return /-([a-z]{2}(?:-[a-z]+)+-\d)$/.exec(providerNameOf(resource) ?? "")?.[1];
}

/** String inputs that are JSON policy documents (or templates holding them), parsed. */
function policyDocuments(value: unknown, out: unknown[]): void {
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("{") && text.includes("Statement")) {
      try {
        out.push(JSON.parse(text));
      } catch {
        // Not JSON after all: not a policy.
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => policyDocuments(v, out));
  } else if (value !== null && typeof value === "object") {
    Object.values(value).forEach((v) => policyDocuments(v, out));
  }
}

function collectPrincipals(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach((v) => collectPrincipals(v, out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "Principal" && v !== null && typeof v === "object") {
        const aws = (v as Record<string, unknown>).AWS;
        for (const p of Array.isArray(aws) ? aws : [aws]) {
          if (typeof p === "string") {
            out.add(p);
          }
        }
      } else {
        collectPrincipals(v, out);
      }
    }
  }
}

/**
 * The AWS principals (`Principal.AWS`) of every policy document in a resource's inputs: trust
 * policies, resource policies, and those inside a CloudFormation template.
 */
export function awsPrincipalsOf(resource: PlannedResource): string[] {
  const documents: unknown[] = [];
  policyDocuments(resource.inputs, documents);
  const principals = new Set<string>();
  for (const doc of documents) {
    collectPrincipals(doc, principals);
  }
  return [...principals];
}

/** An IAM role ARN's path and name: `arn:aws:iam::111:role/a/b/name` -> `/a/b/`, `name`. */
export function parseRoleArn(arn: string): { path: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  return match === null ? undefined : { path: match[1], name: match[2] };
}
