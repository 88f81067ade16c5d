/**
 * The CloudFormation template of the member baseline StackSet, built in code as typed pieces.
 *
 * The baseline is the one StackSet that carries what every member account needs
 * (../shared/DESIGN.md, "Accounts, regions, roles"). Each capability contributes a
 * {@link TemplatePiece}; later capabilities (the remediation execution role, SSM documents) add
 * pieces to the list passed to {@link buildMemberBaselineTemplate} rather than editing this one.
 */

/** A CloudFormation intrinsic or any JSON value a property takes. */
export type CfnValue =
  string | number | boolean | readonly CfnValue[] | { readonly [key: string]: CfnValue };

/** One CloudFormation resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, CfnValue>>;
  readonly DependsOn?: readonly string[];
  /** A template condition: the resource exists only where it is true. */
  readonly Condition?: string;
  /** `Retain` keeps the resource when the stack (or the resource) is deleted. */
  readonly DeletionPolicy?: "Retain" | "Delete";
  readonly UpdateReplacePolicy?: "Retain" | "Delete";
}

/** A template output. */
export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnValue;
}

/** A whole template. */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion: "2010-09-09";
  readonly Description: string;
  readonly Conditions?: Readonly<Record<string, CfnValue>>;
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, CfnOutput>>;
}

/** What one capability adds to the baseline. */
export interface TemplatePiece {
  /** What it is for, one phrase (listed in the template description). */
  readonly purpose: string;
  readonly resources: Readonly<Record<string, CfnResource>>;
  /** Template conditions the piece's resources use. Defaults to none. */
  readonly conditions?: Readonly<Record<string, CfnValue>>;
  readonly outputs?: Readonly<Record<string, CfnOutput>>;
}

/**
 * The condition of account-wide resources: true only in the stack instance of the account's
 * home Region.
 *
 * IAM names are account-wide ("IAM is a global service": a role, managed policy or instance
 * profile name is unique in the account, IAM UG reference_iam-quotas), and the member baseline
 * is instantiated once per account *and governed Region*: a named IAM resource in every Region
 * fails the second Region with EntityAlreadyExists. Of the two ways to create such things once
 * per account (a second StackSet in the home Region only, or a Region condition in the one
 * template) the condition is chosen: one StackSet, one operation and one auto-deployment per
 * new account; no ordering between two StackSets to get wrong; the regional resources never
 * reference the account-wide ones by CloudFormation (the runbooks receive their role at run
 * time), so the home Region's stack and the others are independent. The home Region is always a
 * governed Region (config validation), so every targeted account gets the account-wide resources.
 */
export const ACCOUNT_WIDE_CONDITION = "IsAccountWideRegion";

/** Marks a resource as account-wide: created only in the stack of the account-wide Region. */
export function accountWide<R extends CfnResource>(resource: R): R {
  return { ...resource, Condition: ACCOUNT_WIDE_CONDITION };
}

/** Options of {@link buildMemberBaselineTemplate}. */
export interface MemberBaselineTemplateOptions {
  /**
   * The one Region whose stack instance creates the account-wide resources (the delegated
   * administrator's home Region). Required as soon as a piece has an account-wide resource.
   */
  readonly accountWideRegion?: string;
}

/** Raised when two pieces use the same logical id. */
export class TemplateConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateConflictError";
  }
}

/**
 * Merges the pieces into one template. Throws {@link TemplateConflictError} when two pieces
 * declare the same logical id, or when there is no piece at all (an empty template is invalid).
 */
