/** The Organizations INSPECTOR_POLICY that enables scanning declaratively, and its attachments. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScanType } from "../lib/regionCapabilities";
import { orgWideOptions, TOKEN_PREFIX } from "./common";
import { INSPECTOR_POLICY_TYPE } from "./inspectorTrustedAccess";

/** Organizations' size limit for an Inspector policy document, in characters. */
export const MAX_POLICY_CHARACTERS = 10_000;

/** The scan types a Region gets, as input to the policy document. */
export interface RegionScanTypes {
  readonly region: string;
  readonly scanTypes: readonly ScanType[];
}

interface RegionLists {
  readonly enable_in_regions: { readonly "@@assign": string[] };
  readonly disable_in_regions: { readonly "@@assign": string[] };
}

/** The `inspector.enablement` block of an Inspector policy document. */
export interface InspectorPolicyDocument {
  readonly inspector: {
    readonly enablement: {
      readonly ec2_scanning?: RegionLists;
      readonly ecr_scanning?: RegionLists;
      readonly lambda_standard_scanning?: RegionLists & {
        readonly lambda_code_scanning?: RegionLists;
      };
      readonly code_repository_scanning?: RegionLists;
    };
  };
}

function regionLists(
  regions: readonly RegionScanTypes[],
  type: ScanType,
  isStated: boolean,
): RegionLists | undefined {
  const enabled = regions.filter((r) => r.scanTypes.includes(type)).map((r) => r.region);
  // "for each scan type you include, both enable_in_regions and disable_in_regions are required";
  // Regions are listed explicitly (not ALL_SUPPORTED) so each gets only what it supports.
  return enabled.length === 0 && !isStated
    ? undefined
    : { enable_in_regions: { "@@assign": enabled }, disable_in_regions: { "@@assign": [] } };
}

/**
 * Builds the INSPECTOR_POLICY document from the per-Region scan types, in the syntax of the
 * Organizations User Guide, "Amazon Inspector policy syntax and examples"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inspector_syntax.html).
 * A scan type no Region gets is left out unless `stated` lists it: then it is assigned no Region,
 * which overwrites what a policy attached higher up enables (`@@assign` replaces inherited values,
 * Organizations User Guide, "Inheritance operators"); an OU's own policy states every scan type
 * so that it alone decides for the accounts below it. Nothing is put in `disable_in_regions`,
 * because that would switch scanning off where a team enabled it by hand.
 */
export function buildInspectorPolicyDocument(
  regions: readonly RegionScanTypes[],
  stated: readonly ScanType[] = [],
): InspectorPolicyDocument {
  const lists = (type: ScanType) => regionLists(regions, type, stated.includes(type));
  const lambda = lists("LAMBDA");
  const lambdaCode = lists("LAMBDA_CODE");
  const enablement: Record<string, unknown> = {};
  const ec2 = lists("EC2");
  const ecr = lists("ECR");
  const codeRepository = lists("CODE_REPOSITORY");
  if (ec2 !== undefined) {
    enablement.ec2_scanning = ec2;
  }
  if (ecr !== undefined) {
    enablement.ecr_scanning = ecr;
  }
  // Lambda code scanning is nested in Lambda standard scanning, which it requires.
  const lambdaBlock =
    lambda ?? (lambdaCode === undefined ? undefined : regionLists([], "LAMBDA", true));
  if (lambdaBlock !== undefined) {
    enablement.lambda_standard_scanning =
      lambdaCode === undefined ? lambdaBlock : { ...lambdaBlock, lambda_code_scanning: lambdaCode };
  }
  if (codeRepository !== undefined) {
    enablement.code_repository_scanning = codeRepository;
  }
  return { inspector: { enablement } };
}

/** Arguments of {@link InspectorOrganizationPolicy}. */
export interface InspectorOrganizationPolicyArgs {
  /** Scan types per governed Region. */
  readonly regions: readonly RegionScanTypes[];
  /**
   * Scan types the document states even where no Region gets them (assigned no Region), so that
   * it overrides a policy attached higher up. Defaults to none.
   */
  readonly statedScanTypes?: readonly ScanType[];
  /** Where to attach the policy: the root id, or OU ids. */
  readonly targetIds: readonly string[];
  /** Whether to protect the policy and attachments from deletion. Defaults to true. */
  readonly protect?: boolean;
}

/**
 * Runs in the management account. Attached to the root or to OUs, the policy enables the scan
 * types in every account below, accounts created later included, and links them to the delegated
 * administrator; members cannot switch it off. Detaching it leaves scanning on where it is, but
 * new accounts are no longer enabled (Organizations User Guide, orgs_manage_policies_inspector),
 * so policy and attachments are retained on delete and `skipDestroy` is set for the same reason.
 *
 * @example
 * new InspectorOrganizationPolicy("inspector-org-policy", {
 *   regions: [{ region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA"] }], targetIds: ["r-a1b2"],
 * }, { provider: management, dependsOn: [trustedAccess] });
 */
export class InspectorOrganizationPolicy extends pulumi.ComponentResource {
  /** The policy. */
  public readonly policy: aws.organizations.Policy;
  /** Attachments keyed by target id. */
  public readonly attachments: Readonly<Record<string, aws.organizations.PolicyAttachment>>;
  /** The document, as attached. */
  public readonly document: InspectorPolicyDocument;

  constructor(
    name: string,
    args: InspectorOrganizationPolicyArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:OrganizationPolicy`, name, {}, opts);
    this.document = buildInspectorPolicyDocument(args.regions, args.statedScanTypes);
    const content = JSON.stringify(this.document);
    if (content.length > MAX_POLICY_CHARACTERS) {
      throw new pulumi.ResourceError(
        `the Inspector policy document is ${content.length} characters, over the Organizations limit of ${MAX_POLICY_CHARACTERS}; govern fewer regions in this stack`,
        this,
      );
    }
    if (args.targetIds.length === 0) {
      throw new pulumi.ResourceError(
        "targetIds is empty; attach the policy to the root or to at least one OU",
        this,
      );
    }
    const options = orgWideOptions(this, opts, args.protect ?? true);
    this.policy = new aws.organizations.Policy(
      name,
      {
        name,
        description: "Amazon Inspector scanning, managed by inspector-rollout",
        type: INSPECTOR_POLICY_TYPE,
        content,
        skipDestroy: true,
      },
      options,
    );
    const attachments: Record<string, aws.organizations.PolicyAttachment> = {};
    for (const targetId of args.targetIds) {
      attachments[targetId] = new aws.organizations.PolicyAttachment(
        `${name}-${targetId}`,
        { policyId: this.policy.id, targetId, skipDestroy: true },
        options,
      );
    }
    this.attachments = Object.freeze(attachments);
    this.registerOutputs({
      policy: this.policy,
      attachments: this.attachments,
      document: this.document,
    });
  }
}
