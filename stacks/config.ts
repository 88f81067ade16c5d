/**
 * The stack configuration: one typed, validated, frozen object. Nothing else reads Pulumi config.
 *
 * Pulumi's own getters stop at the first bad key and `requireObject` does not validate shapes, so
 * every key is read as its raw string and checked here with zod, and every problem is reported at
 * once, one line per problem naming the key, the bad value, the rule and the fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  ALL_SCAN_TYPES,
  isInspectorRegion,
  REGION_CAPABILITIES,
  ScanType,
} from "../lib/regionCapabilities";

/** The Pulumi project name: the namespace of every configuration key. */
export const PROJECT = "inspector-rollout";

/** How scanning is switched on across the organization (../shared/DESIGN.md, "Enablement"). */
export type EnablementMode = "organization-policy" | "delegated-admin";

/** The enablement modes, default first. */
export const ENABLEMENT_MODES: readonly EnablementMode[] = [
  "organization-policy",
  "delegated-admin",
];

/** The fully defaulted, validated stack configuration. */
export interface InspectorConfig {
  /** The Organizations management account: the stack's default credentials. */
  readonly managementAccountId: string;
  /** The Inspector delegated administrator ("security tooling" account), the same in every Region. */
  readonly delegatedAdminAccountId: string;
  /** The IAM role the program assumes in the delegated administrator. */
  readonly delegatedAdminRoleName: string;
  /** The Region of the providers and of Region-less resources. */
  readonly homeRegion: string;
  /** The governed Regions, in configuration order. */
  readonly regions: readonly string[];
  /** `organization-policy` (default) or `delegated-admin`. */
  readonly enablementMode: EnablementMode;
  /** The scan types wanted; each Region gets those it supports. */
  readonly scanTypes: readonly ScanType[];
  /** OUs in scope; empty means the whole organization. */
  readonly organizationalUnitIds: readonly string[];
  /** Accounts left out of the rollout. */
  readonly excludedAccountIds: readonly string[];
  /** An organization inventory snapshot to read instead of calling the Organizations API. */
  readonly inventoryFile: string | undefined;
  /** Whether org-wide enablement resources get `protect: true`. */
  readonly protectOrgResources: boolean;
  /** Create/update timeout for enablement resources, in minutes. */
  readonly enablementTimeoutMinutes: number;
  /** Tags applied to every taggable resource through the providers' default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Defaults for every optional key; the restrictive choice where security is concerned. */
export const CONFIG_DEFAULTS = Object.freeze({
  delegatedAdminRoleName: "OrganizationAccountAccessRole",
  enablementMode: "organization-policy" as EnablementMode,
  scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] as readonly ScanType[],
  organizationalUnitIds: [] as readonly string[],
  excludedAccountIds: [] as readonly string[],
  protectOrgResources: true,
  enablementTimeoutMinutes: 45,
  tags: { ManagedBy: "inspector-rollout" } as Readonly<Record<string, string>>,
});

/** How each key is stored in Pulumi config: lists and objects arrive as JSON text. */
const KEY_KINDS = {
  managementAccountId: "string",
  delegatedAdminAccountId: "string",
  delegatedAdminRoleName: "string",
  homeRegion: "string",
  regions: "json",
  enablementMode: "string",
  scanTypes: "json",
  organizationalUnitIds: "json",
  excludedAccountIds: "json",
  inventoryFile: "string",
  protectOrgResources: "boolean",
  enablementTimeoutMinutes: "number",
  tags: "json",
} as const;

type ConfigKey = keyof typeof KEY_KINDS;

const LIST_KEYS: ReadonlySet<string> = new Set([
  "regions",
  "scanTypes",
  "organizationalUnitIds",
  "excludedAccountIds",
]);

/** Every configuration key the program reads (also declared in Pulumi.yaml). */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.keys(KEY_KINDS) as ConfigKey[];

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TIMEOUT_MIN = 30;
const TIMEOUT_MAX = 240;

