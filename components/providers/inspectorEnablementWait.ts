/**
 * A Pulumi dynamic provider that waits, in one Region, for what an attached Inspector organization
 * policy does in the background: the delegated administrator ENABLED for the Region's scan types
 * (BatchGetAccountStatus), and the members associated with it (ListMembers).
 *
 * "After you attach the policy, Amazon Inspector enables scanning and associates the member
 * accounts" asynchronously (Inspector UG, getting started; Organizations UG,
 * orgs_manage_policies_inspector): scan settings written before the administrator is enabled fail,
 * and a member's deep inspection cannot be set before it is associated. So the scan settings wait
 * for this resource. The administrator not ENABLED in time is an error (the settings would fail);
 * members not associated in time are reported as pending, not as a failure: the deep-inspection
 * provider leaves them out, and the next `pulumi up` (this resource re-checks while any are
 * pending) sets them.
 */
import * as pulumi from "@pulumi/pulumi";
import { BatchGetAccountStatusCommand, type ResourceState } from "@aws-sdk/client-inspector2";
import type { ScanType } from "../../lib/regionCapabilities";
import {
  callInspector,
  createInspectorClient,
  type InspectorClientFactory,
  InspectorSettingError,
  listAssociatedMembers,
} from "./inspectorClient";
import { pollUntil, type WaitTiming } from "./waitFor";

/** Inputs of the dynamic resource. */
export interface EnablementWaitInputs {
  readonly region: string;
  /** The delegated administrator role the provider assumes. */
  readonly roleArn: string;
  readonly delegatedAdminAccountId: string;
  /** The scan types the policy enables in this Region. */
  readonly scanTypes: string[];
  /** The members the policy enables and associates here. */
  readonly memberAccountIds: string[];
}

/** Outputs: the inputs, and the members not yet associated (with one line saying so). */
export interface EnablementWaitOutputs extends EnablementWaitInputs {
  readonly pendingMemberAccountIds: string[];
  readonly message: string;
}

/** How long to wait for the administrator, then for the members. */
export interface EnablementWaitTimings {
  readonly admin: WaitTiming;
  readonly members: WaitTiming;
}

/**
 * Enablement by policy takes minutes; association of a large organization longer, and it need not
 * finish in one run.
 */
export const ENABLEMENT_WAIT: EnablementWaitTimings = {
  admin: { maxWaitSeconds: 1800, minDelaySeconds: 10, maxDelaySeconds: 60 },
  members: { maxWaitSeconds: 900, minDelaySeconds: 10, maxDelaySeconds: 60 },
};

/** BatchGetAccountStatus's resource state key of each scan type. */
export const RESOURCE_STATE_KEYS: Readonly<Record<ScanType, keyof ResourceState>> = {
  EC2: "ec2",
  ECR: "ecr",
  LAMBDA: "lambda",
  LAMBDA_CODE: "lambdaCode",
  CODE_REPOSITORY: "codeRepository",
};

async function adminStatus(
  factory: InspectorClientFactory,
  inputs: EnablementWaitInputs,
): Promise<{ isDone: boolean; seen: string; value: undefined }> {
  const client = factory(inputs.region, inputs.roleArn);
  const result = await callInspector("BatchGetAccountStatus", inputs.region, () =>
    client.send(new BatchGetAccountStatusCommand({ accountIds: [inputs.delegatedAdminAccountId] })),
  );
  const account = result.accounts?.find((a) => a.accountId === inputs.delegatedAdminAccountId);
  const states = inputs.scanTypes.map((type) => {
    const key = RESOURCE_STATE_KEYS[type as ScanType];
    return `${type} ${account?.resourceState?.[key]?.status ?? "UNKNOWN"}`;
  });
  const isDone =
    account?.state?.status === "ENABLED" && states.every((s) => s.endsWith(" ENABLED"));
  return {
    isDone,
    seen: `account ${account?.state?.status ?? "UNKNOWN"}, ${states.join(", ")}`,
    value: undefined,
  };
}

