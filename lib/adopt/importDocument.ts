/**
 * Turns a captured state and the plan into a `pulumi import --file` document whose entries carry
 * the program's own types, logical names, parents and providers, so that `pulumi up` after the
 * import updates them in place instead of creating or replacing them, and lists what the first
 * `pulumi up` will change.
 *
 * File format (Pulumi CLI reference, `pulumi import`; engine 3.94+ imports a parent in the same
 * file and creates empty components with `"component": true`): `{ "nameTable": { name: urn },
 * "resources": [{ "type", "name", "id", "logicalName"?, "parent"?, "provider"?, "component"? }] }`.
 * `name` is the entry's reference inside the file and `logicalName` the resource's own name, so
 * a component and its child of the same name stay distinct.
 */
import type { RecordedResource } from "../offline/recorder";
import type { PlannedStack } from "../day0/plannedStack";
import { matchersFor } from "./matchers";
import type { CapturedState } from "./state";

/** One entry of the import file. */
export interface ImportEntry {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly logicalName?: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly component?: boolean;
}

/** The `pulumi import --file` document. */
export interface ImportDocument {
  readonly nameTable: Readonly<Record<string, string>>;
  readonly resources: readonly ImportEntry[];
}

/** A change the first `pulumi up` after the import will make, or a reason it would fail. */
export interface AdoptChange {
  readonly type: string;
  readonly name: string;
  readonly change: string;
}

/** The whole result of adopt. */
export interface AdoptResult {
  readonly document: ImportDocument;
  /** Custom resources imported. */
  readonly imported: number;
  /** Planned custom resources that do not exist yet and will be created. */
  readonly created: number;
  readonly changes: readonly AdoptChange[];
  /** What makes the first `pulumi up` fail even after the import. */
  readonly blockers: readonly AdoptChange[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The provider URN of a `<urn>::<id>` provider reference. */
function providerUrn(reference: string): string {
  const cut = reference.lastIndexOf("::");
  return cut < 0 ? reference : reference.slice(0, cut);
}

/** The provider resource's name, the last URN segment: `management`, `delegated-admin`. */
function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Builds the import document and the change list. */
export function buildImport(planned: PlannedStack, state: CapturedState): AdoptResult {
  const matchers = matchersFor(state.delegatedAdminAccountId);
  const byUrn = new Map(planned.resources.map((r) => [r.urn, r]));
  const entries: ImportEntry[] = [];
  const keyOfUrn = new Map<string, string>();
  const usedKeys = new Set<string>();
  const nameTable: Record<string, string> = {};
  const changes: AdoptChange[] = [];
  const blockers: AdoptChange[] = [];
  let created = 0;

  const keyFor = (r: RecordedResource): string => {
    const key = usedKeys.has(r.name) ? `${r.name} (${r.type.split(":").pop() ?? r.type})` : r.name;
    usedKeys.add(key);
    return key;
  };
  /** The entry key of a parent, adding the component chain above it first. */
  const parentKey = (parentUrn: string | undefined): string | undefined => {
    const parent = parentUrn === undefined ? undefined : byUrn.get(parentUrn);
    if (parent === undefined || parent.type === STACK_TYPE) {
      return undefined;
    }
    const known = keyOfUrn.get(parent.urn);
    if (known !== undefined) {
      return known;
    }
    const grand = parentKey(parent.parent);
    const key = keyFor(parent);
    keyOfUrn.set(parent.urn, key);
    entries.push({
      type: parent.type,
      name: key,
      ...(key === parent.name ? {} : { logicalName: parent.name }),
      ...(grand === undefined ? {} : { parent: grand }),
      component: true,
    });
    return key;
  };

  for (const r of planned.resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) {
      continue;
    }
    const match = matchers[r.type]?.(r, state);
    for (const change of match?.changes ?? []) {
      changes.push({ type: r.type, name: r.name, change });
    }
    if (match?.blocker !== undefined) {
      blockers.push({ type: r.type, name: r.name, change: match.blocker });
    }
    if (match?.id === undefined) {
      created += match?.blocker === undefined ? 1 : 0;
      continue;
    }
    const parent = parentKey(r.parent);
    let provider: string | undefined;
    if (r.provider !== undefined) {
      const urn = providerUrn(r.provider);
      provider = nameOfUrn(urn);
      nameTable[provider] = urn;
    }
    const key = keyFor(r);
    keyOfUrn.set(r.urn, key);
    entries.push({
      type: r.type,
      name: key,
      id: match.id,
      ...(key === r.name ? {} : { logicalName: r.name }),
      ...(parent === undefined ? {} : { parent }),
      ...(provider === undefined ? {} : { provider }),
    });
  }
  return {
    document: { nameTable, resources: entries },
    imported: entries.filter((e) => e.component !== true).length,
    created,
    changes,
    blockers,
  };
}

/** The summary and change list as text. */
export function formatAdopt(stack: string, result: AdoptResult, out: string | undefined): string {
  const lines = [
    `Adopt for stack "${stack}": ${result.imported} existing resource(s) to import${out === undefined ? "" : ` (written to ${out})`}, ${result.created} to create`,
  ];
  if (result.changes.length > 0) {
    lines.push("The first pulumi up after the import will change:");
    for (const c of result.changes) {
      lines.push(`  ${c.name} (${c.type}): ${c.change}`);
    }
  }
  if (result.blockers.length > 0) {
    lines.push("It will fail on (fix these first; npm run preflight gives the way out):");
    for (const b of result.blockers) {
      lines.push(`  ${b.name} (${b.type}): ${b.change}`);
    }
  }
  const providers = Object.entries(result.document.nameTable);
  if (providers.length > 0) {
    lines.push(
      `Next: pulumi up --stack ${stack} ${providers.map(([, urn]) => `--target '${urn}'`).join(" ")} (records the providers, changes nothing in AWS), then pulumi import --stack ${stack} --file <this file> --generate-code=false (docs/brownfield.md)`,
    );
  }
  return lines.join("\n");
}
