/** The Inspector delegated administrator, designated in every governed Region. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { orgWideOptions, TOKEN_PREFIX } from "./common";

/** Arguments of {@link InspectorDelegatedAdmin}. */
export interface InspectorDelegatedAdminArgs {
  /** The account to designate (the security tooling account). */
  readonly delegatedAdminAccountId: pulumi.Input<string>;
  /** The governed Regions; designation is per Region. */
  readonly regions: readonly string[];
  /** Whether to protect the registrations from deletion. Defaults to true. */
  readonly protect?: boolean;
  /** Create/update/delete timeout in minutes. Defaults to 45. */
  readonly timeoutMinutes?: number;
}

const DEFAULT_TIMEOUT_MINUTES = 45;

/**
 * Runs in the management account. "An organization can have only one delegated administrator"
 * and designation is Regional (Inspector UG, designating-admin), so this component takes the
 * Region list rather than one Region: it is the one place that keeps the account the same
 * everywhere.
 *
 * @example
 * new InspectorDelegatedAdmin("inspector-delegated-admin",
 *   { delegatedAdminAccountId: "222222222222", regions: ["us-east-1", "eu-west-1"] },
 *   { provider: management, dependsOn: [trustedAccess] });
 */
export class InspectorDelegatedAdmin extends pulumi.ComponentResource {
  /** The registration per Region, keyed by Region. */
  public readonly registrations: Readonly<Record<string, aws.inspector2.DelegatedAdminAccount>>;

  constructor(
    name: string,
    args: InspectorDelegatedAdminArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:DelegatedAdmin`, name, {}, opts);
    const options = orgWideOptions(
      this,
      opts,
      args.protect ?? true,
      args.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
    );
    const registrations: Record<string, aws.inspector2.DelegatedAdminAccount> = {};
    for (const region of args.regions) {
      registrations[region] = new aws.inspector2.DelegatedAdminAccount(
        `${name}-${region}`,
        { accountId: args.delegatedAdminAccountId, region },
        options,
      );
    }
    this.registrations = Object.freeze(registrations);
    this.registerOutputs({ registrations: this.registrations });
  }
}
