/** Inspector's organization configuration (auto-enable for new members) in one Region. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScanType } from "../lib/regionCapabilities";
import { orgWideOptions, TOKEN_PREFIX } from "./common";

/** The auto-enable flags of UpdateOrganizationConfiguration. */
export interface AutoEnableFlags {
  readonly ec2: boolean;
  readonly ecr: boolean;
  readonly lambda: boolean;
  readonly lambdaCode: boolean;
  readonly codeRepository: boolean;
}

/** Auto-enable flags that switch on exactly the given scan types (none when `enabled` is false). */
export function buildAutoEnable(scanTypes: readonly ScanType[], enabled: boolean): AutoEnableFlags {
  const on = (t: ScanType): boolean => enabled && scanTypes.includes(t);
  return {
    ec2: on("EC2"),
    ecr: on("ECR"),
    lambda: on("LAMBDA"),
    // Lambda code scanning requires Lambda standard scanning (UpdateOrganizationConfiguration).
    lambdaCode: on("LAMBDA") && on("LAMBDA_CODE"),
    codeRepository: on("CODE_REPOSITORY"),
  };
}

/** Arguments of {@link InspectorOrgConfiguration}. */
export interface InspectorOrgConfigurationArgs {
  /** The Region this configuration applies to. */
  readonly region: string;
  /** Scan types the Region supports and the stack wants. */
  readonly scanTypes: readonly ScanType[];
  /** Whether new member accounts are enabled automatically. Defaults to true. */
  readonly autoEnable?: boolean;
  /** Whether to protect the configuration from deletion. Defaults to true. */
  readonly protect?: boolean;
  /** Create/update/delete timeout in minutes. Defaults to 45. */
  readonly timeoutMinutes?: number;
}

const DEFAULT_TIMEOUT_MINUTES = 45;

/**
 * Runs in the delegated administrator. Deleting an OrganizationConfiguration turns auto-enable off
 * for new members (@pulumi/aws inspector2/organizationConfiguration.d.ts), so it is retained on
 * delete. Only the delegated-admin mode uses it: in organization-policy mode the Organizations
 * policy decides enablement and a second writer would fight it (terraform-provider-aws#48660).
 *
 * @example
 * new InspectorOrgConfiguration("inspector-org-config-us-east-1",
 *   { region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA"] }, { provider: delegatedAdmin });
 */
export class InspectorOrgConfiguration extends pulumi.ComponentResource {
  /** The organization configuration of the Region. */
  public readonly configuration: aws.inspector2.OrganizationConfiguration;
  /** The auto-enable flags applied. */
  public readonly autoEnable: AutoEnableFlags;

  constructor(
    name: string,
    args: InspectorOrgConfigurationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:OrgConfiguration`, name, {}, opts);
    this.autoEnable = buildAutoEnable(args.scanTypes, args.autoEnable ?? true);
    this.configuration = new aws.inspector2.OrganizationConfiguration(
      name,
      { autoEnable: { ...this.autoEnable }, region: args.region },
      orgWideOptions(
        this,
        opts,
        args.protect ?? true,
        args.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
      ),
    );
    this.registerOutputs({ configuration: this.configuration, autoEnable: this.autoEnable });
  }
}
