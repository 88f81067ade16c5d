import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    allowExclusions: {
      type: "boolean",
      default: false,
      description: "Accept IMMUTABLE_WITH_EXCLUSION (mutable tags matching the exclusion filters).",
    },
  },
};

/**
 * A scan result and a gate decision belong to a digest; a mutable tag can be moved to an
 * unscanned or blocked image after the gate passed it.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export const ecrRepositoryEnforceImmutableTags: ResourceValidationPolicy = {
  name: "inspector-ecr-repository-enforce-immutable-tags",
  description: "Requires ECR repositories to have immutable image tags.",
  severity: "medium",
  remediationSteps: 'Set imageTagMutability to "IMMUTABLE" on the repository.',
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, reportViolation) => {
    const { allowExclusions } = readConfig<{ allowExclusions: boolean }>(args, CONFIG_SCHEMA);
    const mutability = repo.imageTagMutability ?? "MUTABLE";
    const accepted = allowExclusions ? ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"] : ["IMMUTABLE"];
    if (!accepted.includes(mutability)) {
      reportViolation(
        `ECR repository '${args.name}' has ${mutability} image tags, so a scanned tag can be moved to another image; set imageTagMutability to "IMMUTABLE" (policy config allowExclusions).`,
      );
    }
  }),
};
