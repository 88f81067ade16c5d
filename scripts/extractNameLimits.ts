/**
 * Writes test/oracle/data/nameLimits.json: the length and pattern rules of the names the program
 * gives AWS resources, read from botocore's service models (Debian `python3-botocore`, the
 * services' API definitions; ../shared/reference/aws-data-sources.md). Run it again after a
 * botocore update: `tsx scripts/extractNameLimits.ts [botocore data dir]`.
 *
 * Names whose API shape carries no constraint in the model (SQS queue, SNS topic, S3 bucket, the
 * Lambda function name, whose shape also takes an ARN) are in test/oracle/names.ts with the
 * documentation page they come from.
 */
import * as fs from "fs";
import * as path from "path";

const DATA = process.argv[2] ?? "/usr/lib/python3/dist-packages/botocore/data";
const OUT = path.join(__dirname, "../test/oracle/data/nameLimits.json");

/** rule id -> [service, operation, input member] */
const SOURCES: Readonly<Record<string, readonly [string, string, string]>> = {
  "iam.roleName": ["iam", "CreateRole", "RoleName"],
  "iam.path": ["iam", "CreateRole", "Path"],
  "iam.roleDescription": ["iam", "CreateRole", "Description"],
  "iam.managedPolicyName": ["iam", "CreatePolicy", "PolicyName"],
  "iam.inlinePolicyName": ["iam", "PutRolePolicy", "PolicyName"],
  "ssm.documentName": ["ssm", "CreateDocument", "Name"],
  "ssm.resourceDataSyncName": ["ssm", "CreateResourceDataSync", "SyncName"],
  "ssm.associationName": ["ssm", "CreateAssociation", "AssociationName"],
  "cloudformation.stackSetName": ["cloudformation", "CreateStackSet", "StackSetName"],
  "dynamodb.tableName": ["dynamodb", "CreateTable", "TableName"],
  "logs.logGroupName": ["logs", "CreateLogGroup", "logGroupName"],
  "kms.aliasName": ["kms", "CreateAlias", "AliasName"],
  "events.ruleName": ["events", "PutRule", "Name"],
  "firehose.deliveryStreamName": ["firehose", "CreateDeliveryStream", "DeliveryStreamName"],
  "scheduler.scheduleName": ["scheduler", "CreateSchedule", "Name"],
  "cloudwatch.alarmName": ["cloudwatch", "PutMetricAlarm", "AlarmName"],
  "inspector2.filterName": ["inspector2", "CreateFilter", "name"],
};

interface Shape {
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly members?: Record<string, { shape: string }>;
}

interface ServiceModel {
  readonly operations: Record<string, { input: { shape: string } }>;
  readonly shapes: Record<string, Shape>;
}

function model(service: string): ServiceModel {
  const dir = path.join(DATA, service);
  const version = fs.readdirSync(dir).sort().pop() as string;
  return JSON.parse(
    fs.readFileSync(path.join(dir, version, "service-2.json"), "utf8"),
  ) as ServiceModel;
}

const rules: Record<string, { min?: number; max?: number; pattern?: string; source: string }> = {};
for (const [id, [service, operation, member]] of Object.entries(SOURCES)) {
  const m = model(service);
  const input = m.shapes[m.operations[operation].input.shape];
  const shapeName = input.members?.[member]?.shape;
  if (shapeName === undefined) {
    throw new Error(`${service} ${operation} has no input member ${member}`);
  }
  const shape = m.shapes[shapeName];
  rules[id] = {
    ...(shape.min === undefined ? {} : { min: shape.min }),
    ...(shape.max === undefined ? {} : { max: shape.max }),
    ...(shape.pattern === undefined ? {} : { pattern: shape.pattern }),
    source: `botocore ${service} ${operation}.${member} (shape ${shapeName})`,
  };
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(rules, null, 2)}\n`);
process.stdout.write(
  `wrote ${Object.keys(rules).length} rules to ${path.relative(process.cwd(), OUT)}\n`,
);
