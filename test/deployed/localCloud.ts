/**
 * The local cloud the deployed functions run against: dynalite (DynamoDB) and s3rver (S3), real
 * emulators, seeded with the plan's tables (key schemas and indexes as the program declares them)
 * and buckets; the local endpoint (localAws.ts) for every other service, seeded with the plan's
 * topics and queues; and Lambda execution environments (lambdaHost.cjs) started with each
 * function's planned environment, fed the way Lambda feeds them: SQS batches through the planned
 * event source mappings (partial batch responses, redelivery until the queue's maxReceiveCount,
 * then the dead-letter queue), schedules' inputs, direct invokes.
 */
import { fork, type ChildProcess } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
  type KeySchemaElement,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { FUNCTION_CREDENTIALS, LocalAws, md5Hex, type Responder } from "./localAws";
import {
  type PlannedFunction,
  type PlannedQueue,
  type PlannedStack,
  PROJECT_DIR,
  queuesOf,
} from "./plannedStack";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => import("http").Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

/** The `AWS_ENDPOINT_URL_<SERVICE>` variables of the local endpoint's services. */
const LOCAL_AWS_SERVICES = [
  "SNS",
  "SQS",
  "SSM",
  "STS",
  "ECR",
  "INSPECTOR2",
  "SECRETS_MANAGER",
  "ORGANIZATIONS",
];

/** One SQS message as the event source mapping holds it. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  readonly sentTimestamp: number;
}

/** What one delivery run did. */
export interface DeliveryReport {
  /** Each invocation: the message ids of its batch and the ids it reported failed. */
  readonly invocations: { batch: string[]; failed: string[]; error?: string }[];
  /** Messages moved to the dead-letter queue after maxReceiveCount receives. */
  readonly deadLettered: QueuedMessage[];
}

/** A Lambda execution environment (one container) of a planned function. */
export class LambdaContainer {
  /** Every stdout line, parsed when it is JSON (the functions log JSON). */
  public readonly logs: Record<string, unknown>[] = [];
  public readonly stderr: string[] = [];
  public initMs = 0;
  private readonly child: ChildProcess;
  private readonly pending = new Map<
    string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly ready: Promise<void>;

  constructor(
    public readonly fn: PlannedFunction,
    env: Record<string, string>,
  ) {
    const codeDir = path.resolve(PROJECT_DIR, fn.codePath);
    this.child = fork(
      path.join(__dirname, "lambdaHost.cjs"),
      [codeDir, fn.handler, String(fn.timeoutSeconds), fn.arn],
      { env, silent: true, execArgv: [] },
    );
    // Lambda sends both streams to the function's log group: both are its logs here.
    const collect = (stream: NodeJS.ReadableStream | null, raw: string[]) => {
      let buffer = "";
      stream?.on("data", (chunk: Buffer) => {
        raw.push(chunk.toString("utf8"));
        buffer += chunk.toString("utf8");
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines.filter((l) => l.trim() !== "")) {
          try {
            this.logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            this.logs.push({ text: line });
          }
        }
      });
    };
    collect(this.child.stdout, []);
    collect(this.child.stderr, this.stderr);
    this.ready = new Promise((resolve, reject) => {
      this.child.on("message", (msg: Record<string, unknown>) => {
        if (msg.ready === true) {
          this.initMs = Number(msg.initMs);
          resolve();
          return;
        }
        if (msg.initError !== undefined) {
          reject(new Error(`init of ${fn.functionName} failed: ${JSON.stringify(msg.initError)}`));
          return;
        }
        const waiter = this.pending.get(String(msg.id));
        this.pending.delete(String(msg.id));
        if (msg.error !== undefined) {
          const e = msg.error as { name: string; message: string; stack?: string };
          const err = new Error(e.message);
          err.name = e.name;
          err.stack = e.stack;
          waiter?.reject(err);
        } else {
          waiter?.resolve(msg.result);
        }
      });
      this.child.on("exit", (code) => {
        const err = new Error(
          `${fn.functionName} exited with ${code}: ${this.stderr.join("").slice(-2000)}`,
        );
        reject(err);
        for (const w of this.pending.values()) {
          w.reject(err);
        }
      });
    });
  }

  /** Invokes the handler once, as Lambda does; resolves with its result, rejects with its error. */
  async invoke(event: unknown, requestId: string = randomUUID()): Promise<unknown> {
    await this.ready;
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, event, requestId });
    });
  }

  /** Waits for the init phase (module load). */
  async started(): Promise<void> {
    await this.ready;
  }

  stop(): void {
    this.child.kill();
  }
}

