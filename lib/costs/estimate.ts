/**
 * The monthly cost estimate of a rollout: what Amazon Inspector will bill for the covered accounts'
 * workloads, per scan type and Region, from the inventory's workload counts and the price table
 * ({@link ./prices}). Pure: the plan, `pulumi up`'s outputs and the tests all call it.
 *
 * How Inspector bills (https://aws.amazon.com/inspector/pricing/): EC2 and Lambda by the monthly
 * average of resources scanned; ECR per image pushed (its initial scan) and per automated re-scan of
 * an image still under continuous scanning; CIS per instance assessment. The model's choices are
 * returned as `assumptions` so that a reader can hold the estimate against the bill.
 */
import type { ScanType } from "../regionCapabilities";
import { supportedIn } from "../selectiveScanning";
import {
  type InspectorPrices,
  pricesFor,
  PRICES_CURRENCY,
  PRICES_RECORDED,
  PRICES_SOURCE,
  FALLBACK_PRICE_REGION,
} from "./prices";

/** Workload counts of one account (in one Region, or in all of them). */
export interface Workloads {
  /** EC2 instances running on average over a month. */
  readonly ec2Instances: number;
  /** Container images stored in ECR. */
  readonly ecrImages: number;
  /** Images pushed to ECR per month. */
  readonly ecrPushesPerMonth: number;
  /** Lambda functions. */
  readonly lambdaFunctions: number;
}

/** An account's workloads: totals, or per Region (which then replace the totals). */
export interface AccountWorkloads extends Workloads {
  readonly byRegion?: Readonly<Record<string, Workloads>>;
}

/** What the estimate needs of a CIS scan configuration. */
export interface CisScanCost {
  readonly frequency: "DAILY" | "WEEKLY" | "MONTHLY";
  /** Weekly: the days it runs on. */
  readonly days?: readonly string[];
  /** 12-digit ids, `ALL_ACCOUNTS` or `SELF` (the delegated administrator). */
  readonly targetAccounts: readonly string[];
}

/** The estimate's inputs. */
export interface CostInputs {
  readonly homeRegion: string;
  readonly delegatedAdminAccountId: string;
  /** Governed Regions and the scan types enabled in each. */
  readonly regions: readonly { readonly region: string; readonly scanTypes: readonly ScanType[] }[];
  /**
   * The covered accounts (skipped and excluded accounts are not billed), each with its wanted
   * scan types when its OU has its own (`scanTypesByOu`); else it gets its Region's.
   */
  readonly accounts: readonly {
    readonly id: string;
    readonly workloads?: AccountWorkloads;
    readonly scanTypes?: readonly ScanType[];
  }[];
  /** `DAYS_<n>` or `LIFETIME`. */
  readonly ecrPushDateRescanDuration: string;
  /** `DAYS_<n>`. */
  readonly ecrPullDateRescanDuration: string;
  /** Re-scans of each image under continuous scanning per month. */
  readonly ecrRescansPerImagePerMonth: number;
  /** Which images the ECR registry scanning rules scan, and how ({@link ecrFilterCoverage}). */
  readonly ecrCoverage: EcrCoverage;
  readonly cisScans: readonly CisScanCost[];
  /** Negotiated prices that replace the list prices everywhere. */
  readonly priceOverrides: Readonly<Partial<InspectorPrices>>;
}

/** What is billed per month, by the scan types Inspector bills for. */
export type CostLine = "EC2" | "ECR" | "LAMBDA" | "LAMBDA_CODE" | "CIS";

/** The lines in the order the estimate lists them. */
export const COST_LINES: readonly CostLine[] = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CIS"];

/** The estimate (`summary.costEstimate` of `npm run plan -- --json`, DESIGN.md "Contracts"). */
export interface CostEstimate {
  readonly currency: string;
  /** Estimated monthly total, rounded to cents. */
  readonly monthlyTotal: number;
  readonly byScanType: Readonly<Record<CostLine, number>>;
  readonly byRegion: Readonly<Record<string, number>>;
  /** How many covered accounts carry no workload counts (counted as none). */
  readonly accountsWithoutWorkloads: number;
  readonly pricesRecorded: string;
  readonly pricesSource: string;
  readonly assumptions: readonly string[];
}

/** The share of ECR images the registry scanning rules put under each kind of scanning. */
export interface EcrCoverage {
  /** Share (0-1) of images and pushes in repositories a CONTINUOUS_SCAN filter matches. */
  readonly continuousShare: number;
  /** Whether the other repositories' pushes are scanned once (a SCAN_ON_PUSH rule exists). */
  readonly isScanOnPushElsewhere: boolean;
  /** How the share was arrived at, for the assumptions. */
  readonly basis: string;
}

