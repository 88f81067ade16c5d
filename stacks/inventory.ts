/**
 * The organization inventory: which accounts and OUs exist, and which of them the rollout covers.
 *
 * Two sources produce the same snapshot (DESIGN.md, "Contracts"): live discovery through the
 * Organizations API (`npm run inventory -- --out FILE`), and a checked-in JSON file that the
 * offline plan reads. Everything downstream works on the validated `OrgInventory` only.
 */
import {
  Account,
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
} from "@aws-sdk/client-organizations";
import { z } from "zod";
import type { AccountWorkloads } from "../lib/costs/estimate";
import { workloadsSchema } from "../lib/costs/workloads";
import { truncate } from "../lib/cli/command";
import { InputError, MB, parseJson, readTextFile } from "../lib/cli/input";

/** The largest snapshot read: ~200 bytes an account, so room for 100,000 accounts and more. */
const MAX_INVENTORY_BYTES = 64 * MB;

/** An organizational unit of the snapshot. */
export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  /** The root id or the id of the enclosing OU. */
  readonly parentId: string;
}

/** The Organizations account status, as the snapshot records it. */
export type AccountStatus = "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";

/** An account of the snapshot. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: AccountStatus;
  /** The root id or the id of the OU that directly contains the account. */
  readonly parentId: string;
  /** ISO-8601 `JoinedTimestamp`; orders accounts so that chunking stays stable as accounts join. */
  readonly joinedTimestamp?: string;
  /** Workload counts for the cost estimate (lib/costs/workloads.ts). */
  readonly workloads?: AccountWorkloads;
}

/** The organization inventory snapshot (DESIGN.md, "Contracts"). */
export interface OrgInventory {
  readonly organizationId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly organizationalUnits: readonly OrgUnit[];
  readonly accounts: readonly OrgAccount[];
}

/** Which part of the organization a stack rolls out to. */
export interface MemberScope {
  /** OU ids whose accounts (nested OUs included) are covered; empty means the whole organization. */
  readonly organizationalUnitIds: readonly string[];
  /** Accounts never enabled, even when inside a scoped OU. */
  readonly excludedAccountIds: readonly string[];
}

/** An in-scope account the rollout leaves alone, and why. */
export interface SkippedAccount {
  readonly accountId: string;
  readonly name: string;
  readonly reason: string;
}

/** The result of applying a `MemberScope` to an inventory. */
export interface ScopedAccounts {
  /** ACTIVE, in scope, not excluded; ordered by joinedTimestamp, then id. */
  readonly covered: readonly OrgAccount[];
  /** Every in-scope account that is not covered, with the reason, in the same order. */
  readonly skipped: readonly SkippedAccount[];
}

/** A snapshot, scope or account reference that does not fit the organization. */
export class InventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InventoryError";
  }
}

/** Organizations' own id formats (API reference, `Id` of Organization, Root, OU and Account). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** Root id format. */
export const ROOT_ID_PATTERN = /^r-[0-9a-z]{4,32}$/;
/** OU id format. */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** Account id format. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** The snapshot's account statuses, in the order messages list them. */
export const ACCOUNT_STATUSES = ["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"] as const;

/**
 * Attempts per Organizations call. Organizations List* calls are throttled per account
 * (TooManyRequestsException); adaptive mode slows the client down while retrying, and a deep OU
 * walk makes hundreds of calls, so it gets more attempts than the SDK's default of 3.
 */
export const ORGANIZATIONS_MAX_ATTEMPTS = 10;

/**
 * The region the Organizations client signs for when none is given. Organizations is a global
 * service whose endpoint in the `aws` partition lives in us-east-1; other partitions (GovCloud,
 * China) pass their region explicitly.
 */
export const DEFAULT_ORGANIZATIONS_REGION = "us-east-1";

/** Largest page Organizations returns for the List* calls used here (MaxResults 1..20). */
const PAGE_SIZE = 20;

const REGENERATE = "or regenerate the file with `npm run inventory -- --out <file>`";

type ErrorCallback = (issue: { input?: unknown }) => string;

/** A zod error callback: "is missing; <fix>" or "(<value>) <rule>; <fix>". */
function rule(text: string, fix: string): ErrorCallback {
  return (issue) =>
    issue.input === undefined ? `is missing; ${fix}` : `(${show(issue.input)}) ${text}; ${fix}`;
}

function show(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 120);
}

