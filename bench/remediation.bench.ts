/**
 * Benchmark of triage and patch logic: a burst of 10,000 finding events over 2,000 instances in
 * 50 accounts, through the real SQS processor (validation, Powertools idempotency, decisions,
 * locks, automation starts) in-process, with the production lock and idempotency stores over
 * in-memory tables that evaluate their conditions (test/helpers/fakeDynamoTable.ts), and mocked
 * SSM/ECR clients.
 *
 * SQS is simulated: batches of 10, five concurrent "invocations" (the event source mapping's
 * maximum concurrency), failed records redelivered up to maxReceiveCount (5) and then counted as
 * dead-lettered. 2% of automation starts are throttled once, and 10% of the events are
 * redeliveries of an earlier event (at-least-once delivery).
 *
 * Run: npm run bench:remediation [-- --json]
 */
import { ECRClient } from "@aws-sdk/client-ecr";
import {
  ListCommandInvocationsCommand,
  SSMClient,
  StartAutomationExecutionCommand,
  ThrottlingException,
} from "@aws-sdk/client-ssm";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createTriageProcessor } from "../functions/lib/sqsTriage";
import { DynamoLockStore } from "../functions/lib/stores";
import { FakeDynamoTable } from "../test/helpers/fakeDynamoTable";
import {
  CONTEXT,
  ENFORCE_ALL,
  loadSampleEvent,
  MemoryAuditStore,
  MemoryBlockedDigestStore,
  MemoryNotifier,
  MemoryTicketer,
  sqsBatch,
} from "../test/helpers/remediationFakes";

const EVENTS = 10_000;
const INSTANCES = 2_000;
const ACCOUNTS = 50;
const DUPLICATE_SHARE = 0.1;
const THROTTLE_EVERY = 50; // 2% of starts
const NOT_OPTED_IN_EVERY = 10; // 10% of instances
const BATCH_SIZE = 10;
const CONCURRENCY = 5;
const MAX_RECEIVE_COUNT = 5;

interface Message {
  readonly id: number;
  readonly body: string;
  receives: number;
}

function accountOf(instance: number): string {
  return String(100_000_000_000 + (instance % ACCOUNTS));
}

function instanceId(instance: number): string {
  return `i-${instance.toString(16).padStart(17, "0")}`;
}

/** The burst: distinct findings spread over the instances, plus redeliveries. */
function buildBurst(): Message[] {
  const template = loadSampleEvent("finding-ec2-package-vulnerability.json");
  const distinct = Math.round(EVENTS * (1 - DUPLICATE_SHARE));
  const bodies: string[] = [];
  for (let f = 0; f < distinct; f++) {
    const instance = f % INSTANCES;
    const account = accountOf(instance);
    const event = structuredClone(template);
    const resource = (event.detail.resources as Record<string, unknown>[])[0];
    resource.id = instanceId(instance);
    resource.tags = { InspectorAutoPatch: instance % NOT_OPTED_IN_EVERY === 0 ? "false" : "true" };
    event.resources = [instanceId(instance)];
    Object.assign(event.detail, {
      findingArn: `arn:aws:inspector2:eu-central-1:${account}:finding/f${f}`,
      awsAccountId: account,
      status: "ACTIVE",
      severity: f % 3 === 0 ? "CRITICAL" : "HIGH",
    });
    bodies.push(JSON.stringify(event));
  }
  for (let d = 0; bodies.length < EVENTS; d++) {
    bodies.push(bodies[(d * 7919) % distinct]);
  }
  return bodies.map((body, id) => ({ id, body, receives: 0 }));
}

