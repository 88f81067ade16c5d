/**
 * CIS scan configurations in one Region, through @pulumi/aws-native (`inspectorv2`), which has
 * the resource @pulumi/aws lacks (inspector-facts §4.2).
 *
 * Per Region, not only in the home Region: a scan configuration is a Regional Inspector resource
 * (its ARN is `arn:aws:inspector2:<Region>:...:cis-configuration/...`) and CIS scans run on the
 * EC2 instances that Inspector's SSM plugin reaches in that Region, with Regional OVAL data sets
 * (Inspector UG, scanning-cis). A configuration in the home Region alone would leave the other
 * governed Regions unbenchmarked.
 */
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { CisScanSettings } from "../stacks/configCis";
import { TOKEN_PREFIX, childOptions } from "./common";

type CisArgs = awsNative.inspectorv2.CisScanConfigurationArgs;

/** The aws-native inputs of one configured CIS scan. */
export function buildCisScanArgs(scanName: string, settings: CisScanSettings): CisArgs {
  const s = settings.schedule;
  const startTime = { timeOfDay: s.time, timeZone: s.timezone };
  const schedule =
    s.frequency === "DAILY"
      ? { daily: { startTime } }
      : s.frequency === "WEEKLY"
        ? { weekly: { startTime, days: [...(s.days ?? [])] } }
        : { monthly: { startTime, day: s.day ?? "SUN" } };
  return {
    scanName,
    securityLevel: settings.securityLevel,
    schedule,
    targets: {
      accountIds: [...settings.targetAccounts],
      targetResourceTags: Object.fromEntries(
        Object.entries(settings.targetResourceTags).map(([k, v]) => [k, [...v]]),
      ),
    },
  };
}

/** Arguments of {@link InspectorCisScans}. */
export interface InspectorCisScansArgs {
  /** The Region (the aws-native provider passed in `opts.provider` must be for this Region). */
  readonly region: string;
  /** CIS scan configurations by scan name. */
  readonly scans: Readonly<Record<string, CisScanSettings>>;
}

/**
 * Runs in the delegated administrator through an aws-native provider for the Region
 * (`opts.provider`); aws-native resources have no per-resource Region. No tags are set: "The
 * delegated administrator cannot add tags to CIS scan configurations the organization owns"
 * (Inspector UG, scanning-cis), so that provider must not have default tags either.
 *
 * @example
 * new InspectorCisScans("inspector-cis-us-east-1", { region: "us-east-1", scans: cfg.cisScanConfigurations },
 *   { provider: nativeUsEast1 });
 */
export class InspectorCisScans extends pulumi.ComponentResource {
  /** The configurations by scan name. */
  public readonly configurations: Readonly<
    Record<string, awsNative.inspectorv2.CisScanConfiguration>
  >;

  constructor(name: string, args: InspectorCisScansArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:CisScans`, name, {}, opts);
    const configurations: Record<string, awsNative.inspectorv2.CisScanConfiguration> = {};
    for (const [scanName, settings] of Object.entries(args.scans)) {
      configurations[scanName] = new awsNative.inspectorv2.CisScanConfiguration(
        `${name}-${scanName}`,
        buildCisScanArgs(scanName, settings),
        childOptions(this, opts),
      );
    }
    this.configurations = Object.freeze(configurations);
    this.registerOutputs({ configurations: this.configurations });
  }
}
