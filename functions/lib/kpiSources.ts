/**
 * The KPI function's sources, each behind a client passed in (tests mock the instances):
 * - Inspector in every governed Region (the delegated administrator sees every member):
 *   ListFindingAggregations, ListFindings, ListCoverage, ListCoverageStatistics, and
 *   ListMembers with ListUsageTotals (./kpiUsage.ts);
 * - the continuous export in S3 (finding events, for the event KPIs of lib/kpis/compute.ts);
 * - the remediation audit table (actions in the last 24 hours).
 *
 * Cost and bounds. Inspector's List* calls are not billed; what limits them is the API's rate
 * (throttling, retried by the SDK's adaptive mode) and the function's time. Per Region and run:
 *   ListFindingAggregations  ceil(accounts / 100) calls
 *   ListFindings (new)       ceil(findings first observed in 24 h / 100)
 *   ListFindings (SLA)       one query per severity with an SLA: ceil(breaches / 100) each
 *   ListCoverage             ceil(inactive EC2 / 200) + ceil(inactive Lambda / 200)
 *   ListCoverageStatistics   1 call (a page per 100 groups; there are ~40 reasons)
 *   ListMembers              ceil(members / 50), then ListUsageTotals ceil(accounts / 500)
 * Every query stops after `maxPages` pages and says so (`truncated`), so a huge backlog of SLA
 * breaches gives a lower bound in a bounded time rather than a timeout. S3: one ListObjectsV2
 * for the kind partitions, one (paginated, 1,000 keys a page) per kind starting at the
 * first day of the lookback, and one GetObject per object, at most `maxObjects`. The members'
 * synced compliance summaries: one paginated listing of `ssm-sync/AWS:ComplianceSummary/` and one
 * GetObject per node file written in the lookback, at most `maxObjects`.
 */
