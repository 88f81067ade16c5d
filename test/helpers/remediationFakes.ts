/**
 * Recorders for the remediation side effects (audit trail, blocked digests, notifications,
 * tickets) and the triage fixtures, for handler tests and the benchmark. The lock and idempotency
 * tables are not stood in for here: tests run the production stores over fakeDynamoTable.ts,
 * which evaluates their condition expressions.
 */
import * as fs from "fs";
import * as path from "path";
import type { Context, SQSEvent } from "aws-lambda";
import type { BlockedDigest } from "../../lib/blockedDigests";
import type { Notification, Notifier, Ticketer } from "../../functions/lib/clients";
import type { RemediationSettings } from "../../functions/lib/settings";
import type { AuditEntry, AuditStore, BlockedDigestStore } from "../../functions/lib/stores";

/** The audit trail in an array. */
export class MemoryAuditStore implements AuditStore {
  public readonly entries: AuditEntry[] = [];
  public readonly closed: string[] = [];

  record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }

  close(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
    this.closed.push(entry.findingArn);
    return Promise.resolve();
  }
}

/** Blocked digests in an array. */
export class MemoryBlockedDigestStore implements BlockedDigestStore {
  public readonly blocked: BlockedDigest[] = [];

  block(digest: BlockedDigest): Promise<void> {
    this.blocked.push(digest);
    return Promise.resolve();
  }
}

/** Notifications in an array. */
export class MemoryNotifier implements Notifier {
  public readonly sent: Notification[] = [];

  publish(n: Notification): Promise<void> {
    this.sent.push(n);
    return Promise.resolve();
  }
}

/** Tickets in an array. */
export class MemoryTicketer implements Ticketer {
  public readonly opened: { ticket: Readonly<Record<string, unknown>>; key: string }[] = [];

  open(ticket: Readonly<Record<string, unknown>>, key: string): Promise<void> {
    this.opened.push({ ticket, key });
    return Promise.resolve();
  }
}

/** Settings every test starts from: everything enforced, autoContain on, tickets configured. */
export const ENFORCE_ALL: RemediationSettings = {
  patchMode: "enforce",
  containmentMode: "enforce",
  blockImageMode: "enforce",
  autoContain: true,
  patchTagKey: "InspectorAutoPatch",
  rebootTagKey: "InspectorAutoReboot",
  ownerTagKey: "Owner",
  lockWindowMinutes: 120,
  auditRetentionDays: 400,
  ticketWebhookUrl: "https://tickets.example.com/hook",
  ecrKeepLastImages: undefined,
  executionRoleName: "inspector-remediation-execution",
  patchDocumentName: "Inspector-PatchInstance",
  containmentDocumentName: "Inspector-ContainInstance",
};

/** A sample event from test/fixtures/events/, as a mutable copy. */
export function loadSampleEvent(
  file: string,
): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, "../fixtures/events", file), "utf8"),
  ) as Record<string, unknown> & { detail: Record<string, unknown> };
}

/** An SQS batch carrying these bodies. */
export function sqsBatch(bodies: readonly unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body: typeof body === "string" ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "0",
        SenderId: "events",
        ApproximateFirstReceiveTimestamp: "0",
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:222222222222:remediation-triage",
      awsRegion: "us-east-1",
    })),
  };
}

/** A Lambda context with enough remaining time. */
export const CONTEXT = {
  functionName: "inspector-remediation-triage",
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
