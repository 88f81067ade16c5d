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
  /** The Region of the finding aggregator: central configuration's home Region. */
  readonly homeRegion: string;
  /**
   * The management account's provider: EnableOrganizationAdminAccount "can only be called by the
   * organization management account". The component's own provider is the administrator's.
   */
  readonly managementProvider: aws.Provider;
  /**
   * Where the configuration policy applies: the organization root, or the OUs in scope (the
   * stack's `organizationalUnitIds`). Accounts under them, existing and future, get Security Hub.
   */
  readonly policyTargetIds: readonly string[];
  /**
   * Accounts under a target that the stack leaves alone (its `excludedAccountIds`): associated
   * with `SELF_MANAGED_SECURITY_HUB`, so the policy neither enables nor disables anything there.
   * Defaults to none.
   */
  readonly selfManagedAccountIds?: readonly string[];
  /** Whether to protect the designations and configurations from deletion. Defaults to true. */
  readonly protect?: boolean;
}

/** The configuration policy's name and the association id of a self-managed account. */
export const SECURITY_HUB_POLICY_NAME = "inspector-rollout";
export const SELF_MANAGED_POLICY_ID = "SELF_MANAGED_SECURITY_HUB";

/**
 * The configuration policy: Security Hub on, no standards (standards and their AWS Config
 * recording are a separate, billed decision), every control of an enabled standard on. Security
 * Hub needs no standard to receive Inspector findings: "After you enable Security Hub CSPM, the
 * Amazon Inspector integration ... is automatically activated" (Inspector UG,
 * securityhub-integration). CreateConfigurationPolicy refuses a policy with Security Hub enabled
 * whose standards or control configuration are absent ("Enabled standards and security control
 * configurations must be configured when Security Hub is enabled": terraform-provider-aws
 * #36739), so both are given, empty.
 */
export const SECURITY_HUB_POLICY: aws.types.input.securityhub.ConfigurationPolicyConfigurationPolicy =
  {
    serviceEnabled: true,
    enabledStandardArns: [],
    securityControlsConfiguration: { disabledControlIdentifiers: [] },
  };

/**
 * Security Hub for every account in scope, existing and future, through central configuration:
 *
 * 1. per Region, Security Hub enabled in the administrator (default standards off) and the
 *    administrator designated from the management account;
 * 2. the finding aggregator in the home Region over the other governed Regions ("Central
 *    configuration also requires an aws.securityhub.FindingAggregator": provider docs; the home
 *    Region is the aggregation Region);
 * 3. the organization configuration, once, in the home Region: CENTRAL, with `autoEnable` false
 *    and `autoEnableStandards` NONE, the only values CENTRAL accepts ("Auto Enable and
 *    AutoEnableStandards can not be enabled for Central Configuration"); it covers the home Region
 *    and every linked Region;
 * 4. one configuration policy (Security Hub on) associated with the root or the scoped OUs, and
 *    `SELF_MANAGED_SECURITY_HUB` for excluded accounts under them.
 *
 * LOCAL configuration with `autoEnable` (what this replaced) only reaches accounts that join
 * later; the existing members never got Security Hub, so their Inspector findings never reached
 * the aggregator. Central configuration needs a delegated administrator that is not the
 * management account (provider docs, OrganizationConfiguration), which the stack config
 * already requires.
 *
 * No `ProductSubscription` for Inspector: the integration activates with Security Hub, and a
 * second writer of the same subscription could only conflict with it.
 *
 * Everything is retained on delete: removing it would disable Security Hub or reset the
 * organization to LOCAL with auto-enable false for every account.
 *
 * @example
 * new SecurityHubOrganization("inspector-securityhub", { adminAccountId: "222222222222",
 *   regions: ["us-east-1", "eu-west-1"], homeRegion: "us-east-1", managementProvider,
 *   policyTargetIds: ["r-a1b2"] }, { provider: delegatedAdmin });
 */