import {
  type FilterCriteria,
  type Inspector2Client,
  paginateListCoverage,
  paginateListCoverageStatistics,
  paginateListFindingAggregations,
  paginateListFindings,
} from "@aws-sdk/client-inspector2";
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import { type DynamoDBDocumentClient, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { gunzipSync } from "zlib";
import type { InspectorEvent, SlaDays } from "../../lib/kpis/compute";
import {
  type BaselineRate,
  COMPLIANCE_SUMMARY_TYPE,
  computePatchComplianceRates,
  parsePatchSummaries,
  type PatchComplianceRecord,
} from "../../lib/kpis/patchCompliance";
import { COVERAGE_REASONS_NOT_A_GAP } from "../../lib/eventPatterns";
import {
  DELIVERY_DATE_DIRECTORY,
  PARTITION_DIRECTORY,
  partitionPrefix,
} from "../../lib/exportLayout";
import { parseEventText } from "../../lib/kpis/read";
import { DAY_MS } from "../../lib/kpis/time";
import { type RegionUsage, usageTotals } from "./kpiUsage";
import { AUDIT_KEYS } from "./stores";

/** Counts keyed by account id. */
export type ByAccount = Record<string, number>;

/** ACTIVE findings of one account in one Region (SeverityCounts has no LOW: it is in `all`). */
export interface AccountSeverityCounts {
  readonly CRITICAL: number;
  readonly HIGH: number;
  readonly MEDIUM: number;
  readonly ALL: number;
}

/** Resources not covered, by account and by Inspector's scan status reason. */
export interface CoverageCount {
  readonly byAccount: ByAccount;
  readonly byReason: Record<string, number>;
  readonly truncated: boolean;
}

/** What the Inspector APIs say about one Region. A source that failed is `undefined`. */
export interface RegionFigures {
  readonly region: string;
  readonly activeFindings: Record<string, AccountSeverityCounts> | undefined;
  /** Findings first observed in the last 24 hours, not suppressed, per severity. */
  readonly newFindings:
    { readonly bySeverity: Record<string, number>; truncated: boolean } | undefined;
  /** ACTIVE findings older than their severity's SLA, per severity then account. */
  readonly slaBreaches:
    { readonly bySeverity: Record<string, ByAccount>; readonly truncated: boolean } | undefined;
  readonly ec2WithoutSsm: CoverageCount | undefined;
  readonly lambdaNotCovered: CoverageCount | undefined;
  /** Inactive resources by reason, and the total of the reasons that are gaps. */
  readonly coverageGaps:
    { readonly total: number; readonly byReason: Record<string, number> } | undefined;
  /** Usage and estimated monthly cost of the members and the administrator (./kpiUsage.ts). */
  readonly usage?: RegionUsage | undefined;
  /** The sources that failed, with the error name and message. */
  readonly errors: readonly SourceError[];
}

/** A source that failed: logged, counted in `KpiSourceErrors`, and left out. */
export interface SourceError {
  readonly source: string;
  readonly region: string;
  readonly error: string;
}

/** Options of {@link collectRegion}. */
export interface RegionOptions {
  readonly now: Date;
  readonly slaDays: SlaDays;
  /** Most pages read per query. */
  readonly maxPages: number;
  /** The delegated administrator's own account (the function's): its usage is billed too. */
  readonly adminAccountId: string;
}

/**
 * EC2 scan status reasons meaning "no SSM coverage": not a managed instance, or SSM inventory
 * missing or stale (ScanStatusReason in @aws-sdk/client-inspector2; Inspector UG,
 * scanning-ec2). With hybrid scanning such instances are scanned agentlessly and are ACTIVE, so
 * they are not counted.
 */
export const EC2_NO_SSM_REASONS: readonly string[] = [
  "UNMANAGED_EC2_INSTANCE",
  "NO_INVENTORY",
  "STALE_INVENTORY",
];

/** INACTIVE reasons that are not coverage gaps (lib/eventPatterns.ts). */
export const NOT_A_GAP_REASONS: readonly string[] = COVERAGE_REASONS_NOT_A_GAP;

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function add(target: Record<string, number>, key: string, n = 1): void {
  target[key] = (target[key] ?? 0) + n;
}

/** ACTIVE findings per account and severity (ListFindingAggregations, ACCOUNT). */
export async function activeFindingsByAccount(
  inspector: Inspector2Client,
  maxPages: number,
): Promise<Record<string, AccountSeverityCounts>> {
  const result: Record<string, AccountSeverityCounts> = {};
  let pages = 0;
  for await (const page of paginateListFindingAggregations(
    { client: inspector, pageSize: 100 },
    { aggregationType: "ACCOUNT" },
  )) {
    for (const response of page.responses ?? []) {
      const a = response.accountAggregation;
      if (a?.accountId === undefined) {
        continue;
      }
      const c = a.severityCounts ?? {};
      result[a.accountId] = {
        CRITICAL: c.critical ?? 0,
        HIGH: c.high ?? 0,
        MEDIUM: c.medium ?? 0,
        ALL: c.all ?? 0,
      };
    }
    if (++pages >= maxPages) {
      break;
    }
  }
  return result;
}

/** Counts ListFindings results by a key of each finding; stops after `maxPages` pages. */
async function countFindings(
  inspector: Inspector2Client,
  filterCriteria: FilterCriteria,
  maxPages: number,
  count: (accountId: string, severity: string) => void,
): Promise<{ truncated: boolean }> {
  let pages = 0;
  for await (const page of paginateListFindings(
    { client: inspector, pageSize: 100 },
    { filterCriteria },
  )) {
    for (const f of page.findings ?? []) {
      count(f.awsAccountId ?? "unknown", f.severity ?? "UNTRIAGED");
    }
    if (++pages >= maxPages) {
      return { truncated: page.nextToken !== undefined };
    }
  }
  return { truncated: false };
}

/** Findings first observed in the 24 hours before `now`, not suppressed, per severity. */
export async function newFindingsBySeverity(
  inspector: Inspector2Client,
  now: Date,
  maxPages: number,
): Promise<{ bySeverity: Record<string, number>; truncated: boolean }> {
  const bySeverity: Record<string, number> = {};
  const { truncated } = await countFindings(
    inspector,
    {
      // CLOSED within the day still counts as new; SUPPRESSED is noise by decision.
      findingStatus: [{ comparison: "NOT_EQUALS", value: "SUPPRESSED" }],
      firstObservedAt: [{ startInclusive: new Date(now.getTime() - DAY_MS), endInclusive: now }],
    },
    maxPages,
    (_account, severity) => add(bySeverity, severity),
  );
  return { bySeverity, truncated };
}

/** ACTIVE findings first observed longer ago than their severity's SLA, per severity and account. */
export async function slaBreachesByAccount(
  inspector: Inspector2Client,
  now: Date,
  slaDays: SlaDays,
  maxPages: number,
): Promise<{ bySeverity: Record<string, ByAccount>; truncated: boolean }> {
  const bySeverity: Record<string, ByAccount> = {};
  let truncated = false;
  for (const [severity, days] of Object.entries(slaDays)) {
    if (days === undefined) {
      continue;
    }
    const byAccount: ByAccount = {};
    const result = await countFindings(
      inspector,
      {
        findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
        severity: [{ comparison: "EQUALS", value: severity }],
        firstObservedAt: [{ endInclusive: new Date(now.getTime() - days * DAY_MS) }],
      },
      maxPages,
      (account) => add(byAccount, account),
    );
    bySeverity[severity] = byAccount;
    truncated = truncated || result.truncated;
  }
  return { bySeverity, truncated };
}

/**
 * Distinct resources of a type whose PACKAGE scan is INACTIVE (ListCoverage), by account and
 * reason, keeping only `reasons` when given. One query without a reason filter, counted here, so
 * the result does not depend on how Inspector combines several values of one filter field.
 */
export async function inactiveResources(
  inspector: Inspector2Client,
  resourceType: "AWS_EC2_INSTANCE" | "AWS_LAMBDA_FUNCTION",
  maxPages: number,
  reasons?: readonly string[],
): Promise<CoverageCount> {
  const seen = new Set<string>();
  const byAccount: ByAccount = {};
  const byReason: Record<string, number> = {};
  let pages = 0;
  for await (const page of paginateListCoverage(
    { client: inspector, pageSize: 200 },
    {
      filterCriteria: {
        resourceType: [{ comparison: "EQUALS", value: resourceType }],
        scanType: [{ comparison: "EQUALS", value: "PACKAGE" }],
        scanStatusCode: [{ comparison: "EQUALS", value: "INACTIVE" }],
      },
    },
  )) {
    for (const r of page.coveredResources ?? []) {
      const reason = r.scanStatus?.reason ?? "UNKNOWN";
      const key = `${r.accountId}/${r.resourceId}`;
      if (r.resourceId === undefined || seen.has(key)) {
        continue;
      }
      if (reasons !== undefined && !reasons.includes(reason)) {
        continue;
      }
      seen.add(key);
      add(byAccount, r.accountId ?? "unknown");
      add(byReason, reason);
    }
    if (++pages >= maxPages) {
      return { byAccount, byReason, truncated: page.nextToken !== undefined };
    }
  }
  return { byAccount, byReason, truncated: false };
}

/** INACTIVE resources by reason (ListCoverageStatistics), and the total of the gap reasons. */
export async function coverageGaps(
  inspector: Inspector2Client,
  maxPages: number,
): Promise<{ total: number; byReason: Record<string, number> }> {
  const byReason: Record<string, number> = {};
  let pages = 0;
  for await (const page of paginateListCoverageStatistics(
    { client: inspector },
    {
      filterCriteria: { scanStatusCode: [{ comparison: "EQUALS", value: "INACTIVE" }] },
      groupBy: "SCAN_STATUS_REASON",
    },
  )) {
    for (const c of page.countsByGroup ?? []) {
      add(byReason, c.groupKey ?? "UNKNOWN", c.count ?? 0);
    }
    if (++pages >= maxPages) {
      break;
    }
  }
  const total = Object.entries(byReason)
    .filter(([reason]) => !NOT_A_GAP_REASONS.includes(reason))
    .reduce((sum, [, n]) => sum + n, 0);
  return { total, byReason };
}

/** Every Inspector figure of one Region; a failing source is recorded and the others go on. */
export async function collectRegion(
  inspector: Inspector2Client,
  region: string,
  options: RegionOptions,
): Promise<RegionFigures> {
  const errors: SourceError[] = [];
  const attempt = async <T>(source: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      errors.push({ source, region, error: describe(err) });
      return undefined;
    }
  };
  const { now, slaDays, maxPages } = options;
  // One source after the other: parallel queries in one Region only trade throttling for time.
  const activeFindings = await attempt("ListFindingAggregations", () =>
    activeFindingsByAccount(inspector, maxPages),
  );
  const newFindings = await attempt("ListFindings:new", () =>
    newFindingsBySeverity(inspector, now, maxPages),
  );
  const slaBreaches = await attempt("ListFindings:sla", () =>
    slaBreachesByAccount(inspector, now, slaDays, maxPages),
  );
  const ec2WithoutSsm = await attempt("ListCoverage:ec2", () =>
    inactiveResources(inspector, "AWS_EC2_INSTANCE", maxPages, EC2_NO_SSM_REASONS),
  );
  const lambdaNotCovered = await attempt("ListCoverage:lambda", () =>
    inactiveResources(inspector, "AWS_LAMBDA_FUNCTION", maxPages),
  );
  const gaps = await attempt("ListCoverageStatistics", () => coverageGaps(inspector, maxPages));
  const usage = await attempt("ListUsageTotals", () =>
    usageTotals(inspector, options.adminAccountId, maxPages),
  );
  return {
    region,
    activeFindings,
    newFindings,
    slaBreaches,
    ec2WithoutSsm,
    lambdaNotCovered,
    coverageGaps: gaps,
    usage,
    errors,
  };
}

