/**
 * Amazon Inspector's public list prices, per Region, as the cost estimate uses them.
 *
 * Source: the Amazon Inspector pricing page, https://aws.amazon.com/inspector/pricing/ (tab "Amazon
 * Inspector pricing", "Pricing details"), recorded on {@link PRICES_RECORDED}. The figures of
 * eu-west-1 were cross-checked against a copy of the page's Europe (Ireland) table (EC2 instance,
 * ECR initial scan and re-scan). Prices change and differ by Region: check the page before relying
 * on an estimate, and set `costPrices` for negotiated prices (a private pricing agreement, an EDP
 * discount). Regions missing here are priced as {@link FALLBACK_PRICE_REGION}, and the estimate says
 * so in its assumptions.
 *
 * What the page prices and this table leaves out: the Inspector Scan API's SBOM assessments used by
 * the image gate (billed to the pipeline's account, not to the rollout), Code Security (code
 * repository scanning: no workload count in the inventory), and the free trial of new accounts.
 * Findings and SBOM exports to S3 have no Inspector charge (S3, KMS and Firehose bill their own).
 */

/** The price of each thing Inspector bills, in USD. */
export interface InspectorPrices {
  /** One EC2 instance scanned for a month (the monthly average; agent-based and agentless alike). */
  readonly ec2InstanceMonth: number;
  /** One container image's first scan when pushed to ECR (or first seen). */
  readonly ecrInitialScan: number;
  /** One automated re-scan of an image under continuous scanning. */
  readonly ecrRescan: number;
  /** One Lambda function under standard scanning for a month (average). */
  readonly lambdaStandardFunctionMonth: number;
  /** One Lambda function under code scanning for a month, on top of standard scanning. */
  readonly lambdaCodeFunctionMonth: number;
  /** One CIS benchmark assessment of one EC2 instance. */
  readonly cisInstanceAssessment: number;
}

/** The names of the prices, in the order the estimate lists them. */
export const PRICE_KEYS: readonly (keyof InspectorPrices)[] = [
  "ec2InstanceMonth",
  "ecrInitialScan",
  "ecrRescan",
  "lambdaStandardFunctionMonth",
  "lambdaCodeFunctionMonth",
  "cisInstanceAssessment",
];

/** When the table was recorded from the pricing page. */
export const PRICES_RECORDED = "2026-12-03";

/** Where the prices come from. */
export const PRICES_SOURCE = "https://aws.amazon.com/inspector/pricing/";

/** The currency of every price. */
export const PRICES_CURRENCY = "USD";

/** The Region whose prices stand in for a Region the table lacks. */
export const FALLBACK_PRICE_REGION = "us-east-1";

const US_EAST_1: InspectorPrices = Object.freeze({
  ec2InstanceMonth: 1.2528,
  ecrInitialScan: 0.09,
  ecrRescan: 0.01,
  lambdaStandardFunctionMonth: 0.3,
  lambdaCodeFunctionMonth: 0.6,
  cisInstanceAssessment: 0.03,
});

/** List prices per Region. */
export const LIST_PRICES: Readonly<Record<string, InspectorPrices>> = Object.freeze({
  "us-east-1": US_EAST_1,
  // The Europe (Ireland) table showed the same EC2 and ECR prices; Lambda and CIS are taken as
  // the same too.
  "eu-west-1": US_EAST_1,
});

/** The prices of one Region, and whether they were taken from the fallback Region. */
export interface RegionPrices {
  readonly prices: InspectorPrices;
  readonly isFallback: boolean;
}

/**
 * The prices the estimate uses in a Region: the table's (or the fallback Region's), with the
 * stack's `costPrices` overrides applied over them.
 */
export function pricesFor(
  region: string,
  overrides: Readonly<Partial<InspectorPrices>> = {},
): RegionPrices {
  const listed = LIST_PRICES[region];
  return {
    prices: { ...(listed ?? LIST_PRICES[FALLBACK_PRICE_REGION]), ...overrides },
    isFallback: listed === undefined,
  };
}
