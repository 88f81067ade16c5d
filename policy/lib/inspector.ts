/**
 * Inspector2 facts the checklist policies share: which regions the stack governs, which
 * enablement mode it uses, and which scan types a region must have.
 *
 * Scan types differ by region (LAMBDA_CODE and CODE_REPOSITORY are missing in some) and one
 * unsupported type fails the whole Enable call, so required types are derived per region from a
 * capability map in policy config (DESIGN.md "Regions").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { DEFAULT_REGION_CAPABILITIES } from "./regionCapabilities";
import { isKnownString, resourcesOf } from "./resources";

/** The Inspector2 scan types (the `resourceTypes` of an Enabler). */
export const SCAN_TYPES = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"] as const;

/** One Inspector2 scan type. */
export type ScanType = (typeof SCAN_TYPES)[number];

/** The Organizations policy type that enables Inspector declaratively. */
export const INSPECTOR_POLICY_TYPE = "INSPECTOR_POLICY";

/** The `autoEnable` field of OrganizationConfiguration that turns on each scan type. */
export const AUTO_ENABLE_FIELDS: Readonly<Record<ScanType, string>> = {
  EC2: "ec2",
  ECR: "ecr",
  LAMBDA: "lambda",
  LAMBDA_CODE: "lambdaCode",
  CODE_REPOSITORY: "codeRepository",
};

/**
 * The delegated administrator's member associations in one region, as one dynamic resource
 * (components/providers/inspectorMemberAssociations.ts in the program). A dynamic resource has
 * no SDK class; this one carries its type token so `validateResourceOfType` and `resourcesOf`
 * recognise it, as they do the aws classes. Never constructed.
 */
export class MemberAssociations extends pulumi.CustomResource {
  /** The type token of the program's dynamic resource. */
  public static readonly __pulumiType = "pulumi-nodejs:dynamic/inspector:MemberAssociations";
  declare public readonly region: string;
  declare public readonly accountIds: string[];
}

/** Config of the policies that decide which regions are governed. */
export interface GovernedRegionsConfig {
  governedRegions: string[];
}

/** Config of the policies that decide which scan types a region needs. */
export interface ScanTypeConfig {
  requiredResourceTypes: string[];
  requiredWhereAvailable: string[];
  regionCapabilities: Record<string, string[]>;
}

/** Schema for `governedRegions`. */
export const GOVERNED_REGIONS_SCHEMA: PolicyConfigSchema["properties"] = {
  governedRegions: {
    type: "array",
    items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" },
    uniqueItems: true,
    default: [],
    description:
      "Regions that must be governed; empty means every region any Inspector2 resource uses.",
  },
};

/** Schema for the scan-type settings. */
export const SCAN_TYPE_SCHEMA: PolicyConfigSchema["properties"] = {
  requiredResourceTypes: {
    type: "array",
    items: { type: "string", enum: [...SCAN_TYPES] },
    uniqueItems: true,
    default: ["EC2", "ECR", "LAMBDA"],
    description:
      "Scan types required in every region, except where regionCapabilities says a region lacks one.",
  },
  requiredWhereAvailable: {
    type: "array",
    items: { type: "string", enum: [...SCAN_TYPES] },
    uniqueItems: true,
    default: ["LAMBDA_CODE"],
    description: "Scan types required only in regions whose regionCapabilities entry lists them.",
  },
  regionCapabilities: {
    type: "object",
    additionalProperties: { type: "array", items: { type: "string", enum: [...SCAN_TYPES] } },
    default: DEFAULT_REGION_CAPABILITIES,
    description:
      "The scan types each region supports (default: the Inspector User Guide's region table); a region not listed is not restricted.",
  },
};

/** The Inspector2 resources the checklist reasons about. */
export function inspectorResources(resources: readonly PolicyResource[]): PolicyResource[] {
  return resourcesOf(
    resources,
    aws.inspector2.DelegatedAdminAccount,
    aws.inspector2.Enabler,
    aws.inspector2.OrganizationConfiguration,
    aws.inspector2.MemberAssociation,
    MemberAssociations,
    aws.inspector2.Filter,
  );
}

/** The region input of a resource, when known (undefined means the provider's region). */
export function regionOf(resource: PolicyResource): string | undefined {
  const region: unknown = resource.props["region"];
  return isKnownString(region) ? region : undefined;
}

/**
 * The governed regions: the configured list, or else every region an Inspector2 resource uses.
 * Sorted, so violations come out in a stable order.
 */
export function governedRegions(
  resources: readonly PolicyResource[],
  configured: readonly string[],
): string[] {
  if (configured.length > 0) {
    return [...new Set(configured)].sort();
  }
  const regions = new Set<string>();
  for (const resource of inspectorResources(resources)) {
    const region = regionOf(resource);
    if (region !== undefined) {
      regions.add(region);
    }
  }
  return [...regions].sort();
}

/** The Organizations policies of type INSPECTOR_POLICY. */
export function inspectorOrganizationPolicies(
  resources: readonly PolicyResource[],
): PolicyResource[] {
  return resourcesOf(resources, aws.organizations.Policy).filter(
    (p) => p.props["type"] === INSPECTOR_POLICY_TYPE,
  );
}

/**
 * True when enablement is declared by an Organizations INSPECTOR_POLICY (organization-policy
 * mode); false for the delegated-admin API path (DESIGN.md "Enablement: two modes").
 */
export function isOrganizationPolicyMode(resources: readonly PolicyResource[]): boolean {
  return inspectorOrganizationPolicies(resources).length > 0;
}

/** The known delegated-admin account ids, sorted. */
export function delegatedAdminAccountIds(resources: readonly PolicyResource[]): string[] {
  const ids = new Set<string>();
  for (const admin of resourcesOf(resources, aws.inspector2.DelegatedAdminAccount)) {
    const id: unknown = admin.props["accountId"];
    if (isKnownString(id)) {
      ids.add(id);
    }
  }
  return [...ids].sort();
}

/**
 * The scan types a region must have: the required ones the region supports, plus the
 * where-available ones the region's capability entry lists. A region without an entry (or an
 * unknown region) gets the required types only.
 */
export function requiredScanTypes(region: string | undefined, config: ScanTypeConfig): string[] {
  const capabilities = region === undefined ? undefined : config.regionCapabilities[region];
  const required = config.requiredResourceTypes.filter(
    (t) => capabilities === undefined || capabilities.includes(t),
  );
  const optional = config.requiredWhereAvailable.filter(
    (t) => capabilities !== undefined && capabilities.includes(t) && !required.includes(t),
  );
  return [...required, ...optional];
}

/** A region list for messages: `us-east-1, eu-west-1`. */
export function listOf(values: readonly string[]): string {
  return values.join(", ");
}