/** A string matching `pattern`; a wrong type and a mismatch get the same message. */
function matching(pattern: RegExp, text: string, fix: string) {
  const error = rule(`${text} (${pattern.source})`, fix);
  return z.string({ error }).regex(pattern, { error });
}

function nonEmpty(what: string) {
  const error = rule("must be a non-empty string", `set it to the ${what}`);
  return z.string({ error }).min(1, { error });
}

/** A strict object: a misspelled field is an error, not silently dropped. */
function strictEntry<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  const allowed = Object.keys(shape).join(", ");
  const notObject = rule(`is not ${what}`, `write it as a JSON object with ${allowed}`);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")} (allowed: ${allowed}); remove them or fix their spelling`
        : notObject(issue),
  });
}

function arrayOf<T extends z.ZodType>(item: T, what: string) {
  const error = rule(`is not an array of ${what}`, `write it as [] or a list of ${what}`);
  return z.array(item, { error });
}

const ACCOUNT_ID_RULE = "is not a 12-digit AWS account id";
const LIST_ACCOUNTS_FIX = `from \`aws organizations list-accounts\`, ${REGENERATE}`;

const parentIdError = rule(
  `is not a root id (${ROOT_ID_PATTERN.source}) or an OU id (${OU_ID_PATTERN.source})`,
  `use the id of the root or of an entry in \`organizationalUnits\`, ${REGENERATE}`,
);
const parentIdSchema = z
  .string({ error: parentIdError })
  .refine((v) => ROOT_ID_PATTERN.test(v) || OU_ID_PATTERN.test(v), { error: parentIdError });

const orgUnitSchema = strictEntry(
  {
    id: matching(
      OU_ID_PATTERN,
      "is not an OU id",
      `copy the OU's \`Id\` from \`aws organizations list-organizational-units-for-parent\`, ${REGENERATE}`,
    ),
    name: nonEmpty("OU's name in Organizations"),
    parentId: parentIdSchema,
  },
  "an OU object",
);

const timestampError = rule(
  "is not an ISO-8601 date-time (e.g. 2021-04-01T12:00:00.000Z)",
  "use the account's `JoinedTimestamp`, or remove the field",
);

/** A join time on the calendar (z.iso.datetime takes February 30), from 2006 to now (a day's skew). */
function isPlausibleJoinTime(text: string): boolean {
  const t = Date.parse(text);
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(text) ?? [];
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    Number.isFinite(t) &&
    day.getUTCMonth() === Number(m) - 1 &&
    day.getUTCDate() === Number(d) &&
    t >= Date.UTC(2006, 0, 1) &&
    t <= Date.now() + 86_400_000
  );
}

const orgAccountSchema = strictEntry(
  {
    id: matching(
      ACCOUNT_ID_PATTERN,
      ACCOUNT_ID_RULE,
      `copy the account's \`Id\` ${LIST_ACCOUNTS_FIX}`,
    ),
    name: nonEmpty("account's name in Organizations"),
    // Organizations validates addresses itself; this only catches values that are not one.
    email: matching(
      /^[^\s@]+@[^\s@]+$/,
      "is not an email address",
      `use the account's \`Email\` ${LIST_ACCOUNTS_FIX}`,
    ),
    status: z.enum(ACCOUNT_STATUSES, {
      error: rule(
        `is not an account status (one of ${ACCOUNT_STATUSES.join(", ")})`,
        `use the account's \`Status\` ${LIST_ACCOUNTS_FIX}`,
      ),
    }),
    parentId: parentIdSchema,
    joinedTimestamp: z
      .string({ error: timestampError })
      .pipe(z.iso.datetime({ offset: true, error: timestampError }))
      .refine(isPlausibleJoinTime, {
        error: rule(
          "is not a real date between 2006 (AWS accounts) and now",
          "use the account's `JoinedTimestamp`, or remove the field",
        ),
        when: (payload) => payload.issues.length === 0,
      })
      .optional(),
    workloads: workloadsSchema.optional(),
  },
  "an account object",
);

const DESCRIBE_ORGANIZATION_FIX = `from \`aws organizations describe-organization\`, ${REGENERATE}`;

