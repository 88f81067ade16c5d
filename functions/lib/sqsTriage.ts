/**
 * The SQS side of triage: each record is an EventBridge event forwarded by the triage rule.
 * Records are validated at the edge, deduplicated on findingArn + updatedAt (Powertools
 * idempotency), triaged, and failures are returned as partial batch failures so only the failed
 * records come back (and reach the dead-letter queue after the queue's maxReceiveCount).
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type FindingEvent, MalformedEventError, parseFindingEvent, versionOf } from "./finding";
import { type TriageDeps, type TriageResult, triageFinding } from "./triage";

/** How long a processed finding version is remembered: longer than SQS retention (4 days). */
export const DEDUPE_WINDOW_SECONDS = 5 * 24 * 3600;

/** The idempotent payload: the key Powertools hashes, and the event. */
interface KeyedFinding {
  readonly key: { readonly findingArn: string; readonly updatedAt: string };
  readonly event: FindingEvent;
}

/** Options of {@link createTriageProcessor}. */
export interface TriageProcessorOptions {
  readonly deps: TriageDeps;
  readonly persistenceStore: BasePersistenceLayer;
  readonly logger: Logger;
}

/**
 * The result without undefined members (`mode` of a routing-only decision, `executionId` of an
 * automation that returned none): Powertools' DynamoDBPersistenceLayer marshalls the stored
 * result without `removeUndefinedValues`, so an undefined member would fail the success record
 * after every side effect, and the record would be retried into the dead-letter queue.
 */
export function withoutUndefined(result: TriageResult): TriageResult {
  return Object.fromEntries(
    Object.entries(result).filter(([, value]) => value !== undefined),
  ) as unknown as TriageResult;
}

/** An error for the log: name, message and its cause's (the AWS error a retry wraps). */
export function describeError(err: unknown): Record<string, unknown> | string {
  if (!(err instanceof Error)) {
    return String(err);
  }
  return {
    name: err.name,
    message: err.message,
    ...(err.cause === undefined ? {} : { cause: describeError(err.cause) }),
  };
}

/** Builds the SQS handler: `(event, context) => { batchItemFailures }`. */
export function createTriageProcessor(
  options: TriageProcessorOptions,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { deps, persistenceStore, logger } = options;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "key",
    expiresAfterSeconds: DEDUPE_WINDOW_SECONDS,
  });
  const triageOnce = makeIdempotent(
    async (keyed: KeyedFinding): Promise<TriageResult> =>
      withoutUndefined(await triageFinding(keyed.event, deps)),
    { persistenceStore, config },
  );
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord): Promise<TriageResult> => {
    let event: FindingEvent;
    try {
      event = parseFindingEvent(record.body);
    } catch (err) {
      if (err instanceof MalformedEventError) {
        // Failing the record sends it back, then to the dead-letter queue with this log line.
        logger.error("malformed finding event", {
          messageId: record.messageId,
          problems: err.problems,
        });
      }
      throw err;
    }
    const keys = { findingArn: event.detail.findingArn, accountId: event.detail.awsAccountId };
    logger.appendKeys(keys);
    try {
      const result = await triageOnce({
        key: { findingArn: event.detail.findingArn, updatedAt: versionOf(event.detail) },
        event,
      });
      logger.info("triaged", { ...result });
      return result;
    } catch (err) {
      logger.error("triage failed; the record is retried", { error: describeError(err) });
      throw err;
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
  };

  return async (event, context) => {
    // Every line of the invocation carries the request id and cold start (Powertools Logger).
    logger.addContext(context);
    config.registerLambdaContext(context);
    // Sequential, so copies of one finding in one batch find the first one's completed record
    // instead of an in-progress one (which would fail them back to the queue).
    return processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
      // A batch whose records all failed is reported like any other, record by record.
      throwOnFullBatchFailure: false,
    });
  };
}