/** Raised when the stack configuration is invalid; `problems` has one line per problem. */
export class ConfigValidationError extends pulumi.RunError {
  constructor(public readonly problems: readonly string[]) {
    super(
      `the stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The config path of a zod issue, in Pulumi's `--path` syntax: `regions[2]`, `tags.Owner`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function setCommand(path: string, placeholder: string): string {
  const isPath = path.includes("[") || path.includes(".");
  return `pulumi config set ${isPath ? "--path " : ""}'${path}' ${placeholder}`;
}

function accountId(what: string) {
  return z.string({ error: (iss) => `(${show(iss.input)}) must be a string` }).regex(ACCOUNT_ID, {
    error: (iss) => `(${show(iss.input)}) is not a 12-digit AWS account id; ${what}`,
  });
}

function uniqueList<T extends z.ZodType>(item: T, noun: string) {
  return z
    .array(item, { error: (iss) => `(${show(iss.input)}) must be a list of ${noun}` })
    .superRefine((list, ctx) => {
      const seen = new Map<unknown, number>();
      list.forEach((value, i) => {
        const first = seen.get(value);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `(${show(value)}) repeats entry [${first}]; remove the duplicate`,
          });
        } else {
          seen.set(value, i);
        }
      });
    });
}

const REGION_LIST = Object.keys(REGION_CAPABILITIES).join(", ");

const regionSchema = z
  .string({ error: (iss) => `(${show(iss.input)}) must be a Region name such as "us-east-1"` })
  .refine(isInspectorRegion, {
    error: (iss) =>
      `(${show(iss.input)}) is not an AWS Region where Amazon Inspector is available; use one of: ${REGION_LIST}`,
  });

const scanTypeSchema = z.enum(ALL_SCAN_TYPES as [ScanType, ...ScanType[]], {
  error: (iss) =>
    `(${show(iss.input)}) is not an Inspector scan type; use one of: ${ALL_SCAN_TYPES.join(", ")}`,
});

const FIELD_SCHEMAS = {
  managementAccountId: accountId("set the Organizations management account id"),
  delegatedAdminAccountId: accountId("set the security tooling account id"),
  delegatedAdminRoleName: z.string().regex(ROLE_NAME, {
    error: (iss) =>
      `(${show(iss.input)}) is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
  }),
  homeRegion: regionSchema,
  regions: uniqueList(regionSchema, "Region names").min(1, {
    error: "is empty; list at least one governed Region",
  }),
  enablementMode: z.enum(ENABLEMENT_MODES as [EnablementMode, ...EnablementMode[]], {
    error: (iss) =>
      `(${show(iss.input)}) is not an enablement mode; use one of: ${ENABLEMENT_MODES.join(", ")}`,
  }),
  scanTypes: uniqueList(scanTypeSchema, "scan types").min(1, {
    error: "is empty; list at least one scan type (EC2, ECR, LAMBDA, ...)",
  }),
  organizationalUnitIds: uniqueList(
    z.string().regex(OU_ID, {
      error: (iss) =>
        `(${show(iss.input)}) is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\``,
    }),
    "OU ids",
  ),
  excludedAccountIds: uniqueList(accountId("list 12-digit account ids only"), "account ids"),
  inventoryFile: z.string().min(1, { error: "is empty; give a path or remove the key" }).optional(),
  protectOrgResources: z.boolean(),
  enablementTimeoutMinutes: z
    .number()
    .int({ error: (iss) => `(${show(iss.input)}) must be a whole number of minutes` })
    .min(TIMEOUT_MIN, {
      error: (iss) =>
        `(${show(iss.input)}) is below ${TIMEOUT_MIN} minutes; enablement across an organization takes longer, use ${TIMEOUT_MIN}-${TIMEOUT_MAX}`,
    })
    .max(TIMEOUT_MAX, {
      error: (iss) =>
        `(${show(iss.input)}) is above ${TIMEOUT_MAX} minutes; use ${TIMEOUT_MIN}-${TIMEOUT_MAX}`,
    }),
  tags: z.record(
    z.string().regex(TAG_KEY, { error: (iss) => `(${show(iss.input)}) is not a valid tag key` }),
    z
      .string({ error: (iss) => `(${show(iss.input)}) must be a string tag value` })
      .max(256, { error: "is longer than 256 characters, the AWS tag value limit" }),
    { error: (iss) => `(${show(iss.input)}) must be a map of tag names to string values` },
  ),
} satisfies Record<ConfigKey, z.ZodType>;

