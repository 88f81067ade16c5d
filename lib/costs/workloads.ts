/**
 * The inventory's optional per-account workload counts (DESIGN.md, "Contracts"): how the snapshot
 * writes them and how they are checked. A person writes them (docs/costs.md).
 */
import { z } from "zod";
import { isInspectorRegion } from "../regionCapabilities";
import type { AccountWorkloads } from "./estimate";

/** The largest count accepted: far above any real account, far below a typo of a few digits more. */
export const MAX_WORKLOAD_COUNT = 10_000_000;

const FIX = "use a whole number from 0";

function count(what: string) {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `is missing; set the number of ${what} (0 for none)`
      : `(${JSON.stringify(issue.input)}) is not a count of ${what}; ${FIX}`;
  return z
    .number({ error })
    .int({ error })
    .min(0, { error })
    .max(MAX_WORKLOAD_COUNT, {
      error: (issue) =>
        `(${JSON.stringify(issue.input)}) is above ${MAX_WORKLOAD_COUNT.toLocaleString("en-US")} ${what}; check the figure`,
    });
}

function shape() {
  return {
    ec2Instances: count("EC2 instances"),
    ecrImages: count("ECR images"),
    ecrPushesPerMonth: count("ECR image pushes per month"),
    lambdaFunctions: count("Lambda functions"),
  };
}

const FIELDS = "ec2Instances, ecrImages, ecrPushesPerMonth, lambdaFunctions";

function strict<T extends z.core.$ZodLooseShape>(fields: T, allowed: string) {
  return z.strictObject(fields, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")} (allowed: ${allowed}); remove them or fix their spelling`
        : `is not a workloads object; write it as {${allowed}}`,
  });
}

const regionWorkloads = strict(shape(), FIELDS);

/** The `workloads` field of an inventory account. */
export const workloadsSchema: z.ZodType<AccountWorkloads> = strict(
  {
    ...shape(),
    byRegion: z
      .record(z.string(), regionWorkloads)
      .superRefine((map, ctx) => {
        // A refinement on the record's key schema would be reported as zod's "Invalid key in
        // record"; checking here names the Region and the fix.
        for (const region of Object.keys(map).filter((r) => !isInspectorRegion(r))) {
          ctx.addIssue({
            code: "custom",
            path: [region],
            message: `(${JSON.stringify(region)}) is not a Region where Amazon Inspector is offered; use a Region code such as us-east-1`,
          });
        }
      })
      .optional(),
  },
  `${FIELDS}, byRegion`,
);
