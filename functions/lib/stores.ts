/**
 * The remediation tables, behind small interfaces so the benchmark can swap in memory:
 * - the audit trail (every decision and action; TTL; queryable by finding, resource and account),
 * - the per-instance lock (a conditional put with a lock window: N findings -> one run),
 * - the blocked image digests (the image gate's contract, lib/blockedDigests.ts).
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { BLOCKED_DIGEST_ATTRIBUTES as B, type BlockedDigest } from "../../lib/blockedDigests";

/** Audit table key and index names (components/remediationTables.ts creates them). */
export const AUDIT_KEYS = {
  partitionKey: "findingArn",
  sortKey: "recordKey",
  byResourceIndex: "byResource",
  byAccountIndex: "byAccount",
  resourceAttribute: "resourceId",
  accountAttribute: "accountId",
  timeAttribute: "recordedAt",
  ttlAttribute: "expiresAt",
} as const;

/** Lock table key and TTL names. */
export const LOCK_KEYS = { partitionKey: "lockKey", ttlAttribute: "expiresAt" } as const;

/** The sort key of the one state item per finding (open / closed). */
export const STATE_RECORD_KEY = "STATE";

/** One audit record: a decision, an action's outcome, or a closure. */
export interface AuditEntry {
  readonly findingArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  /** `decision`, `action` or `closed`. */
  readonly kind: "decision" | "action" | "closed";
  readonly action: string;
  readonly mode?: string;
  /** For actions: started, skipped, coalesced, dry-run, failed, done. */
  readonly outcome?: string;
  readonly reason: string;
  readonly executionId?: string;
  readonly findingVersion: string;
}

/** Writes the audit trail. */
export interface AuditStore {
  record(entry: AuditEntry, now: Date): Promise<void>;
  /** Marks the finding's state item CLOSED (time to remediate starts from its first record). */
  close(entry: AuditEntry, now: Date): Promise<void>;
}

/** Takes and gives back per-resource locks. */
export interface LockStore {
  /** True when the lock was free (or expired) and is now held by `owner` until `until`. */
  acquire(key: string, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lock back, only if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
}

/** Records blocked image digests. */
export interface BlockedDigestStore {
  block(digest: BlockedDigest): Promise<void>;
}

const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** The audit trail in DynamoDB. */
export class DynamoAuditStore implements AuditStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  private expiry(now: Date): number {
    return epochSeconds(now) + this.retentionDays * 86_400;
  }

  async record(entry: AuditEntry, now: Date): Promise<void> {
    const recordedAt = now.toISOString();
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...entry,
          recordKey: `${recordedAt}#${entry.kind}#${entry.action}`,
          recordedAt,
          expiresAt: this.expiry(now),
        },
      }),
    );
    if (entry.kind === "decision") {
      // The state item: opened once, then its last decision; CLOSED events close it.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { findingArn: entry.findingArn, recordKey: STATE_RECORD_KEY },
          UpdateExpression:
            "SET openedAt = if_not_exists(openedAt, :at), findingStatus = :open, lastAction = :action, " +
            "accountId = :account, resourceId = :resource, recordedAt = :at, expiresAt = :ttl",
          ExpressionAttributeValues: {
            ":at": recordedAt,
            ":open": "OPEN",
            ":action": entry.action,
            ":account": entry.accountId,
            ":resource": entry.resourceId,
            ":ttl": this.expiry(now),
          },
        }),
      );
    }
  }

  async close(entry: AuditEntry, now: Date): Promise<void> {
    await this.record(entry, now);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { findingArn: entry.findingArn, recordKey: STATE_RECORD_KEY },
        UpdateExpression:
          "SET findingStatus = :closed, closedAt = :at, accountId = :account, resourceId = :resource, " +
          "recordedAt = :at, expiresAt = :ttl",
        ExpressionAttributeValues: {
          ":closed": "CLOSED",
          ":at": now.toISOString(),
          ":account": entry.accountId,
          ":resource": entry.resourceId,
          ":ttl": this.expiry(now),
        },
      }),
    );
  }
}

/** Per-resource locks in DynamoDB: a conditional put that succeeds when free or expired. */
export class DynamoLockStore implements LockStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acquire(key: string, owner: string, now: Date, until: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            lockKey: key,
            owner,
            lockedUntil: epochSeconds(until),
            // TTL a day after the window, so expired locks do not pile up.
            expiresAt: epochSeconds(until) + 86_400,
          },
          ConditionExpression: "attribute_not_exists(lockKey) OR lockedUntil < :now",
          ExpressionAttributeValues: { ":now": epochSeconds(now) },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw err;
    }
  }

  async release(key: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { lockKey: key },
          ConditionExpression: "#owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": owner },
        }),
      );
    } catch (err) {
      // Someone else holds it now (our window expired): theirs to keep.
      if (!(err instanceof ConditionalCheckFailedException)) {
        throw err;
      }
    }
  }
}

/** Blocked digests in DynamoDB: one item per digest and repository, finding ARNs accumulated. */
export class DynamoBlockedDigestStore implements BlockedDigestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async block(digest: BlockedDigest): Promise<void> {
    const values: Record<string, unknown> = {
      ":registry": digest.registry,
      ":repositoryName": digest.repositoryName,
      ":reason": digest.reason,
      ":findingArns": new Set(digest.findingArns),
      ":severity": digest.severity,
      ":blockedAt": digest.blockedAt,
    };
    let update =
      `SET #registry = :registry, #repositoryName = :repositoryName, #reason = :reason, ` +
      `#severity = :severity, #blockedAt = if_not_exists(#blockedAt, :blockedAt)`;
    const names: Record<string, string> = {
      "#registry": B.registry,
      "#repositoryName": B.repositoryName,
      "#reason": B.reason,
      "#severity": B.severity,
      "#blockedAt": B.blockedAt,
      "#findingArns": B.findingArns,
    };
    if (digest.expiresAt !== undefined) {
      update += ", #expiresAt = :expiresAt";
      names["#expiresAt"] = B.expiresAt;
      values[":expiresAt"] = digest.expiresAt;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [B.imageDigest]: digest.imageDigest, [B.repositoryArn]: digest.repositoryArn },
        UpdateExpression: `${update} ADD #findingArns :findingArns`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}
