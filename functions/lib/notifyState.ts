/**
 * The notify function's state, in one DynamoDB table (a Lambda invocation is stateless):
 *
 * - `finding#<findingArn>`: the notification fingerprint last seen for the finding (status,
 *   severity, fix and exploit flags; lib/noise/grouping.ts). An event whose fingerprint equals it
 *   is a re-sent event for an unchanged finding and does not notify again. Expires after
 *   {@link FINGERPRINT_TTL_DAYS}.
 * - `group#<vulnerabilityId>|<package>#<window start>`: one notification group. Every finding
 *   that joins it is a top-level attribute `r_<hash of findingArn>` (a resource line), its hash in
 *   the string set `listed`, bounded to {@link MAX_LISTED_RESOURCES}; the rest are only counted
 *   (`unlisted`), so the item stays far below DynamoDB's 400 KB. The group is closed (`closedAt`)
 *   when its flush claims it, so a late finding joins the next window instead of being lost, and
 *   `sentAt` marks it published, so a redelivered flush does not publish twice.
 *
 * Every write is keyed or conditional, so a retried record repeats it harmlessly.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { createHash } from "crypto";
import type { AffectedResource } from "../../lib/noise/grouping";

/** The table's key and TTL attributes (the component declares the table with them). */
export const NOTIFY_STATE_KEYS = { partitionKey: "pk", ttlAttribute: "expiresAt" } as const;

/** How long a finding's last fingerprint is kept: a re-sent unchanged finding within it is quiet. */
export const FINGERPRINT_TTL_DAYS = 30;
/** How long a group item is kept after its window opened (for investigation; it is sent by then). */
export const GROUP_TTL_DAYS = 7;
/** Resources a group lists by name; the rest are counted ("and N more"). */
export const MAX_LISTED_RESOURCES = 25;
/**
 * How long a flush holds a group while it publishes. Longer than the function's timeout (30 s),
 * shorter than the flush queue's visibility timeout (180 s), so a retried flush of a crashed
 * invocation finds the lease expired.
 */
export const GROUP_LEASE_SECONDS = 120;

const DAY_SECONDS = 86_400;
const LINE_PREFIX = "r_";

/** Which window of which CVE and package a group is. */
export interface GroupIdentity {
  /** The item key, `group#<vulnerabilityId>|<packageName>#<windowStart>`. */
  readonly key: string;
  readonly vulnerabilityId: string;
  readonly packageName: string;
  /** ISO time the window opened. */
  readonly windowStart: string;
}

/** A group as stored. */
export interface StoredGroup {
  readonly vulnerabilityId: string;
  readonly packageName: string;
  readonly windowStart: string;
  readonly severities: readonly string[];
  readonly resources: readonly AffectedResource[];
  readonly unlisted: number;
  /** Whether its flush message was sent. */
  readonly flushQueued: boolean;
}

/** What the table holds for a finding: its last fingerprint and that event's `updatedAt`. */
export interface RecordedFingerprint {
  readonly fingerprint: string;
  readonly updatedAtMs?: number;
}

/** The outcome of claiming a group for its flush. */
export type GroupClaim =
  | { readonly outcome: "claimed"; readonly group: StoredGroup }
  | { readonly outcome: "missing" | "sent" | "busy" };

/** The key of a group item. */
export function groupItemKey(vulnerabilityId: string, packageName: string, windowStart: string) {
  return `group#${vulnerabilityId}|${packageName}#${windowStart}`;
}

/** The attribute holding a finding's resource line (short, stable, one per finding). */
export function resourceLineAttribute(findingArn: string): string {
  return `${LINE_PREFIX}${createHash("sha256").update(findingArn).digest("hex").slice(0, 16)}`;
}

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

function str(item: Record<string, AttributeValue>, name: string): string {
  return item[name]?.S ?? "";
}

