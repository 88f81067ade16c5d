/**
 * Configuration of selective scanning (issue 15): scan types per organizational unit, e.g. Lambda
 * code scanning only in the production OU. Checks that need the organization (the OU exists, lies
 * in the stack's scope) run in the plan (lib/selectiveScanning.ts).
 */
import { z } from "zod";
import { ALL_SCAN_TYPES } from "../lib/regionCapabilities";
import type { OuScanTypes } from "../lib/selectiveScanning";
import { OU_ID_PATTERN } from "./inventory";
import {
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  show,
  uniqueList,
} from "./configSchema";

/** The selective scanning keys. */
export interface SelectiveConfig {
  /** OUs whose accounts (nested OUs included) get other scan types than `scanTypes`. */
  readonly scanTypesByOu: readonly OuScanTypes[];
}

const entrySchema = z
  .strictObject(
    {
      ous: uniqueList(
        z.string().regex(OU_ID_PATTERN, {
          error: (iss) =>
            `(${show(iss.input)}) is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\` (the root takes \`scanTypes\`)`,
        }),
        "OU ids",
      ).min(1, { error: "is empty; list the OU ids these scan types are for" }),
      scanTypes: uniqueList(enumSchema(ALL_SCAN_TYPES, "an Inspector scan type"), "scan types")
        .min(1, {
          error:
            "is empty; list at least one scan type (to leave an OU unscanned, exclude it from organizationalUnitIds instead)",
        })
        .transform((list) => ALL_SCAN_TYPES.filter((t) => list.includes(t))),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `has unknown field(s) ${iss.keys.join(", ")}; use ous and scanTypes`
          : `(${show(iss.input)}) must be a map with ous and scanTypes, e.g. {ous: [ou-ab12-cdefgh34], scanTypes: [EC2, ECR]}`,
    },
  )
  .superRefine((entry, ctx) => {
    if (entry.scanTypes.includes("LAMBDA_CODE") && !entry.scanTypes.includes("LAMBDA")) {
      ctx.addIssue({
        code: "custom",
        path: ["scanTypes"],
        message: `(${show(entry.scanTypes)}) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning: add LAMBDA`,
      });
    }
  });

const scanTypesByOuSchema = z
  .array(entrySchema, {
    error: (iss) =>
      `(${show(iss.input)}) must be a list of {ous, scanTypes} entries, e.g. [{ous: [ou-ab12-cdefgh34], scanTypes: [EC2, ECR, LAMBDA, LAMBDA_CODE]}]`,
  })
  .superRefine((entries, ctx) => {
    // One OU in two entries would leave its scan types to the order of the list.
    const first = new Map<string, string>();
    entries.forEach((entry, i) =>
      entry.ous.forEach((ou, j) => {
        const seen = first.get(ou);
        if (seen === undefined) {
          first.set(ou, `scanTypesByOu[${i}].ous[${j}]`);
        } else if (!seen.startsWith(`scanTypesByOu[${i}].`)) {
          ctx.addIssue({
            code: "custom",
            path: [i, "ous", j],
            message: `(${show(ou)}) is already listed in ${seen}; an OU gets one set of scan types: remove one of them`,
          });
        }
      }),
    );
  }) as z.ZodType<readonly OuScanTypes[]>;

/**
 * Selective scanning needs organization-policy mode. In delegated-admin mode scanning is switched
 * on by `aws.inspector2.Enabler` resources, and the provider's Enabler (terraform-provider-aws,
 * internal/service/inspector2/enabler.go) disables every scan type it does not list for its
 * accounts when it is created, reads its scan types from one account, and disables every scan type
 * of an account it drops. Accounts with different scan types in Enablers of their own would be
 * switched off whenever one moved between OUs (its old Enabler's Disable racing the new one's
 * Enable in the same update), so the stack refuses the combination instead.
 */
function checkSelective(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const entries = (c.scanTypesByOu as readonly OuScanTypes[] | undefined) ?? [];
  if (entries.length === 0 || c.enablementMode !== "delegated-admin") {
    return [];
  }
  return [
    {
      path: "scanTypesByOu",
      message:
        "needs enablementMode organization-policy (one Inspector policy per set of scan types, attached to its OUs); in delegated-admin mode the Enablers that switch scanning on disable every scan type they do not list, so accounts with their own scan types would lose scanning when they move between OUs",
      fix: "switch modes with `pulumi config set enablementMode organization-policy`, or remove the key with `pulumi config rm scanTypesByOu`",
    },
  ];
}

/** The selective scanning section. */
export const SELECTIVE_SECTION: ConfigSection<SelectiveConfig> = {
  keys: {
    scanTypesByOu: {
      kind: "list",
      placeholder: "<value>",
      default: [],
      schema: scanTypesByOuSchema,
    },
  },
  check: checkSelective,
};

/** True when some OU gets other scan types than the stack default. */
export function isSelective(cfg: { readonly scanTypesByOu?: readonly OuScanTypes[] }): boolean {
  return (cfg.scanTypesByOu ?? []).length > 0;
}