const inventorySchema = strictEntry(
  {
    organizationId: matching(
      ORGANIZATION_ID_PATTERN,
      "is not an organization id",
      `copy \`Id\` ${DESCRIBE_ORGANIZATION_FIX}`,
    ),
    rootId: matching(
      ROOT_ID_PATTERN,
      "is not a root id",
      `copy \`Id\` from \`aws organizations list-roots\`, ${REGENERATE}`,
    ),
    managementAccountId: matching(
      ACCOUNT_ID_PATTERN,
      ACCOUNT_ID_RULE,
      `copy \`MasterAccountId\` ${DESCRIBE_ORGANIZATION_FIX}`,
    ),
    organizationalUnits: arrayOf(orgUnitSchema, "OUs"),
    accounts: arrayOf(orgAccountSchema, "accounts"),
  },
  "an inventory snapshot",
);

/** `["accounts", 3, "id"]` -> `accounts[3].id`; the whole document is `(snapshot)`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return "(snapshot)";
  }
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function entries(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((e) => asRecord(e) ?? {}) : [];
}

/**
 * Checks zod cannot express per field: unique ids, parent references, an OU tree without cycles,
 * and the management account being a listed account. Runs on the raw document, tolerating
 * entries with bad types (zod reports those), so that one run lists every problem.
 */
function crossReferenceProblems(json: unknown): string[] {
  const doc = asRecord(json);
  if (!doc) {
    return [];
  }
  const problems: string[] = [];
  const ous = entries(doc.organizationalUnits);
  const accounts = entries(doc.accounts);
  const rootId = typeof doc.rootId === "string" ? doc.rootId : undefined;

  const firstIndex = (list: Record<string, unknown>[], kind: string) => {
    const seen = new Map<string, number>();
    list.forEach((e, i) => {
      if (typeof e.id !== "string") {
        return;
      }
      const first = seen.get(e.id);
      if (first === undefined) {
        seen.set(e.id, i);
      } else {
        problems.push(
          `\`${kind}[${i}].id\` (${show(e.id)}) duplicates \`${kind}[${first}].id\`; ids are unique in an organization, remove or correct the duplicate entry`,
        );
      }
    });
    return seen;
  };
  const ouIndex = firstIndex(ous, "organizationalUnits");
  const accountIndex = firstIndex(accounts, "accounts");

  const checkParent = (entry: Record<string, unknown>, path: string) => {
    const parentId = entry.parentId;
    // Malformed ids are zod's to report; only well-formed ones are looked up.
    if (
      typeof parentId === "string" &&
      (ROOT_ID_PATTERN.test(parentId) || OU_ID_PATTERN.test(parentId)) &&
      parentId !== rootId &&
      !ouIndex.has(parentId)
    ) {
      problems.push(
        `\`${path}.parentId\` (${show(parentId)}) is neither \`rootId\` (${show(rootId)}) nor the id of an entry in \`organizationalUnits\`; add the missing OU or correct the parent, ${REGENERATE}`,
      );
    }
  };
  ous.forEach((ou, i) => checkParent(ou, `organizationalUnits[${i}]`));
  accounts.forEach((account, i) => checkParent(account, `accounts[${i}]`));

  // An OU whose parent chain comes back to itself never reaches the root: walking it would not
  // end. Only the OUs on the cycle are reported; the ones hanging below it are fixed with it.
  ous.forEach((ou, i) => {
    const visited = new Set<string>();
    let current: unknown = ou.id;
    while (typeof current === "string" && current !== rootId && !visited.has(current)) {
      visited.add(current);
      const index = ouIndex.get(current);
      current = index === undefined ? undefined : ous[index].parentId;
    }
    if (current === ou.id) {
      problems.push(
        `\`organizationalUnits[${i}].parentId\` (${show(ou.parentId)}) makes a cycle of OUs that never reaches \`rootId\`; OUs form a tree under the root, correct the parent, ${REGENERATE}`,
      );
    }
  });

  const managementAccountId = doc.managementAccountId;
  if (
    typeof managementAccountId === "string" &&
    ACCOUNT_ID_PATTERN.test(managementAccountId) &&
    Array.isArray(doc.accounts) &&
    !accountIndex.has(managementAccountId)
  ) {
    problems.push(
      `\`managementAccountId\` (${show(managementAccountId)}) is not in \`accounts\`; ListAccounts always lists the management account, add it or correct \`managementAccountId\`, ${REGENERATE}`,
    );
  }
  return problems;
}

/**
 * Parses and validates an inventory snapshot. Every problem is listed, one line each, naming the
 * JSON path, the bad value, the rule and the fix.
 *
 * @param json the parsed JSON document
 * @param source a label for messages (usually the file path)
 * @throws InventoryError whose message is the problem lines joined by "\n"
 * @example
 * const inv = parseInventory(JSON.parse(text), "examples/org-inventory.json");
 */