async function main(): Promise<void> {
  const asJson = process.argv.includes("--json");
  const ssm = new SSMClient({ region: "eu-central-1" });
  const ecr = new ECRClient({ region: "eu-central-1" });
  const ssmMock = mockClient(ssm);
  mockClient(ecr);
  let starts = 0;
  ssmMock.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
  ssmMock.on(StartAutomationExecutionCommand).callsFake(() => {
    starts += 1;
    if (starts % THROTTLE_EVERY === 0) {
      throw new ThrottlingException({
        message: "Rate exceeded",
        Message: "Rate exceeded",
        $metadata: {},
      });
    }
    return { AutomationExecutionId: `exec-${starts}` };
  });
  const audit = new MemoryAuditStore();
  const dynamo = new DynamoDBClient({ region: "eu-central-1" });
  const documents = DynamoDBDocumentClient.from(dynamo);
  new FakeDynamoTable("idempotency", "id").install(mockClient(dynamo));
  new FakeDynamoTable("locks", "lockKey").installDocument(mockClient(documents));
  const locks = new DynamoLockStore(documents, "locks");
  const notifier = new MemoryNotifier();
  const now = new Date("2026-11-28T10:00:00.000Z");
  const handler = createTriageProcessor({
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: "idempotency",
      awsSdkV3Client: dynamo,
    }),
    logger: new Logger({ logLevel: "SILENT" }),
    deps: {
      settings: ENFORCE_ALL,
      audit,
      locks,
      blocked: new MemoryBlockedDigestStore(),
      notifier,
      ticketer: new MemoryTicketer(),
      lookup: {
        isInstanceExposed: () => Promise.resolve(false),
        activePackages: () => Promise.resolve(["snapd"]),
      },
      memberClients: () => ({ ssm, ecr }),
      now: () => now,
    },
  });

  const burst = buildBurst();
  const queue: Message[] = [...burst];
  const done = new Set<number>();
  const deadLettered: number[] = [];
  let invocations = 0;
  let peakHeap = 0;
  const started = process.hrtime.bigint();

  const worker = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH_SIZE);
      for (const m of batch) {
        m.receives += 1;
      }
      invocations += 1;
      const response = await handler(sqsBatch(batch.map((m) => m.body)), CONTEXT);
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      batch.forEach((m, i) => {
        if (!failed.has(`m-${i}`)) {
          done.add(m.id);
        } else if (m.receives >= MAX_RECEIVE_COUNT) {
          deadLettered.push(m.id);
        } else {
          queue.push(m);
        }
      });
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

  const startCalls = ssmMock.commandCalls(StartAutomationExecutionCommand);
  const successfulStarts = audit.entries.filter((e) => e.outcome === "started");
  const perInstance = new Map<string, number>();
  for (const e of successfulStarts) {
    perInstance.set(e.resourceId, (perInstance.get(e.resourceId) ?? 0) + 1);
  }
  const optedIn = Array.from({ length: INSTANCES }, (_, i) => i).filter(
    (i) => i % NOT_OPTED_IN_EVERY !== 0,
  ).length;
  const result = {
    events: burst.length,
    instances: INSTANCES,
    accounts: ACCOUNTS,
    optedInInstances: optedIn,
    invocations,
    ssm: {
      startAutomationExecutionCalls: startCalls.length,
      throttledStarts: startCalls.length - successfulStarts.length,
      automationsStarted: successfulStarts.length,
      listCommandInvocationsCalls: ssmMock.commandCalls(ListCommandInvocationsCommand).length,
      totalCalls: ssmMock.calls().length,
      maxAutomationsPerInstance: Math.max(...perInstance.values()),
      instancesWithAutomation: perInstance.size,
    },
    coalesced: audit.entries.filter((e) => e.outcome === "coalesced").length,
    notifications: notifier.sent.length,
    processed: done.size,
    deadLettered: deadLettered.length,
    lost: burst.length - done.size - deadLettered.length,
    wallMs: Math.round(wallMs),
    eventsPerSecond: Math.round(burst.length / (wallMs / 1000)),
    peakHeapMb: Math.round(peakHeap / 1e6),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = [
    `remediation bench: ${result.events} events, ${INSTANCES} instances (${optedIn} opted in), ${ACCOUNTS} accounts`,
    `  automations started: ${result.ssm.automationsStarted} on ${result.ssm.instancesWithAutomation} instances (max ${result.ssm.maxAutomationsPerInstance} per instance per lock window)`,
    `  SSM calls: ${result.ssm.totalCalls} (${result.ssm.startAutomationExecutionCalls} StartAutomationExecution incl. ${result.ssm.throttledStarts} throttled, ${result.ssm.listCommandInvocationsCalls} ListCommandInvocations)`,
    `  coalesced by the instance lock: ${result.coalesced}; notifications: ${result.notifications}`,
    `  processed ${result.processed}, dead-lettered ${result.deadLettered}, lost ${result.lost}`,
    `  wall ${result.wallMs} ms (${result.eventsPerSecond} events/s), peak heap ${result.peakHeapMb} MB, rss ${result.rssMb} MB`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (
    result.lost !== 0 ||
    result.ssm.maxAutomationsPerInstance > 1 ||
    result.ssm.automationsStarted !== optedIn
  ) {
    process.exitCode = 1;
  }
}

void main();
