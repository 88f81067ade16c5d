/** Security Hub CSPM for the organization, administered by the Inspector delegated administrator. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TOKEN_PREFIX } from "./common";

/** Arguments of {@link SecurityHubOrganization}. */
export interface SecurityHubOrganizationArgs {
  /** The account that administers Security Hub: the Inspector delegated administrator. */
  readonly adminAccountId: string;
  /** The governed Regions. */
  readonly regions: readonly string[];
  /** The Region of the finding aggregator. */
  readonly homeRegion: string;
  /**
   * The management account's provider: EnableOrganizationAdminAccount "can only be called by the
   * organization management account". The component's own provider is the administrator's.
   */
  readonly managementProvider: aws.Provider;
  /** Whether to protect the designations and configurations from deletion. Defaults to true. */
  readonly protect?: boolean;
}

/**
 * Per Region: Security Hub enabled in the administrator (default standards off: standards are
 * a separate, billed decision) -> the administrator designated from the management account ->
 * the organization configuration (LOCAL, auto-enable new accounts); then one finding aggregator
 * in the home Region over the other governed Regions. Enabling the administrator first makes the
 * order safe whether or not designation enables it itself.
 *
 * No `ProductSubscription` for Inspector: "After you enable Security Hub CSPM, the Amazon
 * Inspector integration ... is automatically activated" (Inspector UG, securityhub-integration),
 * and a second writer of the same subscription could only conflict with it.
 *
 * Everything is retained on delete: removing it would disable Security Hub or reset the
 * organization to auto-enable false for every account.
 *
 * @example
 * new SecurityHubOrganization("inspector-securityhub", { adminAccountId: "222222222222",
 *   regions: ["us-east-1", "eu-west-1"], homeRegion: "us-east-1", managementProvider },
 *   { provider: delegatedAdmin });
 */
export class SecurityHubOrganization extends pulumi.ComponentResource {
  public readonly accounts: Readonly<Record<string, aws.securityhub.Account>>;
  public readonly adminAccounts: Readonly<Record<string, aws.securityhub.OrganizationAdminAccount>>;
  public readonly configurations: Readonly<
    Record<string, aws.securityhub.OrganizationConfiguration>
  >;
  public readonly aggregator: aws.securityhub.FindingAggregator;

  constructor(
    name: string,
    args: SecurityHubOrganizationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:SecurityHubOrganization`, name, {}, opts);
    const keep = { parent: this, retainOnDelete: true, protect: args.protect ?? true };
    const accounts: Record<string, aws.securityhub.Account> = {};
    const adminAccounts: Record<string, aws.securityhub.OrganizationAdminAccount> = {};
    const configurations: Record<string, aws.securityhub.OrganizationConfiguration> = {};
    for (const region of args.regions) {
      accounts[region] = new aws.securityhub.Account(
        `${name}-${region}`,
        { region, enableDefaultStandards: false, autoEnableControls: true },
        keep,
      );
      adminAccounts[region] = new aws.securityhub.OrganizationAdminAccount(
        `${name}-admin-${region}`,
        { region, adminAccountId: args.adminAccountId },
        { ...keep, provider: args.managementProvider, dependsOn: [accounts[region]] },
      );
      configurations[region] = new aws.securityhub.OrganizationConfiguration(
        `${name}-org-${region}`,
        {
          region,
          autoEnable: true,
          autoEnableStandards: "NONE",
          organizationConfiguration: { configurationType: "LOCAL" },
        },
        { ...keep, dependsOn: [adminAccounts[region]] },
      );
    }
    const others = args.regions.filter((r) => r !== args.homeRegion);
    this.aggregator = new aws.securityhub.FindingAggregator(
      `${name}-aggregator`,
      others.length > 0
        ? { region: args.homeRegion, linkingMode: "SPECIFIED_REGIONS", specifiedRegions: others }
        : { region: args.homeRegion, linkingMode: "NO_REGIONS" },
      { ...keep, dependsOn: Object.values(configurations) },
    );
    this.accounts = Object.freeze(accounts);
    this.adminAccounts = Object.freeze(adminAccounts);
    this.configurations = Object.freeze(configurations);
    this.registerOutputs({
      accounts: this.accounts,
      adminAccounts: this.adminAccounts,
      configurations: this.configurations,
      aggregator: this.aggregator,
    });
  }
}
