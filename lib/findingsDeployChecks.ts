/**
 * What AWS would refuse, or accept and then misroute, in the inputs the findings flow renders:
 * checks over planned resources (`npm run plan -- --json` resources, or the offline recorder's),
 * each a pure function returning one sentence per problem (empty when AWS accepts the input).
 * The mock runtime accepts anything; these rules come from the API models (botocore's
 * `service-2.json`: lengths, patterns, ranges) and the service guides cited at each rule.
 * docs/deploy-checks.md lists them with what each prevents.
 */
import { EventPatternError, matchEventPattern } from "./eventPatternMatcher";
import {
  checkSecurityHubOrganization,
  type SecurityHubScopeCheck,
} from "./securityHubDeployChecks";

/** The parts of a planned resource the checks read. */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  /** The URNs it waits for (`dependsOn`). */
  readonly dependencies: readonly string[];
}

/** The resource types checked here. */
export const CHECKED_TYPES = {
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  stream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  function: "aws:lambda/function:Function",
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** EventBridge PutRule/PutTargets limits (botocore events 2015-10-07 model). */
const EVENTS = {
  name: /^[.\-_A-Za-z0-9]{1,64}$/,
  descriptionMax: 512,
  patternMax: 4096,
  retryAttempts: [0, 185],
  eventAgeSeconds: [60, 86400],
} as const;

/**
 * An EventBridge rule: name and description within PutRule's limits, and a pattern EventBridge
 * accepts (a JSON object of at most 4,096 characters whose leaves are non-empty lists of values
 * or known content filters, and `$or` lists of two or more sub-patterns: EventBridge User Guide,
 * "Event patterns", "Content filtering"). The matcher validates every operator of the pattern
 * when it matches an empty event, since every field is then missing.
 */
export function checkEventRule(rule: PlannedResource): string[] {
  const problems: string[] = [];
  const { name, description, eventPattern } = rule.inputs;
  if (typeof name !== "string" || !EVENTS.name.test(name)) {
    problems.push(`rule ${rule.name}: name ${JSON.stringify(name)} is not 1-64 of [.-_A-Za-z0-9]`);
  }
  if (typeof description === "string" && description.length > EVENTS.descriptionMax) {
    problems.push(`rule ${rule.name}: description is ${description.length} characters, over 512`);
  }
  if (typeof eventPattern !== "string") {
    problems.push(`rule ${rule.name}: no event pattern`);
    return problems;
  }
  if (eventPattern.length > EVENTS.patternMax) {
    problems.push(
      `rule ${rule.name}: event pattern is ${eventPattern.length} characters, over 4096`,
    );
  }
  try {
    matchEventPattern(JSON.parse(eventPattern) as unknown, {});
  } catch (err) {
    const reason = err instanceof EventPatternError ? err.message : `not JSON (${String(err)})`;
    problems.push(`rule ${rule.name}: EventBridge refuses the pattern: ${reason}`);
  }
  return problems;
}

/** An EventBridge target: id pattern, and retry policy within PutTargets' ranges. */
export function checkEventTarget(target: PlannedResource): string[] {
  const problems: string[] = [];
  const { targetId } = target.inputs;
  if (typeof targetId !== "string" || !EVENTS.name.test(targetId)) {
    problems.push(
      `target ${target.name}: targetId ${JSON.stringify(targetId)} is not 1-64 of [.-_A-Za-z0-9]`,
    );
  }
  const retry = target.inputs.retryPolicy;
  if (retry !== undefined) {
    const { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: age } = record(retry);
    if (!inRange(attempts, ...EVENTS.retryAttempts)) {
      problems.push(`target ${target.name}: maximumRetryAttempts ${String(attempts)} is not 0-185`);
    }
    if (!inRange(age, ...EVENTS.eventAgeSeconds)) {
      problems.push(
        `target ${target.name}: maximumEventAgeInSeconds ${String(age)} is not 60-86400`,
      );
    }
  }
  return problems;
}

/** The prefix expressions `!{namespace:value}` of a Firehose prefix. */
function prefixExpressions(prefix: string): { namespace: string; value: string }[] {
  return [...prefix.matchAll(/!\{([^:}]+):([^}]*)\}/g)].map((m) => ({
    namespace: m[1],
    value: m[2],
  }));
}