/** The number of Inspector sources per Region: a Region failed when all of them did. */
export const REGION_SOURCE_COUNT = 7;

/** What was read from the export. */
export interface ExportedEvents {
  readonly events: InspectorEvent[];
  /** The accounts the events are about (`detail.awsAccountId`, else `account`), sorted. */
  readonly accounts: string[];
  readonly objects: number;
  /** Objects that were not GZIP JSON events (logged, skipped). */
  readonly unreadable: { readonly key: string; readonly error: string }[];
  /** True when `maxObjects` stopped the read. */
  readonly truncated: boolean;
}

/** Options of {@link readExportedEvents}. */
export interface ExportOptions {
  readonly bucket: string;
  /**
   * The export's prefix, `findings/`: objects are `<prefix>type=<kind>/dt=<yyyy-mm-dd>/...`
   * (lib/exportLayout.ts).
   */
  readonly prefix: string;
  readonly now: Date;
  readonly lookbackDays: number;
  readonly maxObjects: number;
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  if (b?.transformToByteArray === undefined) {
    throw new Error("the object has no body");
  }
  return b.transformToByteArray();
}

/** The account an exported event is about: the finding's, else the envelope's (scan, coverage). */
function eventAccount(event: InspectorEvent): string | undefined {
  const fromDetail = event.detail.awsAccountId;
  return typeof fromDetail === "string" ? fromDetail : event.account;
}