export function parseInventory(json: unknown, source: string): OrgInventory {
  const result = inventorySchema.safeParse(json);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `\`${formatPath(issue.path)}\` ${issue.message}`);
  problems.push(...crossReferenceProblems(json));
  if (!result.success || problems.length > 0) {
    throw new InventoryError(problems.map((p) => `${source}: ${p}`).join("\n"));
  }
  return result.data;
}

/**
 * Reads, JSON-parses and validates a snapshot file.
 *
 * @throws InventoryError naming the file when it cannot be read, is not JSON, or is not valid
 */
export function loadInventoryFile(path: string): OrgInventory {
  let json: unknown;
  try {
    json = parseJson(readTextFile(path, path, MAX_INVENTORY_BYTES), path);
  } catch (err) {
    if (err instanceof InputError) {
      const fix = err.message.includes("cannot be read")
        ? "check the path, or write one with"
        : "fix the file, or regenerate it with";
      throw new InventoryError(`${err.message}; ${fix} \`npm run inventory -- --out ${path}\``);
    }
    throw err;
  }
  return parseInventory(json, path);
}

/**
 * Creates the Organizations client discovery uses, with the SDK's adaptive retry mode: List*
 * calls are throttled (TooManyRequestsException), and adaptive mode adds client-side rate
 * limiting on top of the standard exponential backoff, so a long OU walk slows down instead of
 * failing. https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 *
 * @param region signing region; defaults to us-east-1, where the `aws` partition's endpoint is
 */
export function createOrganizationsClient(region?: string): OrganizationsClient {
  return new OrganizationsClient({
    region: region ?? DEFAULT_ORGANIZATIONS_REGION,
    retryMode: "adaptive",
    maxAttempts: ORGANIZATIONS_MAX_ATTEMPTS,
  });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new InventoryError(`the Organizations API returned ${what} without it; re-run discovery`);
  }
  return value;
}

/**
 * Maps an API account to the snapshot's three statuses. `State` is preferred: `Status` is
 * retired on 2026-09-09 (API reference, Account). CLOSED (the 90-day post-closure period) was
 * SUSPENDED in the old `Status`; PENDING_ACTIVATION accounts are unusable until sign-up
 * completes. Neither can be scanned, so both are recorded as SUSPENDED and skipped.
 */
export function accountStatusOf(account: Account): AccountStatus {
  switch (account.State) {
    case "ACTIVE":
    case "SUSPENDED":
    case "PENDING_CLOSURE":
      return account.State;
    case "CLOSED":
    case "PENDING_ACTIVATION":
      return "SUSPENDED";
    case undefined:
      break;
    default:
      throw new InventoryError(
        `account ${show(account.Id)} has State ${show(account.State)}, which this tool does not know; update inventory.ts before rolling out`,
      );
  }
  return required(account.Status, `account ${show(account.Id)} State or Status`);
}

function toOrgAccount(account: Account, parentId: string): OrgAccount {
  return {
    id: required(account.Id, "an account Id"),
    name: required(account.Name, `account ${show(account.Id)} Name`),
    email: required(account.Email, `account ${show(account.Id)} Email`),
    status: accountStatusOf(account),
    parentId,
    ...(account.JoinedTimestamp ? { joinedTimestamp: account.JoinedTimestamp.toISOString() } : {}),
  };
}

/**
 * Orders accounts by `joinedTimestamp`, then id; accounts without one come last. New accounts
 * join later, so they append to the end and existing Enable chunks keep their members.
 */
export function compareAccounts(a: OrgAccount, b: OrgAccount): number {
  const ta = a.joinedTimestamp === undefined ? Infinity : Date.parse(a.joinedTimestamp);
  const tb = b.joinedTimestamp === undefined ? Infinity : Date.parse(b.joinedTimestamp);
  if (ta !== tb) {
    return ta < tb ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** OUs in tree order (parent before children, siblings by name then id), as the snapshot writes them. */
function treeOrder(rootId: string, ous: readonly OrgUnit[]): OrgUnit[] {
  const ordered: OrgUnit[] = [];
  const visit = (parentId: string) => {
    const children = ous
      .filter((ou) => ou.parentId === parentId)
      .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id, "en"));
    for (const child of children) {
      ordered.push(child);
      visit(child.id);
    }
  };
  visit(rootId);
  return ordered;
}