type Fields = { -readonly [K in ConfigKey]?: z.infer<(typeof FIELD_SCHEMAS)[K]> };

/** Rules that span keys; each runs only when the keys it reads are individually valid. */
function crossFieldProblems(c: Fields): Problem[] {
  const problems: Problem[] = [];
  if (
    c.delegatedAdminAccountId !== undefined &&
    c.delegatedAdminAccountId === c.managementAccountId
  ) {
    problems.push({
      path: "delegatedAdminAccountId",
      placeholder: PLACEHOLDERS.delegatedAdminAccountId,
      message: `(${show(c.delegatedAdminAccountId)}) equals managementAccountId; AWS recommends against delegating Inspector administration to the management account: use the security tooling account`,
    });
  }
  if (c.homeRegion !== undefined && c.regions !== undefined && !c.regions.includes(c.homeRegion)) {
    problems.push({
      path: "homeRegion",
      placeholder: PLACEHOLDERS.homeRegion,
      message: `(${show(c.homeRegion)}) is not one of the governed regions (${c.regions.join(", ")}); add it to \`regions\` or pick one of them`,
    });
  }
  if (c.scanTypes?.includes("LAMBDA_CODE") === true && !c.scanTypes.includes("LAMBDA")) {
    problems.push({
      path: "scanTypes",
      placeholder: PLACEHOLDERS.scanTypes,
      message: `(${show(c.scanTypes)}) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning`,
      fix: `add it with \`pulumi config set --path 'scanTypes[${c.scanTypes.length}]' LAMBDA\``,
    });
  }
  const daExcluded =
    c.delegatedAdminAccountId === undefined
      ? -1
      : (c.excludedAccountIds ?? []).indexOf(c.delegatedAdminAccountId);
  if (daExcluded >= 0) {
    problems.push({
      path: `excludedAccountIds[${daExcluded}]`,
      placeholder: PLACEHOLDERS.excludedAccountIds,
      message: `(${show(c.delegatedAdminAccountId)}) is the delegated administrator, which must be scanned itself`,
      fix: `remove it with \`pulumi config rm --path 'excludedAccountIds[${daExcluded}]'\``,
    });
  }
  return problems;
}

type RawConfig = Partial<Record<string, string>>;

interface Problem {
  readonly path: string;
  readonly message: string;
  readonly placeholder: string;
  /** Replaces the generated `pulumi config set` fix when setting a value is not the fix. */
  readonly fix?: string;
}

const PLACEHOLDERS: Record<ConfigKey, string> = {
  managementAccountId: "<12-digit id>",
  delegatedAdminAccountId: "<12-digit id>",
  delegatedAdminRoleName: "<role name>",
  homeRegion: "<region>",
  regions: "<region>",
  enablementMode: "organization-policy",
  scanTypes: "<scan type>",
  organizationalUnitIds: "<ou-id>",
  excludedAccountIds: "<12-digit id>",
  inventoryFile: "<path>",
  protectOrgResources: "true",
  enablementTimeoutMinutes: "45",
  tags: "<value>",
};

function line(p: Problem): string {
  if (p.fix !== undefined) {
    return `\`${p.path}\` ${p.message}; ${p.fix}`;
  }
  // A whole list is set one item at a time, a map one entry at a time.
  const suffix = LIST_KEYS.has(p.path) ? "[0]" : p.path === "tags" ? ".<name>" : "";
  const path = `${p.path}${suffix}`;
  return `\`${p.path}\` ${p.message}; fix it with \`${setCommand(path, p.placeholder)}\``;
}

