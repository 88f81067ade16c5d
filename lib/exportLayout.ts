/**
 * The key layout of the continuous export (Firehose dynamic partitioning into the export bucket),
 * in one place for the writer (components/findingsExport.ts) and the readers (the KPI function,
 * `npm run kpis`, a SIEM).
 *
 * Objects are `findings/type=<finding|scan|coverage>/dt=<yyyy-MM-dd>/<stream>-<time>-<id>.json.gz`.
 * The partition key is the event's kind, taken from `detail-type`, which every EventBridge event
 * carries: `detail.awsAccountId` exists on finding events only, so scan and coverage events
 * (Inspector UG, "Amazon EventBridge event schema for Amazon Inspector events") went to the error
 * prefix. The kind also bounds the number of partitions: Firehose keeps at most 500 active
 * partitions per stream and sends the rest to the error prefix (Firehose developer guide,
 * "Buffer data for dynamic partitioning"); one partition per member account would pass that
 * in a large organization, three kinds times two days never do. The account of each event stays
 * in the record (`account`, `detail.awsAccountId`).
 */

/** The name of the partition key the query extracts (`partitionKeyFromQuery:<name>`). */
export const EXPORT_PARTITION_KEY = "type";

/**
 * The jq query (JQ-1.6: `ascii_downcase` and `ltrimstr` are jq 1.5 builtins) that turns
 * `"Inspector2 Finding"` into `finding`, `"Inspector2 Scan"` into `scan` and
 * `"Inspector2 Coverage"` into `coverage`: lower case, no space, safe in an S3 key.
 */
export const EXPORT_PARTITION_QUERY = `{${EXPORT_PARTITION_KEY}: (."detail-type" | ascii_downcase | ltrimstr("inspector2 "))}`;

/** The top-level prefix of the continuous export; the KPI function reads under it. */
export const EXPORT_ROOT_PREFIX = "findings/";

/** The Firehose `Prefix`: kind, then delivery date (UTC, the records' arrival time). */
export const FINDINGS_PREFIX = `${EXPORT_ROOT_PREFIX}${EXPORT_PARTITION_KEY}=!{partitionKeyFromQuery:${EXPORT_PARTITION_KEY}}/dt=!{timestamp:yyyy-MM-dd}/`;

/**
 * The Firehose `ErrorOutputPrefix`: records Firehose could not partition or deliver, by error
 * type. It may not use the partition keys, and with an expression it must name
 * `firehose:error-output-type` (Firehose developer guide, "Custom prefixes for Amazon S3 objects").
 */
export const FINDINGS_ERROR_PREFIX =
  "findings-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/";

/** The partition directory under the export prefix: `type=<kind>/`, the kind captured. */
export const PARTITION_DIRECTORY = new RegExp(`${EXPORT_PARTITION_KEY}=([^/]+)/$`);

/** The delivery-date directory of a key: `/dt=<yyyy-mm-dd>/`, the date captured. */
export const DELIVERY_DATE_DIRECTORY = /\/dt=(\d{4}-\d{2}-\d{2})\//;

/** The key prefix of one kind's partition, e.g. `findings/type=scan/`. */
export function partitionPrefix(root: string, kind: string): string {
  return `${root}${EXPORT_PARTITION_KEY}=${kind}/`;
}