/** The top-level keys of a jq object construction `{a: ..., b: ...}`. */
export function jqObjectKeys(query: string): string[] {
  const body = query.trim();
  if (!body.startsWith("{") || !body.endsWith("}")) {
    return [];
  }
  const keys: string[] = [];
  let depth = 0;
  let start = 1;
  const inner = body.slice(0, -1);
  for (let i = 1; i <= inner.length; i++) {
    const c = inner[i];
    if (c === "(" || c === "{" || c === "[") {
      depth++;
    } else if (c === ")" || c === "}" || c === "]") {
      depth--;
    } else if ((c === "," && depth === 0) || i === inner.length) {
      const key = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*:/.exec(inner.slice(start, i))?.[1];
      if (key !== undefined) {
        keys.push(key);
      }
      start = i + 1;
    }
  }
  return keys;
}

/** Firehose limits (botocore firehose 2015-08-04 model) and dynamic partitioning rules. */
const FIREHOSE = {
  streamName: /^[a-zA-Z0-9_.-]{1,64}$/,
  prefixMax: 1024,
  bufferMiB: [1, 128],
  bufferMiBPartitioned: 64,
  intervalSeconds: [60, 900],
  processorTypes: [
    "RecordDeAggregation",
    "Lambda",
    "MetadataExtraction",
    "AppendDelimiterToRecord",
  ],
} as const;

/**
 * A Firehose stream to S3 with dynamic partitioning, against what CreateDeliveryStream accepts
 * and what Firehose does with the records (Firehose developer guide: "Custom prefixes for Amazon
 * S3 objects", "Dynamic partitioning", "Understand partitioning keys", "Troubleshoot dynamic
 * partitioning errors"):
 * - the prefix uses only the `firehose:random-string`, `timestamp`, `partitionKeyFromQuery` and
 *   `partitionKeyFromLambda` namespaces, and every `partitionKeyFromQuery` key is one the
 *   MetadataExtraction query builds (otherwise every record goes to the error prefix);
 * - with dynamic partitioning the prefix must partition and an error prefix is required; the
 *   error prefix cannot use partition keys, and with an expression must name
 *   `firehose:error-output-type`;
 * - inline parsing runs JQ-1.6 (the only engine);
 * - buffering: 64-128 MiB with dynamic partitioning (1-128 without), 60-900 s;
 * - Prefix and ErrorOutputPrefix at most 1,024 characters, the stream name 1-64 of [a-zA-Z0-9_.-].
 */
