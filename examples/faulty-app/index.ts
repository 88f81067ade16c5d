/**
 * A deliberately faulty application program, written the way application teams write one: the
 * image repository and the image with `@pulumi/awsx`, the rest with `@pulumi/aws`. It is what a
 * team might write before the policy pack reviews it. `npm run plan -- --program
 * examples/faulty-app/index.ts` reports each problem (test/bin/planProgram.spec.ts asserts exactly
 * which) and names the awsx components whose children it cannot see offline.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";

// Mutable tags and no scan on push. awsx gives every repository a lifecycle policy (untagged
// images expire) unless `lifecyclePolicy.skip` is set, as it is here.
export const repository = new awsx.ecr.Repository("app-images", {
  imageTagMutability: "MUTABLE",
  imageScanningConfiguration: { scanOnPush: false },
  lifecyclePolicy: { skip: true },
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

// A compliant repository, to show that only the faulty resources are reported: immutable tags,
// scan on push, and a lifecycle policy so old images stop being re-scanned (and billed).
export const goodRepository = new awsx.ecr.Repository("base-images", {
  name: "base-images",
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  lifecyclePolicy: {
    rules: [
      {
        description: "expire untagged images after 14 days",
        tagStatus: "untagged",
        maximumAgeLimit: 14,
      },
      {
        description: "keep the last 30 release images",
        tagStatus: "tagged",
        tagPrefixList: ["v"],
        maximumNumberOfImages: 30,
      },
    ],
  },
});

// The image, built from ./app and pushed to the compliant repository at deploy time.
export const image = new awsx.ecr.Image("base-image", {
  repositoryUrl: goodRepository.url,
  context: "./app",
  platform: "linux/amd64",
});
