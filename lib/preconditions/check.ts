/**
 * Checks a plan against the precondition table: every requirement of every resource is met by a
 * resource it waits for (transitively) or by a prerequisite; every IAM role named as a principal
 * in a policy is one the resource waits for, or one created outside the program (a prerequisite).
 */
import type { PlannedResource } from "../offline/plan";
import { PREREQUISITES, type PrerequisiteId } from "../prerequisites";
import { awsPrincipalsOf, parseRoleArn, PlanGraph } from "./graph";
import { PRECONDITIONS, type PlanFacts, type PreconditionRow } from "./table";

/** A requirement the plan does not meet. */
export interface UnmetPrecondition {
  readonly type: string;
  readonly name: string;
  readonly needs: string;
  readonly source: string;
}

/** Types that need no row: components (nothing is created for them) and the stack. */
function isComponent(r: PlannedResource): boolean {
  return /^inspector:/.test(r.type) || r.type === "pulumi:pulumi:Stack";
}

const ROLE_TYPE = "aws:iam/role:Role";
const STACK_SET_INSTANCE_TYPE = "aws:cloudformation/stackSetInstance:StackSetInstance";

/** IAM role names a CloudFormation template creates (`AWS::IAM::Role` with a `RoleName`). */
function templateRoles(r: PlannedResource): { path: string; name: string }[] {
  if (typeof r.inputs.templateBody !== "string") {
    return [];
  }
  const template = JSON.parse(r.inputs.templateBody) as {
    Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  return Object.values(template.Resources ?? {})
    .filter((res) => res.Type === "AWS::IAM::Role" && typeof res.Properties?.RoleName === "string")
    .map((res) => ({
      path: typeof res.Properties?.Path === "string" ? res.Properties.Path : "/",
      name: res.Properties?.RoleName as string,
    }));
}

/**
 * The principals of a resource's policies that it must wait for: a role ARN of a role this plan
 * creates (an `aws:iam/role:Role` with that name and path, or a role of a StackSet's template,
 * whose instances must come first), or an Output of a planned resource (the mock runtime's
 * `arn:aws:mock:::<type>/<name>`), which is an implicit dependency by construction.
 */
function principalRequirements(
  r: PlannedResource,
  graph: PlanGraph,
): { needs: string; isMetBy: (d: PlannedResource) => boolean }[] {
  const out: { needs: string; isMetBy: (d: PlannedResource) => boolean }[] = [];
  const ownRoles = templateRoles(r).map((t) => `${t.path}${t.name}`);
  for (const principal of awsPrincipalsOf(r)) {
    const role = parseRoleArn(principal);
    if (role === undefined) {
      continue;
    }
    const key = `${role.path}${role.name}`;
    if (ownRoles.includes(key)) {
      continue;
    }
    const planned = graph
      .ofType(ROLE_TYPE)
      .filter((d) => d.inputs.name === role.name && (d.inputs.path ?? "/") === role.path);
    const fromStackSet = graph
      .ofType("aws:cloudformation/stackSet:StackSet")
      .filter((d) => templateRoles(d).some((t) => `${t.path}${t.name}` === key));
    if (planned.length > 0) {
      out.push({
        needs: `IAM role ${principal} (a principal of its policy) created first`,
        isMetBy: (d) => planned.some((p) => p.urn === d.urn),
      });
    } else if (fromStackSet.length > 0) {
      out.push({
        needs: `IAM role ${principal} (a principal of its policy) deployed by the StackSet first`,
        isMetBy: (d) =>
          d.type === STACK_SET_INSTANCE_TYPE &&
          fromStackSet.some((s) => s.inputs.name === d.inputs.stackSetName),
      });
    } else {
      out.push({
        needs: `IAM role ${principal} (a principal of its policy): created neither by this plan nor named as a prerequisite`,
        isMetBy: () => false,
      });
    }
  }
  return out;
}

/** Checks every resource of the plan; returns what is not met (empty when all is). */
export function checkPreconditions(
  resources: readonly PlannedResource[],
  facts: PlanFacts,
  table: readonly PreconditionRow[] = PRECONDITIONS,
): UnmetPrecondition[] {
  const graph = new PlanGraph(resources);
  const rows = new Map(table.map((row) => [row.type, row]));
  const prerequisites = new Set<PrerequisiteId>(PREREQUISITES.map((p) => p.id));
  const unmet: UnmetPrecondition[] = [];
  for (const r of resources) {
    if (isComponent(r)) {
      continue;
    }
    const row = rows.get(r.type);
    if (row === undefined) {
      unmet.push({
        type: r.type,
        name: r.name,
        needs: "a row in the precondition table (lib/preconditions/table.ts) for this type",
        source: "-",
      });
      continue;
    }
    const dependencies = graph.dependenciesOf(r);
    for (const req of [...row.requirements(r, facts, graph), ...principalRequirements(r, graph)]) {
      const isMet =
        "prerequisite" in req
          ? prerequisites.has(req.prerequisite)
          : dependencies.some((d) => req.isMetBy(d));
      if (!isMet) {
        unmet.push({ type: r.type, name: r.name, needs: req.needs, source: row.source });
      }
    }
  }
  return unmet;
}

/** The policy name under which `npm run plan` reports an unmet precondition. */
export const UNMET_PRECONDITION_POLICY = "inspector-plan-unmet-precondition";

/**
 * Unmet preconditions as the plan reports violations: mandatory (AWS would refuse the call), one
 * per resource and requirement, naming what to add and where the rule comes from.
 */
export function preconditionViolations(
  resources: readonly PlannedResource[],
  facts: PlanFacts,
): {
  policyName: string;
  enforcementLevel: string;
  resourceName: string;
  resourceType: string;
  resourceUrn?: string;
  message: string;
}[] {
  const urns = new Map(resources.map((r) => [`${r.type}::${r.name}`, r.urn]));
  return checkPreconditions(resources, facts).map((u) => ({
    policyName: UNMET_PRECONDITION_POLICY,
    enforcementLevel: "mandatory",
    resourceName: u.name,
    resourceType: u.type,
    resourceUrn: urns.get(`${u.type}::${u.name}`),
    message: `${u.type} '${u.name}' needs ${u.needs} first, and nothing it waits for provides it; add a dependsOn (or name the prerequisite in lib/prerequisites.ts and the README). Source: ${u.source}`,
  }));
}
