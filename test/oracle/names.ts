/**
 * The names the program gives AWS resources, held against the services' rules:
 *
 * - each name within its API's length and pattern (data/nameLimits.json, extracted from
 *   botocore by scripts/extractNameLimits.ts; the few rules the models do not carry are below,
 *   with their documentation page), and SSM's reserved document name prefixes;
 * - account-wide names (IAM roles, managed policies, instance profiles, users, groups: "IAM is a
 *   global service") unique per account across Regions, StackSet instances and the program's own
 *   resources in the same account; a repeat is EntityAlreadyExists at deploy time.
 */
import type { PlanResult } from "../../lib/offline/plan";
import nameLimits from "./data/nameLimits.json";
import {
  existsIn,
  MEMBER_ACCOUNT,
  renderValue,
  templatesOfPlan,
  type RenderContext,
} from "./planDocuments";

interface NameRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly source: string;
}

/** Rules the botocore models do not carry, from the services' documentation. */
const DOCUMENTED_RULES: Readonly<Record<string, NameRule>> = {
  // SQS developer guide, "Amazon SQS queue quotas" (queue name).
  "sqs.queueName": {
    min: 1,
    max: 80,
    pattern: "[A-Za-z0-9_-]+(\\.fifo)?",
    source: "SQS DG quotas-queues",
  },
  // SNS API reference, CreateTopic Name.
  "sns.topicName": {
    min: 1,
    max: 256,
    pattern: "[A-Za-z0-9_-]+(\\.fifo)?",
    source: "SNS API CreateTopic",
  },
  // S3 user guide, bucketnamingrules.
  "s3.bucketName": {
    min: 3,
    max: 63,
    pattern: "[a-z0-9][a-z0-9.-]*[a-z0-9]",
    source: "S3 UG bucketnamingrules",
  },
  // Lambda API reference, CreateFunction FunctionName ("the name ... is limited to 64 characters").
  "lambda.functionName": {
    min: 1,
    max: 64,
    pattern: "[a-zA-Z0-9_-]+",
    source: "Lambda API CreateFunction",
  },
  // CloudFormation API reference, CreateStackSet StackSetName.
  "cloudformation.stackSetName": {
    min: 1,
    max: 128,
    pattern: "[a-zA-Z][-a-zA-Z0-9]*",
    source: "CloudFormation API CreateStackSet",
  },
};

const RULES: Readonly<Record<string, NameRule>> = {
  ...(nameLimits as Record<string, NameRule>),
  ...DOCUMENTED_RULES,
};

/** One name the program sets, where it is set, and the rule it answers to. */
export interface PlannedName {
  readonly rule: string;
  readonly value: string;
  readonly source: string;
  /** For account-wide names: the account and the IAM namespace (`role`, `policy`, ...). */
  readonly accountWide?: { readonly account: string; readonly namespace: string };
}

/** Registered resource types: input -> rule, and the IAM namespace of account-wide names. */
const PLAN_NAMES: Readonly<Record<string, readonly [string, string, string?][]>> = {
  "aws:iam/role:Role": [
    ["name", "iam.roleName", "role"],
    ["path", "iam.path"],
    ["description", "iam.roleDescription"],
  ],
  "aws:iam/rolePolicy:RolePolicy": [["name", "iam.inlinePolicyName"]],
  "aws:iam/policy:Policy": [
    ["name", "iam.managedPolicyName", "policy"],
    ["path", "iam.path"],
  ],
  "aws:sqs/queue:Queue": [["name", "sqs.queueName"]],
  "aws:sns/topic:Topic": [["name", "sns.topicName"]],
  "aws:s3/bucket:Bucket": [["bucket", "s3.bucketName"]],
  "aws:dynamodb/table:Table": [["name", "dynamodb.tableName"]],
  "aws:cloudwatch/logGroup:LogGroup": [["name", "logs.logGroupName"]],
  "aws:kms/alias:Alias": [["name", "kms.aliasName"]],
  "aws:cloudwatch/eventRule:EventRule": [["name", "events.ruleName"]],
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": [
    ["name", "firehose.deliveryStreamName"],
  ],
  "aws:lambda/function:Function": [["name", "lambda.functionName"]],
  "aws:scheduler/schedule:Schedule": [["name", "scheduler.scheduleName"]],
  "aws:cloudwatch/metricAlarm:MetricAlarm": [["name", "cloudwatch.alarmName"]],
  "aws:inspector2/filter:Filter": [["name", "inspector2.filterName"]],
  "aws:cloudformation/stackSet:StackSet": [["name", "cloudformation.stackSetName"]],
};

/** Template resource types: property -> rule, and the IAM namespace of account-wide names. */
const TEMPLATE_NAMES: Readonly<Record<string, readonly [string, string, string?][]>> = {
  "AWS::IAM::Role": [
    ["RoleName", "iam.roleName", "role"],
    ["Path", "iam.path"],
    ["Description", "iam.roleDescription"],
  ],
  "AWS::IAM::ManagedPolicy": [
    ["ManagedPolicyName", "iam.managedPolicyName", "policy"],
    ["Path", "iam.path"],
  ],
  "AWS::IAM::InstanceProfile": [["InstanceProfileName", "iam.roleName", "instance-profile"]],
  "AWS::IAM::User": [["UserName", "iam.roleName", "user"]],
  "AWS::IAM::Group": [["GroupName", "iam.roleName", "group"]],
  "AWS::SSM::Document": [["Name", "ssm.documentName"]],
  "AWS::SSM::ResourceDataSync": [["SyncName", "ssm.resourceDataSyncName"]],
  "AWS::SSM::Association": [["AssociationName", "ssm.associationName"]],
};

