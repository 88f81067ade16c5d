/**
 * A Pulumi dynamic provider that activates CloudFormation StackSets' trusted access with AWS
 * Organizations (`ActivateOrganizationsAccess`), which service-managed StackSets need: "Before you
 * create a StackSet with service-managed permissions, you must first ... Activate trusted access
 * with AWS Organizations" (CloudFormation UG, stacksets-orgs-activate-trusted-access).
 *
 * Neither @pulumi/aws nor @pulumi/aws-native has a resource for it. Enabling the service principal
 * with Organizations' EnableAWSServiceAccess (`aws.organizations.AwsServiceAccess`) is not the same:
 * "We strongly recommend that you enable trusted access by using the AWS CloudFormation StackSets
 * console. This enables AWS CloudFormation Stacksets to perform required setup tasks" (Organizations
 * UG, services-that-can-integrate-cloudformation); ActivateOrganizationsAccess is the console's
 * call, and creates the management account's service-linked role.
 *
 * Runs with the ambient credentials, which must be the management account's ("Only an account
 * administrator in the management account has permissions to activate trusted access"), in the
 * Region given as an input (a dynamic provider does not see the stack's `aws:region`).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ActivateOrganizationsAccessCommand,
  CloudFormationClient,
  DescribeOrganizationsAccessCommand,
} from "@aws-sdk/client-cloudformation";
import { pollUntil, type WaitTiming } from "./waitFor";

/** Inputs of the dynamic resource. */
export interface StackSetsAccessInputs {
  /** The Region of the CloudFormation client (the stack's home Region). */
  readonly region: string;
}

/** Outputs: the inputs plus the status CloudFormation reports (`ENABLED`). */
export interface StackSetsAccessOutputs extends StackSetsAccessInputs {
  readonly status: string;
}

/** Creates the CloudFormation client for a Region; replaced in tests. */
export type CloudFormationClientFactory = (region: string) => CloudFormationClient;

/** The provider's client: the Region given, the SDK's adaptive retries. */
export const createCloudFormationClient: CloudFormationClientFactory = (region) =>
  new CloudFormationClient({ region, retryMode: "adaptive", maxAttempts: 8 });

/** How long create waits for DescribeOrganizationsAccess to report ENABLED. */
export const STACKSETS_ACCESS_WAIT: WaitTiming = {
  maxWaitSeconds: 300,
  minDelaySeconds: 2,
  maxDelaySeconds: 20,
};

/** The one trusted access of the organization: the resource id. */
export const STACKSETS_ACCESS_ID = "cloudformation-stacksets-organizations-access";

async function readStatus(client: CloudFormationClient): Promise<string> {
  const result = await client.send(new DescribeOrganizationsAccessCommand({ CallAs: "SELF" }));
  return result.Status ?? "DISABLED";
}

/** The provider's functions, exported so tests call them directly with a mocked client. */
export function createStackSetsAccessProvider(
  clientFactory: CloudFormationClientFactory = createCloudFormationClient,
  timing: WaitTiming = STACKSETS_ACCESS_WAIT,
): pulumi.dynamic.ResourceProvider<StackSetsAccessInputs, StackSetsAccessOutputs> {
  return {
    async create(inputs) {
      const client = clientFactory(inputs.region);
      const before = await readStatus(client);
      if (before === "DISABLED_PERMANENTLY") {
        throw new Error(
          "CloudFormation StackSets trusted access with AWS Organizations cannot be activated in this organization (DescribeOrganizationsAccess: DISABLED_PERMANENTLY), and the member baseline is a service-managed StackSet; ask AWS Support to lift it",
        );
      }
      if (before !== "ENABLED") {
        await client.send(new ActivateOrganizationsAccessCommand({}));
      }
      const waited = await pollUntil(timing, async () => {
        const status = await readStatus(client);
        return { isDone: status === "ENABLED", seen: status, value: status };
      });
      if (!waited.isDone) {
        throw new Error(
          `CloudFormation StackSets trusted access with AWS Organizations is still ${waited.seen} after ${timing.maxWaitSeconds} s; check \`aws cloudformation describe-organizations-access\` and run \`pulumi up\` again once it shows ENABLED`,
        );
      }
      return { id: STACKSETS_ACCESS_ID, outs: { ...inputs, status: waited.value } };
    },
    async read(id, props) {
      const region = props?.region ?? IMPORT_REGION;
      return { id, props: { region, status: await readStatus(clientFactory(region)) } };
    },
    diff(_id, olds, news) {
      // The Region is only where the client runs; the access is the organization's.
      return Promise.resolve({ changes: olds.region !== news.region, replaces: [] });
    },
    update(_id, _olds, news) {
      return Promise.resolve({ outs: { ...news, status: "ENABLED" } });
    },
    delete() {
      // Reached only when the resource is not retained (the program retains it): deactivating
      // trusted access would stop every service-managed StackSet of the organization, not only
      // this stack's, so it is left to a person (`aws cloudformation
      // deactivate-organizations-access`).
      return Promise.resolve();
    },
  };
}

/** The Region of an imported resource's client. */
export const IMPORT_REGION = "us-east-1";

/**
 * CloudFormation StackSets' trusted access with AWS Organizations, activated from the management
 * account. Retain it on delete: other StackSets of the organization need it too.
 *
 * @example
 * new StackSetsOrganizationsAccess("cloudformation-stacksets-org-access", { region: "us-east-1" },
 *   { retainOnDelete: true });
 */
export class StackSetsOrganizationsAccess extends pulumi.dynamic.Resource {
  /** The status CloudFormation reports (`ENABLED`). */
  declare public readonly status: pulumi.Output<string>;

  constructor(
    name: string,
    args: { region: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      createStackSetsAccessProvider(),
      name,
      { ...args, status: undefined },
      opts,
      "inspector",
      "StackSetsOrganizationsAccess",
    );
  }
}
