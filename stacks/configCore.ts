/** Configuration of the rollout itself: accounts, Regions, mode, scope, protection. */
import { z } from "zod";
import {
  ALL_SCAN_TYPES,
  isInspectorRegion,
  REGION_CAPABILITIES,
  type ScanType,
} from "../lib/regionCapabilities";
import {
  accountIdSchema,
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  show,
  TAG_KEY,
  uniqueList,
} from "./configSchema";

/** How scanning is switched on across the organization (../shared/DESIGN.md, "Enablement"). */
export type EnablementMode = "organization-policy" | "delegated-admin";

/** The enablement modes, default first. */
export const ENABLEMENT_MODES: readonly EnablementMode[] = [
  "organization-policy",
  "delegated-admin",
];

/** The rollout's configuration. */
export interface CoreConfig {
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
  /** The scan types wanted, in API order; each Region gets those it supports. */
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
  /** Whether members that leave the scope are disassociated (delegated-admin mode). */
  readonly disassociateRemovedMembers: boolean;
  /** Tags applied to every taggable resource through the providers' default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Tags per resource (AWS limit: 50, counting the provider's default tags). */
const MAX_TAGS = 50;
const REGION_LIST = Object.keys(REGION_CAPABILITIES).join(", ");

const regionSchema = z
  .string({ error: (iss) => `(${show(iss.input)}) must be a Region name such as "us-east-1"` })
  .refine(isInspectorRegion, {
    error: (iss) =>
      `(${show(iss.input)}) is not an AWS Region where Amazon Inspector is available; use one of: ${REGION_LIST}`,
  });

const scanTypesSchema = uniqueList(
  enumSchema(ALL_SCAN_TYPES, "an Inspector scan type"),
  "scan types",
)
  .min(1, { error: "is empty; list at least one scan type (EC2, ECR, LAMBDA, ...)" })
  // API order, whatever the config order, so resource inputs do not churn on reordering.
  .transform((list) => ALL_SCAN_TYPES.filter((t) => list.includes(t)));

/** Rules that span the core keys. */
function checkCore(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const da = c.delegatedAdminAccountId as string | undefined;
  const regions = c.regions as readonly string[] | undefined;
  const home = c.homeRegion as string | undefined;
  const scanTypes = c.scanTypes as readonly ScanType[] | undefined;
  if (da !== undefined && da === c.managementAccountId) {
    problems.push({
      path: "delegatedAdminAccountId",
      placeholder: "<12-digit id>",
      message: `(${show(da)}) equals managementAccountId; AWS recommends against delegating Inspector administration to the management account: use the security tooling account`,
    });
  }
  if (home !== undefined && regions !== undefined && !regions.includes(home)) {
    problems.push({
      path: "homeRegion",
      placeholder: "<region>",
      message: `(${show(home)}) is not one of the governed regions (${regions.join(", ")}); add it to \`regions\` or pick one of them`,
    });
  }
  if (scanTypes?.includes("LAMBDA_CODE") === true && !scanTypes.includes("LAMBDA")) {
    problems.push({
      path: "scanTypes",
      message: `(${show(scanTypes)}) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning`,
      fix: `add it with \`pulumi config set --path 'scanTypes[${scanTypes.length}]' LAMBDA\``,
    });
  }
  const excluded = (c.excludedAccountIds as readonly string[] | undefined) ?? [];
  const daExcluded = da === undefined ? -1 : excluded.indexOf(da);
  if (daExcluded >= 0) {
    problems.push({
      path: `excludedAccountIds[${daExcluded}]`,
      message: `(${show(da)}) is the delegated administrator, which must be scanned itself`,
      fix: `remove it with \`pulumi config rm --path 'excludedAccountIds[${daExcluded}]'\``,
    });
  }
  return problems;
}

/** The core keys. */
export const CORE_SECTION: ConfigSection<CoreConfig> = {
  keys: {
    managementAccountId: {
      kind: "string",
      placeholder: "<12-digit id>",
      schema: accountIdSchema("set the Organizations management account id"),
    },
    delegatedAdminAccountId: {
      kind: "string",
      placeholder: "<12-digit id>",
      schema: accountIdSchema("set the security tooling account id"),
    },
    delegatedAdminRoleName: {
      kind: "string",
      placeholder: "<role name>",
      default: "OrganizationAccountAccessRole",
      schema: z.string().regex(ROLE_NAME, {
        error: (iss) =>
          `(${show(iss.input)}) is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)`,
      }),
    },
    homeRegion: { kind: "string", placeholder: "<region>", schema: regionSchema },
    regions: {
      kind: "list",
      placeholder: "<region>",
      schema: uniqueList(regionSchema, "Region names").min(1, {
        error: "is empty; list at least one governed Region",
      }),
    },
    enablementMode: {
      kind: "string",
      placeholder: "organization-policy",
      default: "organization-policy",
      schema: enumSchema(ENABLEMENT_MODES, "an enablement mode"),
    },
    scanTypes: {
      kind: "list",
      placeholder: "<scan type>",
      default: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
      schema: scanTypesSchema,
    },
    organizationalUnitIds: {
      kind: "list",
      placeholder: "<ou-id>",
      default: [],
      schema: uniqueList(
        z.string().regex(OU_ID, {
          error: (iss) =>
            `(${show(iss.input)}) is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\``,
        }),
        "OU ids",
      ),
    },
    excludedAccountIds: {
      kind: "list",
      placeholder: "<12-digit id>",
      default: [],
      schema: uniqueList(accountIdSchema("list 12-digit account ids only"), "account ids"),
    },
    inventoryFile: {
      kind: "string",
      placeholder: "<path>",
      optional: true,
      schema: z.string().min(1, { error: "is empty; give a path or remove the key" }).optional(),
    },
    protectOrgResources: {
      kind: "boolean",
      placeholder: "true",
      default: true,
      schema: booleanSchema,
    },
    enablementTimeoutMinutes: {
      kind: "number",
      placeholder: "45",
      default: 45,
      schema: integerSchema(30, 240, "minutes", "; enablement across an organization takes longer"),
    },
    disassociateRemovedMembers: {
      kind: "boolean",
      placeholder: "false",
      default: false,
      schema: booleanSchema,
    },
    tags: {
      kind: "map",
      placeholder: "<value>",
      default: { ManagedBy: "inspector-rollout" },
      // What AWS refuses at deploy time: the aws: prefix is reserved, keys 1-128 and values
      // 0-256 characters of letters, digits, spaces and _.:/=+-@, at most 50 tags per resource.
      // https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
      schema: z
        .record(
          z.string().regex(TAG_KEY),
          z
            .string({ error: (iss) => `(${show(iss.input)}) must be a string tag value` })
            .max(256, { error: "is longer than 256 characters, the AWS tag value limit" })
            .regex(TAG_VALUE, {
              error: (iss) =>
                `(${show(iss.input)}) has characters AWS refuses in a tag value; use letters, digits, spaces and _.:/=+-@`,
            }),
          {
            // A key the key schema refuses is reported here, as the record's issue.
            error: (iss) =>
              iss.code === "invalid_key"
                ? `(${show(iss.input)}) is not a valid tag key: 1 to 128 letters, digits, spaces and _.:/=+-@`
                : `(${show(iss.input)}) must be a map of tag names to string values`,
          },
        )
        .superRefine((tags, ctx) => {
          for (const key of Object.keys(tags).filter((k) => k.toLowerCase().startsWith("aws:"))) {
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: `(${show(key)}) starts with "aws:", which AWS reserves for its own tags; choose another key`,
            });
          }
        })
        .refine((tags) => Object.keys(tags).length <= MAX_TAGS, {
          error: (iss) =>
            `has ${Object.keys(iss.input as object).length} tags, above the ${MAX_TAGS} AWS allows per resource; remove some`,
        }),
    },
  },
  check: checkCore,
};