/**
 * What the ECR filters mean for the bill. The inventory counts images per account, not per
 * repository, so a continuous filter narrower than `*` is priced with the configured share of
 * images in the repositories it matches (`costEcrContinuousScanPercent`); the other
 * repositories' pushes are billed as initial scans when a SCAN_ON_PUSH rule exists (an upper
 * bound: its filters may not match them all), and nothing when none does (ECR enhanced scanning
 * scans only repositories a rule matches, ECR User Guide, image-scanning-enhanced).
 */
export function ecrFilterCoverage(
  scanOnPushFilters: readonly string[],
  continuousFilters: readonly string[],
  continuousPercent: number,
): EcrCoverage {
  const isScanOnPushElsewhere = scanOnPushFilters.length > 0;
  if (continuousFilters.includes("*")) {
    return {
      continuousShare: 1,
      isScanOnPushElsewhere,
      basis: 'continuous filter "*": every image',
    };
  }
  if (continuousFilters.length === 0) {
    return {
      continuousShare: 0,
      isScanOnPushElsewhere,
      basis: "no CONTINUOUS_SCAN rule: no image",
    };
  }
  return {
    continuousShare: continuousPercent / 100,
    isScanOnPushElsewhere,
    basis: `continuous filters ${continuousFilters.join(" ")}: ${continuousPercent}% of images (costEcrContinuousScanPercent)`,
  };
}

/** A month, in days, as the estimate counts re-scan windows and schedules. */
export const DAYS_PER_MONTH = 30;

const NO_WORKLOADS: Workloads = {
  ec2Instances: 0,
  ecrImages: 0,
  ecrPushesPerMonth: 0,
  lambdaFunctions: 0,
};