/** The local cloud for one planned stack. */
export class LocalCloud {
  public readonly aws: LocalAws;
  /** Messages functions sent to each planned queue (by URL), in order. */
  public readonly sent = new Map<string, { body: string; delaySeconds: number }[]>();
  private dynamoServer: import("http").Server | undefined;
  private s3: InstanceType<typeof S3rver> | undefined;
  private dynamoUrl = "";
  private s3Url = "";
  private readonly containers: LambdaContainer[] = [];
  private readonly s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));

  constructor(public readonly plan: PlannedStack) {
    this.aws = new LocalAws(plan.accountId);
  }

  /** A DynamoDB client on dynalite (for the tests' own reads). */
  dynamo(): DynamoDBClient {
    return new DynamoDBClient({
      region: this.plan.homeRegion,
      endpoint: this.dynamoUrl,
      credentials: FUNCTION_CREDENTIALS,
    });
  }

  /** An S3 client on s3rver (for the tests' own reads). */
  s3Client(): S3Client {
    return new S3Client({
      region: this.plan.homeRegion,
      endpoint: this.s3Url,
      forcePathStyle: true,
      credentials: FUNCTION_CREDENTIALS,
    });
  }

  async start(responders: Readonly<Record<string, Responder>>): Promise<void> {
    this.dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => this.dynamoServer?.listen(0, "127.0.0.1", resolve));
    this.dynamoUrl = `http://127.0.0.1:${(this.dynamoServer.address() as AddressInfo).port}`;
    this.s3 = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: this.s3Dir,
      resetOnClose: true,
    });
    const s3Address = await this.s3.run();
    this.s3Url = `http://127.0.0.1:${s3Address.port}`;
    await this.aws.start(responders);
    await this.createTables();
    const s3 = this.s3Client();
    for (const bucket of this.plan.buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
  }

  private async createTables(): Promise<void> {
    const client = this.dynamo();
    for (const table of this.plan.tables) {
      const keys = (hash: string, range?: string): KeySchemaElement[] => [
        { AttributeName: hash, KeyType: "HASH" },
        ...(range === undefined ? [] : [{ AttributeName: range, KeyType: "RANGE" as const }]),
      ];
      await client.send(
        new CreateTableCommand({
          TableName: table.name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: table.attributes.map((a) => ({
            AttributeName: a.name,
            AttributeType: a.type as "S" | "N" | "B",
          })),
          KeySchema: keys(table.hashKey, table.rangeKey),
          ...(table.globalSecondaryIndexes.length === 0
            ? {}
            : {
                GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((g) => ({
                  IndexName: g.name,
                  KeySchema: keys(g.hashKey, g.rangeKey),
                  Projection: {
                    ProjectionType: g.projectionType as "ALL" | "KEYS_ONLY" | "INCLUDE",
                    ...(g.nonKeyAttributes === undefined
                      ? {}
                      : { NonKeyAttributes: g.nonKeyAttributes }),
                  },
                })),
              }),
        }),
      );
    }
  }

  /** Every item of a planned table, unmarshalled. */
  async scan(tableName: string): Promise<Record<string, unknown>[]> {
    const out = await this.dynamo().send(new ScanCommand({ TableName: tableName }));
    return (out.Items ?? []).map((i: Record<string, AttributeValue>) => unmarshall(i));
  }

  /**
   * The environment Lambda gives the function: the plan's variables, Lambda's reserved ones
   * (Lambda developer guide, configuration-envvars "Defined runtime environment variables"), the
   * role's credentials, and the endpoints of this local cloud.
   */
  environmentOf(fn: PlannedFunction): Record<string, string> {
    const endpoints = Object.fromEntries(
      LOCAL_AWS_SERVICES.map((s) => [`AWS_ENDPOINT_URL_${s}`, this.aws.url]),
    );
    return {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      ...fn.environment,
      _HANDLER: fn.handler,
      AWS_REGION: fn.region,
      AWS_DEFAULT_REGION: fn.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: `2026/12/03/[$LATEST]${randomUUID().replace(/-/g, "")}`,
      ...(fn.logFormat === undefined ? {} : { AWS_LAMBDA_LOG_FORMAT: fn.logFormat }),
      LAMBDA_TASK_ROOT: path.resolve(PROJECT_DIR, fn.codePath),
      LANG: "en_US.UTF-8",
      TZ: ":UTC",
      AWS_ACCESS_KEY_ID: FUNCTION_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FUNCTION_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: "local-session-token",
      ...endpoints,
      AWS_ENDPOINT_URL_DYNAMODB: this.dynamoUrl,
      AWS_ENDPOINT_URL_S3: this.s3Url,
    };
  }

  /** Starts a new execution environment of the function (a cold start). */
  container(fn: PlannedFunction): LambdaContainer {
    const container = new LambdaContainer(fn, this.environmentOf(fn));
    this.containers.push(container);
    return container;
  }

  /**
   * Delivers messages to a function through its planned SQS mapping on `queue`, as Lambda's event
   * source mapping does: batches of the mapping's size, the failed records of a partial batch
   * response (or the whole batch when the invocation fails) received again until the queue's
   * maxReceiveCount, then moved to its dead-letter queue.
   */
  async deliver(
    container: LambdaContainer,
    queueName: string,
    messages: readonly (QueuedMessage | string)[],
  ): Promise<DeliveryReport> {
    const planned = queuesOf(this.plan, container.fn.functionName).find(
      (q) => q.queue.name === queueName || q.queue.resourceName === queueName,
    );
    if (planned === undefined) {
      throw new Error(`${container.fn.functionName} has no planned mapping on queue ${queueName}`);
    }
    const { queue, mapping } = planned;
    const pending: QueuedMessage[] = messages.map((m) =>
      typeof m === "string" ? newMessage(m) : m,
    );
    const report: DeliveryReport = { invocations: [], deadLettered: [] };
    while (pending.length > 0) {
      const batch = pending.splice(0, mapping.batchSize);
      for (const m of batch) {
        m.receiveCount += 1;
      }
      let failedIds: string[];
      let error: string | undefined;
      try {
        const response = (await container.invoke(sqsEvent(queue, this.plan.homeRegion, batch))) as {
          batchItemFailures?: { itemIdentifier: string }[];
        } | null;
        const ids = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
        const known = new Set(batch.map((m) => m.messageId));
        // An unknown identifier fails the whole batch (Lambda developer guide, services-sqs-errorhandling).
        failedIds = !mapping.reportsBatchItemFailures
          ? []
          : ids.some((id) => !known.has(id))
            ? [...known]
            : ids;
      } catch (err) {
        error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        failedIds = batch.map((m) => m.messageId);
      }
      report.invocations.push({ batch: batch.map((m) => m.messageId), failed: failedIds, error });
      for (const m of batch.filter((b) => failedIds.includes(b.messageId))) {
        if (queue.maxReceiveCount !== undefined && m.receiveCount >= queue.maxReceiveCount) {
          report.deadLettered.push(m);
        } else {
          pending.push(m);
        }
      }
    }
    return report;
  }

  async stop(): Promise<void> {
    for (const c of this.containers) {
      c.stop();
    }
    await this.aws.stop();
    await new Promise<void>((resolve) => this.dynamoServer?.close(() => resolve()) ?? resolve());
    await this.s3?.close();
    fs.rmSync(this.s3Dir, { recursive: true, force: true });
  }
}

/** A new message as SQS would hold it. */
export function newMessage(body: string): QueuedMessage {
  return { messageId: randomUUID(), body, receiveCount: 0, sentTimestamp: Date.now() };
}

/** The SQS event Lambda's event source mapping sends (Lambda developer guide, with-sqs). */
export function sqsEvent(queue: PlannedQueue, region: string, batch: readonly QueuedMessage[]) {
  return {
    Records: batch.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `AQEB${Buffer.from(`${m.messageId}:${m.receiveCount}`).toString("base64")}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentTimestamp),
        SenderId: "AIDAIENQZJOLO23YVJ4VO",
        ApproximateFirstReceiveTimestamp: String(m.sentTimestamp + 5),
      },
      messageAttributes: {},
      md5OfBody: md5Hex(m.body),
      eventSource: "aws:sqs",
      eventSourceARN: queue.arn,
      awsRegion: region,
    })),
  };
}
