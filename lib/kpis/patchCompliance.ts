/**
 * The patch compliance KPI (issue 8, "patch compliance rate by baseline where SSM compliance data
 * is available"): the member baseline's SSM resource data sync writes each managed node's
 * compliance summary to the export bucket, and the KPI function computes, per patch baseline, the
 * share of nodes whose Patch compliance is COMPLIANT. Pure; shared by the program (prefix, policy)
 * and the KPI function.
 *
 * Layout (SSM UG, inventory-resource-data-sync, the Athena tables of the walkthrough: one folder
 * per inventory type, partitioned by AccountId, Region and ResourceType):
 *   <prefix>AWS:ComplianceSummary/accountid=<id>/region=<region>/resourcetype=ManagedInstanceInventory/<node id>.json
 * Each file holds the node's records of the type, one JSON object a line (SyncFormat JsonSerDe).
 * The AWS:ComplianceSummary attributes include ComplianceType, PatchBaselineId, PatchGroup and
 * Status (COMPLIANT or NON_COMPLIANT); the Patch record is the node's patch compliance from its
 * last AWS-RunPatchBaseline Scan or Install.
 */

/** The resource data sync's S3 prefix (BucketPrefix), without the trailing slash. */
export const SSM_SYNC_BUCKET_PREFIX = "ssm-sync";
/** The key prefix the sync writes under. */
export const SSM_SYNC_PREFIX = `${SSM_SYNC_BUCKET_PREFIX}/`;
/** The inventory type folder the KPI reads. */
export const COMPLIANCE_SUMMARY_TYPE = "AWS:ComplianceSummary";
/** The key prefix of the compliance summaries: `ssm-sync/AWS:ComplianceSummary/`. */
export const COMPLIANCE_SUMMARY_PREFIX = `${SSM_SYNC_PREFIX}${COMPLIANCE_SUMMARY_TYPE}/`;
/** The resource data sync's name in every member account and Region. */
export const PATCH_COMPLIANCE_SYNC_NAME = "inspector-rollout-compliance";
/** The baseline id reported for Patch records without one. */
export const UNKNOWN_BASELINE = "unknown";

/** One node's Patch compliance, from its synced compliance summary. */
export interface PatchComplianceRecord {
  readonly account: string;
  readonly region: string;
  readonly resourceId: string;
  readonly baselineId: string;
  readonly compliant: boolean;
}

/** The rate of one patch baseline. */
export interface BaselineRate {
  readonly baselineId: string;
  readonly compliant: number;
  readonly total: number;
  /** Compliant over total, in percent, one decimal. */
  readonly percent: number;
}

const KEY = /accountid=(\d{12})\/region=([a-z0-9-]+)\/resourcetype=[^/]+\/([^/]+?)(?:\.json)?$/;

/** Account, Region and node id from a summary's key; undefined for another layout. */
export function parseSummaryKey(
  key: string,
): { account: string; region: string; resourceId: string } | undefined {
  const match = KEY.exec(key);
  return match === null ? undefined : { account: match[1], region: match[2], resourceId: match[3] };
}

/**
 * The Patch records of one summary file (one JSON object a line; other compliance types, such
 * as Association or Custom:*, are skipped). Throws on a line that is not a JSON object.
 */
export function parsePatchSummaries(text: string, key: string): PatchComplianceRecord[] {
  const where = parseSummaryKey(key);
  if (where === undefined) {
    throw new Error(`${key} is not <type>/accountid=<id>/region=<region>/resourcetype=<type>/<id>`);
  }
  const records: PatchComplianceRecord[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      continue;
    }
    const item = JSON.parse(line) as unknown;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new Error(`a line of ${key} is not a JSON object`);
    }
    const r = item as Record<string, unknown>;
    if (r.ComplianceType !== "Patch") {
      continue;
    }
    records.push({
      ...where,
      baselineId:
        typeof r.PatchBaselineId === "string" && r.PatchBaselineId !== ""
          ? r.PatchBaselineId
          : UNKNOWN_BASELINE,
      compliant: r.Status === "COMPLIANT",
    });
  }
  return records;
}

/**
 * The compliance rate per patch baseline: nodes whose Patch status is COMPLIANT over all nodes
 * with Patch compliance data, in baseline order. A node counted twice (two Patch lines) counts
 * once, with its last record.
 */
export function computePatchComplianceRates(
  records: readonly PatchComplianceRecord[],
): BaselineRate[] {
  const latest = new Map<string, PatchComplianceRecord>();
  for (const r of records) {
    latest.set(`${r.account}/${r.region}/${r.resourceId}`, r);
  }
  const byBaseline = new Map<string, { compliant: number; total: number }>();
  for (const r of latest.values()) {
    const b = byBaseline.get(r.baselineId) ?? { compliant: 0, total: 0 };
    b.total += 1;
    b.compliant += r.compliant ? 1 : 0;
    byBaseline.set(r.baselineId, b);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([baselineId, { compliant, total }]) => ({
      baselineId,
      compliant,
      total,
      percent: Math.round((compliant / total) * 1000) / 10,
    }));
}