/**
 * Discovers the organization through the Organizations API and returns a validated snapshot.
 *
 * Calls: DescribeOrganization, ListRoots, then for the root and every OU (walked recursively)
 * ListOrganizationalUnitsForParent and ListAccountsForParent, all through the SDK's paginators.
 * Why ListAccountsForParent rather than ListAccounts + ListParents: the latter needs one
 * ListParents call per account (N + N/20 calls), while listing accounts per container costs at
 * most one call per container plus N/20, and the walk already visits every container for its OUs;
 * organizations have far fewer OUs than accounts, so this is the smaller number of throttled calls.
 *
 * @param client an Organizations client, e.g. from `createOrganizationsClient()`
 * @throws the SDK's typed exceptions (e.g. AWSOrganizationsNotInUseException, AccessDeniedException)
 */
export async function discoverInventory(client: OrganizationsClient): Promise<OrgInventory> {
  const { Organization } = await client.send(new DescribeOrganizationCommand({}));
  const organizationId = required(Organization?.Id, "the organization Id");
  const managementAccountId = required(Organization?.MasterAccountId, "the MasterAccountId");

  const rootIds: string[] = [];
  for await (const page of paginateListRoots({ client, pageSize: PAGE_SIZE }, {})) {
    for (const root of page.Roots ?? []) {
      rootIds.push(required(root.Id, "a root Id"));
    }
  }
  // An organization has exactly one root (Organizations quotas: "Roots: 1").
  if (rootIds.length !== 1) {
    throw new InventoryError(
      `ListRoots returned ${rootIds.length} roots for ${organizationId}; an organization has exactly one`,
    );
  }
  const rootId = rootIds[0];

  const organizationalUnits: OrgUnit[] = [];
  const accounts: OrgAccount[] = [];
  // Sequential on purpose: Organizations throttles per account, and concurrent walks mostly buy
  // TooManyRequestsException retries.
  const pending = [rootId];
  for (let parentId = pending.shift(); parentId !== undefined; parentId = pending.shift()) {
    const pages = paginateListOrganizationalUnitsForParent(
      { client, pageSize: PAGE_SIZE },
      { ParentId: parentId },
    );
    for await (const page of pages) {
      for (const ou of page.OrganizationalUnits ?? []) {
        const id = required(ou.Id, "an OU Id");
        organizationalUnits.push({ id, name: required(ou.Name, `OU ${id} Name`), parentId });
        pending.push(id);
      }
    }
    const accountPages = paginateListAccountsForParent(
      { client, pageSize: PAGE_SIZE },
      { ParentId: parentId },
    );
    for await (const page of accountPages) {
      for (const account of page.Accounts ?? []) {
        accounts.push(toOrgAccount(account, parentId));
      }
    }
  }

  const snapshot: OrgInventory = {
    organizationId,
    rootId,
    managementAccountId,
    organizationalUnits: treeOrder(rootId, organizationalUnits),
    accounts: [...accounts].sort(compareAccounts),
  };
  // The written file must load again: validate what the API returned against the same contract.
  return parseInventory(snapshot, "Organizations API");
}

/**
 * All OU ids under (and including) the given ids, walking nested OUs. Passing the root id
 * returns the root id and every OU.
 */
export function descendantOrganizationalUnitIds(
  inv: OrgInventory,
  ouIds: readonly string[],
): Set<string> {
  const children = new Map<string, string[]>();
  for (const ou of inv.organizationalUnits) {
    children.set(ou.parentId, [...(children.get(ou.parentId) ?? []), ou.id]);
  }
  const result = new Set<string>();
  const pending = [...ouIds];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (!result.has(id)) {
      result.add(id);
      pending.push(...(children.get(id) ?? []));
    }
  }
  return result;
}

/** Why an account with this status is skipped (Inspector can only enable ACTIVE accounts). */
const STATUS_REASONS: Readonly<Record<Exclude<AccountStatus, "ACTIVE">, string>> = {
  SUSPENDED: "status SUSPENDED: Inspector cannot scan a suspended account",
  PENDING_CLOSURE: "status PENDING_CLOSURE: the account is closing; Inspector cannot scan it",
};

/** The reason an in-scope account was left out because `excludedAccountIds` lists it. */
export const EXCLUDED_REASON = "excluded by excludedAccountIds";