/** The message of a wait: all associated, or who is pending and what happens next. */
export function pendingMessage(region: string, pending: readonly string[]): string {
  return pending.length === 0
    ? `every member is associated in ${region}`
    : `${pending.length} member(s) not yet associated with the delegated administrator in ${region} (${pending.join(", ")}): the organization policy associates them in the background; their deep inspection is set at the next \`pulumi up\``;
}

async function waitFor(
  factory: InspectorClientFactory,
  timings: EnablementWaitTimings,
  inputs: EnablementWaitInputs,
): Promise<EnablementWaitOutputs> {
  const admin = await pollUntil(timings.admin, () => adminStatus(factory, inputs));
  if (!admin.isDone) {
    throw new InspectorSettingError(
      `Inspector is not ENABLED for the delegated administrator ${inputs.delegatedAdminAccountId} in ${inputs.region} after ${timings.admin.maxWaitSeconds} s (${admin.seen}); check that the Inspector policy covers this account and Region (\`aws inspector2 batch-get-account-status --account-ids ${inputs.delegatedAdminAccountId} --region ${inputs.region}\`), then run \`pulumi up\` again`,
    );
  }
  const client = factory(inputs.region, inputs.roleArn);
  const members = await pollUntil(timings.members, async () => {
    const associated = await listAssociatedMembers(client, inputs.region);
    const pending = inputs.memberAccountIds.filter((id) => !associated.has(id));
    return { isDone: pending.length === 0, seen: `${pending.length} pending`, value: pending };
  });
  return {
    ...inputs,
    pendingMemberAccountIds: members.value,
    message: pendingMessage(inputs.region, members.value),
  };
}

/** The provider's functions, exported so tests call them directly with a mocked client. */
export function createEnablementWaitProvider(
  clientFactory: InspectorClientFactory = createInspectorClient,
  timings: EnablementWaitTimings = ENABLEMENT_WAIT,
): pulumi.dynamic.ResourceProvider<EnablementWaitInputs, EnablementWaitOutputs> {
  return {
    async create(inputs) {
      return {
        id: `enablement-wait/${inputs.region}`,
        outs: await waitFor(clientFactory, timings, inputs),
      };
    },
    diff(_id, olds, news) {
      // Re-check while members are pending, and when the wanted state changes.
      const changed =
        (olds.pendingMemberAccountIds ?? []).length > 0 ||
        JSON.stringify([olds.scanTypes, olds.memberAccountIds, olds.roleArn]) !==
          JSON.stringify([news.scanTypes, news.memberAccountIds, news.roleArn]);
      return Promise.resolve({
        changes: changed || olds.region !== news.region,
        replaces: olds.region === news.region ? [] : ["region"],
      });
    },
    async update(_id, _olds, news) {
      return { outs: await waitFor(clientFactory, timings, news) };
    },
    delete() {
      // Waiting changes nothing in AWS: nothing to undo.
      return Promise.resolve();
    },
  };
}

/** Arguments of {@link InspectorEnablementWait}. */
export interface InspectorEnablementWaitArgs {
  readonly region: pulumi.Input<string>;
  readonly roleArn: pulumi.Input<string>;
  readonly delegatedAdminAccountId: pulumi.Input<string>;
  readonly scanTypes: pulumi.Input<pulumi.Input<string>[]>;
  readonly memberAccountIds: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Waits for the Inspector policy's enablement and association in one Region.
 *
 * @example
 * new InspectorEnablementWait("inspector-enablement-wait-us-east-1", { region: "us-east-1",
 *   roleArn, delegatedAdminAccountId: "222222222222", scanTypes: ["EC2", "ECR"],
 *   memberAccountIds: ["333333333333"] }, { dependsOn: [policy] });
 */
export class InspectorEnablementWait extends pulumi.dynamic.Resource {
  /** Members not yet associated when the wait ended (set at the next `pulumi up`). */
  declare public readonly pendingMemberAccountIds: pulumi.Output<string[]>;
  /** One line: every member associated, or who is pending and what happens next. */
  declare public readonly message: pulumi.Output<string>;

  constructor(
    name: string,
    args: InspectorEnablementWaitArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      createEnablementWaitProvider(),
      name,
      { ...args, pendingMemberAccountIds: undefined, message: undefined },
      opts,
      "inspector",
      "EnablementWait",
    );
  }
}
