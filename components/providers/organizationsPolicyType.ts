/**
 * A Pulumi dynamic provider that enables an Organizations policy type on the root.
 *
 * Neither @pulumi/aws nor @pulumi/aws-native has a resource for EnablePolicyType short of managing
 * the whole `aws.organizations.Organization` (its `enabledPolicyTypes`), which would mean importing
 * the organization itself into this stack. This provider does just the one call.
 *
 * It runs in the Pulumi program's process with the ambient credentials, which must be the
 * management account's (the stack's default credentials, ../shared/DESIGN.md). A dynamic provider
 * does not see the stack's `aws:region`, and CI jobs often set no `AWS_REGION`: the client's
 * Region is an input (the stack's home Region). Organizations is a global service: in the `aws`
 * partition every Region resolves to its one endpoint in us-east-1 (the SDK's endpoint rules), so
 * any Region of the partition is right.
 *
 * "This operation performs in the background" (EnablePolicyType, Organizations API reference): a
 * policy of the type can only be attached once the root lists the type ENABLED, so create polls
 * ListRoots until then (bounded) before it reports success, and the attachment waits for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { pollUntil, type WaitTiming } from "./waitFor";
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
  /** The Region of the Organizations client (the stack's home Region). */
  readonly region: string;
  /** The organization root id (`r-...`). */
  readonly rootId: string;
  /** The policy type, for example `INSPECTOR_POLICY`. */
  readonly policyType: string;
}

/** The Region of an imported resource's client: Organizations' endpoint Region. */
export const IMPORT_REGION = "us-east-1";

/** Outputs: the inputs plus the status Organizations reports. */
export interface PolicyTypeOutputs extends PolicyTypeInputs {
  readonly status: string;
}

/** Creates the Organizations client for a Region; replaced in tests. */
export type ClientFactory = (region: string) => OrganizationsClient;

/** The provider's client: the Region given, the SDK's adaptive retries. */
export const createOrganizationsClient: ClientFactory = (region) =>
  new OrganizationsClient({ region, retryMode: "adaptive", maxAttempts: 8 });

/**
 * How long create waits for the type to be ENABLED: it usually takes seconds; five minutes
 * leaves room for a large organization without hiding a stuck one.
 */
export const POLICY_TYPE_WAIT: WaitTiming = {
  maxWaitSeconds: 300,
  minDelaySeconds: 2,
  maxDelaySeconds: 20,
};

/** The status the root reports for the policy type (`DISABLED` when it lists none). */
export async function readStatus(
  client: OrganizationsClient,
  inputs: Pick<PolicyTypeInputs, "rootId" | "policyType">,
): Promise<string> {
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
  clientFactory: ClientFactory = createOrganizationsClient,
  timing: WaitTiming = POLICY_TYPE_WAIT,
): pulumi.dynamic.ResourceProvider<PolicyTypeInputs, PolicyTypeOutputs> {
  return {
    async create(inputs) {
      const client = clientFactory(inputs.region);
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
      const waited = await pollUntil(timing, async () => {
        const status = await readStatus(client, inputs);
        return { isDone: status === "ENABLED", seen: status, value: status };
      });
      if (!waited.isDone) {
        throw new Error(
          `Organizations policy type ${inputs.policyType} on root ${inputs.rootId} is still ${waited.seen} after ${timing.maxWaitSeconds} s (EnablePolicyType runs in the background); check \`aws organizations list-roots\` and run \`pulumi up\` again once it shows ENABLED`,
        );
      }
      return {
        id: `${inputs.rootId}/${inputs.policyType}`,
        outs: { ...inputs, status: waited.value },
      };
    },
    async read(id, props) {
      // On `pulumi import` there are no props: the id is `<rootId>/<policyType>`, and the
      // Region the partition's default (Organizations is global).
      const [rootId, policyType] =
        props === undefined ? id.split("/") : [props.rootId, props.policyType];
      const inputs: PolicyTypeInputs = {
        region: props?.region ?? IMPORT_REGION,
        rootId,
        policyType,
      };
      const status = await readStatus(clientFactory(inputs.region), inputs);
      return { id, props: { ...inputs, status } };
    },
    diff(_id, olds, news) {
      const replaces = (["rootId", "policyType"] as const).filter((k) => olds[k] !== news[k]);
      return Promise.resolve({ changes: replaces.length > 0, replaces, deleteBeforeReplace: true });
    },
    async delete(_id, props) {
      // Reached only when the resource is not retained: disabling the type detaches every policy
      // of that type in the organization. State written before the Region was an input has none.
      const client = clientFactory(props.region ?? IMPORT_REGION);
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
 * new OrganizationsPolicyType("inspector-policy-type",
 *   { region: "us-east-1", rootId: "r-a1b2", policyType: "INSPECTOR_POLICY" },
 *   { retainOnDelete: true });
 */
export class OrganizationsPolicyType extends pulumi.dynamic.Resource {
  /** The status Organizations reports (`ENABLED`, `PENDING_ENABLE`, ...). */
  declare public readonly status: pulumi.Output<string>;

  constructor(
    name: string,
    args: {
      region: pulumi.Input<string>;
      rootId: pulumi.Input<string>;
      policyType: pulumi.Input<string>;
    },
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