/**
 * The accounts the rollout covers in `scope`. The delegated admin is covered like any other
 * in-scope account; the caller separates it.
 *
 * @returns covered and skipped accounts, plus warnings for excluded ids not in the organization
 * @throws InventoryError naming `organizationalUnitIds[i]` for every scope OU not in `inv`
 */
export function resolveScope(
  inv: OrgInventory,
  scope: MemberScope,
): ScopedAccounts & { readonly warnings: readonly string[] } {
  const knownOus = new Set([inv.rootId, ...inv.organizationalUnits.map((ou) => ou.id)]);
  const unknown = scope.organizationalUnitIds.flatMap((id, i) =>
    knownOus.has(id)
      ? []
      : [
          `\`organizationalUnitIds[${i}]\` (${show(id)}) is not an OU of organization ${inv.organizationId}; use an OU id from the inventory (or the root ${inv.rootId}), or refresh the inventory with \`npm run inventory -- --out <file>\``,
        ],
  );
  if (unknown.length > 0) {
    throw new InventoryError(unknown.join("\n"));
  }

  const inScope =
    scope.organizationalUnitIds.length === 0
      ? undefined
      : descendantOrganizationalUnitIds(inv, scope.organizationalUnitIds);
  const excluded = new Set(scope.excludedAccountIds);
  const accountIds = new Set(inv.accounts.map((a) => a.id));
  const warnings = scope.excludedAccountIds.flatMap((id, i) =>
    accountIds.has(id)
      ? []
      : [
          `\`excludedAccountIds[${i}]\` (${show(id)}) is not an account of organization ${inv.organizationId}; nothing to exclude, remove it from excludedAccountIds`,
        ],
  );

  const covered: OrgAccount[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of [...inv.accounts].sort(compareAccounts)) {
    if (inScope && !inScope.has(account.parentId)) {
      continue;
    }
    // An explicit exclusion is the operator's decision, so it is the reason reported first.
    const reason = excluded.has(account.id)
      ? EXCLUDED_REASON
      : account.status === "ACTIVE"
        ? undefined
        : STATUS_REASONS[account.status];
    if (reason === undefined) {
      covered.push(account);
    } else {
      skipped.push({ accountId: account.id, name: account.name, reason });
    }
  }
  return { covered, skipped, warnings };
}

/**
 * Checks the configured management and delegated administrator accounts against the inventory.
 * Organizations refuses to register the management account as a delegated administrator
 * (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR), so that is reported here too.
 *
 * @throws InventoryError, one line per problem naming `managementAccountId` or
 *   `delegatedAdminAccountId`
 */
export function assertAccountsInOrganization(
  inv: OrgInventory,
  managementAccountId: string,
  delegatedAdminAccountId: string,
): void {
  const problems: string[] = [];
  const byId = new Map(inv.accounts.map((a) => [a.id, a]));
  const org = inv.organizationId;
  const check = (key: string, id: string, role: string) => {
    const account = byId.get(id);
    if (!account) {
      problems.push(
        `\`${key}\` (${show(id)}) is not an account of organization ${org}; set \`pulumi config set ${key} <id>\` to the ${role}, or refresh the inventory with \`npm run inventory -- --out <file>\``,
      );
    } else if (account.status !== "ACTIVE") {
      problems.push(
        `\`${key}\` (${show(id)}, "${account.name}") has status ${account.status}; the ${role} must be ACTIVE, choose an ACTIVE account with \`pulumi config set ${key} <id>\``,
      );
    }
  };
  if (managementAccountId !== inv.managementAccountId) {
    problems.push(
      `\`managementAccountId\` (${show(managementAccountId)}) is not the management account of organization ${org} (${show(inv.managementAccountId)}); fix it with \`pulumi config set managementAccountId ${inv.managementAccountId}\``,
    );
  } else {
    check("managementAccountId", managementAccountId, "organization's management account");
  }
  if (delegatedAdminAccountId === inv.managementAccountId) {
    problems.push(
      `\`delegatedAdminAccountId\` (${show(delegatedAdminAccountId)}) is the management account; Organizations cannot register it as delegated administrator, choose a member account (e.g. security tooling) with \`pulumi config set delegatedAdminAccountId <id>\``,
    );
  } else {
    check("delegatedAdminAccountId", delegatedAdminAccountId, "Inspector delegated administrator");
  }
  if (problems.length > 0) {
    throw new InventoryError(problems.join("\n"));
  }
}
