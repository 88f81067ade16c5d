/**
 * A Pulumi dynamic provider that enables an Organizations policy type on the root.
 *
 * Neither @pulumi/aws nor @pulumi/aws-native has a resource for EnablePolicyType short of managing
 * the whole `aws.organizations.Organization` (its `enabledPolicyTypes`), which would mean importing
 * the organization itself into this stack. This provider does just the one call.
 *
 * It runs in the Pulumi program's process with the ambient credentials, which must be the
 * management account's (the stack's default credentials, ../shared/DESIGN.md).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
  PolicyType,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotEnabledException,
} from "@aws-sdk/client-organizations";

/** Inputs of the dynamic resource. */
export interface PolicyTypeInputs {
  /** The organization root id (`r-...`). */
  readonly rootId: string;
  /** The policy type, for example `INSPECTOR_POLICY`. */
  readonly policyType: string;
}

/** Outputs: the inputs plus the status Organizations reports. */
export interface PolicyTypeOutputs extends PolicyTypeInputs {
  readonly status: string;
}

/** Creates the Organizations client; replaced in tests. */
export type ClientFactory = () => OrganizationsClient;

const defaultClientFactory: ClientFactory = () =>
  new OrganizationsClient({ retryMode: "adaptive", maxAttempts: 8 });

async function readStatus(client: OrganizationsClient, inputs: PolicyTypeInputs): Promise<string> {
  const roots = await client.send(new ListRootsCommand({}));
  const root = roots.Roots?.find((r) => r.Id === inputs.rootId);
  if (root === undefined) {
    throw new Error(
      `organization root ${inputs.rootId} was not found; check the inventory's rootId against \`aws organizations list-roots\``,
    );
  }
  return root.PolicyTypes?.find((t) => t.Type === inputs.policyType)?.Status ?? "DISABLED";
}

/**
 * The provider's functions, exported so tests can call them directly with a mocked client.
 */
export function createPolicyTypeProvider(
  clientFactory: ClientFactory = defaultClientFactory,
): pulumi.dynamic.ResourceProvider<PolicyTypeInputs, PolicyTypeOutputs> {
  return {
    async create(inputs) {
      const client = clientFactory();
      try {
        await client.send(
          new EnablePolicyTypeCommand({
            RootId: inputs.rootId,
            PolicyType: inputs.policyType as PolicyType,
          }),
        );
      } catch (err) {
        // Enabled already (by the console or an earlier run): adopt it.
        if (!(err instanceof PolicyTypeAlreadyEnabledException)) {
          throw err;
        }
      }
      return {
        id: `${inputs.rootId}/${inputs.policyType}`,
        outs: { ...inputs, status: "ENABLED" },
      };
    },
    async read(id, props) {
      // On `pulumi import` there are no props: the id is `<rootId>/<policyType>`.
      const [rootId, policyType] =
        props === undefined ? id.split("/") : [props.rootId, props.policyType];
      const inputs: PolicyTypeInputs = { rootId, policyType };
      const status = await readStatus(clientFactory(), inputs);
      return { id, props: { ...inputs, status } };
    },
    diff(_id, olds, news) {
      const replaces = (["rootId", "policyType"] as const).filter((k) => olds[k] !== news[k]);
      return Promise.resolve({ changes: replaces.length > 0, replaces, deleteBeforeReplace: true });
    },
    async delete(_id, props) {
      // Reached only when the resource is not retained: disabling the type detaches every policy
      // of that type in the organization.
      const client = clientFactory();
      try {
        await client.send(
          new DisablePolicyTypeCommand({
            RootId: props.rootId,
            PolicyType: props.policyType as PolicyType,
          }),
        );
      } catch (err) {
        if (!(err instanceof PolicyTypeNotEnabledException)) {
          throw err;
        }
      }
    },
  };
}

/**
 * The one provider instance: Pulumi serializes a dynamic provider's code once per instance, so
 * a shared instance is serialized once per program run, not once per resource.
 */
const POLICY_TYPE_PROVIDER = createPolicyTypeProvider();

/**
 * An Organizations policy type enabled on the organization root.
 *
 * @example
 * new OrganizationsPolicyType("inspector-policy-type", { rootId: "r-a1b2", policyType: "INSPECTOR_POLICY" },
 *   { retainOnDelete: true });
 */
export class OrganizationsPolicyType extends pulumi.dynamic.Resource {
  /** The status Organizations reports (`ENABLED`, `PENDING_ENABLE`, ...). */
  declare public readonly status: pulumi.Output<string>;

  constructor(
    name: string,
    args: { rootId: pulumi.Input<string>; policyType: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      POLICY_TYPE_PROVIDER,
      name,
      { ...args, status: undefined },
      opts,
      "inspector",
      "OrganizationsPolicyType",
    );
  }
}