export function checkFirehoseStream(stream: PlannedResource): string[] {
  const problems: string[] = [];
  const at = `stream ${stream.name}`;
  const name = stream.inputs.name;
  if (typeof name !== "string" || !FIREHOSE.streamName.test(name)) {
    problems.push(`${at}: name ${JSON.stringify(name)} is not 1-64 of [a-zA-Z0-9_.-]`);
  }
  const s3 = record(stream.inputs.extendedS3Configuration);
  const partitioned = record(s3.dynamicPartitioningConfiguration).enabled === true;
  const prefix = typeof s3.prefix === "string" ? s3.prefix : "";
  const errorPrefix = typeof s3.errorOutputPrefix === "string" ? s3.errorOutputPrefix : "";
  const processors = (record(s3.processingConfiguration).processors ?? []) as unknown[];
  const params = (type: string): Record<string, string> => {
    const p = processors.map(record).find((x) => x.type === type);
    return Object.fromEntries(
      ((p?.parameters ?? []) as unknown[])
        .map(record)
        .map((x) => [String(x.parameterName), String(x.parameterValue)]),
    );
  };
  for (const p of processors.map(record)) {
    if (!(FIREHOSE.processorTypes as readonly string[]).includes(String(p.type))) {
      problems.push(`${at}: processor type ${String(p.type)} is not one Firehose knows`);
    }
  }
  const extraction = params("MetadataExtraction");
  const queryKeys = jqObjectKeys(extraction.MetadataExtractionQuery ?? "");
  for (const [label, value] of [
    ["prefix", prefix],
    ["errorOutputPrefix", errorPrefix],
  ] as const) {
    if (value.length > FIREHOSE.prefixMax) {
      problems.push(`${at}: ${label} is ${value.length} characters, over 1024`);
    }
  }
  for (const { namespace, value } of prefixExpressions(prefix)) {
    if (namespace === "partitionKeyFromQuery" && !queryKeys.includes(value)) {
      problems.push(
        `${at}: prefix uses partitionKeyFromQuery:${value}, which the MetadataExtraction query (${JSON.stringify(extraction.MetadataExtractionQuery)}) does not build; every record would go to the error prefix`,
      );
    } else if (
      !["partitionKeyFromQuery", "partitionKeyFromLambda", "timestamp"].includes(namespace) &&
      !(namespace === "firehose" && value === "random-string")
    ) {
      problems.push(`${at}: prefix expression !{${namespace}:${value}} is not allowed there`);
    }
  }
  const errorExpressions = prefixExpressions(errorPrefix);
  if (errorExpressions.some((e) => e.namespace.startsWith("partitionKeyFrom"))) {
    problems.push(`${at}: errorOutputPrefix cannot use partition keys`);
  }
  if (
    errorExpressions.length > 0 &&
    !errorExpressions.some((e) => e.namespace === "firehose" && e.value === "error-output-type")
  ) {
    problems.push(`${at}: errorOutputPrefix has expressions but no !{firehose:error-output-type}`);
  }
  const buffer = s3.bufferingSize;
  const interval = s3.bufferingInterval;
  if (!inRange(interval, ...FIREHOSE.intervalSeconds)) {
    problems.push(`${at}: bufferingInterval ${String(interval)} is not 60-900 seconds`);
  }
  if (partitioned) {
    if (!prefixExpressions(prefix).some((e) => e.namespace.startsWith("partitionKeyFrom"))) {
      problems.push(`${at}: dynamic partitioning is on but the prefix uses no partition key`);
    }
    if (errorPrefix === "") {
      problems.push(`${at}: dynamic partitioning requires an errorOutputPrefix`);
    }
    if (!inRange(buffer, FIREHOSE.bufferMiBPartitioned, FIREHOSE.bufferMiB[1])) {
      problems.push(
        `${at}: bufferingSize ${String(buffer)} MiB is not 64-128 (the minimum with dynamic partitioning)`,
      );
    }
    if (
      extraction.MetadataExtractionQuery !== undefined &&
      extraction.JsonParsingEngine !== "JQ-1.6"
    ) {
      problems.push(`${at}: MetadataExtraction needs JsonParsingEngine JQ-1.6`);
    }
  } else {
    if (!inRange(buffer, ...FIREHOSE.bufferMiB)) {
      problems.push(`${at}: bufferingSize ${String(buffer)} MiB is not 1-128`);
    }
    if (extraction.MetadataExtractionQuery !== undefined) {
      problems.push(`${at}: a MetadataExtraction processor needs dynamic partitioning on`);
    }
  }
  return problems;
}

/**
 * Lambda concurrency: no function reserves concurrency (a new account's quota refuses it: "You
 * can reserve up to the Unreserved account concurrency value ... minus 100", Lambda developer
 * guide, configuration-concurrency), and every SQS mapping is bounded by
 * `scalingConfig.maximumConcurrency` 2-1000 (AWS::Lambda::EventSourceMapping ScalingConfig).
 */
export function checkLambdaConcurrency(resource: PlannedResource): string[] {
  if (resource.type === CHECKED_TYPES.function) {
    const reserved = resource.inputs.reservedConcurrentExecutions;
    return reserved === undefined
      ? []
      : [`function ${resource.name}: reserves ${JSON.stringify(reserved)} concurrent executions`];
  }
  const source = resource.inputs.eventSourceArn;
  const max = record(resource.inputs.scalingConfig).maximumConcurrency;
  const isSqs = typeof source === "string" && /^arn:aws:(sqs:|mock:::aws:sqs\/)/.test(source);
  return isSqs && !inRange(max, 2, 1000)
    ? [`mapping ${resource.name}: scalingConfig.maximumConcurrency ${String(max)} is not 2-1000`]
    : [];
}

/**
 * Every check above over a plan's resources: the rules and targets, streams, functions and SQS
 * mappings one by one, Security Hub as a whole (with the scope the stack means it to cover).
 */
export function checkFindingsFlow(
  resources: readonly PlannedResource[],
  scope?: SecurityHubScopeCheck,
): string[] {
  const byType: Record<string, (r: PlannedResource) => string[]> = {
    [CHECKED_TYPES.rule]: checkEventRule,
    [CHECKED_TYPES.target]: checkEventTarget,
    [CHECKED_TYPES.stream]: checkFirehoseStream,
    [CHECKED_TYPES.mapping]: checkLambdaConcurrency,
    [CHECKED_TYPES.function]: checkLambdaConcurrency,
  };
  return [
    ...resources.flatMap((r) => byType[r.type]?.(r) ?? []),
    ...checkSecurityHubOrganization(resources, scope),
  ];
}
