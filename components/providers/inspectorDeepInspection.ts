/**
 * A Pulumi dynamic provider for EC2 deep inspection in one Region, as the delegated
 * administrator: the organization-wide custom package paths
 * (UpdateOrgEc2DeepInspectionConfiguration), its own activation
 * (UpdateEc2DeepInspectionConfiguration) and the members' activation
 * (BatchUpdateMemberEc2DeepInspectionStatus, 100 accounts per call: "Member accounts in an
 * organization cannot deactivate deep inspection", so the administrator does it for them).
 *
 * No @pulumi/aws or @pulumi/aws-native resource covers these calls (inspector-facts §4.1).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  BatchGetMemberEc2DeepInspectionStatusCommand,
  BatchUpdateMemberEc2DeepInspectionStatusCommand,
  GetEc2DeepInspectionConfigurationCommand,
  type Inspector2Client,
  UpdateEc2DeepInspectionConfigurationCommand,
  UpdateOrgEc2DeepInspectionConfigurationCommand,
} from "@aws-sdk/client-inspector2";
import {
  callInspector,
  chunk,
  createInspectorClient,
  type InspectorClientFactory,
  InspectorSettingError,
  listAssociatedMembers,
} from "./inspectorClient";

/** Account ids per BatchUpdate/BatchGetMemberEc2DeepInspectionStatus call (API limit). */
export const MEMBER_BATCH_SIZE = 100;

/** Inputs of the dynamic resource. */
export interface DeepInspectionInputs {
  readonly region: string;
  /** The delegated administrator role the provider assumes. */
  readonly roleArn: string;
  /** Organization-wide custom paths (0-5), scanned in addition to Inspector's defaults. */
  readonly orgPackagePaths: string[];
  /** Whether deep inspection is active for the administrator and the members. */
  readonly activateDeepInspection: boolean;
  /** The member accounts whose activation is managed. */
  readonly memberAccountIds: string[];
}

/**
 * Outputs: the inputs, as read back (drift shows as missing members or changed paths). Members
 * not yet associated with the delegated administrator are left out of `memberAccountIds` and
 * listed in `pendingMemberAccountIds`, so the next `pulumi up` sees them as a change and sets them.
 */
export interface DeepInspectionOutputs extends DeepInspectionInputs {
  readonly pendingMemberAccountIds?: string[];
}

/**
 * What delete restores: no custom organization paths, and deep inspection active ("For accounts
 * that activate Amazon Inspector after April 17, 2023, deep inspection is automatically activated
 * as part of Amazon EC2 scanning", Inspector UG, deep-inspection).
 */
export const SERVICE_DEFAULT_DEEP_INSPECTION = {
  orgPackagePaths: [] as string[],
  activateDeepInspection: true,
};

/** The member batches: every account with the same activation flag, 100 per call. */
export function buildMemberBatches(accountIds: readonly string[], activate: boolean) {
  return chunk(accountIds, MEMBER_BATCH_SIZE).map((ids) => ({
    accountIds: ids.map((accountId) => ({ accountId, activateDeepInspection: activate })),
  }));
}

async function setMembers(
  client: Inspector2Client,
  region: string,
  accountIds: readonly string[],
  activate: boolean,
): Promise<void> {
  for (const batch of buildMemberBatches(accountIds, activate)) {
    const result = await callInspector("BatchUpdateMemberEc2DeepInspectionStatus", region, () =>
      client.send(new BatchUpdateMemberEc2DeepInspectionStatusCommand(batch)),
    );
    // Per-account failures come back in a 200 response.
    const failed = result.failedAccountIds ?? [];
    if (failed.length > 0) {
      throw new InspectorSettingError(
        `Inspector BatchUpdateMemberEc2DeepInspectionStatus in ${region} failed for ${failed
          .map((f) => `${f.accountId ?? "?"} (${f.errorMessage ?? f.ec2ScanStatus ?? "no reason"})`)
          .join(
            ", ",
          )}; check that these accounts are associated members, then run \`pulumi up\` again`,
      );
    }
  }
}

/**
 * Splits the members into those associated with the delegated administrator, whose status can be
 * set, and those not yet associated (an organization policy associates them in the background):
 * BatchUpdateMemberEc2DeepInspectionStatus fails for an account that is not a member.
 */
async function splitByAssociation(
  client: Inspector2Client,
  region: string,
  accountIds: readonly string[],
): Promise<{ ready: string[]; pending: string[] }> {
  if (accountIds.length === 0) {
    return { ready: [], pending: [] };
  }
  const associated = await listAssociatedMembers(client, region);
  return {
    ready: accountIds.filter((id) => associated.has(id)),
    pending: accountIds.filter((id) => !associated.has(id)),
  };
}

async function setOrgPaths(client: Inspector2Client, region: string, paths: string[]) {
  await callInspector("UpdateOrgEc2DeepInspectionConfiguration", region, () =>
    client.send(new UpdateOrgEc2DeepInspectionConfigurationCommand({ orgPackagePaths: paths })),
  );
}