/** Converts one raw string to the value the schema checks, or reports why it cannot. */
function decode(key: ConfigKey, raw: string): { value: unknown } | { problem: Problem } {
  const kind = KEY_KINDS[key];
  const placeholder = PLACEHOLDERS[key];
  if (kind === "string") {
    return { value: raw };
  }
  if (kind === "boolean") {
    if (raw === "true" || raw === "false") {
      return { value: raw === "true" };
    }
    return { problem: { path: key, placeholder, message: `(${show(raw)}) must be true or false` } };
  }
  if (kind === "number") {
    const n = Number(raw);
    if (raw.trim() !== "" && Number.isFinite(n)) {
      return { value: n };
    }
    return { problem: { path: key, placeholder, message: `(${show(raw)}) must be a number` } };
  }
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return {
      problem: {
        path: key,
        placeholder,
        message: `(${show(raw)}) is not a YAML list or map; write it as a list/map in Pulumi.<stack>.yaml or set items with --path`,
      },
    };
  }
}

const REQUIRED_KEYS: readonly ConfigKey[] = [
  "managementAccountId",
  "delegatedAdminAccountId",
  "homeRegion",
  "regions",
];

/**
 * Validates raw configuration (key without the project prefix -> raw string, as Pulumi stores it).
 * Returns the frozen configuration, or every problem found, one line each.
 */
export function validateConfig(
  raw: RawConfig,
): { config: InspectorConfig } | { problems: string[] } {
  const problems: Problem[] = [];
  const fields: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const text = raw[key];
    if (text === undefined) {
      if (REQUIRED_KEYS.includes(key)) {
        problems.push({
          path: key,
          placeholder: PLACEHOLDERS[key],
          message: "is required and not set",
        });
      } else {
        fields[key] = (CONFIG_DEFAULTS as Record<string, unknown>)[key];
      }
      continue;
    }
    const decoded = decode(key, text);
    if ("problem" in decoded) {
      problems.push(decoded.problem);
      continue;
    }
    const parsed = FIELD_SCHEMAS[key].safeParse(decoded.value);
    if (parsed.success) {
      fields[key] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      problems.push({
        path: formatPath([key, ...issue.path]),
        placeholder: PLACEHOLDERS[key],
        message: issue.message,
      });
    }
  }
  for (const key of Object.keys(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      const near = CONFIG_KEYS.find((k) =>
        k.toLowerCase().startsWith(key.toLowerCase().slice(0, 6)),
      );
      problems.push({
        path: key,
        placeholder: "<value>",
        message: `is not a configuration key of ${PROJECT}${near === undefined ? "" : ` (did you mean \`${near}\`?)`}`,
        fix: `remove it with \`pulumi config rm '${key}'\``,
      });
    }
  }
  problems.push(...crossFieldProblems(fields as Fields));
  if (problems.length > 0) {
    return { problems: problems.map(line) };
  }
  const c = fields as Required<Fields>;
  const config: InspectorConfig = {
    managementAccountId: c.managementAccountId,
    delegatedAdminAccountId: c.delegatedAdminAccountId,
    delegatedAdminRoleName: c.delegatedAdminRoleName,
    homeRegion: c.homeRegion,
    regions: Object.freeze([...c.regions]),
    enablementMode: c.enablementMode,
    scanTypes: Object.freeze(ALL_SCAN_TYPES.filter((t) => c.scanTypes.includes(t))),
    organizationalUnitIds: Object.freeze([...c.organizationalUnitIds]),
    excludedAccountIds: Object.freeze([...c.excludedAccountIds]),
    inventoryFile: (fields as Fields).inventoryFile,
    protectOrgResources: c.protectOrgResources,
    enablementTimeoutMinutes: c.enablementTimeoutMinutes,
    tags: Object.freeze({ ...c.tags }),
  };
  return { config: Object.freeze(config) };
}

/** Reads this project's keys from the Pulumi runtime configuration, without the prefix. */
export function readRawConfig(): RawConfig {
  const prefix = `${PROJECT}:`;
  const raw: RawConfig = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix)) {
      raw[key.slice(prefix.length)] = value;
    }
  }
  return raw;
}

/**
 * Loads and validates the stack configuration. Throws {@link ConfigValidationError} (a
 * `pulumi.RunError`, so `pulumi up` prints it without a stack trace) before any resource exists.
 */
export function loadConfig(): Readonly<InspectorConfig> {
  const result = validateConfig(readRawConfig());
  if ("problems" in result) {
    throw new ConfigValidationError(result.problems);
  }
  return result.config;
}
