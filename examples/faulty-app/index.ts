/**
 * A deliberately faulty application program: what an application team might write before the
 * policy pack reviews it. `npm run plan -- --program examples/faulty-app/index.ts` reports each
 * problem; test/bin/planProgram.spec.ts asserts exactly which.
 */
import * as aws from "@pulumi/aws";

// Mutable tags and no scan on push.
export const repository = new aws.ecr.Repository("app-images", {
  imageTagMutability: "MUTABLE",
  imageScanningConfiguration: { scanOnPush: false },
});

// Unencrypted queue.
export const queue = new aws.sqs.Queue("jobs", { sqsManagedSseEnabled: false });

// A policy that allows everything on everything.
export const policy = new aws.iam.Policy("app-admin", {
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  }),
});

// A compliant repository, to show that only the faulty resources are reported.
export const goodRepository = new aws.ecr.Repository("base-images", {
  name: "base-images",
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
});

// Old images expire, so Inspector stops re-scanning (and billing) them.
export const goodLifecycle = new aws.ecr.LifecyclePolicy("base-images", {
  repository: goodRepository.name,
  policy: JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "expire untagged images after 14 days",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 14,
        },
        action: { type: "expire" },
      },
    ],
  }),
});
