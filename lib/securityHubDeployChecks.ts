/**
 * What AWS requires of Security Hub's organization resources in a plan, and whether they reach
 * the accounts in scope: checks over planned resources (see lib/findingsDeployChecks.ts), one
 * sentence per problem. Sources: the Security Hub API reference (UpdateOrganizationConfiguration,
 * CreateConfigurationPolicy, StartConfigurationPolicyAssociation, CreateFindingAggregator), the
 * provider docs of the same resources, and the Organizations id patterns.
 */
import type { PlannedResource } from "./findingsDeployChecks";

/** The Security Hub resource types checked here. */
const TYPES = {
  aggregator: "aws:securityhub/findingAggregator:FindingAggregator",
  orgConfiguration: "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
  policy: "aws:securityhub/configurationPolicy:ConfigurationPolicy",
  association: "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
  member: "aws:securityhub/member:Member",
} as const;

/** Where the stack means Security Hub to apply: the root or the OUs in scope. */
export interface SecurityHubScopeCheck {
  readonly policyTargetIds: readonly string[];
}

const LINKING_MODES = [
  "ALL_REGIONS",
  "ALL_REGIONS_EXCEPT_SPECIFIED",
  "SPECIFIED_REGIONS",
  "NO_REGIONS",
] as const;
/** CreateConfigurationPolicy: "Alphanumeric characters and the following ASCII characters are permitted: -, ., !, *, /". */
const POLICY_NAME = /^[A-Za-z0-9\-.!*/]+$/;
/** Organizations id patterns: root, OU, account (Organizations API reference). */
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
const SELF_MANAGED = "SELF_MANAGED_SECURITY_HUB";

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Every URN a resource waits for, directly or through others. */
function transitiveDependencies(
  resource: PlannedResource,
  byUrn: ReadonlyMap<string, PlannedResource>,
): Set<string> {
  const seen = new Set<string>();
  const pending = [...resource.dependencies];
  while (pending.length > 0) {
    const urn = pending.pop() as string;
    if (!seen.has(urn)) {
      seen.add(urn);
      pending.push(...(byUrn.get(urn)?.dependencies ?? []));
    }
  }
  return seen;
}

/**
 * Security Hub for the organization:
 * - coverage: Security Hub must reach the accounts that exist, not only those that join later:
 *   a LOCAL configuration's `autoEnable` "automatically enable[s] Security Hub in new member
 *   accounts when they join" (UpdateOrganizationConfiguration), so without CENTRAL
 *   configuration and a policy association (or Member resources) existing accounts never send
 *   their Inspector findings to the aggregator;
 * - CENTRAL: `autoEnable` false and `autoEnableStandards` NONE ("set to false and can't be
 *   changed"), set once, in the aggregation Region ("can opt-in to Central Configuration only in
 *   the aggregation region of FindingAggregator"), after the aggregator exists; no LOCAL
 *   configuration of the same administrator in another Region;
 * - policies and associations after CENTRAL, in its Region ("Only the ... delegated
 *   administrator can invoke this operation from the home Region"); a policy name of the
 *   permitted characters; with Security Hub enabled, standards and a control configuration
 *   given ("Enabled standards and security control configurations must be configured when
 *   Security Hub is enabled"), one of enabled or disabled controls; association targets that are
 *   a root, OU or account id, every scope target associated, and policy ids that name a policy
 *   of the plan or SELF_MANAGED_SECURITY_HUB;
 * - the aggregator's linking mode and Regions (CreateFindingAggregator).
 */
