/**
 * The triage function in-process, as the SQS handler runs it: the production processor and
 * stores over mocked SSM and ECR clients and in-memory DynamoDB tables that evaluate the lock's
 * and Powertools idempotency's condition expressions; the other side effects recorded.
 */
import { ECRClient } from "@aws-sdk/client-ecr";
import {
  ListCommandInvocationsCommand,
  SSMClient,
  StartAutomationExecutionCommand,
} from "@aws-sdk/client-ssm";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import type { FindingLookup } from "../../functions/lib/clients";
import type { RemediationSettings } from "../../functions/lib/settings";
import { createTriageProcessor } from "../../functions/lib/sqsTriage";
import { DynamoLockStore } from "../../functions/lib/stores";
import type { TriageDeps } from "../../functions/lib/triage";
import { FakeDynamoTable } from "./fakeDynamoTable";
import {
  CONTEXT,
  ENFORCE_ALL,
  loadSampleEvent,
  MemoryAuditStore,
  MemoryBlockedDigestStore,
  MemoryNotifier,
  MemoryTicketer,
  sqsBatch,
} from "./remediationFakes";

export const NOW = new Date("2026-11-28T10:00:00.000Z");
export const INSTANCE = "i-12345678901234567";
export const FINDING = "arn:aws:inspector2:eu-central-1:123456789012:finding/abc123";

// One client instance per kind, mocked on the instance (STYLE.md rule 40).
export const ssm = new SSMClient({ region: "eu-central-1" });
export const ecr = new ECRClient({ region: "eu-central-1" });
export const ssmMock = mockClient(ssm);
export const ecrMock = mockClient(ecr);
// The lock and idempotency tables: the production stores (DynamoLockStore, Powertools'
// DynamoDBPersistenceLayer) over an in-memory table that evaluates their condition expressions.
const dynamo = new DynamoDBClient({ region: "eu-central-1" });
const documents = DynamoDBDocumentClient.from(dynamo);
const dynamoMock = mockClient(dynamo);
const documentMock = mockClient(documents);
const LOCK_TABLE = "inspector-remediation-locks";
const IDEMPOTENCY_TABLE = "inspector-remediation-idempotency";

/** The EC2 sample as an ACTIVE, HIGH, fixable finding on an opted-in instance. */
export function ec2Event(patch: Record<string, unknown> = {}, tags: Record<string, string> = {}) {
  const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
  const resources = event.detail.resources as Record<string, unknown>[];
  resources[0].tags = { InspectorAutoPatch: "true", ...tags };
  Object.assign(event.detail, {
    findingArn: FINDING,
    status: "ACTIVE",
    severity: "HIGH",
    ...patch,
  });
  return event;
}

/** The ECR sample as an ACTIVE CRITICAL finding, with `detail` fields replaced (undefined deletes). */
export function ecrEvent(patch: Record<string, unknown> = {}) {
  const event = loadSampleEvent("finding-ecr-package-vulnerability.json");
  Object.assign(event.detail, { findingArn: FINDING, severity: "CRITICAL", ...patch });
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete event.detail[key];
    }
  }
  return event;
}

export interface Harness {
  readonly run: (bodies: unknown[]) => Promise<string[]>;
  /** What the processor triages with, to call triageFinding directly. */
  readonly deps: TriageDeps;
  readonly audit: MemoryAuditStore;
  readonly locks: FakeDynamoTable;
  readonly idempotency: FakeDynamoTable;
  readonly blocked: MemoryBlockedDigestStore;
  readonly notifier: MemoryNotifier;
  readonly ticketer: MemoryTicketer;
  readonly lookups: string[];
}

/** The two tables every triage instance of one test shares. */
export interface Tables {
  readonly locks: FakeDynamoTable;
  readonly idempotency: FakeDynamoTable;
}

export function freshTables(): Tables {
  const locks = new FakeDynamoTable(LOCK_TABLE, "lockKey");
  const idempotency = new FakeDynamoTable(IDEMPOTENCY_TABLE, "id");
  locks.installDocument(documentMock);
  idempotency.install(dynamoMock);
  return { locks, idempotency };
}

/** What a test may change beyond the settings: the logger, the instance's packages. */
export interface HarnessOptions {
  /** Silent unless given (a RecordingLogger to read the records). */
  readonly logger?: Logger;
  /** What the lookup finds as the instance's ACTIVE findings' packages. */
  readonly activePackages?: readonly string[];
}

/** One triage function instance (its own processor and stores) over `tables`. */
export function harness(
  settings: RemediationSettings = ENFORCE_ALL,
  exposed = false,
  tables: Tables = freshTables(),
  options: HarnessOptions = {},
): Harness {
  const audit = new MemoryAuditStore();
  const blocked = new MemoryBlockedDigestStore();
  const notifier = new MemoryNotifier();
  const ticketer = new MemoryTicketer();
  const lookups: string[] = [];
  const lookup: FindingLookup = {
    isInstanceExposed: (account, instance) => {
      lookups.push(`exposed:${account}:${instance}`);
      return Promise.resolve(exposed);
    },
    activePackages: (account, instance) => {
      lookups.push(`packages:${account}:${instance}`);
      return Promise.resolve([...(options.activePackages ?? ["openssl", "snapd"])]);
    },
  };
  const deps: TriageDeps = {
    settings,
    audit,
    locks: new DynamoLockStore(documents, LOCK_TABLE),
    blocked,
    notifier,
    ticketer,
    lookup,
    memberClients: () => ({ ssm, ecr }),
    now: () => NOW,
  };
  const handler = createTriageProcessor({
    deps,
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: IDEMPOTENCY_TABLE,
      awsSdkV3Client: dynamo,
    }),
    logger: options.logger ?? new Logger({ logLevel: "SILENT" }),
  });
  return {
    run: async (bodies) =>
      (await handler(sqsBatch(bodies), CONTEXT)).batchItemFailures.map((f) => f.itemIdentifier),
    deps,
    audit,
    locks: tables.locks,
    idempotency: tables.idempotency,
    blocked,
    notifier,
    ticketer,
    lookups,
  };
}

export function startCalls() {
  return ssmMock.commandCalls(StartAutomationExecutionCommand).map((c) => c.args[0].input);
}

/** Fresh mocks: no patch run in progress on the instance, every automation start accepted. */
export function resetClients(): void {
  ssmMock.reset();
  ecrMock.reset();
  dynamoMock.reset();
  documentMock.reset();
  ssmMock.on(ListCommandInvocationsCommand).resolves({ CommandInvocations: [] });
  ssmMock.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: "exec-1" });
}