function roundCents(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Days a re-scan duration keeps an image under continuous scanning; LIFETIME is unbounded. */
export function rescanDays(duration: string): number {
  if (duration === "LIFETIME") {
    return Infinity;
  }
  const match = /^DAYS_(\d+)$/.exec(duration);
  if (match === null) {
    throw new Error(`not a re-scan duration: ${duration}`);
  }
  return Number(match[1]);
}

/**
 * Images under continuous scanning in a month, in steady state: an image is re-scanned while it
 * is within the push-date window or, since it is pulled at least when it is deployed after its
 * push, within the pull-date window, whichever is longer; with LIFETIME every stored image is.
 */
export function monitoredImages(w: Workloads, pushDays: number, pullDays: number): number {
  const days = Math.max(pushDays, pullDays);
  if (!Number.isFinite(days)) {
    return w.ecrImages;
  }
  return Math.min(w.ecrImages, (w.ecrPushesPerMonth * days) / DAYS_PER_MONTH);
}

/** CIS assessments per instance per month of one scan configuration. */
export function cisRunsPerMonth(scan: CisScanCost): number {
  switch (scan.frequency) {
    case "DAILY":
      return DAYS_PER_MONTH;
    case "WEEKLY":
      return ((scan.days?.length ?? 1) * DAYS_PER_MONTH) / 7;
    case "MONTHLY":
      return 1;
  }
}

function targets(scan: CisScanCost, accountId: string, delegatedAdmin: string): boolean {
  if (scan.targetAccounts.includes("ALL_ACCOUNTS")) {
    return true;
  }
  if (scan.targetAccounts.includes("SELF")) {
    return accountId === delegatedAdmin;
  }
  return scan.targetAccounts.includes(accountId);
}

/** The account's counts in a Region: its per-Region counts, else its totals in the home Region. */
function workloadsIn(account: CostInputs["accounts"][number], region: string, home: string) {
  const w = account.workloads;
  if (w === undefined) {
    return NO_WORKLOADS;
  }
  if (w.byRegion !== undefined) {
    return w.byRegion[region] ?? NO_WORKLOADS;
  }
  return region === home ? w : NO_WORKLOADS;
}

/** Estimates the monthly cost of the rollout. */
export function estimateCost(input: CostInputs): CostEstimate {
  const byLine: Record<CostLine, number> = { EC2: 0, ECR: 0, LAMBDA: 0, LAMBDA_CODE: 0, CIS: 0 };
  const byRegion: Record<string, number> = {};
  const pushDays = rescanDays(input.ecrPushDateRescanDuration);
  const pullDays = rescanDays(input.ecrPullDateRescanDuration);
  const fallbackRegions: string[] = [];
  for (const { region, scanTypes } of input.regions) {
    const { prices: p, isFallback } = pricesFor(region, input.priceOverrides);
    if (isFallback) {
      fallbackRegions.push(region);
    }
    let regionTotal = 0;
    const add = (line: CostLine, amount: number) => {
      byLine[line] += amount;
      regionTotal += amount;
    };
    for (const account of input.accounts) {
      const w = workloadsIn(account, region, input.homeRegion);
      const types =
        account.scanTypes === undefined ? scanTypes : supportedIn(region, account.scanTypes);
      const has = (t: ScanType) => types.includes(t);
      if (has("EC2")) {
        add("EC2", w.ec2Instances * p.ec2InstanceMonth);
        for (const scan of input.cisScans) {
          if (targets(scan, account.id, input.delegatedAdminAccountId)) {
            add("CIS", w.ec2Instances * cisRunsPerMonth(scan) * p.cisInstanceAssessment);
          }
        }
      }
      if (has("ECR")) {
        const { continuousShare: share, isScanOnPushElsewhere } = input.ecrCoverage;
        const rescans = monitoredImages(w, pushDays, pullDays) * input.ecrRescansPerImagePerMonth;
        const scannedPushes = w.ecrPushesPerMonth * (isScanOnPushElsewhere ? 1 : share);
        add("ECR", scannedPushes * p.ecrInitialScan + share * rescans * p.ecrRescan);
      }
      if (has("LAMBDA")) {
        add("LAMBDA", w.lambdaFunctions * p.lambdaStandardFunctionMonth);
      }
      if (has("LAMBDA_CODE")) {
        add("LAMBDA_CODE", w.lambdaFunctions * p.lambdaCodeFunctionMonth);
      }
    }
    byRegion[region] = roundCents(regionTotal);
  }
  const total = COST_LINES.reduce((sum, line) => sum + byLine[line], 0);
  const withoutWorkloads = input.accounts.filter((a) => a.workloads === undefined).length;
  return {
    currency: PRICES_CURRENCY,
    monthlyTotal: roundCents(total),
    byScanType: Object.fromEntries(COST_LINES.map((l) => [l, roundCents(byLine[l])])) as Record<
      CostLine,
      number
    >,
    byRegion,
    accountsWithoutWorkloads: withoutWorkloads,
    pricesRecorded: PRICES_RECORDED,
    pricesSource: PRICES_SOURCE,
    assumptions: describeAssumptions(input, {
      pushDays,
      pullDays,
      fallbackRegions,
      withoutWorkloads,
    }),
  };
}

function describeAssumptions(
  input: CostInputs,
  seen: {
    pushDays: number;
    pullDays: number;
    fallbackRegions: readonly string[];
    withoutWorkloads: number;
  },
): string[] {
  const window = Math.max(seen.pushDays, seen.pullDays);
  const overrides = Object.keys(input.priceOverrides);
  return [
    `list prices of ${PRICES_RECORDED} from ${PRICES_SOURCE}${overrides.length === 0 ? "" : `, with costPrices overriding ${overrides.join(", ")}`}`,
    ...(seen.fallbackRegions.length === 0
      ? []
      : [
          `no recorded prices for ${seen.fallbackRegions.join(", ")}: ${FALLBACK_PRICE_REGION}'s are used; set costPrices for negotiated or Regional prices`,
        ]),
    `only covered accounts are billed (${input.accounts.length}); excluded, suspended and out-of-scope accounts are not`,
    ...(seen.withoutWorkloads === 0
      ? []
      : [
          `${seen.withoutWorkloads} of ${input.accounts.length} covered account(s) have no workload counts and count as empty; add accounts[].workloads to the inventory (docs/costs.md)`,
        ]),
    "an account's workload totals are priced in the home Region unless the inventory gives them per Region (workloads.byRegion)",
    Number.isFinite(window)
      ? `ECR: an image stays under continuous scanning for ${window} days after its push (the longer of the push-date and pull-date re-scan durations), so min(images, pushes per month x ${window}/${DAYS_PER_MONTH}) images are re-scanned ${input.ecrRescansPerImagePerMonth} time(s) a month each (costEcrRescansPerImagePerMonth); images pulled long after their push are not counted`
      : `ECR: the push-date re-scan duration is LIFETIME, so every stored image is re-scanned ${input.ecrRescansPerImagePerMonth} time(s) a month (costEcrRescansPerImagePerMonth)`,
    `ECR filters: ${input.ecrCoverage.basis} under continuous scanning; ${input.ecrCoverage.isScanOnPushElsewhere ? "every other push is scanned once (SCAN_ON_PUSH rule; an upper bound)" : "no SCAN_ON_PUSH rule: other repositories are not scanned"}`,
    ...(input.accounts.some((a) => a.scanTypes !== undefined)
      ? [
          "each account is priced for the scan types of its OU (scanTypesByOu), those its Region offers",
        ]
      : []),
    `a month is ${DAYS_PER_MONTH} days; CIS scans assess every EC2 instance of their target accounts (tag filters are not modelled), DAILY ${DAYS_PER_MONTH}, WEEKLY ${DAYS_PER_MONTH}/7 per listed day, MONTHLY 1 time(s) a month`,
    "not estimated: the free trial, code repository scanning, the Inspector Scan API (the image gate bills the pipeline's account), S3, KMS, Firehose, Lambda and EventBridge charges of the findings flow",
  ];
}
