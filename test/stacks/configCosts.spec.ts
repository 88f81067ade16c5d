import { expect } from "chai";
import { type InspectorConfig, type RawConfig, validateConfig } from "../../stacks/config";

/** The cost keys (stacks/configCosts.ts): defaults, bounds at / below / above, the messages. */

const BASE: RawConfig = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1"]',
};

function problemsOf(patch: RawConfig): string[] {
  const result = validateConfig({ ...BASE, ...patch });
  return "problems" in result ? result.problems : [];
}

type CostKey =
  | "costPrices"
  | "costEcrRescansPerImagePerMonth"
  | "costEcrContinuousScanPercent"
  | "costMonthlyBudget";

/** The cost keys of a valid configuration, or the problems that refused it. */
function costsOf(patch: RawConfig): Pick<InspectorConfig, CostKey> | string[] {
  const result = validateConfig({ ...BASE, ...patch });
  if ("problems" in result) {
    return result.problems;
  }
  const c = result.config;
  return {
    costPrices: c.costPrices,
    costEcrRescansPerImagePerMonth: c.costEcrRescansPerImagePerMonth,
    costEcrContinuousScanPercent: c.costEcrContinuousScanPercent,
    costMonthlyBudget: c.costMonthlyBudget,
  };
}

const PRICE_NAMES =
  "ec2InstanceMonth, ecrInitialScan, ecrRescan, lambdaStandardFunctionMonth, lambdaCodeFunctionMonth, cisInstanceAssessment";

const PRICE_FIX = (name: string) =>
  `fix it with \`pulumi config set --path 'costPrices.${name}' <USD>\``;

const BAD_CASES: { name: string; patch: RawConfig; problems: string[] }[] = [
  {
    name: "an unknown price name",
    patch: { costPrices: '{"ec2":1}' },
    problems: [
      `\`costPrices.ec2\` is not a price name; use one of: ${PRICE_NAMES}; remove it with \`pulumi config rm --path 'costPrices.ec2'\` and set the right name`,
    ],
  },
  {
    name: "two unknown price names next to a right one, each on its own line, in config order",
    patch: { costPrices: '{"lambda":0.3,"ecrRescan":0.02,"EC2InstanceMonth":1}' },
    problems: [
      `\`costPrices.lambda\` is not a price name; use one of: ${PRICE_NAMES}; remove it with \`pulumi config rm --path 'costPrices.lambda'\` and set the right name`,
      `\`costPrices.EC2InstanceMonth\` is not a price name; use one of: ${PRICE_NAMES}; remove it with \`pulumi config rm --path 'costPrices.EC2InstanceMonth'\` and set the right name`,
    ],
  },
  {
    name: "a price one cent below 0",
    patch: { costPrices: '{"ecrRescan":-0.01}' },
    problems: [
      `\`costPrices.ecrRescan\` (-0.01) is below 0; a price is 0 or more; ${PRICE_FIX("ecrRescan")}`,
    ],
  },
  {
    name: "a price one cent above 1000 USD",
    patch: { costPrices: '{"ec2InstanceMonth":1000.01}' },
    problems: [
      `\`costPrices.ec2InstanceMonth\` (1000.01) is above 1000 USD; give the price of one unit; ${PRICE_FIX("ec2InstanceMonth")}`,
    ],
  },
  {
    name: "a price that is text",
    patch: { costPrices: '{"ecrRescan":"cheap"}' },
    problems: [
      `\`costPrices.ecrRescan\` ("cheap") must be a price in USD, e.g. 1.25; ${PRICE_FIX("ecrRescan")}`,
    ],
  },
  {
    name: "prices given as a list",
    patch: { costPrices: "[1.1]" },
    problems: [
      `\`costPrices\` ([1.1]) must be a map of prices, e.g. {ec2InstanceMonth: 1.1}; names: ${PRICE_NAMES}; fix it with \`pulumi config set --path 'costPrices.<name>' <USD>\``,
    ],
  },
  {
    name: "re-scans one below 0",
    patch: { costEcrRescansPerImagePerMonth: "-1" },
    problems: [
      "`costEcrRescansPerImagePerMonth` (-1) is below 0 re-scans a month; use 0-100; fix it with `pulumi config set 'costEcrRescansPerImagePerMonth' <re-scans>`",
    ],
  },
  {
    name: "re-scans one above 100",
    patch: { costEcrRescansPerImagePerMonth: "101" },
    problems: [
      "`costEcrRescansPerImagePerMonth` (101) is above 100 re-scans a month; use 0-100; fix it with `pulumi config set 'costEcrRescansPerImagePerMonth' <re-scans>`",
    ],
  },
  {
    name: "a fraction of a re-scan",
    patch: { costEcrRescansPerImagePerMonth: "4.5" },
    problems: [
      "`costEcrRescansPerImagePerMonth` (4.5) must be a whole number of re-scans a month; fix it with `pulumi config set 'costEcrRescansPerImagePerMonth' <re-scans>`",
    ],
  },
  {
    name: "a continuous-scan share one below 0 percent",
    patch: { costEcrContinuousScanPercent: "-1" },
    problems: [
      "`costEcrContinuousScanPercent` (-1) is below 0 percent; use 0-100; fix it with `pulumi config set 'costEcrContinuousScanPercent' <percent>`",
    ],
  },
  {
    name: "a continuous-scan share one above 100 percent",
    patch: { costEcrContinuousScanPercent: "101" },
    problems: [
      "`costEcrContinuousScanPercent` (101) is above 100 percent; use 0-100; fix it with `pulumi config set 'costEcrContinuousScanPercent' <percent>`",
    ],
  },
  {
    name: "a continuous-scan share that is not a number",
    patch: { costEcrContinuousScanPercent: "half" },
    problems: [
      "`costEcrContinuousScanPercent` (\"half\") must be a number; fix it with `pulumi config set 'costEcrContinuousScanPercent' <percent>`",
    ],
  },
  {
    name: "a budget of 0 (one below the lowest)",
    patch: { costMonthlyBudget: "0" },
    problems: [
      "`costMonthlyBudget` (0) is below 1 USD; use 1-100000000; fix it with `pulumi config set 'costMonthlyBudget' <USD>`",
    ],
  },
  {
    name: "a budget one above 100 million USD",
    patch: { costMonthlyBudget: "100000001" },
    problems: [
      "`costMonthlyBudget` (100000001) is above 100000000 USD; use 1-100000000; fix it with `pulumi config set 'costMonthlyBudget' <USD>`",
    ],
  },
  {
    name: "a budget in cents",
    patch: { costMonthlyBudget: "2500.50" },
    problems: [
      "`costMonthlyBudget` (2500.5) must be a whole number of USD; fix it with `pulumi config set 'costMonthlyBudget' <USD>`",
    ],
  },
];

