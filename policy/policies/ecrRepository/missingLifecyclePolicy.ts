import * as aws from "@pulumi/aws";
import type { StackValidationPolicy } from "@pulumi/policy";
import { ReferenceIndex, resourcesOf } from "../../lib/resources";

/**
 * Inspector bills every image pushed to a repository with enhanced scanning and every automated
 * re-scan of the images it keeps watching; old images that nobody runs keep costing re-scans and
 * keep reporting findings. A lifecycle policy expires them ("Use lifecycle policies in ECR ... if
 * cost-constrained", the rollout's cost guidance; docs/costs.md).
 *
 * @severity low
 * @link https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export const ecrRepositoryMissingLifecyclePolicy: StackValidationPolicy = {
  name: "inspector-ecr-repository-missing-lifecycle-policy",
  description: "Requires every ECR repository to have a lifecycle policy that expires old images.",
  // Cost hygiene, not a security control: advisory unless a stack's config raises it.
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Add an aws.ecr.LifecyclePolicy whose repository is the repository's name, e.g. a rule that expires untagged images after 14 days and keeps the last 30 tagged ones.",
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html",
  configSchema: { properties: {} },
  validateStack: (args, reportViolation) => {
    const repositories = resourcesOf(args.resources, aws.ecr.Repository);
    if (repositories.length === 0) {
      args.notApplicable("The stack has no ECR repository.");
    }
    const policies = new ReferenceIndex(
      resourcesOf(args.resources, aws.ecr.LifecyclePolicy),
      "repository",
    );
    for (const repo of repositories) {
      if (policies.referringTo(repo, ["name", "id"]).length === 0) {
        reportViolation(
          `ECR repository '${repo.name}' has no lifecycle policy, so every image it keeps is re-scanned and billed until deleted; add an aws.ecr.LifecyclePolicy for it that expires old images.`,
          repo.urn,
        );
      }
    }
  },
};
