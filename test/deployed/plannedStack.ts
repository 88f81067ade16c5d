/**
 * What the offline plan of an example stack deploys for the functions: each function (code
 * archive, handler, timeout, memory, environment), the queues and their redrive policies, the
 * event source mappings, the schedules, the topics and their subscriptions, the tables and the
 * buckets. Read from the plan (lib/offline/plan.ts) with realistic outputs (planState.ts), never
 * restated, so that a change of the program changes what the functions are tested with.
 */
import * as path from "path";
import { matchEventPattern } from "../../lib/eventPatternMatcher";
import { runPlan } from "../../lib/offline/plan";
import type { RecordedResource } from "../../lib/offline/recorder";
import { loadStackConfig } from "../../lib/offline/stackConfig";
import { monitor, TEST_PROJECT } from "../helpers/runtime";
import { realisticState } from "./planState";

/** The project directory (Pulumi.yaml, the example stacks). */
export const PROJECT_DIR = path.resolve(__dirname, "../..");

/** A planned Lambda function. */
export interface PlannedFunction {
  /** The Pulumi resource name. */
  readonly resourceName: string;
  readonly functionName: string;
  readonly arn: string;
  readonly region: string;
  readonly runtime: string;
  /** The code archive's path, relative to the project directory. */
  readonly codePath: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly logGroup: string;
  readonly logFormat: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
}

/** A planned SQS queue. */
export interface PlannedQueue {
  readonly resourceName: string;
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly visibilityTimeoutSeconds: number;
  /** From the redrive policy; undefined without one. */
  readonly maxReceiveCount: number | undefined;
  readonly deadLetterTargetArn: string | undefined;
}

/** A planned SQS event source mapping. */
export interface PlannedMapping {
  readonly functionName: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly reportsBatchItemFailures: boolean;
}

/** A planned EventBridge Scheduler schedule that invokes a function. */
export interface PlannedSchedule {
  readonly name: string;
  readonly functionName: string;
  readonly input: unknown;
}

/** A planned DynamoDB table's key schema. */
export interface PlannedTable {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: readonly { name: string; type: string }[];
  readonly globalSecondaryIndexes: readonly {
    name: string;
    hashKey: string;
    rangeKey?: string;
    projectionType: string;
    nonKeyAttributes?: string[];
  }[];
}

/** A planned topic subscription. */
export interface PlannedSubscription {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly filterPolicy: string | undefined;
}