function lineOf(resource: AffectedResource): AttributeValue {
  return {
    M: {
      findingArn: s(resource.findingArn),
      accountId: s(resource.accountId),
      region: s(resource.region),
      resourceType: s(resource.resourceType),
      resourceId: s(resource.resourceId),
      severity: s(resource.severity),
    },
  };
}

/** Reads a group item. */
export function readGroup(item: Record<string, AttributeValue>): StoredGroup {
  const resources = Object.entries(item)
    .filter(([name, value]) => name.startsWith(LINE_PREFIX) && value.M !== undefined)
    .map(([, value]) => {
      const m = value.M ?? {};
      return {
        findingArn: str(m, "findingArn"),
        accountId: str(m, "accountId"),
        region: str(m, "region"),
        resourceType: str(m, "resourceType"),
        resourceId: str(m, "resourceId"),
        severity: str(m, "severity"),
      };
    });
  return {
    vulnerabilityId: str(item, "vulnerabilityId"),
    packageName: str(item, "packageName"),
    windowStart: str(item, "windowStart"),
    severities: item.severities?.SS ?? [],
    resources,
    unlisted: Number(item.unlisted?.N ?? "0"),
    flushQueued: item.flushQueued?.BOOL === true,
  };
}

/** The notify function's table. */
export class NotifyStateStore {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * What was last recorded for a finding, if anything: its fingerprint and the `updatedAt` of
   * the event it came from (epoch milliseconds, when the event had a readable one).
   */
  async getFingerprint(findingArn: string): Promise<RecordedFingerprint | undefined> {
    const out = await this.dynamo.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: s(`finding#${findingArn}`) },
        ConsistentRead: true,
        ProjectionExpression: "#fp, #up",
        ExpressionAttributeNames: { "#fp": "fingerprint", "#up": "findingUpdatedAt" },
      }),
    );
    const fingerprint = out.Item?.fingerprint?.S;
    if (fingerprint === undefined) {
      return undefined;
    }
    const updatedAt = out.Item?.findingUpdatedAt?.N;
    return { fingerprint, ...(updatedAt === undefined ? {} : { updatedAtMs: Number(updatedAt) }) };
  }

  /**
   * Records a finding's fingerprint once its event is handled, with the event's `updatedAt`
   * (epoch milliseconds) when known, so that an older event arriving later is recognised.
   */
  async putFingerprint(
    findingArn: string,
    fingerprint: string,
    nowMs: number,
    updatedAtMs?: number,
  ): Promise<void> {
    await this.dynamo.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: s(`finding#${findingArn}`),
          fingerprint: s(fingerprint),
          recordedAt: s(new Date(nowMs).toISOString()),
          expiresAt: n(Math.floor(nowMs / 1000) + FINGERPRINT_TTL_DAYS * DAY_SECONDS),
          ...(updatedAtMs === undefined ? {} : { findingUpdatedAt: n(updatedAtMs) }),
        },
      }),
    );
  }

  /**
   * Adds a finding's resource to a group (creating it), listed while the group lists fewer than
   * {@link MAX_LISTED_RESOURCES}, else counted. Returns the group after the write, or `closed`
   * when its flush has claimed it (the caller then uses the next window).
   */
  async addToGroup(
    group: GroupIdentity,
    resource: AffectedResource,
  ): Promise<StoredGroup | "closed"> {
    const line = resourceLineAttribute(resource.findingArn);
    const hash = line.slice(LINE_PREFIX.length);
    const expiresAt =
      Math.floor(Date.parse(group.windowStart) / 1000) + GROUP_TTL_DAYS * DAY_SECONDS;
    // Set on the write that creates the group, kept by every later one.
    const create =
      "#cve = if_not_exists(#cve, :cve), #pkg = if_not_exists(#pkg, :pkg), " +
      "#start = if_not_exists(#start, :start), #exp = if_not_exists(#exp, :exp), " +
      "#fq = if_not_exists(#fq, :false)";
    const createNames = {
      "#cve": "vulnerabilityId",
      "#pkg": "packageName",
      "#start": "windowStart",
      "#exp": NOTIFY_STATE_KEYS.ttlAttribute,
      "#fq": "flushQueued",
      "#sev": "severities",
      "#closed": "closedAt",
    };
    const createValues = {
      ":cve": s(group.vulnerabilityId),
      ":pkg": s(group.packageName),
      ":start": s(group.windowStart),
      ":exp": n(expiresAt),
      ":false": { BOOL: false },
      ":sev": { SS: [resource.severity] },
    };
    try {
      const out = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: s(group.key) },
          UpdateExpression: `SET #line = :line, ${create} ADD #listed :hashes, #sev :sev`,
          ConditionExpression:
            "attribute_not_exists(#closed) AND (attribute_not_exists(#listed) OR " +
            "size(#listed) < :max OR contains(#listed, :hash))",
          ExpressionAttributeNames: { ...createNames, "#line": line, "#listed": "listed" },
          ExpressionAttributeValues: {
            ...createValues,
            ":line": lineOf(resource),
            ":hashes": { SS: [hash] },
            ":hash": s(hash),
            ":max": n(MAX_LISTED_RESOURCES),
          },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return readGroup(out.Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw error;
      }
      if (error.Item?.closedAt !== undefined) {
        return "closed";
      }
    }
    // The list is full: count the resource. A retry after a later step failed, or a second
    // change of the same finding within the window, counts it twice ("and N more" is then one
    // too high); a listed resource is never repeated.
    try {
      const out = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: s(group.key) },
          UpdateExpression: `SET ${create} ADD #unlisted :one, #sev :sev`,
          ConditionExpression: "attribute_not_exists(#closed)",
          ExpressionAttributeNames: { ...createNames, "#unlisted": "unlisted" },
          ExpressionAttributeValues: { ...createValues, ":one": n(1) },
          ReturnValues: "ALL_NEW",
        }),
      );
      return readGroup(out.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return "closed";
      }
      throw error;
    }
  }

  /** Records that the group's flush message was sent. */
  async markFlushQueued(groupKey: string): Promise<void> {
    await this.dynamo.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: s(groupKey) },
        UpdateExpression: "SET #fq = :true",
        ExpressionAttributeNames: { "#fq": "flushQueued" },
        ExpressionAttributeValues: { ":true": { BOOL: true } },
      }),
    );
  }

  /**
   * Closes a group to new resources and leases it for publishing: `missing` (no such group),
   * `sent` (already published), `busy` (another flush holds the lease: retry later).
   */
  async claimGroup(groupKey: string, nowMs: number): Promise<GroupClaim> {
    try {
      const out = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: s(groupKey) },
          UpdateExpression: "SET #closed = if_not_exists(#closed, :now), #lease = :lease",
          ConditionExpression:
            "attribute_exists(#pk) AND attribute_not_exists(#sent) AND " +
            "(attribute_not_exists(#lease) OR #lease < :now)",
          ExpressionAttributeNames: {
            "#pk": NOTIFY_STATE_KEYS.partitionKey,
            "#closed": "closedAt",
            "#lease": "leaseUntil",
            "#sent": "sentAt",
          },
          ExpressionAttributeValues: {
            ":now": n(nowMs),
            ":lease": n(nowMs + GROUP_LEASE_SECONDS * 1000),
          },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { outcome: "claimed", group: readGroup(out.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw error;
      }
      if (error.Item === undefined) {
        return { outcome: "missing" };
      }
      return { outcome: error.Item.sentAt === undefined ? "busy" : "sent" };
    }
  }

  /** Marks a claimed group published. */
  async markSent(groupKey: string, nowMs: number): Promise<void> {
    await this.dynamo.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: s(groupKey) },
        UpdateExpression: "SET #sent = :now REMOVE #lease",
        ExpressionAttributeNames: { "#sent": "sentAt", "#lease": "leaseUntil" },
        ExpressionAttributeValues: { ":now": n(nowMs) },
      }),
    );
  }
}
