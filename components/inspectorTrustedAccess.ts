/** Organizations trusted access for Amazon Inspector, and the INSPECTOR_POLICY type on the root. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { orgWideOptions, TOKEN_PREFIX } from "./common";
import { OrganizationsPolicyType } from "./providers/organizationsPolicyType";

/** The service principal Organizations trusts for Amazon Inspector. */
export const INSPECTOR_SERVICE_PRINCIPAL = "inspector2.amazonaws.com";

/** The Organizations policy type of Amazon Inspector policies. */
export const INSPECTOR_POLICY_TYPE = "INSPECTOR_POLICY";

/** Arguments of {@link InspectorTrustedAccess}. */
export interface InspectorTrustedAccessArgs {
  /** The Region of the dynamic providers' AWS clients (the stack's home Region). */
  readonly region: string;
  /** The organization root id (`r-...`). */
  readonly rootId: pulumi.Input<string>;
  /** Whether to enable the INSPECTOR_POLICY type on the root. Defaults to false. */
  readonly enableInspectorPolicyType?: boolean;
  /** Whether to protect these org-wide resources from deletion. Defaults to true. */
  readonly protect?: boolean;
}

/**
 * Runs in the management account. Enables trusted access for inspector2 (required before a
 * delegated administrator can be designated) and, in organization-policy mode, the INSPECTOR_POLICY
 * type ("To enable INSPECTOR_POLICY, awsServiceAccessPrincipals must include
 * inspector2.amazonaws.com", @pulumi/aws organizations/organization.d.ts).
 *
 * @example
 * const access = new InspectorTrustedAccess("inspector-org-access",
 *   { region: "us-east-1", rootId: "r-a1b2", enableInspectorPolicyType: true },
 *   { provider: management });
 */
export class InspectorTrustedAccess extends pulumi.ComponentResource {
  /** Trusted access for inspector2.amazonaws.com. */
  public readonly serviceAccess: aws.organizations.AwsServiceAccess;
  /** The INSPECTOR_POLICY type on the root, when enabled here. */
  public readonly policyType: OrganizationsPolicyType | undefined;

  constructor(
    name: string,
    args: InspectorTrustedAccessArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:TrustedAccess`, name, {}, opts);
    const protect = args.protect ?? true;
    this.serviceAccess = new aws.organizations.AwsServiceAccess(
      `${name}-inspector2`,
      { servicePrincipal: INSPECTOR_SERVICE_PRINCIPAL },
      orgWideOptions(this, opts, protect),
    );
    this.policyType =
      args.enableInspectorPolicyType === true
        ? new OrganizationsPolicyType(
            `${name}-policy-type`,
            { region: args.region, rootId: args.rootId, policyType: INSPECTOR_POLICY_TYPE },
            pulumi.mergeOptions(orgWideOptions(this, opts, protect), {
              dependsOn: [this.serviceAccess],
            }),
          )
        : undefined;
    this.registerOutputs({ serviceAccess: this.serviceAccess, policyType: this.policyType });
  }
}
