/**
 * The member baseline: one CloudFormation StackSet with service-managed permissions and
 * auto-deployment, with one stack instance per target (the scoped OUs or the root) and Region.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TOKEN_PREFIX, childOptions } from "./common";
import type { CfnTemplate } from "./memberBaselineTemplate";

/** How StackSets rolls an operation out. */
export interface StackSetOperationSettings {
  readonly maxConcurrentPercentage: number;
  readonly failureTolerancePercentage: number;
  readonly regionConcurrencyType: "PARALLEL" | "SEQUENTIAL";
}

const NAMED_IAM_PROPERTIES = [
  "RoleName",
  "ManagedPolicyName",
  "UserName",
  "GroupName",
  "InstanceProfileName",
];

/**
 * CloudFormation needs CAPABILITY_NAMED_IAM as soon as one IAM resource has a custom name (the
 * remediation execution role must have a fixed name so the delegated admin can assume it), else
 * CAPABILITY_IAM.
 */
export function requiredCapability(
  template: CfnTemplate,
): "CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM" {
  const isNamed = Object.values(template.Resources).some(
    (r) =>
      r.Type.startsWith("AWS::IAM::") &&
      NAMED_IAM_PROPERTIES.some((p) => (r.Properties ?? {})[p] !== undefined),
  );
  return isNamed ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM";
}

/** Arguments of {@link MemberBaseline}. */
export interface MemberBaselineArgs {
  /** The StackSet name, unique in the management account's home Region. */
  readonly stackSetName: string;
  /** The template (see buildMemberBaselineTemplate). */
  readonly template: CfnTemplate;
  /** The organization root id or OU ids to deploy to. */
  readonly targetIds: readonly string[];
  /** The Regions to deploy to. */
  readonly regions: readonly string[];
  /** Accounts under the targets that get no stack. Defaults to none. */
  readonly excludedAccountIds?: readonly string[];
  /** Concurrency and failure tolerance. */
  readonly operation: StackSetOperationSettings;
}

/** The deployment targets of one instance: the target, minus the excluded accounts. */
export function buildDeploymentTargets(
  targetId: string,
  excludedAccountIds: readonly string[],
): { organizationalUnitIds: string[]; accountFilterType?: string; accounts?: string[] } {
  return excludedAccountIds.length === 0
    ? { organizationalUnitIds: [targetId] }
    : {
        organizationalUnitIds: [targetId],
        accountFilterType: "DIFFERENCE",
        accounts: [...excludedAccountIds],
      };
}

/**
 * Runs in the Organizations management account (`opts.provider`, `callAs: SELF`): StackSets
 * with service-managed permissions are created there or by a CloudFormation delegated
 * administrator, "but all operations are performed by the management account" (CloudFormation
 * UG, stacksets-orgs-associate-stackset-with-org), so the management account is the simpler
 * owner. Trusted access for CloudFormation StackSets must be active in the organization.
 * StackSets never deploys to the management account itself.
 *
 * @example
 * new MemberBaseline("inspector-member-baseline", { stackSetName: "inspector-rollout-member-baseline",
 *   template, targetIds: ["r-a1b2"], regions: ["us-east-1"], operation: { maxConcurrentPercentage: 25,
 *   failureTolerancePercentage: 10, regionConcurrencyType: "PARALLEL" } }, { provider: management });
 */
export class MemberBaseline extends pulumi.ComponentResource {
  /** The StackSet. */
  public readonly stackSet: aws.cloudformation.StackSet;
  /** The stack instances, keyed `<target>/<region>`. */
  public readonly instances: Readonly<Record<string, aws.cloudformation.StackSetInstance>>;

  constructor(name: string, args: MemberBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:MemberBaseline`, name, {}, opts);
    const operationPreferences = { ...args.operation };
    this.stackSet = new aws.cloudformation.StackSet(
      name,
      {
        name: args.stackSetName,
        description: args.template.Description,
        permissionModel: "SERVICE_MANAGED",
        callAs: "SELF",
        // Accounts that join a target OU later get the baseline too; an account that leaves
        // loses its stack (resources marked Retain in the template stay).
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: [requiredCapability(args.template)],
        managedExecution: { active: true },
        operationPreferences,
        templateBody: JSON.stringify(args.template),
      },
      // With SERVICE_MANAGED permissions the service fills in administrationRoleArn, which the
      // provider would otherwise show as a change on every run.
      childOptions(this, opts, { ignoreChanges: ["administrationRoleArn"] }),
    );
    const instances: Record<string, aws.cloudformation.StackSetInstance> = {};
    for (const targetId of args.targetIds) {
      for (const region of args.regions) {
        instances[`${targetId}/${region}`] = new aws.cloudformation.StackSetInstance(
          `${name}-${targetId}-${region}`,
          {
            stackSetName: this.stackSet.name,
            callAs: "SELF",
            deploymentTargets: buildDeploymentTargets(targetId, args.excludedAccountIds ?? []),
            stackSetInstanceRegion: region,
            operationPreferences,
          },
          childOptions(this, opts),
        );
      }
    }
    this.instances = Object.freeze(instances);
    this.registerOutputs({ stackSet: this.stackSet, instances: this.instances });
  }
}
