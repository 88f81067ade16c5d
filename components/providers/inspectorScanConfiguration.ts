/**
 * A Pulumi dynamic provider for Inspector's account scan configuration in one Region: the EC2
 * scan mode and the ECR re-scan durations (UpdateConfiguration / GetConfiguration).
 *
 * Neither @pulumi/aws (its inspector2 module has DelegatedAdminAccount, Enabler, Filter,
 * MemberAssociation and OrganizationConfiguration only) nor @pulumi/aws-native covers this call
 * (../shared/reference/inspector-facts.md §4.1, §4.2). Called by the delegated administrator without
 * `accountId`, the setting "propagates to member accounts that have not been individually
 * configured" (UpdateConfiguration, API reference).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  type EcrPullDateRescanDuration,
  type EcrPullDateRescanMode,
  type EcrRescanDuration,
  type Ec2ScanMode,
  GetConfigurationCommand,
  UpdateConfigurationCommand,
} from "@aws-sdk/client-inspector2";
import {
  callInspector,
  createInspectorClient,
  type InspectorClientFactory,
} from "./inspectorClient";

/** Inputs of the dynamic resource. */
export interface ScanConfigurationInputs {
  /** The Region the setting applies to. */
  readonly region: string;
  /** The delegated administrator role the provider assumes. */
  readonly roleArn: string;
  /** `EC2_SSM_AGENT_BASED` or `EC2_HYBRID`. */
  readonly ec2ScanMode: string;
  /** Re-scan duration after push (`LIFETIME`, `DAYS_3` ... `DAYS_180`). */
  readonly ecrPushDateRescanDuration: string;
  /** Re-scan duration after the last pull or use (`DAYS_3` ... `DAYS_180`). */
  readonly ecrPullDateRescanDuration: string;
  /** `LAST_PULL_DATE` or `LAST_IN_USE_AT`. */
  readonly ecrPullDateRescanMode: string;
}

/** Outputs: the settings as Inspector reports them. */
export type ScanConfigurationOutputs = ScanConfigurationInputs;

/** The settings the provider writes (everything but where and as whom). */
const SETTINGS = [
  "ec2ScanMode",
  "ecrPushDateRescanDuration",
  "ecrPullDateRescanDuration",
  "ecrPullDateRescanMode",
] as const;

/**
 * What delete restores: the documented defaults for a newly activated account. ECR: "The default
 * scan duration for new accounts ... is 14 days", last-in-use date being the default mode
 * (Inspector UG, scanning_resources_configure_duration_setting_ecr). EC2: the UG calls agent-based
 * scanning "the default scan mode for newly activated accounts" (scanning-ec2; the same page also
 * mentions hybrid enrolment, see inspector-facts §2.3), so agent-based is restored.
 */
export const SERVICE_DEFAULT_SETTINGS: Readonly<Record<(typeof SETTINGS)[number], string>> = {
  ec2ScanMode: "EC2_SSM_AGENT_BASED",
  ecrPushDateRescanDuration: "DAYS_14",
  ecrPullDateRescanDuration: "DAYS_14",
  ecrPullDateRescanMode: "LAST_IN_USE_AT",
};

/** The UpdateConfiguration request for the given settings. */
export function buildUpdateConfigurationRequest(
  settings: Pick<ScanConfigurationInputs, (typeof SETTINGS)[number]>,
) {
  return {
    ec2Configuration: { scanMode: settings.ec2ScanMode as Ec2ScanMode },
    ecrConfiguration: {
      rescanDuration: settings.ecrPushDateRescanDuration as EcrRescanDuration,
      pullDateRescanDuration: settings.ecrPullDateRescanDuration as EcrPullDateRescanDuration,
      pullDateRescanMode: settings.ecrPullDateRescanMode as EcrPullDateRescanMode,
    },
  };
}

/** The id of the resource: one scan configuration per account and Region. */
export function scanConfigurationId(region: string): string {
  return `scan-configuration/${region}`;
}

/**
 * The provider's functions, exported so tests call them directly with a mocked client.
 */
