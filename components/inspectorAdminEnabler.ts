/** Scanning for the delegated administrator account itself in one Region. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ScanType } from "../lib/regionCapabilities";
import { orgWideOptions, TOKEN_PREFIX } from "./common";

/** Arguments of {@link InspectorAdminEnabler}. */
export interface InspectorAdminEnablerArgs {
  /** The Region. */
  readonly region: string;
  /** The delegated administrator account. */
  readonly delegatedAdminAccountId: pulumi.Input<string>;
  /** Scan types the Region supports and the stack wants. */
  readonly scanTypes: readonly ScanType[];
  /** Whether to protect the Enabler from deletion. Defaults to true. */
  readonly protect?: boolean;
  /** Create/update/delete timeout in minutes. Defaults to 45. */
  readonly timeoutMinutes?: number;
}

const DEFAULT_TIMEOUT_MINUTES = 45;

/**
 * Runs in the delegated administrator. An Enabler holds either the administrator account or
 * members, never both (@pulumi/aws inspector2/enabler.d.ts; terraform-provider-aws#31307), so the
 * administrator has its own. Disabling the administrator would need every member disassociated
 * first, so it is retained on delete.
 *
 * @example
 * new InspectorAdminEnabler("inspector-admin-us-east-1",
 *   { region: "us-east-1", delegatedAdminAccountId: "222222222222", scanTypes: ["EC2"] },
 *   { provider: delegatedAdmin });
 */
export class InspectorAdminEnabler extends pulumi.ComponentResource {
  /** The administrator's Enabler. */
  public readonly enabler: aws.inspector2.Enabler;

  constructor(
    name: string,
    args: InspectorAdminEnablerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:AdminEnabler`, name, {}, opts);
    this.enabler = new aws.inspector2.Enabler(
      name,
      {
        accountIds: [args.delegatedAdminAccountId],
        resourceTypes: [...args.scanTypes],
        region: args.region,
      },
      orgWideOptions(
        this,
        opts,
        args.protect ?? true,
        args.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
      ),
    );
    this.registerOutputs({ enabler: this.enabler });
  }
}
