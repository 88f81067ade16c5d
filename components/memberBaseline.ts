/**
 * The member baseline: one CloudFormation StackSet with service-managed permissions and
 * auto-deployment, and one StackInstances resource for every target (the scoped OUs or the root)
 * and Region.
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
  /** How many accounts the targets hold (sizes the operation's timeout). */
  readonly accountCount: number;
}

/**
 * Minutes one member stack of the baseline takes to create, with margin: two IAM roles, a managed
 * policy, SSM documents, an association that does not wait for its run, a registry setting.
 */
export const STACK_MINUTES = 10;

/** The provider's default operation timeout (`aws_cloudformation_stack_instances`), a floor. */
const DEFAULT_TIMEOUT_MINUTES = 30;

/**
 * The create/update timeout of the one StackInstances operation, sized from the organization:
 * StackSets deploys `maxConcurrentPercentage` of the accounts at a time (rounded down, at least
 * one; CloudFormation UG stacksets-concepts, "Maximum concurrent accounts"), Region after Region
 * when SEQUENTIAL or all Regions at once when PARALLEL, so the operation takes about
 * batches x (Regions, when sequential) x {@link STACK_MINUTES}. Never below the provider's
 * default of 30 minutes.
 */
export function stackInstancesTimeoutMinutes(
  accountCount: number,
  regionCount: number,
  operation: StackSetOperationSettings,
): number {
  const perBatch = Math.max(
    1,
    Math.floor((accountCount * operation.maxConcurrentPercentage) / 100),
  );
  const batches = Math.ceil(Math.max(1, accountCount) / perBatch);
  const regionFactor = operation.regionConcurrencyType === "SEQUENTIAL" ? regionCount : 1;
  return Math.max(DEFAULT_TIMEOUT_MINUTES, batches * regionFactor * STACK_MINUTES);
}

/** The deployment targets: the targets, minus the excluded accounts. */
export function buildDeploymentTargets(
  targetIds: readonly string[],
  excludedAccountIds: readonly string[],
): { organizationalUnitIds: string[]; accountFilterType?: string; accounts?: string[] } {
  return excludedAccountIds.length === 0
    ? { organizationalUnitIds: [...targetIds] }
    : {
        organizationalUnitIds: [...targetIds],
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
  /** The stack instances of every target and Region, one operation. */
  public readonly instances: aws.cloudformation.StackInstances;

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
    // One resource for every target and Region: StackSets runs one operation and orders the
    // Regions itself, where one StackSetInstance per Region would start six operations that
    // queue behind each other (one operation per StackSet at a time) under the provider's
    // 30-minute default each. The timeout is sized from the organization.
    const minutes = stackInstancesTimeoutMinutes(
      args.accountCount,
      args.regions.length,
      args.operation,
    );
    this.instances = new aws.cloudformation.StackInstances(
      name,
      {
        stackSetName: this.stackSet.name,
        callAs: "SELF",
        deploymentTargets: buildDeploymentTargets(args.targetIds, args.excludedAccountIds ?? []),
        regions: [...args.regions],
        operationPreferences,
      },
      childOptions(this, opts, {
        customTimeouts: { create: `${minutes}m`, update: `${minutes}m`, delete: `${minutes}m` },
      }),
    );
    this.registerOutputs({ stackSet: this.stackSet, instances: this.instances });
  }
}