export function createScanConfigurationProvider(
  clientFactory: InspectorClientFactory = createInspectorClient,
): pulumi.dynamic.ResourceProvider<ScanConfigurationInputs, ScanConfigurationOutputs> {
  async function apply(inputs: ScanConfigurationInputs): Promise<void> {
    const client = clientFactory(inputs.region, inputs.roleArn);
    await callInspector("UpdateConfiguration", inputs.region, () =>
      client.send(new UpdateConfigurationCommand(buildUpdateConfigurationRequest(inputs))),
    );
  }
  return {
    async create(inputs) {
      await apply(inputs);
      return { id: scanConfigurationId(inputs.region), outs: { ...inputs } };
    },
    async read(id, props) {
      // On `pulumi import` there are no props; the role cannot be derived from the id.
      if (props === undefined) {
        throw new Error(
          `import of ${id} is not supported: create the resource, it adopts the current settings`,
        );
      }
      const client = clientFactory(props.region, props.roleArn);
      const state = await callInspector("GetConfiguration", props.region, () =>
        client.send(new GetConfigurationCommand({})),
      );
      const ecr = state.ecrConfiguration?.rescanDurationState;
      // A value the service does not report is left as recorded rather than shown as drift.
      return {
        id,
        props: {
          ...props,
          ec2ScanMode: state.ec2Configuration?.scanModeState?.scanMode ?? props.ec2ScanMode,
          ecrPushDateRescanDuration: ecr?.rescanDuration ?? props.ecrPushDateRescanDuration,
          ecrPullDateRescanDuration: ecr?.pullDateRescanDuration ?? props.ecrPullDateRescanDuration,
          ecrPullDateRescanMode: ecr?.pullDateRescanMode ?? props.ecrPullDateRescanMode,
        },
      };
    },
    diff(_id, olds, news) {
      const changed = [...SETTINGS, "roleArn" as const].filter((k) => olds[k] !== news[k]);
      // Another Region is another setting: create it there, restore the default here.
      const replaces = olds.region === news.region ? [] : ["region"];
      return Promise.resolve({
        changes: changed.length > 0 || replaces.length > 0,
        replaces,
        deleteBeforeReplace: false,
      });
    },
    async update(_id, _olds, news) {
      await apply(news);
      return { outs: { ...news } };
    },
    async delete(_id, props) {
      await apply({ ...props, ...SERVICE_DEFAULT_SETTINGS });
    },
  };
}

/** Arguments of {@link InspectorScanConfiguration}. */
export interface InspectorScanConfigurationArgs {
  readonly region: pulumi.Input<string>;
  readonly roleArn: pulumi.Input<string>;
  readonly ec2ScanMode: pulumi.Input<string>;
  readonly ecrPushDateRescanDuration: pulumi.Input<string>;
  readonly ecrPullDateRescanDuration: pulumi.Input<string>;
  readonly ecrPullDateRescanMode: pulumi.Input<string>;
}

/**
 * The one provider instance: Pulumi serializes a dynamic provider's code once per instance, so
 * a shared instance is serialized once per program run, not once per resource.
 */
const SCAN_CONFIGURATION_PROVIDER = createScanConfigurationProvider();

/**
 * The delegated administrator's EC2 scan mode and ECR re-scan durations in one Region. Deleting
 * it restores the service defaults ({@link SERVICE_DEFAULT_SETTINGS}); scanning stays on.
 *
 * @example
 * new InspectorScanConfiguration("inspector-scan-config-us-east-1", {
 *   region: "us-east-1", roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
 *   ec2ScanMode: "EC2_HYBRID", ecrPushDateRescanDuration: "DAYS_30",
 *   ecrPullDateRescanDuration: "DAYS_14", ecrPullDateRescanMode: "LAST_IN_USE_AT" });
 */
export class InspectorScanConfiguration extends pulumi.dynamic.Resource {
  declare public readonly ec2ScanMode: pulumi.Output<string>;
  declare public readonly ecrPushDateRescanDuration: pulumi.Output<string>;

  constructor(
    name: string,
    args: InspectorScanConfigurationArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(SCAN_CONFIGURATION_PROVIDER, name, { ...args }, opts, "inspector", "ScanConfiguration");
  }
}