export function buildMemberBaselineTemplate(
  pieces: readonly TemplatePiece[],
  options: MemberBaselineTemplateOptions = {},
): CfnTemplate {
  if (pieces.length === 0) {
    throw new TemplateConflictError(
      "the member baseline has no piece; a template needs a resource",
    );
  }
  const resources: Record<string, CfnResource> = {};
  const outputs: Record<string, CfnOutput> = {};
  const conditions: Record<string, CfnValue> = {};
  for (const piece of pieces) {
    for (const [id, condition] of Object.entries(piece.conditions ?? {})) {
      if (id in conditions || id === ACCOUNT_WIDE_CONDITION) {
        throw new TemplateConflictError(
          `condition ${id} of "${piece.purpose}" is already used by another piece`,
        );
      }
      conditions[id] = condition;
    }
    for (const [id, resource] of Object.entries(piece.resources)) {
      if (id in resources) {
        throw new TemplateConflictError(
          `logical id ${id} of "${piece.purpose}" is already used by another piece`,
        );
      }
      resources[id] = resource;
    }
    for (const [id, output] of Object.entries(piece.outputs ?? {})) {
      if (id in outputs) {
        throw new TemplateConflictError(
          `output ${id} of "${piece.purpose}" is already used by another piece`,
        );
      }
      outputs[id] = output;
    }
  }
  if (Object.values(resources).some((r) => r.Condition === ACCOUNT_WIDE_CONDITION)) {
    if (options.accountWideRegion === undefined) {
      throw new TemplateConflictError(
        `a piece has account-wide resources (condition ${ACCOUNT_WIDE_CONDITION}) but no accountWideRegion was given`,
      );
    }
    conditions[ACCOUNT_WIDE_CONDITION] = {
      "Fn::Equals": [{ Ref: "AWS::Region" }, options.accountWideRegion],
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `inspector-rollout member baseline: ${pieces.map((p) => p.purpose).join("; ")}`,
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Resources: resources,
    ...(Object.keys(outputs).length > 0 ? { Outputs: outputs } : {}),
  };
}

/** The SSM service setting that names the Default Host Management role. */
export const DHMC_SETTING_ID = "/ssm/managed-instance/default-ec2-instance-management-role";

const SETTING_ARN = {
  "Fn::Sub": `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:servicesetting${DHMC_SETTING_ID}`,
};

/**
 * SSM Default Host Management Configuration (DHMC): Systems Manager manages every EC2 instance
 * of the account and Region without an instance profile, which agent-based Inspector scanning
 * needs ("the instance managed by SSM in the same account", inspector-facts §4.5).
 *
 * CloudFormation has no resource for an SSM service setting, so the piece follows AWS's own
 * sample (aws-samples/aws-systems-manager-default-host-management-configuration): an Automation
 * runbook that calls UpdateServiceSetting, run by a State Manager association on creation and
 * weekly after (which also reverts a console change), under a role that may only update that
 * setting and pass the DHMC role to SSM. No Lambda-backed custom resource is needed.
 *
 * The DHMC role has a generated name (the Region is part of the stack, and IAM names are
 * account-wide) and is retained when the stack is deleted, so instances stay managed; the
 * service setting keeps pointing at it. Reset it with `aws ssm reset-service-setting`.
 */
export function defaultHostManagementPiece(): TemplatePiece {
  return {
    purpose: "SSM Default Host Management Configuration",
    resources: {
      DefaultHostManagementRole: {
        Type: "AWS::IAM::Role",
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          Description: "SSM Default Host Management Configuration role (inspector-rollout)",
          Path: "/service-role/",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "ssm.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          },
          ManagedPolicyArns: [
            {
              "Fn::Sub":
                "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy",
            },
          ],
        },
      },
      DefaultHostManagementAutomationRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          Description: "Runs the runbook that sets the SSM Default Host Management role",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "ssm.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: "SetDefaultHostManagementRole",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Sid: "UpdateDhmcSetting",
                    Effect: "Allow",
                    Action: ["ssm:GetServiceSetting", "ssm:UpdateServiceSetting"],
                    Resource: SETTING_ARN,
                  },
                  {
                    Sid: "PassDhmcRoleToSsm",
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: { "Fn::GetAtt": ["DefaultHostManagementRole", "Arn"] },
                    Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
                  },
                ],
              },
            },
          ],
        },
      },
      DefaultHostManagementRunbook: {
        Type: "AWS::SSM::Document",
        Properties: {
          DocumentType: "Automation",
          Content: {
            schemaVersion: "0.3",
            description: "Sets the SSM Default Host Management role (inspector-rollout).",
            assumeRole: "{{ AutomationAssumeRole }}",
            parameters: {
              AutomationAssumeRole: { type: "String" },
              RoleName: { type: "String" },
            },
            mainSteps: [
              {
                name: "updateServiceSetting",
                action: "aws:executeAwsApi",
                onFailure: "Abort",
                inputs: {
                  Service: "ssm",
                  Api: "UpdateServiceSetting",
                  SettingId: SETTING_ARN,
                  SettingValue: "{{ RoleName }}",
                },
              },
              {
                name: "verifyServiceSetting",
                action: "aws:assertAwsResourceProperty",
                isEnd: true,
                inputs: {
                  Service: "ssm",
                  Api: "GetServiceSetting",
                  SettingId: SETTING_ARN,
                  PropertySelector: "$.ServiceSetting.SettingValue",
                  DesiredValues: ["{{ RoleName }}"],
                },
              },
            ],
          },
        },
      },
      DefaultHostManagementAssociation: {
        Type: "AWS::SSM::Association",
        Properties: {
          Name: { Ref: "DefaultHostManagementRunbook" },
          // No WaitForSuccessTimeoutSeconds: the association's first run starts right after the
          // two roles are created, before IAM may have propagated them ("changes are eventually
          // consistent", IAM UG troubleshoot_general); waiting for success would fail the stack on
          // that race, roll it back and leave the retained DHMC role behind. The run's outcome is
          // the association's status instead, and a daily schedule converges a failed first run
          // within a day (and reverts a console change).
          ScheduleExpression: "rate(1 day)",
          Parameters: {
            AutomationAssumeRole: [
              { "Fn::GetAtt": ["DefaultHostManagementAutomationRole", "Arn"] },
            ],
            // The setting's value is the role name with its path (SSM UG, DHMC).
            RoleName: [{ "Fn::Sub": "service-role/${DefaultHostManagementRole}" }],
          },
        },
      },
    },
    outputs: {
      DefaultHostManagementRoleArn: {
        Description: "The SSM Default Host Management role",
        Value: { "Fn::GetAtt": ["DefaultHostManagementRole", "Arn"] },
      },
    },
  };
}