describe("cost configuration", () => {
  it("defaults to list prices, 4 re-scans a month, 100% continuous scanning and no budget", () => {
    expect(costsOf({})).to.deep.equal({
      costPrices: {},
      costEcrRescansPerImagePerMonth: 4,
      costEcrContinuousScanPercent: 100,
      costMonthlyBudget: undefined,
    });
  });

  it("accepts each bound: prices of 0 and 1000 USD, 0 and 100 re-scans and percent, budgets of 1 and 100 million", () => {
    const low = costsOf({
      costPrices: '{"ecrRescan":0,"ec2InstanceMonth":1000}',
      costEcrRescansPerImagePerMonth: "0",
      costEcrContinuousScanPercent: "0",
      costMonthlyBudget: "1",
    });
    const high = costsOf({
      costPrices: '{"ec2InstanceMonth":1.1}',
      costEcrRescansPerImagePerMonth: "100",
      costEcrContinuousScanPercent: "100",
      costMonthlyBudget: "100000000",
    });
    expect([low, high]).to.deep.equal([
      {
        costPrices: { ecrRescan: 0, ec2InstanceMonth: 1000 },
        costEcrRescansPerImagePerMonth: 0,
        costEcrContinuousScanPercent: 0,
        costMonthlyBudget: 1,
      },
      {
        costPrices: { ec2InstanceMonth: 1.1 },
        costEcrRescansPerImagePerMonth: 100,
        costEcrContinuousScanPercent: 100,
        costMonthlyBudget: 100_000_000,
      },
    ]);
  });

  it("accepts every price name the table has", () => {
    expect(
      problemsOf({
        costPrices: JSON.stringify({
          ec2InstanceMonth: 1,
          ecrInitialScan: 0.08,
          ecrRescan: 0.01,
          lambdaStandardFunctionMonth: 0.25,
          lambdaCodeFunctionMonth: 0.35,
          cisInstanceAssessment: 0.03,
        }),
      }),
    ).to.deep.equal([]);
  });

  for (const c of BAD_CASES) {
    it(`refuses ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
});