function accountOfProvider(plan: PlanResult, providerRef: string | undefined): string {
  const parts = (providerRef ?? "").split("::");
  const provider = plan.registrations.find(
    (r) => r.type.startsWith("pulumi:providers:") && r.name === parts[parts.length - 2],
  );
  const allowed = provider?.inputs.allowedAccountIds;
  return typeof allowed === "string" ? (JSON.parse(allowed) as string[])[0] : "default";
}

function templateNames(source: string, ctx: RenderContext): PlannedName[] {
  const names: PlannedName[] = [];
  for (const [id, resource] of Object.entries(ctx.template.Resources)) {
    if (!existsIn(resource, ctx)) {
      continue;
    }
    const props = resource.Properties ?? {};
    for (const [property, rule, namespace] of TEMPLATE_NAMES[resource.Type] ?? []) {
      const value = renderValue(props[property], ctx);
      if (typeof value === "string") {
        names.push({
          rule,
          value,
          source: `${source} ${ctx.account} ${ctx.region} ${id}.${property}`,
          ...(namespace === undefined ? {} : { accountWide: { account: ctx.account, namespace } }),
        });
      }
    }
    for (const p of (props.Policies ?? []) as { PolicyName?: unknown }[]) {
      if (typeof p.PolicyName === "string") {
        names.push({
          rule: "iam.inlinePolicyName",
          value: p.PolicyName,
          source: `${source} ${ctx.region} ${id}.Policies`,
        });
      }
    }
  }
  return names;
}

/**
 * Every name of a plan: the registered resources' (account of their provider) and the StackSet
 * templates' rendered in each instance Region, in a member account and in the delegated
 * administrator's account (the StackSet reaches it too).
 */
export function namesOfPlan(plan: PlanResult, delegatedAdminAccountId: string): PlannedName[] {
  const names: PlannedName[] = [];
  for (const r of plan.registrations) {
    for (const [input, rule, namespace] of PLAN_NAMES[r.type] ?? []) {
      const value = r.inputs[input];
      if (typeof value === "string") {
        names.push({
          rule,
          value,
          source: `${r.type} ${r.name}.${input}`,
          ...(namespace === undefined
            ? {}
            : { accountWide: { account: accountOfProvider(plan, r.provider), namespace } }),
        });
      }
    }
  }
  for (const t of templatesOfPlan(plan)) {
    for (const account of [MEMBER_ACCOUNT, delegatedAdminAccountId]) {
      for (const region of t.regions) {
        names.push(...templateNames(t.source, { account, region, template: t.template }));
      }
    }
  }
  return names;
}

function regexOf(pattern: string): RegExp {
  const body = pattern.replace(/^\^/, "").replace(/\$$/, "");
  try {
    return new RegExp(`^(?:${body})$`, "u");
  } catch {
    return new RegExp(`^(?:${body})$`);
  }
}

/** SSM reserves these document name prefixes (SSM API CreateDocument: "aws", "amazon", "amzn"). */
const RESERVED_DOCUMENT_PREFIXES = ["aws", "amazon", "amzn"];

/** Every name outside its service's rules. */
export function checkNameRules(names: readonly PlannedName[]): string[] {
  const problems: string[] = [];
  for (const n of names) {
    const rule = RULES[n.rule];
    if (rule === undefined) {
      throw new Error(`no rule ${n.rule}`);
    }
    const length = [...n.value].length;
    if (rule.min !== undefined && length < rule.min) {
      problems.push(`${n.source}: "${n.value}" is shorter than ${rule.min} (${rule.source})`);
    }
    if (rule.max !== undefined && length > rule.max) {
      problems.push(
        `${n.source}: "${n.value}" is ${length} characters, over ${rule.max} (${rule.source})`,
      );
    }
    if (rule.pattern !== undefined && !regexOf(rule.pattern).test(n.value)) {
      problems.push(`${n.source}: "${n.value}" does not match ${rule.pattern} (${rule.source})`);
    }
    if (
      n.rule === "ssm.documentName" &&
      RESERVED_DOCUMENT_PREFIXES.some((p) => n.value.toLowerCase().startsWith(p))
    ) {
      problems.push(
        `${n.source}: "${n.value}" starts with a prefix SSM reserves for AWS documents`,
      );
    }
  }
  return problems;
}

/** Every account-wide name given twice in one account (IAM names are case-insensitive). */
export function checkAccountWideNames(names: readonly PlannedName[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const n of names) {
    if (n.accountWide === undefined) {
      continue;
    }
    const key = `${n.accountWide.account}/${n.accountWide.namespace}/${n.value.toLowerCase()}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, n.source);
    } else {
      problems.push(
        `account ${n.accountWide.account}: IAM ${n.accountWide.namespace} "${n.value}" of ${n.source} is already created by ${first} (EntityAlreadyExists)`,
      );
    }
  }
  return problems;
}