/** One rule of the registry scanning configuration. */
export interface RegistryScanningRule {
  readonly scanFrequency: "SCAN_ON_PUSH" | "CONTINUOUS_SCAN";
  readonly repositoryFilters: readonly {
    readonly filter: string;
    readonly filterType: "WILDCARD";
  }[];
}

/** Condition of the registry scanning configuration: not in the delegated administrator. */
export const NOT_DELEGATED_ADMIN_CONDITION = "IsNotDelegatedAdministrator";

/**
 * The member's own ECR registry scanning configuration (registry scanning is per account
 * registry and Region, so the delegated administrator's setting does not reach members).
 * Retained on delete: deleting a registry scanning configuration reverts the registry to BASIC
 * scanning, which switches Inspector's ECR scanning off for that account.
 *
 * One writer per registry: the delegated administrator is usually inside the targeted OUs, and
 * its registry is already written by the program's own `aws.ecr.RegistryScanningConfiguration`
 * (scan settings, ordered after enablement in each Region). Two writers of one registry setting
 * fight on every change and the last one wins, so the StackSet leaves that account out with a
 * condition on the account id (the rest of the baseline still reaches it).
 */
export function registryScanningPiece(
  rules: readonly RegistryScanningRule[],
  delegatedAdminAccountId: string,
): TemplatePiece {
  return {
    purpose: "ECR enhanced scanning rules",
    conditions: {
      [NOT_DELEGATED_ADMIN_CONDITION]: {
        "Fn::Not": [{ "Fn::Equals": [{ Ref: "AWS::AccountId" }, delegatedAdminAccountId] }],
      },
    },
    resources: {
      RegistryScanningConfiguration: {
        Type: "AWS::ECR::RegistryScanningConfiguration",
        Condition: NOT_DELEGATED_ADMIN_CONDITION,
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          ScanType: "ENHANCED",
          Rules: rules.map((r) => ({
            ScanFrequency: r.scanFrequency,
            RepositoryFilters: r.repositoryFilters.map((f) => ({
              Filter: f.filter,
              FilterType: f.filterType,
            })),
          })),
        },
      },
    },
  };
}

/**
 * The registry scanning rules from the configured filters: at most two rules (one per
 * frequency, the ECR limit), a frequency with no filters left out.
 */
export function buildRegistryScanningRules(
  scanOnPushFilters: readonly string[],
  continuousScanFilters: readonly string[],
): RegistryScanningRule[] {
  const rule = (
    scanFrequency: RegistryScanningRule["scanFrequency"],
    filters: readonly string[],
  ): RegistryScanningRule[] =>
    filters.length === 0
      ? []
      : [
          {
            scanFrequency,
            repositoryFilters: filters.map((filter) => ({ filter, filterType: "WILDCARD" })),
          },
        ];
  return [
    ...rule("SCAN_ON_PUSH", scanOnPushFilters),
    ...rule("CONTINUOUS_SCAN", continuousScanFilters),
  ];
}