async function setAdmin(client: Inspector2Client, region: string, activate: boolean) {
  await callInspector("UpdateEc2DeepInspectionConfiguration", region, () =>
    client.send(
      new UpdateEc2DeepInspectionConfigurationCommand({ activateDeepInspection: activate }),
    ),
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((v) => set.has(v));
}

/** The resource id: one deep inspection configuration per administrator and Region. */
export function deepInspectionId(region: string): string {
  return `deep-inspection/${region}`;
}

/**
 * The provider's functions, exported so tests call them directly with a mocked client.
 */
export function createDeepInspectionProvider(
  clientFactory: InspectorClientFactory = createInspectorClient,
): pulumi.dynamic.ResourceProvider<DeepInspectionInputs, DeepInspectionOutputs> {
  return {
    async create(inputs) {
      const client = clientFactory(inputs.region, inputs.roleArn);
      await setOrgPaths(client, inputs.region, inputs.orgPackagePaths);
      await setAdmin(client, inputs.region, inputs.activateDeepInspection);
      const { ready, pending } = await splitByAssociation(
        client,
        inputs.region,
        inputs.memberAccountIds,
      );
      await setMembers(client, inputs.region, ready, inputs.activateDeepInspection);
      return {
        id: deepInspectionId(inputs.region),
        outs: { ...inputs, memberAccountIds: ready, pendingMemberAccountIds: pending },
      };
    },
    async read(id, props) {
      if (props === undefined) {
        throw new Error(
          `import of ${id} is not supported: create the resource, it adopts the current settings`,
        );
      }
      const client = clientFactory(props.region, props.roleArn);
      const own = await callInspector("GetEc2DeepInspectionConfiguration", props.region, () =>
        client.send(new GetEc2DeepInspectionConfigurationCommand({})),
      );
      const wanted = props.activateDeepInspection ? "ACTIVATED" : "DEACTIVATED";
      const matching = new Set<string>();
      for (const ids of chunk(props.memberAccountIds, MEMBER_BATCH_SIZE)) {
        const result = await callInspector(
          "BatchGetMemberEc2DeepInspectionStatus",
          props.region,
          () => client.send(new BatchGetMemberEc2DeepInspectionStatusCommand({ accountIds: ids })),
        );
        for (const state of result.accountIds ?? []) {
          if (state.accountId !== undefined && state.status === wanted) {
            matching.add(state.accountId);
          }
        }
      }
      // A member whose status differs from the wanted one drops out, so the next `pulumi up`
      // sees it as a change and sets it again.
      return {
        id,
        props: {
          ...props,
          orgPackagePaths: own.orgPackagePaths ?? [],
          activateDeepInspection:
            own.status === undefined ? props.activateDeepInspection : own.status === "ACTIVATED",
          memberAccountIds: props.memberAccountIds.filter((a) => matching.has(a)),
        },
      };
    },
    diff(_id, olds, news) {
      const changed =
        !sameList(olds.orgPackagePaths, news.orgPackagePaths) ||
        olds.activateDeepInspection !== news.activateDeepInspection ||
        !sameSet(olds.memberAccountIds, news.memberAccountIds) ||
        olds.roleArn !== news.roleArn;
      const replaces = olds.region === news.region ? [] : ["region"];
      return Promise.resolve({
        changes: changed || replaces.length > 0,
        replaces,
        deleteBeforeReplace: false,
      });
    },
    async update(_id, olds, news) {
      const client = clientFactory(news.region, news.roleArn);
      if (!sameList(olds.orgPackagePaths, news.orgPackagePaths)) {
        await setOrgPaths(client, news.region, news.orgPackagePaths);
      }
      const flipped = olds.activateDeepInspection !== news.activateDeepInspection;
      if (flipped) {
        await setAdmin(client, news.region, news.activateDeepInspection);
      }
      // Members that left the scope keep their status; the service default is activated.
      const known = new Set(olds.memberAccountIds);
      const { ready, pending } = await splitByAssociation(
        client,
        news.region,
        news.memberAccountIds,
      );
      const members = flipped ? ready : ready.filter((a) => !known.has(a));
      await setMembers(client, news.region, members, news.activateDeepInspection);
      return { outs: { ...news, memberAccountIds: ready, pendingMemberAccountIds: pending } };
    },
    async delete(_id, props) {
      const client = clientFactory(props.region, props.roleArn);
      const defaults = SERVICE_DEFAULT_DEEP_INSPECTION;
      await setOrgPaths(client, props.region, defaults.orgPackagePaths);
      if (props.activateDeepInspection !== defaults.activateDeepInspection) {
        await setAdmin(client, props.region, defaults.activateDeepInspection);
        await setMembers(
          client,
          props.region,
          props.memberAccountIds,
          defaults.activateDeepInspection,
        );
      }
    },
  };
}

/** Arguments of {@link InspectorDeepInspection}. */
export interface InspectorDeepInspectionArgs {
  readonly region: pulumi.Input<string>;
  readonly roleArn: pulumi.Input<string>;
  readonly orgPackagePaths: pulumi.Input<pulumi.Input<string>[]>;
  readonly activateDeepInspection: pulumi.Input<boolean>;
  readonly memberAccountIds: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The one provider instance: Pulumi serializes a dynamic provider's code once per instance, so
 * a shared instance is serialized once per program run, not once per resource.
 */
const DEEP_INSPECTION_PROVIDER = createDeepInspectionProvider();

/**
 * EC2 deep inspection for the organization in one Region. Deleting it restores the service
 * defaults ({@link SERVICE_DEFAULT_DEEP_INSPECTION}).
 *
 * @example
 * new InspectorDeepInspection("inspector-deep-inspection-us-east-1", {
 *   region: "us-east-1", roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
 *   orgPackagePaths: ["/opt/app/lib"], activateDeepInspection: true,
 *   memberAccountIds: ["333333333333"] });
 */
export class InspectorDeepInspection extends pulumi.dynamic.Resource {
  declare public readonly orgPackagePaths: pulumi.Output<string[]>;
  declare public readonly activateDeepInspection: pulumi.Output<boolean>;

  constructor(
    name: string,
    args: InspectorDeepInspectionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(DEEP_INSPECTION_PROVIDER, name, { ...args }, opts, "inspector", "DeepInspection");
  }
}