export class SecurityHubOrganization extends pulumi.ComponentResource {
  public readonly accounts: Readonly<Record<string, aws.securityhub.Account>>;
  public readonly adminAccounts: Readonly<Record<string, aws.securityhub.OrganizationAdminAccount>>;
  public readonly aggregator: aws.securityhub.FindingAggregator;
  /** The organization configuration (CENTRAL), in the home Region. */
  public readonly configuration: aws.securityhub.OrganizationConfiguration;
  public readonly policy: aws.securityhub.ConfigurationPolicy;
  /** The associations, keyed by target id (root, OU or account). */
  public readonly associations: Readonly<
    Record<string, aws.securityhub.ConfigurationPolicyAssociation>
  >;

  constructor(
    name: string,
    args: SecurityHubOrganizationArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:SecurityHubOrganization`, name, {}, opts);
    const home = args.homeRegion;
    if (!args.regions.includes(home)) {
      throw new pulumi.ResourceError(
        `homeRegion (${home}) is not one of regions (${args.regions.join(", ")}); central configuration is set in the aggregation Region, which must be governed`,
        this,
      );
    }
    if (args.policyTargetIds.length === 0) {
      throw new pulumi.ResourceError(
        "policyTargetIds is empty; pass the organization root or the OUs in scope",
        this,
      );
    }
    const keep = { parent: this, retainOnDelete: true, protect: args.protect ?? true };
    const accounts: Record<string, aws.securityhub.Account> = {};
    const adminAccounts: Record<string, aws.securityhub.OrganizationAdminAccount> = {};
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
    }
    const others = args.regions.filter((r) => r !== home);
    this.aggregator = new aws.securityhub.FindingAggregator(
      `${name}-aggregator`,
      others.length > 0
        ? { region: home, linkingMode: "SPECIFIED_REGIONS", specifiedRegions: others }
        : { region: home, linkingMode: "NO_REGIONS" },
      { ...keep, dependsOn: Object.values(adminAccounts) },
    );
    // The name keeps the LOCAL configuration's home-Region name, so a stack that had it updates
    // it in place.
    this.configuration = new aws.securityhub.OrganizationConfiguration(
      `${name}-org-${home}`,
      {
        region: home,
        autoEnable: false,
        autoEnableStandards: "NONE",
        organizationConfiguration: { configurationType: "CENTRAL" },
      },
      { ...keep, dependsOn: [this.aggregator] },
    );
    this.policy = new aws.securityhub.ConfigurationPolicy(
      `${name}-policy`,
      {
        region: home,
        name: SECURITY_HUB_POLICY_NAME,
        description:
          "Security Hub on in every account in scope, so Amazon Inspector findings reach the aggregator; no standards",
        configurationPolicy: SECURITY_HUB_POLICY,
      },
      { ...keep, dependsOn: [this.configuration] },
    );
    // An account's own association wins over its OU's. The excluded accounts are made
    // self-managed first, so the OU's policy never enables Security Hub there, even briefly.
    const associations: Record<string, aws.securityhub.ConfigurationPolicyAssociation> = {};
    for (const accountId of args.selfManagedAccountIds ?? []) {
      associations[accountId] = new aws.securityhub.ConfigurationPolicyAssociation(
        `${name}-${accountId}`,
        { region: home, targetId: accountId, policyId: SELF_MANAGED_POLICY_ID },
        { ...keep, dependsOn: [this.configuration] },
      );
    }
    const selfManaged = Object.values(associations);
    for (const targetId of args.policyTargetIds) {
      associations[targetId] = new aws.securityhub.ConfigurationPolicyAssociation(
        `${name}-${targetId}`,
        { region: home, targetId, policyId: this.policy.id },
        { ...keep, dependsOn: selfManaged },
      );
    }
    this.accounts = Object.freeze(accounts);
    this.adminAccounts = Object.freeze(adminAccounts);
    this.associations = Object.freeze(associations);
    this.registerOutputs({
      accounts: this.accounts,
      adminAccounts: this.adminAccounts,
      aggregator: this.aggregator,
      configuration: this.configuration,
      policy: this.policy,
      associations: this.associations,
    });
  }
}
