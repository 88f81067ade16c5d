/**
 * The notify function's logic, with its clients injected (functions/notify/handler.ts wires the
 * real ones; the tests mock client instances).
 *
 * Two kinds of SQS messages reach it:
 * - finding events from the triage queue (EventBridge -> SQS). Suppressed and closed findings
 *   never notify; an event whose notification fingerprint (status, severity, fix and exploit
 *   flags) equals the one last recorded for its finding is a re-sent event for an unchanged
 *   finding and does not notify again. With a window of 0 minutes every other event is published
 *   at once, one message per finding. Otherwise the finding's resource joins the group of its CVE
 *   and package for the current window, and the invocation that finds the group without a
 *   scheduled flush sends one to the flush queue, delayed until the window closes;
 * - flush messages from the flush queue: the group is claimed (closed to new resources), ONE
 *   message listing its resources is published, and the group is marked sent, so a redelivered
 *   flush does not publish twice.
 *
 * A finding's fingerprint is recorded last, after its notification or group write, so a record
 * that fails on the way (throttling, an SNS or SQS error) is retried in full and nothing is lost;
 * repeating a step is harmless (the group's resources are keyed by finding).
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { z } from "zod";
import {
  affectedResourceOf,
  flushDelaySeconds,
  formatGroupMessage,
  groupKeyOf,
  mostSevere,
  type NotificationGroup,
  notificationFingerprint,
  notificationSkipReason,
  notificationWindow,
  SEVERITY_RANK,
} from "../../lib/noise/grouping";
import { parseInspectorTime } from "../../lib/kpis/time";
import { MESSAGE_TYPE_ATTRIBUTE, MESSAGE_TYPES } from "../../lib/notificationTypes";
import { type FindingEvent, FindingEventSchema } from "./findingEvent";
import { formatFindingMessage } from "./formatFindingMessage";
import { groupItemKey, type NotifyStateStore, type StoredGroup } from "./notifyState";
import { snsSubject } from "./snsSubject";

/** The `kind` of a flush message. */
export const FLUSH_MESSAGE_KIND = "notification-group-flush";

/** A flush message: publish this group. */
export const FlushMessageSchema = z.object({
  kind: z.literal(FLUSH_MESSAGE_KIND),
  groupKey: z.string().startsWith("group#"),
});

/** What the notify function uses. */
export interface NotifyDeps {
  readonly state: NotifyStateStore;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** The findings topic. */
  readonly topicArn: string;
  /** The flush queue's URL. */
  readonly flushQueueUrl: string;
  /** The grouping window in minutes, 0-15; 0 publishes one message per finding. */
  readonly windowMinutes: number;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** The clock, epoch milliseconds. */
  readonly now: () => number;
}

/** Raised when another flush holds a group's lease; the flush message is retried. */
export class GroupBusyError extends Error {
  constructor(groupKey: string) {
    super(`another flush is publishing ${groupKey}; retrying later`);
    this.name = "GroupBusyError";
  }
}

/** Raised when both the current and the next window of a group are already being sent. */
export class GroupClosedError extends Error {
  constructor(groupKey: string) {
    super(`${groupKey} and the window after it are closed; retrying later`);
    this.name = "GroupClosedError";
  }
}

/** The group as a person reads it: most severe first, then by account and resource. */
export function notificationGroupOf(stored: StoredGroup): NotificationGroup {
  const rank = (severity: string) => SEVERITY_RANK[severity] ?? 0;
  const resources = [...stored.resources].sort(
    (a, b) =>
      rank(b.severity) - rank(a.severity) ||
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.resourceId.localeCompare(b.resourceId) ||
      a.findingArn.localeCompare(b.findingArn),
  );
  return {
    key: `${stored.vulnerabilityId}|${stored.packageName}`,
    vulnerabilityId: stored.vulnerabilityId,
    packageName: stored.packageName,
    severity: mostSevere(stored.severities),
    windowStart: stored.windowStart,
    resources,
    unlisted: stored.unlisted,
  };
}

