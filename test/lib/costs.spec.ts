import { expect } from "chai";
import * as path from "path";
import {
  type AccountWorkloads,
  type CostInputs,
  ecrFilterCoverage,
  estimateCost,
  monitoredImages,
  rescanDays,
} from "../../lib/costs/estimate";
import { LIST_PRICES, pricesFor } from "../../lib/costs/prices";
import { parseInventory, loadInventoryFile } from "../../stacks/inventory";
import { planRollout } from "../../stacks/rollout";
import { estimateRolloutCost } from "../../stacks/program";
import { validateConfig, type InspectorConfig, type RawConfig } from "../../stacks/config";
import type { ScanType } from "../../lib/regionCapabilities";

const DA = "222222222222";
export const ONE: AccountWorkloads = {
  ec2Instances: 10,
  ecrImages: 3,
  ecrPushesPerMonth: 3,
  lambdaFunctions: 2,
};

/** One account in us-east-1 with 10 instances, 3 images (3 pushes a month) and 2 functions. */
export function inputs(patch: Partial<CostInputs> = {}): CostInputs {
  return {
    homeRegion: "us-east-1",
    delegatedAdminAccountId: DA,
    regions: [{ region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA"] }],
    accounts: [{ id: "333333333333", workloads: ONE }],
    ecrPushDateRescanDuration: "DAYS_14",
    ecrPullDateRescanDuration: "DAYS_30",
    ecrRescansPerImagePerMonth: 4,
    ecrCoverage: ecrFilterCoverage([], ["*"], 100),
    cisScans: [],
    priceOverrides: {},
    ...patch,
  };
}

describe("price table", () => {
  it("pins the us-east-1 list prices of the pricing page", () => {
    expect(LIST_PRICES["us-east-1"]).to.deep.equal({
      ec2InstanceMonth: 1.2528,
      ecrInitialScan: 0.09,
      ecrRescan: 0.01,
      lambdaStandardFunctionMonth: 0.3,
      lambdaCodeFunctionMonth: 0.6,
      cisInstanceAssessment: 0.03,
    });
  });

  it("prices a Region it lacks as us-east-1 and says so; overrides win everywhere", () => {
    expect(pricesFor("ca-central-1")).to.deep.equal({
      prices: LIST_PRICES["us-east-1"],
      isFallback: true,
    });
    expect(pricesFor("eu-west-1", { ec2InstanceMonth: 1 }).prices.ec2InstanceMonth).to.equal(1);
    expect(pricesFor("eu-west-1").isFallback).to.equal(false);
  });
});

describe("estimateCost", () => {
  it("prices one account with 10 instances, 3 images and 2 functions in one Region", () => {
    // EC2 10 x 1.2528 = 12.528; ECR 3 pushes x 0.09 = 0.27 plus min(3, 3 x 30/30) = 3 images
    // re-scanned 4 times x 0.01 = 0.12; Lambda 2 x 0.30 = 0.60; total 13.518.
    const estimate = estimateCost(inputs());
    expect(estimate.byScanType).to.deep.equal({
      EC2: 12.53,
      ECR: 0.39,
      LAMBDA: 0.6,
      LAMBDA_CODE: 0,
      CIS: 0,
    });
    expect(estimate.monthlyTotal).to.equal(13.52);
    expect(estimate.byRegion).to.deep.equal({ "us-east-1": 13.52 });
    expect(estimate.currency).to.equal("USD");
    expect(estimate.accountsWithoutWorkloads).to.equal(0);
  });

  it("adds Lambda code scanning at 0.60 a function where it is enabled", () => {
    const estimate = estimateCost(
      inputs({
        regions: [{ region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }],
      }),
    );
    expect(estimate.byScanType.LAMBDA_CODE).to.equal(1.2);
    expect(estimate.monthlyTotal).to.equal(14.72);
  });

  it("re-scans only the images inside the longer re-scan window, every image with LIFETIME", () => {
    const w = { ec2Instances: 0, ecrImages: 50, ecrPushesPerMonth: 10, lambdaFunctions: 0 };
    const account = [{ id: "333333333333", workloads: w }];
    // 10 pushes x 0.09 = 0.90; min(50, 10 x 14/30) = 4.667 images x 4 x 0.01 = 0.1867.
    const windowed = estimateCost(
      inputs({
        accounts: account,
        ecrPushDateRescanDuration: "DAYS_14",
        ecrPullDateRescanDuration: "DAYS_7",
      }),
    );
    expect(windowed.byScanType.ECR).to.equal(1.09);
    // LIFETIME: all 50 images x 4 x 0.01 = 2.00, plus 0.90.
    const lifetime = estimateCost(
      inputs({
        accounts: account,
        ecrPushDateRescanDuration: "LIFETIME",
        ecrPullDateRescanDuration: "DAYS_7",
      }),
    );
    expect(lifetime.byScanType.ECR).to.equal(2.9);
  });

  it("counts CIS assessments per instance: weekly per listed day, SELF only in the administrator", () => {
    // 10 instances x 2 days x 30/7 runs x 0.03 = 2.5714.
    const weekly = estimateCost(
      inputs({
        cisScans: [{ frequency: "WEEKLY", days: ["MON", "THU"], targetAccounts: ["ALL_ACCOUNTS"] }],
      }),
    );
    expect(weekly.byScanType.CIS).to.equal(2.57);
    const daily = estimateCost(
      inputs({ cisScans: [{ frequency: "DAILY", targetAccounts: ["333333333333"] }] }),
    );
    expect(daily.byScanType.CIS).to.equal(9); // 10 x 30 x 0.03
    const self = estimateCost(
      inputs({ cisScans: [{ frequency: "MONTHLY", targetAccounts: ["SELF"] }] }),
    );
    expect(self.byScanType.CIS).to.equal(0);
    const noEc2 = estimateCost(
      inputs({
        regions: [{ region: "us-east-1", scanTypes: ["ECR"] }],
        cisScans: [{ frequency: "DAILY", targetAccounts: ["ALL_ACCOUNTS"] }],
      }),
    );
    expect(noEc2.byScanType.CIS).to.equal(0);
  });

  it("prices per-Region counts in their Region and ignores Regions not governed", () => {
    const workloads: AccountWorkloads = {
      ...ONE,
      byRegion: {
        "eu-west-1": { ec2Instances: 4, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
        "ap-south-1": { ec2Instances: 100, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
      },
    };
    const estimate = estimateCost(
      inputs({
        regions: [
          { region: "us-east-1", scanTypes: ["EC2"] },
          { region: "eu-west-1", scanTypes: ["EC2"] },
        ],
        accounts: [{ id: "333333333333", workloads }],
      }),
    );
    // The per-Region counts replace the totals: nothing in us-east-1, 4 x 1.2528 in eu-west-1.
    expect(estimate.byRegion).to.deep.equal({ "us-east-1": 0, "eu-west-1": 5.01 });
  });

  it("counts accounts without workloads as empty and says how to fill them", () => {
    const estimate = estimateCost(inputs({ accounts: [{ id: "333333333333" }] }));
    expect(estimate.monthlyTotal).to.equal(0);
    expect(estimate.accountsWithoutWorkloads).to.equal(1);
    expect(estimate.assumptions).to.include(
      "1 of 1 covered account(s) have no workload counts and count as empty; add accounts[].workloads to the inventory (docs/costs.md)",
    );
  });

  it("names the Regions priced with the fallback and the overridden prices", () => {
    const estimate = estimateCost(
      inputs({
        regions: [{ region: "ca-central-1", scanTypes: ["EC2"] }],
        priceOverrides: { ec2InstanceMonth: 1 },
        homeRegion: "ca-central-1",
      }),
    );
    expect(estimate.monthlyTotal).to.equal(10);
    expect(estimate.assumptions.slice(0, 2)).to.deep.equal([
      "list prices of 2026-12-03 from https://aws.amazon.com/inspector/pricing/, with costPrices overriding ec2InstanceMonth",
      "no recorded prices for ca-central-1: us-east-1's are used; set costPrices for negotiated or Regional prices",
    ]);
  });

  it("reads re-scan durations as days, LIFETIME as unbounded", () => {
    expect(rescanDays("DAYS_180")).to.equal(180);
    expect(rescanDays("LIFETIME")).to.equal(Infinity);
    expect(() => rescanDays("WEEKS_2")).to.throw("not a re-scan duration: WEEKS_2");
    expect(monitoredImages({ ...ONE, ecrImages: 5, ecrPushesPerMonth: 30 }, 14, 7)).to.equal(5);
  });
});

describe("estimateCost moves the right way with every tuning key", () => {
  const base = inputs({
    regions: [{ region: "us-east-1", scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] }],
    accounts: [
      {
        id: "333333333333",
        workloads: { ec2Instances: 10, ecrImages: 500, ecrPushesPerMonth: 40, lambdaFunctions: 8 },
      },
    ],
    ecrPushDateRescanDuration: "DAYS_3",
    ecrPullDateRescanDuration: "DAYS_3",
  });
  const total = (patch: Partial<CostInputs>) => estimateCost({ ...base, ...patch }).monthlyTotal;

  it("rises with a longer push-date re-scan duration", () => {
    const durations = [
      "DAYS_3",
      "DAYS_7",
      "DAYS_14",
      "DAYS_30",
      "DAYS_60",
      "DAYS_90",
      "DAYS_180",
      "LIFETIME",
    ];
    const totals = durations.map((d) => total({ ecrPushDateRescanDuration: d }));
    for (let i = 1; i < totals.length; i++) {
      expect(totals[i], durations[i]).to.be.above(totals[i - 1]);
    }
  });

  it("rises with a longer pull-date re-scan duration", () => {
    const durations = ["DAYS_3", "DAYS_7", "DAYS_14", "DAYS_30", "DAYS_60", "DAYS_90", "DAYS_180"];
    const totals = durations.map((d) => total({ ecrPullDateRescanDuration: d }));
    for (let i = 1; i < totals.length; i++) {
      expect(totals[i], durations[i]).to.be.above(totals[i - 1]);
    }
  });

  it("falls with each scan type taken out of a Region", () => {
    const all: ScanType[] = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"];
    const full = total({});
    for (const type of all) {
      const fewer = total({
        regions: [{ region: "us-east-1", scanTypes: all.filter((t) => t !== type) }],
      });
      expect(fewer, type).to.be.below(full);
    }
  });

  it("rises with the assumed re-scans per image", () => {
    expect(total({ ecrRescansPerImagePerMonth: 8 })).to.be.above(total({}));
    expect(total({ ecrRescansPerImagePerMonth: 0 })).to.be.below(total({}));
  });
});

describe("estimateRolloutCost on the example organization", () => {
  const EXAMPLE = loadInventoryFile(
    path.join(__dirname, "..", "..", "examples", "org-inventory.json"),
  );
  const BASE: RawConfig = {
    managementAccountId: "111111111111",
    delegatedAdminAccountId: DA,
    homeRegion: "us-east-1",
    regions: '["us-east-1","us-west-2","eu-west-1","eu-central-1","ap-southeast-2","ca-central-1"]',
    ecrPushDateRescanDuration: "DAYS_30",
    ecrPullDateRescanDuration: "DAYS_14",
    cisScanConfigurations: JSON.stringify({
      weekly: {
        securityLevel: "LEVEL_1",
        schedule: { frequency: "WEEKLY", time: "02:00", timezone: "UTC", days: ["SUN"] },
        targetAccounts: ["ALL_ACCOUNTS"],
        targetResourceTags: { CisBenchmark: ["level1"] },
      },
      monthly: {
        securityLevel: "LEVEL_2",
        schedule: { frequency: "MONTHLY", time: "03:30", timezone: "UTC", day: "SAT" },
        targetAccounts: ["ALL_ACCOUNTS"],
        targetResourceTags: { CisBenchmark: ["level2"] },
      },
    }),
  };
  function config(patch: RawConfig = {}): InspectorConfig {
    const result = validateConfig({ ...BASE, ...patch });
    if ("problems" in result) {
      throw new Error(result.problems.join("\n"));
    }
    return result.config;
  }
  const estimate = (patch: RawConfig = {}) => {
    const cfg = config(patch);
    return estimateRolloutCost(cfg, planRollout(cfg, EXAMPLE));
  };

  it("gives the prod stack's figures (computed by hand from the example's workloads)", () => {
    // 34 covered accounts; LAMBDA_CODE is not offered in ca-central-1 (no workloads there anyway).
    const e = estimate();
    expect(e.byScanType).to.deep.equal({
      EC2: 770.47,
      ECR: 479.85,
      LAMBDA: 315.3,
      LAMBDA_CODE: 630.6,
      CIS: 97.52,
    });
    expect(e.monthlyTotal).to.equal(2293.74);
  });

  it("falls when an account is excluded or the scope narrows to an OU", () => {
    const full = estimate().monthlyTotal;
    expect(estimate({ excludedAccountIds: '["799013280867"]' }).monthlyTotal).to.be.below(full);
    const sandbox = estimate({ organizationalUnitIds: '["ou-a1b2-sandbox1"]' });
    // Five ACTIVE sandboxes of 3 instances, 10 images (5 pushes) and 4 functions, in us-east-1.
    expect(sandbox.byScanType.EC2).to.equal(18.79); // 15 x 1.2528
    expect(sandbox.monthlyTotal).to.be.below(full);
  });

  it("falls when a Region is no longer governed", () => {
    const full = estimate().monthlyTotal;
    const fewer = estimate({
      regions: '["us-east-1","eu-west-1","eu-central-1","ap-southeast-2","ca-central-1"]',
    });
    expect(fewer.monthlyTotal).to.be.below(full);
    expect(fewer.byRegion).to.not.have.property("us-west-2");
  });
});

describe("inventory workloads", () => {
  const base = {
    organizationId: "o-a1b2c3d4e5",
    rootId: "r-a1b2",
    managementAccountId: "111111111111",
    organizationalUnits: [],
    accounts: [
      {
        id: "111111111111",
        name: "management",
        email: "m@example.com",
        status: "ACTIVE",
        parentId: "r-a1b2",
      },
    ],
  };
  const withWorkloads = (workloads: unknown) => ({
    ...base,
    accounts: [{ ...base.accounts[0], workloads }],
  });
  const cases: { name: string; workloads: unknown; message: string }[] = [
    {
      name: "a negative count",
      workloads: { ec2Instances: -1, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
      message:
        "x.json: `accounts[0].workloads.ec2Instances` (-1) is not a count of EC2 instances; use a whole number from 0",
    },
    {
      name: "a fraction",
      workloads: { ec2Instances: 0, ecrImages: 1.5, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
      message:
        "x.json: `accounts[0].workloads.ecrImages` (1.5) is not a count of ECR images; use a whole number from 0",
    },
    {
      name: "a missing count",
      workloads: { ec2Instances: 0, ecrImages: 0, ecrPushesPerMonth: 0 },
      message:
        "x.json: `accounts[0].workloads.lambdaFunctions` is missing; set the number of Lambda functions (0 for none)",
    },
    {
      name: "a count past ten million",
      workloads: { ec2Instances: 10000001, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
      message:
        "x.json: `accounts[0].workloads.ec2Instances` (10000001) is above 10,000,000 EC2 instances; check the figure",
    },
    {
      name: "a misspelt field",
      workloads: {
        ec2Instance: 0,
        ecrImages: 0,
        ecrPushesPerMonth: 0,
        lambdaFunctions: 0,
        ec2Instances: 1,
      },
      message:
        'x.json: `accounts[0].workloads` has unknown field(s) "ec2Instance" (allowed: ec2Instances, ecrImages, ecrPushesPerMonth, lambdaFunctions, byRegion); remove them or fix their spelling',
    },
    {
      name: "a Region Inspector does not serve",
      workloads: {
        ...ONE,
        byRegion: {
          "mars-1": { ec2Instances: 1, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
        },
      },
      message:
        'x.json: `accounts[0].workloads.byRegion.mars-1` ("mars-1") is not a Region where Amazon Inspector is offered; use a Region code such as us-east-1',
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}, naming the field`, () => {
      expect(() => parseInventory(withWorkloads(c.workloads), "x.json")).to.throw(c.message);
    });
  }

  it("keeps valid workloads, per Region too", () => {
    const workloads = { ...ONE, byRegion: { "eu-west-1": ONE } };
    expect(parseInventory(withWorkloads(workloads), "x.json").accounts[0].workloads).to.deep.equal(
      workloads,
    );
  });
});
