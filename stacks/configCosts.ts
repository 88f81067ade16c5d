/**
 * Configuration of the cost estimate and the Inspector budget (issue 15): negotiated prices, the
 * ECR re-scan rate the estimate assumes, and the monthly budget whose alerts go to the operations
 * topic.
 */
import { z } from "zod";
import { type InspectorPrices, PRICE_KEYS } from "../lib/costs/prices";
import { type ConfigProblem, type ConfigSection, integerSchema, show } from "./configSchema";

/** The cost keys. */
export interface CostConfig {
  /** Prices (USD) that replace the list prices in every Region, e.g. a negotiated EC2 price. */
  readonly costPrices: Readonly<Partial<InspectorPrices>>;
  /** How many times a month the estimate assumes each image under continuous scanning is re-scanned. */
  readonly costEcrRescansPerImagePerMonth: number;
  /**
   * The share of ECR images (percent) in repositories the CONTINUOUS_SCAN filters match, when
   * they are narrower than `*`: the inventory counts images per account, not per repository.
   */
  readonly costEcrContinuousScanPercent: number;
  /** Monthly AWS Budgets limit (USD) for Amazon Inspector across the organization; unset for none. */
  readonly costMonthlyBudget: number | undefined;
}

/** The estimate's default re-scan rate: about one vulnerability database update a week per image. */
export const DEFAULT_ECR_RESCANS_PER_IMAGE_PER_MONTH = 4;

/** The highest price accepted, in USD: far above every Inspector list price. */
const MAX_PRICE = 1000;

const priceSchema = z
  .number({ error: (iss) => `(${show(iss.input)}) must be a price in USD, e.g. 1.25` })
  .min(0, { error: (iss) => `(${show(iss.input)}) is below 0; a price is 0 or more` })
  .max(MAX_PRICE, {
    error: (iss) => `(${show(iss.input)}) is above ${MAX_PRICE} USD; give the price of one unit`,
  });

const pricesSchema = z.record(z.string(), priceSchema, {
  error: (iss) =>
    `(${show(iss.input)}) must be a map of prices, e.g. {ec2InstanceMonth: 1.1}; names: ${PRICE_KEYS.join(", ")}`,
}) as z.ZodType<Partial<InspectorPrices>>;

/** A price name the table does not have: a typo would silently leave the list price in place. */
function checkPriceNames(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const prices = (c.costPrices ?? {}) as Record<string, number>;
  return Object.keys(prices)
    .filter((key) => !(PRICE_KEYS as readonly string[]).includes(key))
    .map((key) => ({
      path: `costPrices.${key}`,
      message: `is not a price name; use one of: ${PRICE_KEYS.join(", ")}`,
      fix: `remove it with \`pulumi config rm --path 'costPrices.${key}'\` and set the right name`,
    }));
}

/** The cost section. */
export const COST_SECTION: ConfigSection<CostConfig> = {
  keys: {
    costPrices: { kind: "map", schema: pricesSchema, placeholder: "<USD>", default: {} },
    costEcrRescansPerImagePerMonth: {
      kind: "number",
      schema: integerSchema(0, 100, "re-scans a month"),
      placeholder: "<re-scans>",
      default: DEFAULT_ECR_RESCANS_PER_IMAGE_PER_MONTH,
    },
    costEcrContinuousScanPercent: {
      kind: "number",
      schema: integerSchema(0, 100, "percent"),
      placeholder: "<percent>",
      default: 100,
    },
    costMonthlyBudget: {
      kind: "number",
      schema: integerSchema(1, 100_000_000, "USD"),
      placeholder: "<USD>",
      optional: true,
    },
  },
  check: checkPriceNames,
};