/** Builds the Lambda handler: an SQS batch with a partial batch response. */
export function createNotifyHandler(deps: NotifyDeps) {
  const { logger, metrics, state } = deps;
  const processor = new BatchProcessor(EventType.SQS);
  const count = (name: string) => metrics?.addMetric(name, MetricUnit.Count, 1);

  async function publishFinding(event: FindingEvent): Promise<void> {
    const message = formatFindingMessage(event);
    await deps.sns.send(
      new PublishCommand({
        TopicArn: deps.topicArn,
        Subject: message.subject,
        Message: message.body,
        MessageAttributes: {
          [MESSAGE_TYPE_ATTRIBUTE]: { DataType: "String", StringValue: MESSAGE_TYPES.finding },
          severity: { DataType: "String", StringValue: event.detail.severity },
          awsAccountId: { DataType: "String", StringValue: event.detail.awsAccountId },
        },
      }),
    );
    count("FindingsNotified");
  }

  async function joinGroup(event: FindingEvent): Promise<void> {
    const { vulnerabilityId, packageName } = groupKeyOf(event);
    const resource = affectedResourceOf(event);
    const now = deps.now();
    const window = notificationWindow(now, deps.windowMinutes);
    const length = window.end - window.start;
    // A group is closed once its flush claims it; a finding arriving that late joins the next.
    for (const start of [window.start, window.end]) {
      const key = groupItemKey(vulnerabilityId, packageName, new Date(start).toISOString());
      const group = await state.addToGroup(
        { key, vulnerabilityId, packageName, windowStart: new Date(start).toISOString() },
        resource,
      );
      if (group === "closed") {
        continue;
      }
      if (!group.flushQueued) {
        // Concurrent invocations may both get here; the flush publishes once (claimGroup).
        await deps.sqs.send(
          new SendMessageCommand({
            QueueUrl: deps.flushQueueUrl,
            MessageBody: JSON.stringify({ kind: FLUSH_MESSAGE_KIND, groupKey: key }),
            DelaySeconds: flushDelaySeconds(now, start + length),
          }),
        );
        await state.markFlushQueued(key);
        logger.info("notification group opened", { groupKey: key });
      }
      count("FindingsGrouped");
      return;
    }
    throw new GroupClosedError(groupItemKey(vulnerabilityId, packageName, "*"));
  }

  async function handleFinding(event: FindingEvent): Promise<void> {
    const findingArn = event.detail.findingArn;
    const fingerprint = notificationFingerprint(event);
    const updatedAtMs = parseInspectorTime(event.detail.updatedAt);
    const last = await state.getFingerprint(findingArn);
    if (
      last?.updatedAtMs !== undefined &&
      updatedAtMs !== undefined &&
      updatedAtMs < last.updatedAtMs
    ) {
      // EventBridge and SQS deliver late and out of order: an event older than the one already
      // handled (a late ACTIVE after the CLOSED one) says nothing new.
      logger.info("finding not notified", { reason: "older than the last event handled" });
      count("FindingsNotNotified");
      return;
    }
    const skip = notificationSkipReason(event);
    if (skip !== undefined) {
      // Recorded, so that the finding notifies again if it becomes ACTIVE.
      await state.putFingerprint(findingArn, fingerprint, deps.now(), updatedAtMs);
      logger.info("finding not notified", { reason: skip });
      count("FindingsNotNotified");
      return;
    }
    if (last?.fingerprint === fingerprint) {
      logger.info("finding not notified", { reason: "unchanged" });
      count("FindingsNotNotified");
      return;
    }
    if (deps.windowMinutes === 0) {
      await publishFinding(event);
    } else {
      await joinGroup(event);
    }
    await state.putFingerprint(findingArn, fingerprint, deps.now(), updatedAtMs);
  }

  async function flushGroup(groupKey: string): Promise<void> {
    logger.appendKeys({ groupKey });
    try {
      const claim = await state.claimGroup(groupKey, deps.now());
      if (claim.outcome === "busy") {
        throw new GroupBusyError(groupKey);
      }
      if (claim.outcome !== "claimed") {
        logger.info("notification group not published", { reason: claim.outcome });
        return;
      }
      const group = notificationGroupOf(claim.group);
      const message = formatGroupMessage(group);
      await deps.sns.send(
        new PublishCommand({
          TopicArn: deps.topicArn,
          Subject: snsSubject(message.subject),
          Message: message.body,
          MessageAttributes: {
            [MESSAGE_TYPE_ATTRIBUTE]: {
              DataType: "String",
              StringValue: MESSAGE_TYPES.findingGroup,
            },
            severity: { DataType: "String", StringValue: group.severity },
            vulnerabilityId: { DataType: "String", StringValue: group.vulnerabilityId },
          },
        }),
      );
      await state.markSent(groupKey, deps.now());
      count("NotificationGroupsSent");
      logger.info("notification group published", {
        resources: group.resources.length + (group.unlisted ?? 0),
      });
    } finally {
      logger.removeKeys(["groupKey"]);
    }
  }

  async function handleRecord(record: SQSRecord): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const flush = FlushMessageSchema.safeParse(body);
    if (flush.success) {
      await flushGroup(flush.data.groupKey);
      return;
    }
    const parsed = FindingEventSchema.safeParse(body);
    if (!parsed.success) {
      // Not retryable: a malformed event stays malformed. Logged and dropped, counted.
      logger.error("not an Inspector2 finding event", {
        messageId: record.messageId,
        issues: parsed.error.issues,
      });
      count("InvalidFindingEvents");
      return;
    }
    const event = parsed.data;
    logger.appendKeys({
      findingArn: event.detail.findingArn,
      accountId: event.detail.awsAccountId,
    });
    try {
      await handleFinding(event);
    } finally {
      logger.removeKeys(["findingArn", "accountId"]);
    }
  }

  return async (event: SQSEvent, context: Context) => {
    logger.addContext(context);
    try {
      // One record after the other: the second finding of a group then sees the flush the
      // first one scheduled, instead of racing it (a batch is 10 messages).
      return await processPartialResponse(event, handleRecord, processor, {
        context,
        processInParallel: false,
      });
    } finally {
      metrics?.publishStoredMetrics();
    }
  };
}