export function checkSecurityHubOrganization(
  resources: readonly PlannedResource[],
  scope?: SecurityHubScopeCheck,
): string[] {
  const problems: string[] = [];
  const of = (type: string) => resources.filter((r) => r.type === type);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const aggregators = of(TYPES.aggregator);
  const configurations = of(TYPES.orgConfiguration);
  const policies = of(TYPES.policy);
  const associations = of(TYPES.association);
  if (configurations.length === 0 && aggregators.length === 0) {
    return problems;
  }
  const central = configurations.filter(
    (c) => record(c.inputs.organizationConfiguration).configurationType === "CENTRAL",
  );
  const hasMembers = resources.some((r) => r.type === TYPES.member);
  if (central.length === 0 && !hasMembers) {
    problems.push(
      "Security Hub: no CENTRAL configuration and no members, so auto-enable reaches only accounts that join later; existing accounts never get Security Hub",
    );
  }
  for (const aggregator of aggregators) {
    const { linkingMode, specifiedRegions, region } = aggregator.inputs;
    const regions = Array.isArray(specifiedRegions) ? (specifiedRegions as string[]) : [];
    if (!(LINKING_MODES as readonly unknown[]).includes(linkingMode)) {
      problems.push(`aggregator ${aggregator.name}: linkingMode ${String(linkingMode)} is unknown`);
    } else if (String(linkingMode).includes("SPECIFIED") !== regions.length > 0) {
      problems.push(
        `aggregator ${aggregator.name}: linkingMode ${String(linkingMode)} with ${regions.length} specifiedRegions`,
      );
    }
    if (regions.includes(String(region))) {
      problems.push(`aggregator ${aggregator.name}: lists its own Region ${String(region)}`);
    }
  }
  if (central.length > 1) {
    problems.push(
      `Security Hub: ${central.length} CENTRAL configurations; set it once, in the home Region`,
    );
  }
  for (const configuration of central) {
    const at = `organization configuration ${configuration.name}`;
    const { autoEnable, autoEnableStandards, region } = configuration.inputs;
    if (autoEnable !== false || autoEnableStandards !== "NONE") {
      problems.push(
        `${at}: CENTRAL needs autoEnable false and autoEnableStandards NONE, got ${String(autoEnable)} and ${String(autoEnableStandards)}`,
      );
    }
    const deps = transitiveDependencies(configuration, byUrn);
    const aggregator = aggregators.find((a) => deps.has(a.urn));
    if (aggregator === undefined) {
      problems.push(`${at}: CENTRAL is set without waiting for a finding aggregator`);
    } else if (aggregator.inputs.region !== region) {
      problems.push(
        `${at}: CENTRAL in ${String(region)}, but the aggregation Region is ${String(aggregator.inputs.region)}`,
      );
    }
    for (const other of configurations.filter((c) => !central.includes(c))) {
      problems.push(
        `organization configuration ${other.name}: LOCAL in ${String(other.inputs.region)} while ${configuration.name} is CENTRAL`,
      );
    }
  }
  const needsCentral = (resource: PlannedResource, what: string) => {
    const deps = transitiveDependencies(resource, byUrn);
    const configuration = central.find((c) => deps.has(c.urn));
    if (configuration === undefined) {
      problems.push(`${what} ${resource.name}: does not wait for the CENTRAL configuration`);
    } else if (resource.inputs.region !== configuration.inputs.region) {
      problems.push(
        `${what} ${resource.name}: in ${String(resource.inputs.region)}, not the home Region ${String(configuration.inputs.region)}`,
      );
    }
  };
  for (const policy of policies) {
    needsCentral(policy, "configuration policy");
    const { name, description, configurationPolicy } = policy.inputs;
    if (typeof name !== "string" || !POLICY_NAME.test(name)) {
      problems.push(
        `configuration policy ${policy.name}: name ${JSON.stringify(name)} has characters CreateConfigurationPolicy refuses`,
      );
    }
    if (description !== undefined && !(typeof description === "string" && /\S/.test(description))) {
      problems.push(`configuration policy ${policy.name}: description is blank`);
    }
    const body = record(configurationPolicy);
    const controls = record(body.securityControlsConfiguration);
    const controlLists = ["enabledControlIdentifiers", "disabledControlIdentifiers"].filter((k) =>
      Array.isArray(controls[k]),
    );
    if (
      body.serviceEnabled === true &&
      (!Array.isArray(body.enabledStandardArns) || controlLists.length !== 1)
    ) {
      problems.push(
        `configuration policy ${policy.name}: Security Hub enabled needs enabledStandardArns and exactly one of enabledControlIdentifiers or disabledControlIdentifiers`,
      );
    }
  }
  for (const association of associations) {
    needsCentral(association, "association");
    const { targetId, policyId } = association.inputs;
    if (typeof targetId !== "string" || !TARGET_ID.test(targetId)) {
      problems.push(
        `association ${association.name}: targetId ${JSON.stringify(targetId)} is not a root, OU or account id`,
      );
    }
    const deps = transitiveDependencies(association, byUrn);
    // A policy's id is known only after it exists: the association takes it from the policy,
    // which makes the policy a dependency.
    const namesPolicy = policyId === SELF_MANAGED || policies.some((p) => deps.has(p.urn));
    if (!namesPolicy) {
      problems.push(
        `association ${association.name}: policyId ${String(policyId)} names no policy of the plan`,
      );
    }
  }
  for (const target of scope?.policyTargetIds ?? []) {
    const covered = associations.some(
      (a) => a.inputs.targetId === target && a.inputs.policyId !== SELF_MANAGED,
    );
    if (!covered && central.length > 0) {
      problems.push(`Security Hub: scope target ${target} has no configuration policy association`);
    }
  }
  return problems;
}