/**
 * The events the continuous export wrote in the last `lookbackDays` days (by the `dt=`
 * partition, the delivery date). The partitions are per event kind (lib/exportLayout.ts), so
 * the kinds are listed first (a delimiter listing), then each kind's keys from the first day on
 * (`StartAfter`: keys sort by date), never the whole history.
 */
export async function readExportedEvents(
  s3: S3Client,
  options: ExportOptions,
): Promise<ExportedEvents> {
  const { bucket, prefix, now, lookbackDays, maxObjects } = options;
  const firstDay = new Date(now.getTime() - lookbackDays * DAY_MS).toISOString().slice(0, 10);
  const kinds: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: prefix, Delimiter: "/" },
  )) {
    for (const p of page.CommonPrefixes ?? []) {
      const match = PARTITION_DIRECTORY.exec(p.Prefix ?? "");
      if (match !== null) {
        kinds.push(match[1]);
      }
    }
  }
  const keys: string[] = [];
  let truncated = false;
  for (const kind of kinds) {
    const kindPrefix = partitionPrefix(prefix, kind);
    for await (const page of paginateListObjectsV2(
      { client: s3 },
      { Bucket: bucket, Prefix: kindPrefix, StartAfter: `${kindPrefix}dt=${firstDay}` },
    )) {
      for (const o of page.Contents ?? []) {
        const dt = DELIVERY_DATE_DIRECTORY.exec(o.Key ?? "")?.[1];
        if (o.Key !== undefined && dt !== undefined && dt >= firstDay) {
          keys.push(o.Key);
        }
      }
    }
  }
  if (keys.length > maxObjects) {
    truncated = true;
    // The newest objects: the day's figures matter most. Keys of one kind sort by date.
    const day = (key: string) => DELIVERY_DATE_DIRECTORY.exec(key)?.[1] ?? "";
    keys.sort((a, b) => day(b).localeCompare(day(a)));
    keys.length = maxObjects;
  }
  const events: InspectorEvent[] = [];
  const unreadable: { key: string; error: string }[] = [];
  for (const key of keys) {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const raw = await bodyBytes(out.Body);
    try {
      const text = (key.endsWith(".gz") ? gunzipSync(raw) : Buffer.from(raw)).toString("utf8");
      events.push(...parseEventText(text, key));
    } catch (err) {
      // Not GZIP, or a line that is not an event: one bad object must not hide the others.
      unreadable.push({ key, error: describe(err) });
    }
  }
  const accounts = [
    ...new Set(events.map(eventAccount).filter((a): a is string => a !== undefined)),
  ].sort();
  return { events, accounts, objects: keys.length, unreadable, truncated };
}