/** The functions' part of a stack's plan. */
export interface PlannedStack {
  readonly stack: string;
  readonly accountId: string;
  readonly homeRegion: string;
  readonly functions: readonly PlannedFunction[];
  readonly queues: readonly PlannedQueue[];
  readonly mappings: readonly PlannedMapping[];
  readonly schedules: readonly PlannedSchedule[];
  readonly topicArns: readonly string[];
  readonly subscriptions: readonly PlannedSubscription[];
  readonly tables: readonly PlannedTable[];
  readonly buckets: readonly string[];
  readonly registrations: readonly RecordedResource[];
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** A GSI as @pulumi/aws v7 takes it: `hashKey`/`rangeKey` or `keySchemas`. */
interface PlannedIndexInput {
  readonly name: string;
  readonly hashKey?: string;
  readonly rangeKey?: string;
  readonly keySchemas?: { attributeName: string; keyType: string }[];
  readonly projectionType: string;
  readonly nonKeyAttributes?: string[];
}

function indexOf(g: PlannedIndexInput): PlannedTable["globalSecondaryIndexes"][number] {
  const key = (type: string) => g.keySchemas?.find((k) => k.keyType === type)?.attributeName;
  const hashKey = g.hashKey ?? key("HASH") ?? "";
  const rangeKey = g.rangeKey ?? key("RANGE");
  return {
    name: g.name,
    hashKey,
    ...(rangeKey === undefined ? {} : { rangeKey }),
    projectionType: g.projectionType,
    ...(g.nonKeyAttributes === undefined ? {} : { nonKeyAttributes: g.nonKeyAttributes }),
  };
}

/** Plans `Pulumi.<stack>.yaml` in-process and reads what the functions need from it. */
export async function planStack(stack: string): Promise<PlannedStack> {
  const config = loadStackConfig(PROJECT_DIR, stack, false);
  const accountId = config.values[`${config.project}:delegatedAdminAccountId`];
  const homeRegion = config.values[`${config.project}:homeRegion`];
  let result;
  try {
    result = await runPlan({
      dir: PROJECT_DIR,
      stack,
      monitor,
      stateHandler: realisticState(accountId, homeRegion),
    });
  } finally {
    monitor.install(TEST_PROJECT, "test");
  }
  const registrations = result.registrations;
  const of = (type: string) => registrations.filter((r) => r.type === type);
  // Inputs carry what the program passed; outputs (names, ARNs) are the realistic state's.
  const outputs = (r: RecordedResource) =>
    realisticState(
      accountId,
      homeRegion,
    )({
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      provider: r.provider ?? "",
      custom: true,
    });

  const functions = of("aws:lambda/function:Function").map((r): PlannedFunction => {
    const i = r.inputs;
    const o = outputs(r);
    const env = (i.environment as { variables?: Record<string, string> } | undefined)?.variables;
    const logging = i.loggingConfig as { logFormat?: string; logGroup?: string } | undefined;
    return {
      resourceName: r.name,
      functionName: str(o.name),
      arn: str(o.arn),
      region: str(i.region) || homeRegion,
      runtime: str(i.runtime),
      codePath: str((i.code as { path?: unknown } | undefined)?.path),
      handler: str(i.handler),
      timeoutSeconds: Number(i.timeout ?? 3),
      memoryMb: Number(i.memorySize ?? 128),
      logGroup: logging?.logGroup ?? `/aws/lambda/${str(o.name)}`,
      logFormat: logging?.logFormat,
      environment: { ...(env ?? {}) },
    };
  });
  const queues = of("aws:sqs/queue:Queue").map((r): PlannedQueue => {
    const o = outputs(r);
    const redrive =
      typeof r.inputs.redrivePolicy === "string"
        ? (JSON.parse(r.inputs.redrivePolicy) as {
            maxReceiveCount: number;
            deadLetterTargetArn: string;
          })
        : undefined;
    return {
      resourceName: r.name,
      name: str(o.name),
      arn: str(o.arn),
      url: str(o.url),
      // SQS's default visibility timeout is 30 seconds (CreateQueue, API reference).
      visibilityTimeoutSeconds: Number(r.inputs.visibilityTimeoutSeconds ?? 30),
      maxReceiveCount: redrive?.maxReceiveCount,
      deadLetterTargetArn: redrive?.deadLetterTargetArn,
    };
  });
  const functionNamed = (nameOrArn: string) =>
    functions.find((f) => f.functionName === nameOrArn || f.arn === nameOrArn)?.functionName ??
    nameOrArn;
  const mappings = of("aws:lambda/eventSourceMapping:EventSourceMapping").map((r) => ({
    functionName: functionNamed(str(r.inputs.functionName)),
    queueArn: str(r.inputs.eventSourceArn),
    // The default batch size of an SQS mapping is 10 (CreateEventSourceMapping).
    batchSize: Number(r.inputs.batchSize ?? 10),
    reportsBatchItemFailures: (
      (r.inputs.functionResponseTypes as string[] | undefined) ?? []
    ).includes("ReportBatchItemFailures"),
  }));
  const schedules = of("aws:scheduler/schedule:Schedule").map((r) => {
    const target = r.inputs.target as { arn: string; input?: string };
    return {
      name: str(r.inputs.name),
      functionName: functionNamed(target.arn),
      input: target.input === undefined ? {} : (JSON.parse(target.input) as unknown),
    };
  });
  const tables = of("aws:dynamodb/table:Table").map((r): PlannedTable => {
    const i = r.inputs;
    return {
      name: str(outputs(r).name),
      hashKey: str(i.hashKey),
      ...(typeof i.rangeKey === "string" ? { rangeKey: i.rangeKey } : {}),
      attributes: (i.attributes as { name: string; type: string }[]) ?? [],
      globalSecondaryIndexes: (
        (i.globalSecondaryIndexes as PlannedIndexInput[] | undefined) ?? []
      ).map(indexOf),
    };
  });
  return {
    stack,
    accountId,
    homeRegion,
    functions,
    queues,
    mappings,
    schedules,
    topicArns: of("aws:sns/topic:Topic").map((r) => str(outputs(r).arn)),
    subscriptions: of("aws:sns/topicSubscription:TopicSubscription").map((r) => ({
      topicArn: str(r.inputs.topic),
      protocol: str(r.inputs.protocol),
      endpoint: str(r.inputs.endpoint),
      filterPolicy: typeof r.inputs.filterPolicy === "string" ? r.inputs.filterPolicy : undefined,
    })),
    tables,
    buckets: of("aws:s3/bucket:Bucket").map((r) => str(outputs(r).bucket)),
    registrations,
  };
}

/** The one planned function with this name; throws naming the planned ones. */
export function plannedFunction(plan: PlannedStack, functionName: string): PlannedFunction {
  const found = plan.functions.find((f) => f.functionName === functionName);
  if (found === undefined) {
    throw new Error(
      `stack ${plan.stack} plans no function ${functionName} (planned: ${plan.functions.map((f) => f.functionName).join(", ")})`,
    );
  }
  return found;
}

/** The queue an SQS mapping of the function reads, with the mapping. */
export function queuesOf(
  plan: PlannedStack,
  functionName: string,
): { queue: PlannedQueue; mapping: PlannedMapping }[] {
  return plan.mappings
    .filter((m) => m.functionName === functionName)
    .map((mapping) => {
      const queue = plan.queues.find((q) => q.arn === mapping.queueArn);
      if (queue === undefined) {
        throw new Error(
          `the mapping of ${functionName} reads ${mapping.queueArn}, which is not planned`,
        );
      }
      return { queue, mapping };
    });
}

/**
 * The SQS queues (ARNs) EventBridge delivers `event` to in the stack's home Region: the targets of
 * every planned rule whose pattern matches it (the project's own pattern matcher).
 */
export function routeEvent(plan: PlannedStack, event: unknown): string[] {
  const rules = plan.registrations.filter(
    (r) =>
      r.type === "aws:cloudwatch/eventRule:EventRule" &&
      (r.inputs.region ?? plan.homeRegion) === plan.homeRegion &&
      typeof r.inputs.eventPattern === "string" &&
      matchEventPattern(JSON.parse(r.inputs.eventPattern), event).matched,
  );
  const names = new Set(rules.map((r) => r.inputs.name));
  return plan.registrations
    .filter(
      (r) =>
        r.type === "aws:cloudwatch/eventTarget:EventTarget" &&
        names.has(r.inputs.rule) &&
        str(r.inputs.arn).startsWith("arn:aws:sqs:"),
    )
    .map((r) => str(r.inputs.arn));
}
