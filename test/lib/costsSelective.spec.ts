import { expect } from "chai";
import * as path from "path";
import { loadInventoryFile } from "../../stacks/inventory";
import { planRollout } from "../../stacks/rollout";
import { estimateRolloutCost } from "../../stacks/program";
import { loadConfigFromPlan } from "../helpers/planConfig";
import { inputs, ONE } from "./costs.spec";
import { ecrFilterCoverage, estimateCost, type Workloads } from "../../lib/costs/estimate";
import { ALL_SCAN_TYPES, type ScanType } from "../../lib/regionCapabilities";

const NONE: Workloads = { ec2Instances: 0, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 0 };
/** 100 images, 30 pushes a month: with a 30-day window, 30 images under continuous scanning. */
const IMAGES: Workloads = { ...NONE, ecrImages: 100, ecrPushesPerMonth: 30 };

function ecrCost(onPush: string[], continuous: string[], percent: number): number {
  return estimateCost(
    inputs({
      accounts: [{ id: "333333333333", workloads: IMAGES }],
      ecrCoverage: ecrFilterCoverage(onPush, continuous, percent),
    }),
  ).monthlyTotal;
}

describe("estimateCost: scan types per OU", () => {
  it("prices an account for its OU's scan types, not its Region's (10 instances, 2 functions)", () => {
    // EC2 10 x 1.2528 = 12.528; LAMBDA 2 x 0.30 = 0.60; LAMBDA_CODE 2 x 0.60 = 1.20; no ECR.
    const estimate = estimateCost(
      inputs({
        accounts: [
          { id: "333333333333", workloads: ONE, scanTypes: ["EC2", "LAMBDA", "LAMBDA_CODE"] },
        ],
      }),
    );
    expect([estimate.byScanType, estimate.monthlyTotal]).to.deep.equal([
      { EC2: 12.53, ECR: 0, LAMBDA: 0.6, LAMBDA_CODE: 1.2, CIS: 0 },
      14.33,
    ]);
  });

  it("gives an OU's scan types only where the Region offers them (no LAMBDA_CODE in sa-east-1)", () => {
    const estimate = estimateCost(
      inputs({
        regions: [{ region: "sa-east-1", scanTypes: ["EC2"] }],
        accounts: [
          {
            id: "333333333333",
            workloads: { ...ONE, byRegion: { "sa-east-1": { ...NONE, lambdaFunctions: 2 } } },
            scanTypes: ["LAMBDA", "LAMBDA_CODE"],
          },
        ],
        priceOverrides: { lambdaStandardFunctionMonth: 0.3, lambdaCodeFunctionMonth: 0.6 },
      }),
    );
    expect(estimate.byScanType).to.deep.equal({
      EC2: 0,
      ECR: 0,
      LAMBDA: 0.6,
      LAMBDA_CODE: 0,
      CIS: 0,
    });
  });

  it("never costs more with fewer scan types in an OU (every subset, one type removed)", () => {
    const cost = (types: ScanType[]) =>
      estimateCost(inputs({ accounts: [{ id: "333333333333", workloads: ONE, scanTypes: types }] }))
        .monthlyTotal;
    const rises: string[] = [];
    for (let mask = 0; mask < 1 << ALL_SCAN_TYPES.length; mask++) {
      const set = ALL_SCAN_TYPES.filter((_, i) => (mask >> i) & 1);
      for (const removed of set) {
        const fewer = set.filter((t) => t !== removed);
        if (cost(fewer) > cost(set)) {
          rises.push(`${set.join("+")} without ${removed}`);
        }
      }
    }
    expect(rises).to.deep.equal([]);
    expect(cost(["EC2"])).to.be.below(cost(["EC2", "LAMBDA"]));
  });
});

describe("estimateCost: ECR repository filters", () => {
  // 30 pushes x 0.09 = 2.70 initial scans; 30 images x 4 re-scans x 0.01 = 1.20.
  const cases: {
    name: string;
    onPush: string[];
    continuous: string[];
    percent: number;
    total: number;
  }[] = [
    { name: 'continuous "*": every image', onPush: [], continuous: ["*"], percent: 10, total: 3.9 },
    {
      name: "continuous team-a/* on 50% of images, nothing else",
      onPush: [],
      continuous: ["team-a/*"],
      percent: 50,
      total: 1.95,
    },
    {
      name: "continuous team-a/* on 50%, scan-on-push for the rest",
      onPush: ["*"],
      continuous: ["team-a/*"],
      percent: 50,
      total: 3.3,
    },
    {
      name: "scan-on-push only: initial scans, no re-scans",
      onPush: ["*"],
      continuous: [],
      percent: 100,
      total: 2.7,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.total}`, () => {
      expect(ecrCost(c.onPush, c.continuous, c.percent)).to.equal(c.total);
    });
  }

  it("never costs more with narrower continuous filters or a smaller share", () => {
    const narrowing = [
      ecrCost(["*"], ["*"], 100),
      ecrCost(["*"], ["team-a/*", "team-b/*"], 100),
      ecrCost(["*"], ["team-a/*", "team-b/*"], 60),
      ecrCost(["*"], ["team-a/*"], 30),
      ecrCost(["*"], [], 30),
      ecrCost(["team-c/*"], [], 30),
    ];
    expect(narrowing).to.deep.equal([...narrowing].sort((a, b) => b - a));
    expect(narrowing[0]).to.be.above(narrowing[3]);
  });

  it("states the filter assumption", () => {
    const estimate = estimateCost(
      inputs({ ecrCoverage: ecrFilterCoverage(["*"], ["team-a/*"], 40) }),
    );
    expect(estimate.assumptions.filter((a) => a.startsWith("ECR filters"))).to.deep.equal([
      "ECR filters: continuous filters team-a/*: 40% of images (costEcrContinuousScanPercent) under continuous scanning; every other push is scanned once (SCAN_ON_PUSH rule; an upper bound)",
    ]);
  });
});

describe("the prod example's selective choice", () => {
  it("prices Lambda code scanning for the Prod OU only: 531 functions x 0.60 = 318.60 a month", () => {
    // Prod OU: 3 accounts x 85 functions + 6 x 45 + 1 x 6 = 531, all in Regions with LAMBDA_CODE.
    const root = path.resolve(__dirname, "../..");
    const cfg = loadConfigFromPlan(root, "prod");
    const inventory = loadInventoryFile(path.join(root, "examples/org-inventory.json"));
    const e = estimateRolloutCost(cfg, planRollout(cfg, inventory));
    expect([e.byScanType, e.monthlyTotal]).to.deep.equal([
      { EC2: 770.47, ECR: 479.85, LAMBDA: 315.3, LAMBDA_CODE: 318.6, CIS: 97.52 },
      1981.74,
    ]);
  });
});