/** Remediation actions recorded since a time. */
export interface RemediationActionCount {
  readonly total: number;
  readonly byOutcome: Record<string, number>;
}

/**
 * Action records (`kind = action`) written since `since`, through the audit table's byAccount
 * index (accountId + recordedAt): one Query per account reads only that account's records of
 * the period, where a Scan would read the whole retention period every run. The accounts are
 * those with exported findings or ACTIVE findings: triage acts on finding events only.
 */
export async function countRemediationActions(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  accounts: readonly string[],
  since: Date,
): Promise<RemediationActionCount> {
  const byOutcome: Record<string, number> = {};
  let total = 0;
  for (const account of [...new Set(accounts)].sort()) {
    for await (const page of paginateQuery(
      { client: dynamo },
      {
        TableName: tableName,
        IndexName: AUDIT_KEYS.byAccountIndex,
        KeyConditionExpression: "#account = :account AND #at >= :since",
        FilterExpression: "#kind = :action",
        ProjectionExpression: "#outcome",
        ExpressionAttributeNames: {
          "#account": AUDIT_KEYS.accountAttribute,
          "#at": AUDIT_KEYS.timeAttribute,
          "#kind": "kind",
          "#outcome": "outcome",
        },
        ExpressionAttributeValues: {
          ":account": account,
          ":since": since.toISOString(),
          ":action": "action",
        },
      },
    )) {
      for (const item of page.Items ?? []) {
        total += 1;
        const outcome = typeof item.outcome === "string" ? item.outcome : "unknown";
        add(byOutcome, outcome);
      }
    }
  }
  return { total, byOutcome };
}

/** The members' patch compliance, from their synced compliance summaries. */
export interface PatchComplianceFigures {
  readonly rates: BaselineRate[];
  /** Node files read. */
  readonly objects: number;
  /** Files older than the lookback, skipped (nodes gone or no longer scanned). */
  readonly stale: number;
  /** Files that were not JSON lines under the documented layout (logged, skipped). */
  readonly unreadable: { readonly key: string; readonly error: string }[];
  /** True when `maxObjects` stopped the read (the newest files were read). */
  readonly truncated: boolean;
}

/** Options of {@link readPatchCompliance}. */
export interface PatchComplianceOptions {
  readonly bucket: string;
  /** The sync's prefix, `ssm-sync/`. */
  readonly prefix: string;
  readonly now: Date;
  /** Files last written before this many days are stale. */
  readonly lookbackDays: number;
  readonly maxObjects: number;
}

/**
 * The patch compliance rate per baseline over the node files the syncs wrote in the lookback.
 * Resource data sync keeps a deleted node's file (SSM UG, inventory-create-resource-data-sync),
 * so files not rewritten within the lookback are left out as stale.
 */
export async function readPatchCompliance(
  s3: S3Client,
  options: PatchComplianceOptions,
): Promise<PatchComplianceFigures> {
  const { bucket, prefix, now, lookbackDays, maxObjects } = options;
  const since = now.getTime() - lookbackDays * DAY_MS;
  const found: { key: string; at: number }[] = [];
  let stale = 0;
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: `${prefix}${COMPLIANCE_SUMMARY_TYPE}/` },
  )) {
    for (const o of page.Contents ?? []) {
      const at = o.LastModified?.getTime() ?? 0;
      if (o.Key === undefined || o.Key.endsWith("/")) {
        continue;
      }
      if (at < since) {
        stale += 1;
      } else {
        found.push({ key: o.Key, at });
      }
    }
  }
  const truncated = found.length > maxObjects;
  if (truncated) {
    found.sort((a, b) => b.at - a.at);
    found.length = maxObjects;
  }
  const records: PatchComplianceRecord[] = [];
  const unreadable: { key: string; error: string }[] = [];
  for (const { key } of found) {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    try {
      const text = Buffer.from(await bodyBytes(out.Body)).toString("utf8");
      records.push(...parsePatchSummaries(text, key));
    } catch (err) {
      unreadable.push({ key, error: describe(err) });
    }
  }
  return {
    rates: computePatchComplianceRates(records),
    objects: found.length,
    stale,
    unreadable,
    truncated,
  };
}
