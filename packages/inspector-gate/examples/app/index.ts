/**
 * An application team's image program, written the way teams write it: the repository and the
 * image with `@pulumi/awsx`. `pulumi up` builds ./Dockerfile and pushes it; the pipelines beside
 * this directory (../github-actions.yml, ../buildspec.yml) then gate the pushed digest with
 * inspector-gate before anything promotes it. It passes the inspector-rollout policy pack
 * (`npm run plan -- --program packages/inspector-gate/examples/app/index.ts`, exit 0).
 */
import * as pulumi from "@pulumi/pulumi";
import * as awsx from "@pulumi/awsx";

const config = new pulumi.Config();

// Immutable tags: the gate's verdict belongs to a digest, and a mutable tag could be moved to
// another image after the gate passed it. Scan on push: Inspector scans the digest the gate reads.
// Lifecycle rules: old images expire, so Inspector stops re-scanning (and billing) them.
const repository = new awsx.ecr.Repository("payments-api", {
  name: "payments-api",
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
        description: "keep the last 50 images",
        tagStatus: "any",
        maximumNumberOfImages: 50,
      },
    ],
  },
});

// A new tag per push (the commit SHA, set by the pipeline): immutable tags refuse a second push
// to the same tag.
const image = new awsx.ecr.Image("payments-api", {
  repositoryUrl: repository.url,
  context: ".",
  platform: "linux/amd64",
  imageTag: config.require("imageTag"),
});

/** The repository's URL, `<account>.dkr.ecr.<region>.amazonaws.com/payments-api`. */
export const repositoryUrl = repository.url;
/** The pushed image by digest, `<repositoryUrl>@sha256:<digest>`: what `inspector-gate ecr --image` reads. */
export const imageUri = image.imageUri;
